"""Free-text search: hosts search the talent pool, everyone searches openings."""

from __future__ import annotations

from flask import g

from web.api import bp, resources
from web.api import presenters as present
from web.api.errors import ApiError
from web.api.schemas import SearchQuery, SearchResults
from web.api.spec import endpoint
from web.database import get_session
from web.services import candidates, protection


@bp.get("/search")
@endpoint(
    tag="search", query=SearchQuery, responses={200: SearchResults}, errors=(403, 422, 429, 503)
)
def search(query: SearchQuery):
    """Search profiles (kind=profiles, hosts only) or listings (kind=listings) by free text."""
    session = get_session()
    if query.kind == "listings":
        found = resources.search_listings(session, query.q, query.search_filter(), query.k)
        return {"kind": "listings", "items": present.listing_matches(found)}
    matcher = resources.talent_matcher(session, g.user)
    try:
        protection.check_search_text(query.q)
    except protection.PersonSearchRefused as error:
        raise ApiError(422, "validation_error", str(error), [("q", str(error))]) from None
    found = candidates.search_talent(matcher, query.q, query.search_filter(), query.k)
    return {"kind": "profiles", "items": present.profile_matches(found)}
