"""Linking ORCID and GitHub through OAuth 2, against a fake provider on loopback.

Each flow is driven for real: POST start → the provider's /authorize over HTTP → the app's
callback, which exchanges the code at the provider's /token (and GitHub's /user) over HTTP.
"""

from __future__ import annotations

import socket
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
import requests
from sqlalchemy import select

from tests.conftest import AuthActions
from tests.web.fake_oauth import FakeProvider, s256
from web import database
from web.models import Attestation, ExternalIdentity, SecurityEvent, User
from web.records.schemas import ProfileRecord
from web.services import profiles
from web.services.cards import cards_for

EXILE = "exile@example.com"
OTHER = "other@example.com"
ORCID = "0000-0002-1825-0097"
ORCID_BAD_CHECKSUM = "0000-0002-1825-0098"
OTHER_ORCID = "0000-0002-1694-233X"
PENDING = "oauth_pending"


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


def authorize(client, provider: str) -> str:
    """Start linking and let the fake provider approve; return the app callback (path?query)."""
    started = client.post(f"/verification/oauth/{provider}/start")
    assert started.status_code == 302, started.get_data(as_text=True)
    answer = requests.get(started.headers["Location"], allow_redirects=False, timeout=5)
    assert answer.status_code == 302, answer.text
    back = urlsplit(answer.headers["Location"])
    assert (back.scheme, back.netloc) == ("http", "localhost")
    assert back.path == f"/verification/oauth/{provider}/callback"
    return f"{back.path}?{back.query}"


def with_args(callback: str, **changes) -> str:
    """Return a callback URL with query arguments replaced (None drops one)."""
    path, _sep, query = callback.partition("?")
    args = dict(parse_qsl(query))
    args.update(changes)
    return f"{path}?{urlencode({k: v for k, v in args.items() if v is not None})}"


def arg(callback: str, name: str) -> str:
    """Return one query argument of a callback URL."""
    return dict(parse_qsl(urlsplit(callback).query))[name]


def finish(client, callback: str) -> str:
    """Return the callback as the user sees it, after its redirect (never a server error)."""
    response = client.get(callback)
    assert response.status_code == 302, response.get_data(as_text=True)
    assert response.headers["Location"] == "/verification/oauth"
    return client.get("/verification/oauth").get_data(as_text=True)


def identities(app) -> list[tuple[int, str, str, str]]:
    """Return every linked identity as (user id, provider, subject, display)."""
    with app.app_context(), database.session_scope() as session:
        rows = session.scalars(select(ExternalIdentity).order_by(ExternalIdentity.id))
        return [(row.user_id, row.provider, row.subject, row.display) for row in rows]


def attestation(app, user_id: int, kind: str) -> tuple[str, str, str] | None:
    """Return (status, evidence, checked_by) of a user's attestation of a kind."""
    with app.app_context(), database.session_scope() as session:
        row = session.scalars(
            select(Attestation).where(Attestation.user_id == user_id, Attestation.kind == kind)
        ).one_or_none()
        return None if row is None else (row.status, row.evidence, row.checked_by)


def security_events(app) -> list[tuple[str, int | None, dict]]:
    """Return every security event as (kind, user id, details)."""
    with app.app_context(), database.session_scope() as session:
        rows = session.scalars(select(SecurityEvent).order_by(SecurityEvent.id))
        return [(row.kind, row.user_id, row.details) for row in rows]


def host_card(app, user_id: int) -> dict:
    """Give the user a profile and return the card a host sees of it."""
    with app.test_request_context(), database.session_scope() as session:
        user = session.get(User, user_id)
        record = ProfileRecord.model_validate(
            {"external_id": f"p-{user_id}", "display_name": "Anna", "headline": "Historian"}
        )
        profile = profiles.save_own_profile(session, user, record)
        card = cards_for(session, [profile])[profile.id]
        card["badges"] = [badge.label for badge in card["badges"]]
        return card


