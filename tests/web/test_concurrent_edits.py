"""Two sessions edit one profile or listing: the later save never silently wins (issue 7, item 16).

Pages carry the version they were loaded with in a hidden field; the API sends it as the ETag and
takes it back in If-Match. A save over a newer version is refused with a clear message, nothing of
it is stored and nothing of the other save is lost. Saves that pass that check at the same moment
are caught by the version column itself (SQLAlchemy's version_id_col).
"""

from __future__ import annotations

import re
import threading

import pytest
from sqlalchemy import event, select

from web import database
from web.models import Listing, Profile
from web.services.records import listing_record, profile_record

from .api import API, assert_error, issue
from .exiles import form
from .hosts import HOST, create_listing, listing_form
from .records import listing, profile

EMAIL = "masha@example.org"
CONFLICT = "changed this profile since you opened it"
LISTING_CONFLICT = "changed this listing since you opened it"


def loaded_version(page: str) -> str:
    """Return the version a form page was loaded with (its hidden field)."""
    [version] = re.findall(r'name="version" type="hidden" value="(\d+)"', page)
    return version


def stored_profile(app) -> dict:
    with app.app_context(), database.session_scope() as session:
        mine = session.scalars(select(Profile)).one()
        return profile_record(mine) | {"version": mine.version}


def stored_listing(app) -> dict:
    with app.app_context(), database.session_scope() as session:
        row = session.scalars(select(Listing)).one()
        return listing_record(row) | {"version": row.version}


@pytest.fixture()
def two_tabs(app, client, auth):
    """Sign the same exile in on two clients (two sessions) with a saved profile; return them."""
    auth.create(EMAIL)
    auth.login(EMAIL)
    assert client.post("/me/profile", data=form()).status_code == 302
    other = app.test_client()
    assert other.post("/login", data={"email": EMAIL, "password": auth.PASSWORD}).status_code == 302
    return client, other


def test_a_stale_profile_form_is_refused_and_the_other_save_kept(app, two_tabs):
    first, second = two_tabs
    opened_first = loaded_version(first.get("/me/profile").get_data(as_text=True))
    opened_second = loaded_version(second.get("/me/profile").get_data(as_text=True))

    saved = second.post(
        "/me/profile", data=form(headline="Saved in tab two", version=opened_second)
    )
    late = first.post("/me/profile", data=form(headline="Typed in tab one", version=opened_first))

    assert saved.status_code == 302
    page = late.get_data(as_text=True)
    assert late.status_code == 409 and CONFLICT in page
    assert 'value="Typed in tab one"' in page  # the late writer's changes are still in the form
    assert stored_profile(app)["headline"] == "Saved in tab two"
    # Saving again from the conflict page, now on the current version, is a deliberate overwrite.
    again = first.post(
        "/me/profile", data=form(headline="Typed in tab one", version=loaded_version(page))
    )
    assert again.status_code == 302
    assert stored_profile(app)["headline"] == "Typed in tab one"


def test_two_saves_passing_the_check_at_once_do_not_lose_either(app, two_tabs):
    first, second = two_tabs
    version = loaded_version(first.get("/me/profile").get_data(as_text=True))
    started, answers = [], []

    def other_save_lands_first(_connection, _cursor, statement, *_args) -> None:
        # The first request has checked its version and is about to write its first row: the
        # second, in another thread as another worker would be, saves and commits before it.
        if started or threading.current_thread() is not threading.main_thread():
            return
        if statement.lstrip().split()[0].upper() in ("INSERT", "UPDATE", "DELETE"):
            started.append(statement)
            worker = threading.Thread(
                target=lambda: answers.append(
                    second.post("/me/profile", data=form(headline="Second", version=version))
                )
            )
            worker.start()
            worker.join(timeout=60)

    engine = app.extensions[database.EXTENSION_KEY].kw["bind"]
    event.listen(engine, "before_cursor_execute", other_save_lands_first)
    try:
        late = first.post("/me/profile", data=form(headline="First", version=version))
    finally:
        event.remove(engine, "before_cursor_execute", other_save_lands_first)

    assert answers[0].status_code == 302
    # PostgreSQL finds no row of the version read (409, the conflict page); SQLite refuses the
    # write of a transaction whose reads are outdated (busy, 503). Either way the later save
    # stores nothing, and the earlier one is kept.
    expected = {"postgresql": 409, "sqlite": 503}[engine.dialect.name]
    assert late.status_code == expected, late.get_data(as_text=True)
    assert stored_profile(app)["headline"] == "Second"


