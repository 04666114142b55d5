"""Who is calling the API: bearer tokens only.

The session cookie is ignored here on purpose. The API is exempt from CSRF checks because no
browser sends a bearer token by itself; accepting the cookie would let any page a signed-in user
visits call the API in their name.
"""

from __future__ import annotations

from flask import g, request

from web.api import bp
from web.api.errors import ApiError
from web.database import get_session
from web.models import ApiToken, User
from web.services import api_tokens

REALM = 'Bearer realm="talent-bridge"'


@bp.before_request
def load_token_user() -> None:
    """Set g.user (and g.api_token) from the Authorization header, never from a cookie."""
    g.user = None
    g.api_token = None
    scheme, _, raw = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not raw.strip():
        return
    session = get_session()
    token = api_tokens.find_token(session, raw.strip())
    if token is not None and api_tokens.use_is_due(token):
        # Noted in a transaction of its own that begins with the write. In the request's
        # transaction, after its reads, SQLite refuses the write at once if another connection
        # wrote in between: at each minute's turn every concurrent client of one token got a 503
        # (scripts/bench_web.py). The request then reads from a fresh snapshot.
        token_id = token.id
        session.rollback()
        api_tokens.note_use(session, token_id)
        session.commit()
        token = session.get(ApiToken, token_id)
    if token is not None:
        g.api_token, g.user = token, token.user


def require_user(roles: tuple[str, ...] | None) -> User:
    """Return the caller, or raise 401 without a valid token and 403 for another role."""
    user = g.get("user")
    if user is None:
        if request.headers.get("Authorization"):
            raise ApiError(
                401,
                "unauthorized",
                "The token is unknown, revoked or malformed; get a new one with "
                "POST /api/v1/tokens.",
                headers={"WWW-Authenticate": f'{REALM}, error="invalid_token"'},
            )
        raise ApiError(
            401,
            "unauthorized",
            "This endpoint needs a token: send 'Authorization: Bearer <token>' "
            "(get one with POST /api/v1/tokens).",
            headers={"WWW-Authenticate": REALM},
        )
    if roles is not None and user.role not in roles:
        raise ApiError(
            403,
            "forbidden",
            f"This endpoint is for accounts with the role {' or '.join(roles)}; "
            f"yours has the role {user.role}.",
        )
    return user