# --- happy paths ---------------------------------------------------------------------------------


def test_linking_orcid_binds_the_id_and_shows_a_masked_badge(app, client, exile, orcid):
    callback = authorize(client, "orcid")
    with client.session_transaction() as flask_session:
        pending = dict(flask_session[PENDING])
    asked = orcid.authorize_requests[-1]
    assert asked["state"] == pending["state"] == arg(callback, "state")
    assert asked["code_challenge_method"] == "S256"
    assert asked["code_challenge"] == s256(pending["verifier"])
    assert pending["verifier"] not in str(asked)
    assert asked["scope"] == "/authenticate"

    page = finish(client, callback)

    assert "Your ORCID iD is linked" in page
    assert f"Linked: {ORCID}" in page
    assert identities(app) == [(exile, "orcid", ORCID, ORCID)]
    assert attestation(app, exile, "orcid") == ("verified", "0000-0002-…", "ORCID OAuth")
    assert "ORCID iD 0000-0002-… linked" in client.get("/verification").get_data(as_text=True)
    card = host_card(app, exile)
    assert "ORCID iD 0000-0002-… linked" in card["badges"]
    assert "1825" not in str(card)
    with client.session_transaction() as flask_session:
        assert PENDING not in flask_session


def test_linking_github_binds_the_numeric_id_and_never_shows_the_login(app, client, exile, github):
    page = finish(client, authorize(client, "github"))

    assert "Your GitHub account is linked" in page
    assert "@octocat" in page  # the owner sees it, nobody else
    assert identities(app) == [(exile, "github", "583231", "octocat")]
    assert attestation(app, exile, "github") == ("verified", "", "GitHub OAuth")
    card = host_card(app, exile)
    assert any(label.startswith("GitHub account linked") for label in card["badges"])
    assert "octocat" not in str(card) and "583231" not in str(card)


def test_linking_the_same_github_account_again_follows_a_renamed_login(app, client, exile, github):
    finish(client, authorize(client, "github"))
    github.identity = {"id": 583231, "login": "octocat-renamed"}

    page = finish(client, authorize(client, "github"))

    assert "Your GitHub account is linked" in page
    assert identities(app) == [(exile, "github", "583231", "octocat-renamed")]


# --- state ---------------------------------------------------------------------------------------


def test_a_callback_without_state_links_nothing(app, client, exile, orcid):
    page = finish(client, with_args(authorize(client, "orcid"), state=None))

    assert "This link could not be checked" in page
    assert identities(app) == []
    assert attestation(app, exile, "orcid") is None
    assert not any(code.used for code in orcid.codes.values()), "the code was never exchanged"
    assert security_events(app) == [
        ("oauth_state", exile, {"provider": "orcid", "reason": "missing"})
    ]


def test_a_callback_with_a_wrong_state_links_nothing(app, client, exile, orcid):
    page = finish(client, with_args(authorize(client, "orcid"), state="forged-state"))

    assert "This link could not be checked" in page
    assert identities(app) == []
    assert not any(code.used for code in orcid.codes.values())
    assert security_events(app)[-1][2]["reason"] == "wrong"


def test_a_state_from_another_session_links_nothing(app, client, exile, other, orcid):
    victim_callback = authorize(client, "orcid")
    browser, other_id = other
    authorize(browser, "orcid")  # the other session has a pending link of its own

    page = finish(browser, victim_callback)

    assert "This link could not be checked" in page
    assert identities(app) == []
    # The victim's own flow is untouched and still completes, for the victim.
    finish(client, victim_callback)
    assert identities(app) == [(exile, "orcid", ORCID, ORCID)]
    assert attestation(app, other_id, "orcid") is None


def test_a_callback_with_nothing_started_links_nothing(app, client, exile, orcid):
    callback = authorize(client, "orcid")
    with client.session_transaction() as flask_session:
        del flask_session[PENDING]

    assert "This link could not be checked" in finish(client, callback)
    assert identities(app) == []


