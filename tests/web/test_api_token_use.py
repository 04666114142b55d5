"""Noting a token's use never fails the request, however other connections write meanwhile."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from web import database
from web.models import ApiToken, User, utcnow
from web.services import api_tokens

from .api import API, token_headers
from .records import profile


def test_a_write_by_another_connection_before_the_note_does_not_fail_the_request(
    app, client, auth, monkeypatch
):
    headers = token_headers(client, auth, "anna@example.org")
    with app.app_context(), database.session_scope() as session:
        session.execute(update(ApiToken).values(last_used_at=utcnow() - timedelta(hours=1)))
    due = api_tokens.use_is_due

    def another_request_writes(token):
        # Another worker commits between this request's token lookup and its note of the use:
        # under SQLite a later write in the request's first transaction was refused at once.
        with app.app_context(), database.session_scope() as other:
            other.execute(update(User).values(locale="ru"))
        return due(token)

    monkeypatch.setattr(api_tokens, "use_is_due", another_request_writes)
    written = client.put(f"{API}/profile", json=profile(external_id="p-anna"), headers=headers)

    assert written.status_code == 201, written.get_json()
    with app.app_context(), database.session_scope() as session:
        noted = session.scalar(select(ApiToken.last_used_at))
        assert utcnow() - api_tokens.as_utc(noted) < timedelta(minutes=1)
