"""A local fake OAuth 2 provider (ORCID-style or GitHub-style), served over real HTTP on loopback.

It behaves like the real authorization servers where the app's safety depends on it: client
credentials are checked, a code works once, the PKCE verifier must match the S256 challenge given
at /authorize, and the redirect URI must be the one the code was issued for.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
from dataclasses import dataclass, field
from urllib.parse import urlencode

from werkzeug.exceptions import HTTPException, NotFound
from werkzeug.routing import Map, Rule
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response


def s256(verifier: str) -> str:
    """Return the PKCE S256 challenge of a verifier."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


@dataclass
class IssuedCode:
    """One authorization code and what it was issued for."""

    redirect_uri: str
    challenge: str
    identity: dict
    used: bool = False


@dataclass
class FakeProvider:
    """An authorization server with /authorize, /token and (GitHub-style) /user."""

    kind: str  # "orcid" or "github"
    client_id: str = "fake-client"
    client_secret: str = "fake-secret"
    # Who signs in next: {"orcid": "..."} or {"id": 123, "login": "..."}.
    identity: dict = field(default_factory=dict)
    # The answer /authorize gives instead of a code ("access_denied"), when set.
    deny_with: str | None = None
    codes: dict[str, IssuedCode] = field(default_factory=dict)
    tokens: dict[str, dict] = field(default_factory=dict)
    authorize_requests: list[dict] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._map = Map(
            [
                Rule("/authorize", endpoint="authorize", methods=["GET"]),
                Rule("/token", endpoint="token", methods=["POST"]),
                Rule("/user", endpoint="user", methods=["GET"]),
            ]
        )
        self._server = None
        self._thread = None

    @property
    def url(self) -> str:
        """Return the provider's base URL on loopback."""
        return f"http://127.0.0.1:{self._server.server_port}"

    def start(self) -> FakeProvider:
        """Serve on a free loopback port in a background thread."""
        self._server = make_server("127.0.0.1", 0, self._wsgi, threaded=True)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and free the port."""
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def config(self) -> dict:
        """Return the app settings that point the app at this provider."""
        prefix = self.kind.upper()
        settings = {
            f"{prefix}_CLIENT_ID": self.client_id,
            f"{prefix}_CLIENT_SECRET": self.client_secret,
            f"{prefix}_AUTHORIZE_URL": f"{self.url}/authorize",
            f"{prefix}_TOKEN_URL": f"{self.url}/token",
        }
        if self.kind == "github":
            settings["GITHUB_API_URL"] = self.url
        return settings

    def _wsgi(self, environ, start_response):
        request = Request(environ)
        try:
            endpoint, _args = self._map.bind_to_environ(environ).match()
            response = getattr(self, f"_{endpoint}")(request)
        except HTTPException as error:
            response = error.get_response()
        return response(environ, start_response)

    def _authorize(self, request: Request) -> Response:
        args = request.args
        self.authorize_requests.append(dict(args))
        if args.get("client_id") != self.client_id or not args.get("redirect_uri"):
            return Response("unknown client or no redirect_uri", status=400)
        redirect_uri = args["redirect_uri"]
        answer: dict[str, str] = {}
        if self.deny_with:
            answer["error"] = self.deny_with
        elif args.get("response_type") != "code" or args.get("code_challenge_method") != "S256":
            answer["error"] = "invalid_request"
        elif not args.get("code_challenge"):
            answer["error"] = "invalid_request"
        else:
            code = secrets.token_urlsafe(16)
            self.codes[code] = IssuedCode(redirect_uri, args["code_challenge"], dict(self.identity))
            answer["code"] = code
        if "state" in args:
            answer["state"] = args["state"]
        return Response(status=302, headers={"Location": f"{redirect_uri}?{urlencode(answer)}"})

    def _refuse(self, reason: str, error: str = "invalid_grant", status: int = 400) -> Response:
        self.refusals.append(reason)
        body = {"error": error, "error_description": reason}
        return Response(json.dumps(body), status=status, mimetype="application/json")

    def _token(self, request: Request) -> Response:
        form = request.form
        client_id, client_secret = form.get("client_id"), form.get("client_secret")
        if request.authorization is not None:
            client_id = request.authorization.username
            client_secret = request.authorization.password
        if client_id != self.client_id or client_secret != self.client_secret:
            return self._refuse("bad client credentials", "invalid_client", 401)
        if form.get("grant_type") != "authorization_code":
            return self._refuse("wrong grant type", "unsupported_grant_type")
        issued = self.codes.get(form.get("code", ""))
        if issued is None:
            return self._refuse("unknown code")
        if issued.used:
            return self._refuse("code already used")
        # A code is spent by its first exchange, successful or not (RFC 6749, 4.1.2).
        issued.used = True
        if form.get("redirect_uri") != issued.redirect_uri:
            return self._refuse("redirect_uri mismatch")
        if s256(form.get("code_verifier", "")) != issued.challenge:
            return self._refuse("PKCE verifier mismatch")
        access_token = secrets.token_urlsafe(24)
        self.tokens[access_token] = issued.identity
        body = {"access_token": access_token, "token_type": "bearer", "expires_in": 3600}
        if self.kind == "orcid":
            body.update(scope="/authenticate", orcid=issued.identity.get("orcid"), name="A B")
        return Response(json.dumps(body), mimetype="application/json")

    def _user(self, request: Request) -> Response:
        if self.kind != "github":
            raise NotFound()
        scheme, _sep, token = request.headers.get("Authorization", "").partition(" ")
        identity = self.tokens.get(token) if scheme.lower() in ("bearer", "token") else None
        if identity is None:
            return Response(json.dumps({"message": "Bad credentials"}), status=401)
        return Response(json.dumps(identity), mimetype="application/json")