def test_a_state_is_good_for_one_callback_only(app, client, exile, orcid):
    callback = authorize(client, "orcid")
    finish(client, callback)
    client.post("/verification/oauth/orcid/unlink")

    assert "This link could not be checked" in finish(client, callback)
    assert identities(app) == []


def test_an_expired_state_links_nothing(app, client, exile, orcid):
    callback = authorize(client, "orcid")
    with client.session_transaction() as flask_session:
        flask_session[PENDING] = {**flask_session[PENDING], "started": 1}

    assert "This link could not be checked" in finish(client, callback)
    assert identities(app) == []
    assert security_events(app)[-1][2]["reason"] == "expired"


# --- codes and PKCE ------------------------------------------------------------------------------


def test_a_reused_code_is_refused_by_the_provider_and_the_app_says_so(app, client, exile, orcid):
    first = authorize(client, "orcid")
    finish(client, first)
    client.post("/verification/oauth/orcid/unlink")
    fresh = authorize(client, "orcid")  # a valid pending state for this session

    page = finish(client, with_args(fresh, code=arg(first, "code")))

    assert orcid.refusals == ["code already used"]
    assert "ORCID did not confirm the sign-in" in page
    assert identities(app) == []
    assert attestation(app, exile, "orcid")[0] == "revoked"


def test_an_injected_code_fails_the_pkce_check(app, client, exile, other, orcid):
    victim_callback = authorize(client, "orcid")
    browser, other_id = other
    attacker_callback = authorize(browser, "orcid")

    # The attacker's own state passes, but the victim's code was bound to the victim's verifier.
    page = finish(browser, with_args(attacker_callback, code=arg(victim_callback, "code")))

    assert orcid.refusals == ["PKCE verifier mismatch"]
    assert "ORCID did not confirm the sign-in" in page
    assert identities(app) == []
    assert attestation(app, other_id, "orcid") is None


def test_a_wrong_pkce_verifier_is_refused(app, client, exile, github):
    callback = authorize(client, "github")
    with client.session_transaction() as flask_session:
        flask_session[PENDING] = {**flask_session[PENDING], "verifier": "x" * 64}

    assert "GitHub did not confirm the sign-in" in finish(client, callback)
    assert github.refusals == ["PKCE verifier mismatch"]
    assert identities(app) == []


# --- provider failures ---------------------------------------------------------------------------


def test_a_denial_at_the_provider_links_nothing(app, client, exile, orcid):
    orcid.deny_with = "access_denied"

    page = finish(client, authorize(client, "orcid"))

    assert "You did not allow the link at ORCID" in page
    assert identities(app) == []


def test_a_failed_token_exchange_links_nothing(app, client, exile, github):
    app.config["GITHUB_CLIENT_SECRET"] = "not-the-secret"

    page = finish(client, authorize(client, "github"))

    assert github.refusals == ["bad client credentials"]
    assert "GitHub did not confirm the sign-in" in page
    assert identities(app) == []


def test_an_unreachable_provider_links_nothing(app, client, exile, orcid):
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    app.config["ORCID_TOKEN_URL"] = f"http://127.0.0.1:{port}/token"

    page = finish(client, authorize(client, "orcid"))

    assert "ORCID could not be reached" in page
    assert identities(app) == []


# --- identifiers ---------------------------------------------------------------------------------


def test_an_orcid_id_with_a_bad_checksum_is_refused(app, client, exile, orcid):
    orcid.identity = {"orcid": ORCID_BAD_CHECKSUM}

    page = finish(client, authorize(client, "orcid"))

    assert "not valid (its check digit is wrong)" in page
    assert identities(app) == []
    assert attestation(app, exile, "orcid") is None


