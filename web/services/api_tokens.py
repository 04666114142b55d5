"""API bearer tokens: issued once, stored only as a hash, revoked one by one or all together.

Tokens are credentials of their own, apart from session cookies: ending sessions does not touch
them. A password change should revoke them all (`revoke_all_tokens`), since whoever knew the old
password may have exchanged it for a token.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session, joinedload

from web.models import ApiToken, User, utcnow

TOKEN_BYTES = 32
# Longer values cannot be ours; refusing them early keeps hashing cheap.
MAX_TOKEN_LENGTH = 200
# Writing last_used_at on every call would make each API request a write on the token's row;
# knowing the last use to the minute is enough.
LAST_USED_PRECISION = timedelta(minutes=1)


def hash_token(raw: str) -> str:
    """Return the stored form of a token: the hex SHA-256 of its text."""
    return hashlib.sha256(raw.encode()).hexdigest()


def issue_token(session: Session, user: User, name: str) -> str:
    """Create a token for the user and return its text, which is never stored or shown again."""
    raw = secrets.token_urlsafe(TOKEN_BYTES)
    session.add(ApiToken(user_id=user.id, name=name, token_hash=hash_token(raw)))
    session.flush()
    return raw


def stored_token(session: Session, raw: str) -> ApiToken | None:
    """Return the token with this text, if it exists, without marking it used."""
    if not raw or len(raw) > MAX_TOKEN_LENGTH:
        return None
    # With its user: every call needs both, and one round trip less is felt on each.
    query = select(ApiToken).options(joinedload(ApiToken.user))
    return session.scalar(query.where(ApiToken.token_hash == hash_token(raw)))


def find_token(session: Session, raw: str) -> ApiToken | None:
    """Return the live token with this text (its user active); `note_use` records the call."""
    token = stored_token(session, raw)
    if token is None or not token.user.is_active:
        return None
    return token


def use_is_due(token: ApiToken) -> bool:
    """Return True if the token's last use is unknown or older than the precision kept."""
    last = as_utc(token.last_used_at)
    return last is None or utcnow() - last >= LAST_USED_PRECISION


def note_use(session: Session, token_id: int) -> None:
    """Record that a token was used now (the caller commits)."""
    session.execute(update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=utcnow()))
    session.flush()


def user_for_token(session: Session, raw: str) -> User | None:
    """Return the active user a token belongs to, or None for an unknown or revoked token."""
    token = find_token(session, raw)
    return token.user if token is not None else None


def user_tokens(session: Session, user: User) -> list[ApiToken]:
    """Return a user's tokens, newest first."""
    query = (
        select(ApiToken)
        .where(ApiToken.user_id == user.id)
        .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
    )
    return list(session.scalars(query))


def revoke_token(session: Session, token: ApiToken) -> None:
    """Delete one token; requests carrying it are refused from now on."""
    session.delete(token)
    session.flush()


def revoke_all_tokens(session: Session, user: User) -> int:
    """Delete every token of a user (call on password change); return how many there were."""
    result = session.execute(
        delete(ApiToken)
        .where(ApiToken.user_id == user.id)
        .execution_options(synchronize_session="fetch")
    )
    session.flush()
    return result.rowcount or 0


def as_utc(moment: datetime | None) -> datetime | None:
    """Return a stored datetime as an aware UTC datetime."""
    # SQLite hands back naive datetimes; they were written in UTC.
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)