def test_a_stale_listing_form_is_refused_and_the_other_save_kept(app, client, auth):
    auth.create(HOST, role="host", organization="Org A")
    auth.login(HOST)
    listing_id = create_listing(client)
    other = app.test_client()
    other.post("/login", data={"email": HOST, "password": auth.PASSWORD})
    edit = f"/host/listings/{listing_id}/edit"
    opened_first = loaded_version(client.get(edit).get_data(as_text=True))
    opened_second = loaded_version(other.get(edit).get_data(as_text=True))

    saved = other.post(edit, data=listing_form(title="Saved in tab two", version=opened_second))
    late = client.post(edit, data=listing_form(title="Typed in tab one", version=opened_first))

    assert saved.status_code == 302
    page = late.get_data(as_text=True)
    assert late.status_code == 409 and LISTING_CONFLICT in page
    assert 'value="Typed in tab one"' in page
    assert stored_listing(app)["title"] == "Saved in tab two"
    again = client.post(
        edit, data=listing_form(title="Typed in tab one", version=loaded_version(page))
    )
    assert again.status_code == 302
    assert stored_listing(app)["title"] == "Typed in tab one"


def body_of(record: dict, **changes) -> dict:
    """Return a PUT body from a record: the server sets the external id."""
    return {k: v for k, v in record.items() if k != "external_id"} | changes


def test_the_api_refuses_a_profile_put_over_a_newer_version(app, client, auth):
    auth.create(EMAIL)
    token = issue(client, EMAIL, auth.PASSWORD).get_json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    assert client.put(f"{API}/profile", json=body_of(profile()), headers=headers).status_code == 201
    read_first = client.get(f"{API}/profile", headers=headers)
    read_second = client.get(f"{API}/profile", headers=headers)
    etag = read_first.headers["ETag"]
    assert etag == read_second.headers["ETag"] == f'"{stored_profile(app)["version"]}"'

    second = client.put(
        f"{API}/profile",
        json=body_of(profile(), headline="Second writer"),
        headers=headers | {"If-Match": etag},
    )
    late = client.put(
        f"{API}/profile",
        json=body_of(profile(), headline="First writer"),
        headers=headers | {"If-Match": etag},
    )

    assert second.status_code == 200 and second.headers["ETag"] != etag
    error = assert_error(late, 412, "precondition_failed")
    assert "changed since you read it" in error["message"]
    assert stored_profile(app)["headline"] == "Second writer"
    retried = client.put(
        f"{API}/profile",
        json=body_of(profile(), headline="First writer"),
        headers=headers | {"If-Match": second.headers["ETag"]},
    )
    assert retried.status_code == 200
    assert stored_profile(app)["headline"] == "First writer"


def test_the_api_refuses_a_listing_put_over_a_newer_version(app, client, auth):
    auth.create(HOST, role="host", organization="Org A")
    token = issue(client, HOST, auth.PASSWORD).get_json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    posted = client.post(
        f"{API}/listings", json=body_of(listing(), organization=None), headers=headers
    )
    assert posted.status_code == 201, posted.get_json()
    url = f"{API}/listings/{posted.get_json()['external_id']}"
    etag = client.get(url, headers=headers).headers["ETag"]
    body = body_of(posted.get_json())

    second = client.put(url, json=body | {"title": "Second"}, headers=headers | {"If-Match": etag})
    late = client.put(url, json=body | {"title": "First"}, headers=headers | {"If-Match": etag})

    assert second.status_code == 200
    assert_error(late, 412, "precondition_failed")
    assert stored_listing(app)["title"] == "Second"
