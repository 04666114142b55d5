"""The database goes away between and during requests: a clean 503, no partial write, recovery.

On PostgreSQL the app reaches the server through a proxy the test cuts, and an admin connection
ends the app's backends with pg_terminate_backend; on SQLite another process holds the file's lock
(see tests/web/db_outage.py). Issue 7, item 15.
"""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import sessionmaker

from web import database
from web.models import Profile
from web.services.records import profile_record

from .api import API, assert_error, issue
from .db_outage import PostgresOutage, SqliteOutage
from .exiles import form

EMAIL = "masha@example.org"
# What a clean answer never shows: a traceback, SQL, or the driver's and ORM's names.
LEAKS = ("Traceback", "SELECT", "UPDATE", "sqlalchemy", "psycopg", "sqlite3", "OperationalError")


@pytest.fixture()
def outage(database_url):
    """Return the fault injector of the backend under test."""
    if database_url.startswith("postgresql"):
        outage = PostgresOutage(database_url)
    else:
        outage = SqliteOutage(database_url)
    yield outage
    outage.close()


def _short_busy_wait(dbapi_connection, _record) -> None:
    # The app waits up to 30 s for a locked SQLite file; a test need not.
    dbapi_connection.execute("PRAGMA busy_timeout=300")


@pytest.fixture()
def app(outage, app):
    """Return the test app, reaching its database the way the outage can interrupt."""
    engine = database.make_engine(outage.url)
    if engine.dialect.name == "sqlite":
        # Before the app's own pragmas (the first of which waits for the lock) and after them.
        event.listen(engine, "connect", _short_busy_wait, insert=True)
        event.listen(engine, "connect", _short_busy_wait)
    outage.attach(engine)
    with app.app_context():
        database.engine().dispose()
    app.config["DATABASE_URL"] = outage.url
    app.extensions[database.EXTENSION_KEY] = sessionmaker(engine, expire_on_commit=False)
    yield app
    outage.up()  # so that the app fixture can empty the tables


@pytest.fixture()
def exile(client, auth) -> dict:
    """Sign an exile in (cookie) with a saved profile; return headers with an API token."""
    auth.create(EMAIL)
    auth.login(EMAIL)
    assert client.post("/me/profile", data=form()).status_code == 302
    token = issue(client, EMAIL, auth.PASSWORD).get_json()["token"]
    return {"Authorization": f"Bearer {token}"}


def stored(app) -> dict:
    """Return the exile's profile as stored, with its version."""
    with app.app_context(), database.session_scope() as session:
        profile = session.scalars(select(Profile)).one()
        return profile_record(profile) | {"version": profile.version}


def assert_clean_page(response) -> None:
    """Assert a 503 page in the app's layout that tells nothing about the internals."""
    page = response.get_data(as_text=True)
    assert response.status_code == 503, page
    assert response.mimetype == "text/html"
    assert response.headers["Retry-After"]
    assert "Temporarily unavailable" in page and 'class="brand"' in page
    assert not [leak for leak in LEAKS if leak in page]


def test_pages_and_the_api_answer_503_while_the_database_is_away_then_recover(
    app, client, exile, outage, caplog
):
    outage.down()
    with caplog.at_level(logging.ERROR):
        pages = [client.get(path) for path in ("/", "/me/profile", "/me/matches")]
        saved = client.post("/me/profile", data=form(headline="Never saved"))
        api_get = client.get(f"{API}/profile", headers=exile)
        api_put = client.put(f"{API}/profile", json={"display_name": "X"}, headers=exile)

    for response in (*pages, saved):
        assert_clean_page(response)
    for response in (api_get, api_put):
        error = assert_error(response, 503, "unavailable")
        assert not [leak for leak in LEAKS if leak in error["message"]]
    logged = [r.getMessage() for r in caplog.records if r.name == "web.unavailable"]
    assert logged and all("[SQL" not in line and EMAIL not in line for line in logged)

    outage.up()
    assert client.get("/me/profile").status_code == 200
    assert client.get(f"{API}/profile", headers=exile).status_code == 200
    assert stored(app)["headline"] != "Never saved"


def test_backends_ended_between_requests_are_replaced_without_an_error(app, client, exile, outage):
    assert client.get("/me/profile").status_code == 200

    outage.kill_idle()

    assert client.get("/me/profile").status_code == 200
    assert client.get(f"{API}/profile", headers=exile).status_code == 200


@pytest.mark.parametrize("via", ["page", "api"])
def test_a_save_cut_off_mid_transaction_leaves_the_profile_whole(app, client, exile, outage, via):
    before = stored(app)
    changed = form(
        headline="Историк",
        summary="Rewritten in full.",
        **{"experience-0-title": "Архивист", "experience-1-remove": "y"},
    )
    api_body = {
        key: value
        for key, value in before.items()
        if key not in ("external_id", "version", "headline", "summary")
    } | {"headline": "Историк", "summary": "Rewritten in full."}
    writes = []

    def cut_midway(_connection, _cursor, statement, *_args) -> None:
        if statement.lstrip().split()[0].upper() in ("INSERT", "UPDATE", "DELETE"):
            writes.append(statement)
            if len(writes) == outage.cut_before_write:
                outage.cut()

    engine = app.extensions[database.EXTENSION_KEY].kw["bind"]
    event.listen(engine, "before_cursor_execute", cut_midway)
    try:
        if via == "page":
            response = client.post("/me/profile", data=changed)
        else:
            response = client.put(f"{API}/profile", json=api_body, headers=exile)
    finally:
        event.remove(engine, "before_cursor_execute", cut_midway)

    if via == "page":
        assert_clean_page(response)
    else:
        assert_error(response, 503, "unavailable")
    assert len(writes) >= outage.cut_before_write
    outage.up()
    assert stored(app) == before  # neither the row nor any of its parts changed

    if via == "page":
        again = client.post("/me/profile", data=changed)
    else:
        again = client.put(f"{API}/profile", json=api_body, headers=exile)
    assert again.status_code in (200, 302), again.get_data(as_text=True)
    after = stored(app)
    assert after["headline"] == "Историк" and after["summary"] == "Rewritten in full."
    assert after["version"] == before["version"] + 1
