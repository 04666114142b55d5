"""Fixtures of the OAuth tests: fake ORCID and GitHub providers, and two signed-in exiles.

They serve this package only: other modules of tests/web define their own `exile`.
"""

from __future__ import annotations

import pytest

from tests.conftest import AuthActions
from tests.web.fake_oauth import FakeProvider
from tests.web.oauth.flow import EXILE, ORCID, OTHER


@pytest.fixture()
def orcid(app):
    """Return a fake ORCID that signs in ORCID, configured as the app's ORCID provider."""
    fake = FakeProvider("orcid", identity={"orcid": ORCID}).start()
    app.config.update(fake.config())
    yield fake
    fake.stop()


@pytest.fixture()
def github(app):
    """Return a fake GitHub that signs in user 583231 "octocat", configured in the app."""
    fake = FakeProvider("github", identity={"id": 583231, "login": "octocat"}).start()
    app.config.update(fake.config())
    yield fake
    fake.stop()


@pytest.fixture()
def exile(auth):
    """Sign in a new exile and return their user id."""
    user_id = auth.create(EXILE)
    auth.login(EXILE)
    return user_id


@pytest.fixture()
def other(app):
    """Return (client, user id) of a second exile signed in in another browser."""
    browser = app.test_client()
    actions = AuthActions(app, browser)
    user_id = actions.create(OTHER)
    actions.login(OTHER)
    return browser, user_id
