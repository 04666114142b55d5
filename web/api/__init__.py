"""The JSON API at /api/v1 over the same services as the pages.

Callers authenticate with bearer tokens only (see `web.api.auth`), which is why the blueprint is
exempt from CSRF checks. Every route declares its input and output with `web.api.spec.endpoint`;
the OpenAPI document at /api/v1/openapi.json is built from those declarations.
"""

from flask import Blueprint

from web.extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)

# Imported for their routes and handlers, which attach themselves to `bp`.
from web.api import (  # noqa: E402
    auth,
    contact,
    errors,
    listings,
    openapi,
    profiles,
    search,
    tokens,
)

__all__ = ["auth", "bp", "contact", "errors", "listings", "openapi", "profiles", "search", "tokens"]
