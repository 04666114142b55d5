"""Helpers for the OAuth tests: drive a link through the fake provider and read what it stored."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit

import requests
from sqlalchemy import select

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