def test_a_github_login_taken_over_by_another_id_does_not_reach_the_first_account(
    app, client, exile, other, github
):
    github.identity = {"id": 101, "login": "alice"}
    finish(client, authorize(client, "github"))
    # "alice" renamed herself; GitHub gave the freed login to a different person, id 202.
    github.identity = {"id": 202, "login": "alice"}
    browser, other_id = other

    page = finish(browser, authorize(browser, "github"))

    assert "Your GitHub account is linked" in page
    assert identities(app) == [
        (exile, "github", "101", "alice"),
        (other_id, "github", "202", "alice"),
    ]
    # Nor can the new "alice" be attached to the first account.
    page = finish(client, authorize(client, "github"))
    assert "already linked to another Talent Bridge account" in page
    assert identities(app)[0] == (exile, "github", "101", "alice")


def test_a_github_id_that_is_not_a_number_is_refused(app, client, exile, github):
    github.identity = {"id": "101", "login": "alice"}

    assert "did not send a valid account number" in finish(client, authorize(client, "github"))
    assert identities(app) == []


def test_an_identity_linked_to_one_account_is_refused_for_another(app, client, exile, other, orcid):
    finish(client, authorize(client, "orcid"))
    browser, other_id = other

    page = finish(browser, authorize(browser, "orcid"))

    assert "already linked to another Talent Bridge account" in page
    assert identities(app) == [(exile, "orcid", ORCID, ORCID)]
    assert attestation(app, other_id, "orcid") is None
    assert ("identity_conflict", other_id, {"provider": "orcid"}) in security_events(app)


def test_an_account_holds_one_identity_per_provider(app, client, exile, orcid):
    finish(client, authorize(client, "orcid"))
    orcid.identity = {"orcid": OTHER_ORCID}

    page = finish(client, authorize(client, "orcid"))

    assert "already has a linked ORCID account" in page
    assert identities(app) == [(exile, "orcid", ORCID, ORCID)]


def test_unlinking_revokes_the_badge_and_allows_a_new_link(app, client, exile, orcid):
    finish(client, authorize(client, "orcid"))

    response = client.post("/verification/oauth/orcid/unlink", follow_redirects=True)

    assert "The link is removed and its badge withdrawn." in response.get_data(as_text=True)
    assert identities(app) == []
    assert attestation(app, exile, "orcid") == ("revoked", "0000-0002-…", "unlinked by the owner")
    assert "0000-0002-…" not in client.get("/verification").get_data(as_text=True)
    assert host_card(app, exile)["badges"] == []
    orcid.identity = {"orcid": OTHER_ORCID}
    finish(client, authorize(client, "orcid"))
    assert identities(app) == [(exile, "orcid", OTHER_ORCID, OTHER_ORCID)]
    assert attestation(app, exile, "orcid")[0] == "verified"


# --- the page ------------------------------------------------------------------------------------


def test_an_unconfigured_provider_says_so_and_its_routes_are_404(client, exile):
    page = client.get("/verification/oauth").get_data(as_text=True)

    assert page.count("Not configured on this server.") == 2
    for provider in ("orcid", "github"):
        assert client.post(f"/verification/oauth/{provider}/start").status_code == 404
        assert client.get(
            f"/verification/oauth/{provider}/callback?code=a&state=b"
        ).status_code == (404)


def test_the_page_offers_both_links_once_configured(client, exile, orcid, github):
    page = client.get("/verification/oauth").get_data(as_text=True)

    assert "Link my ORCID iD" in page and "Link my GitHub account" in page
    assert client.get("/verification/oauth/orcid/start").status_code == 405
    assert client.post("/verification/oauth/gitlab/start").status_code == 404


def test_only_exiles_link_identities(app, client, auth, orcid):
    auth.create("hr@example.com", role="host", organization="Acme")
    auth.login("hr@example.com")

    assert client.get("/verification/oauth").status_code == 403
    assert client.post("/verification/oauth/orcid/start").status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, orcid):
    response = client.get("/verification/oauth/orcid/callback?code=a&state=b")

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")
