"""Exchange an e-mail and password for a bearer token; revoke the token in use."""

from __future__ import annotations

from flask import current_app, g
from werkzeug.exceptions import HTTPException

from web.api import bp
from web.api import presenters as present
from web.api.errors import ApiError
from web.api.parsing import json_body
from web.api.schemas import TokenCreated, TokenRequest
from web.api.spec import endpoint
from web.database import get_session
from web.extensions import limiter
from web.services import accounts, api_tokens


def _account_key() -> str:
    """Rate-limit key: the e-mail being tried, so rotating addresses does not help."""
    try:
        body = json_body()
    except (ApiError, HTTPException):
        # The view refuses a bad body; here it only has to land in some bucket.
        body = None
    email = body.get("email") if isinstance(body, dict) else None
    return accounts.throttle_key(email if isinstance(email, str) else "")


# Shared scopes: the same buckets as the sign-in page, so guessing through both doubles nothing.
@bp.post("/tokens")
@limiter.shared_limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"],
    scope="login-account",
    key_func=_account_key,
)
@limiter.shared_limit(lambda: current_app.config["LOGIN_LIMIT_PER_ADDRESS"], scope="login-address")
@endpoint(
    tag="tokens",
    public=True,
    body=TokenRequest,
    responses={201: TokenCreated},
    errors=(401, 429),
)
def create_token(body: TokenRequest):
    """Exchange e-mail and password for a new token (shown once; keep it secret)."""
    session = get_session()
    user = accounts.authenticate(session, body.email, body.password)
    if user is None:
        raise ApiError(401, "invalid_credentials", "E-mail or password is wrong.")
    raw = api_tokens.issue_token(session, user, body.name)
    token = api_tokens.stored_token(session, raw)
    return present.token_created(raw, token), 201


@bp.delete("/tokens/current")
@endpoint(tag="tokens", responses={204: None})
def revoke_current_token():
    """Revoke the token this request carries."""
    api_tokens.revoke_token(get_session(), g.api_token)
