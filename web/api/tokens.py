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
from web.services import accounts, api_tokens, mfa


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
    errors=(401, 403, 429),
)
def create_token(body: TokenRequest):
    """Exchange e-mail and password for a new token (shown once; keep it secret)."""
    session = get_session()
    user = accounts.authenticate(session, body.email, body.password)
    if user is None:
        raise ApiError(401, "invalid_credentials", "E-mail or password is wrong.")
    _check_second_factor(session, user, body.code)
    raw = api_tokens.issue_token(session, user, body.name)
    token = api_tokens.stored_token(session, raw)
    return present.token_created(raw, token), 201


def _check_second_factor(session, user, code: str | None) -> None:
    """Refuse a token to an account with two-factor sign-in unless `code` is right."""
    if not mfa.is_enabled(user):
        if mfa.is_required(user):
            raise ApiError(
                403,
                "mfa_required",
                "Your role needs two-factor sign-in: set it up at /account/security, then ask "
                "for a token again with the app's code in `code`.",
            )
        return
    if not code:
        raise ApiError(
            401,
            "code_required",
            "This account uses two-factor sign-in: send the authenticator app's code in `code`.",
        )
    try:
        mfa.verify(session, user, code)
    except mfa.TooManyAttempts as error:
        raise ApiError(
            429,
            "rate_limited",
            f"Too many wrong codes; try again in {error.retry_after} seconds.",
            headers={"Retry-After": str(error.retry_after)},
        ) from None
    except mfa.MfaError:
        raise ApiError(401, "invalid_code", "The code is wrong or was used already.") from None


@bp.delete("/tokens/current")
@endpoint(tag="tokens", responses={204: None})
def revoke_current_token():
    """Revoke the token this request carries."""
    api_tokens.revoke_token(get_session(), g.api_token)
