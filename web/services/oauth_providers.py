"""OAuth 2 with ORCID and GitHub: the authorize redirect, the state check and the code exchange.

Every flow uses `state` (checked exactly, once, and only within OAUTH_STATE_MAX_AGE seconds) and
PKCE with S256. The pending flow lives in the Flask session, which is signed: the browser holding
it cannot forge or swap it, and a state started in one session means nothing in another.
"""

from __future__ import annotations

import hmac
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.requests_client import OAuth2Session
from flask_babel import gettext as _

from web.errors import TalentBridgeError
from web.services.identities import PROVIDER_NAMES

# ORCID's "/authenticate" scope yields the iD and nothing else; GitHub needs no scope for /user.
SCOPES = {"orcid": "/authenticate", "github": None}


class ProviderError(TalentBridgeError):
    """The provider refused, failed or answered something unusable; the message says which."""


@dataclass(frozen=True)
class Provider:
    """One configured OAuth provider."""

    name: str
    client_id: str
    client_secret: str
    authorize_url: str
    token_url: str
    api_url: str
    timeout: float

    @property
    def title(self) -> str:
        """Return the provider's name as people know it."""
        return PROVIDER_NAMES[self.name]


@dataclass(frozen=True)
class Authorization:
    """Where to send the browser, and the secrets the callback must match."""

    url: str
    state: str
    verifier: str


@dataclass(frozen=True)
class RemoteIdentity:
    """What the provider vouched for: the immutable subject, and a name for the owner's page."""

    subject: object
    display: str


def provider(config: Mapping[str, Any], name: str) -> Provider | None:
    """Return a provider's settings, or None if this server has no client id for it."""
    prefix = name.upper()
    client_id = str(config.get(f"{prefix}_CLIENT_ID") or "")
    if name not in SCOPES or not client_id:
        return None
    return Provider(
        name=name,
        client_id=client_id,
        client_secret=str(config.get(f"{prefix}_CLIENT_SECRET") or ""),
        authorize_url=config[f"{prefix}_AUTHORIZE_URL"],
        token_url=config[f"{prefix}_TOKEN_URL"],
        api_url=str(config.get(f"{prefix}_API_URL") or "").rstrip("/"),
        timeout=float(config.get("OAUTH_HTTP_TIMEOUT", 10)),
    )


def _client(settings: Provider, redirect_uri: str) -> OAuth2Session:
    return OAuth2Session(
        settings.client_id,
        settings.client_secret,
        token_endpoint_auth_method="client_secret_post",
        scope=SCOPES[settings.name],
        redirect_uri=redirect_uri,
        code_challenge_method="S256",
        default_timeout=settings.timeout,
    )


def begin(settings: Provider, redirect_uri: str) -> Authorization:
    """Make a fresh state and PKCE verifier and the provider's authorize URL that carries them."""
    state = secrets.token_urlsafe(32)
    verifier = secrets.token_urlsafe(64)
    with _client(settings, redirect_uri) as client:
        url, _state = client.create_authorization_url(
            settings.authorize_url, state=state, code_verifier=verifier
        )
    return Authorization(url=url, state=state, verifier=verifier)


def pending(authorization: Authorization, provider_name: str, user_id: int) -> dict:
    """Return what the session keeps between the redirect and the callback."""
    return {
        "provider": provider_name,
        "state": authorization.state,
        "verifier": authorization.verifier,
        "uid": user_id,
        "started": int(time.time()),
    }


def state_problem(
    stored: dict | None, provider_name: str, user_id: int, state: str | None, max_age: int
) -> str | None:
    """Return why a callback's state is refused ("none", "missing", "wrong", "expired"), or None."""
    if not isinstance(stored, dict) or not isinstance(stored.get("state"), str):
        return "none"
    if not state:
        return "missing"
    same = hmac.compare_digest(stored["state"].encode(), state.encode())
    if not same or stored.get("provider") != provider_name or stored.get("uid") != user_id:
        return "wrong"
    if time.time() - float(stored.get("started", 0)) > max_age:
        return "expired"
    return None


def refusal(settings: Provider, error: str) -> ProviderError:
    """Return the error for a callback that carries the provider's `error` instead of a code."""
    if error == "access_denied":
        return ProviderError(
            _(
                "You did not allow the link at %(provider)s, so nothing was linked.",
                provider=settings.title,
            )
        )
    return ProviderError(
        _(
            "%(provider)s refused the request, so nothing was linked. Please start again.",
            provider=settings.title,
        )
    )


def complete(settings: Provider, redirect_uri: str, code: str, verifier: str) -> RemoteIdentity:
    """Exchange the code (with the PKCE verifier) and return the identity the provider vouches for.

    Raises ProviderError if the exchange is refused, the provider cannot be reached, or its answer
    lacks the identifier.
    """
    try:
        with _client(settings, redirect_uri) as client:
            token = client.fetch_token(
                settings.token_url,
                grant_type="authorization_code",
                code=code,
                code_verifier=verifier,
            )
            if not token.get("access_token"):
                raise _unusable(settings)
            if settings.name == "orcid":
                return RemoteIdentity(subject=token.get("orcid"), display="")
            return _github_user(settings, client)
    except AuthlibBaseError:
        raise ProviderError(
            _(
                "%(provider)s did not confirm the sign-in (the code may have been used already or "
                "expired), so nothing was linked. Please start again.",
                provider=settings.title,
            )
        ) from None
    except requests.HTTPError:
        raise _unusable(settings) from None
    except requests.RequestException:
        raise ProviderError(
            _(
                "%(provider)s could not be reached, so nothing was linked. Please try again later.",
                provider=settings.title,
            )
        ) from None


def _github_user(settings: Provider, client: OAuth2Session) -> RemoteIdentity:
    response = client.get(
        f"{settings.api_url}/user",
        headers={"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28"},
    )
    response.raise_for_status()
    try:
        user = response.json()
    except ValueError:
        raise _unusable(settings) from None
    if not isinstance(user, dict):
        raise _unusable(settings)
    login = user.get("login")
    # The numeric id is the identity; the login is only a label, since GitHub recycles logins.
    return RemoteIdentity(subject=user.get("id"), display=login if isinstance(login, str) else "")


def _unusable(settings: Provider) -> ProviderError:
    return ProviderError(
        _(
            "%(provider)s sent an answer we could not use, so nothing was linked. Please try "
            "again later.",
            provider=settings.title,
        )
    )
