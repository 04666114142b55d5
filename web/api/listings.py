"""A host organisation's listings and the best candidates for each."""

from __future__ import annotations

from flask import g

from web.api import bp, resources
from web.api import presenters as present
from web.api.schemas import ListingInput, ListingPage, PageQuery, ProfileMatches, ProfileMatchQuery
from web.api.spec import endpoint
from web.database import get_session
from web.records.schemas import ListingRecord
from web.services import candidates
from web.services.records import listing_record

HOST = ("host",)


@bp.get("/listings")
@endpoint(tag="listings", roles=HOST, query=PageQuery, responses={200: ListingPage})
def list_listings(query: PageQuery):
    """Return your organisation's listings, oldest first, one page at a time."""
    listings, total = resources.own_listings(get_session(), g.user, query.limit, query.offset)
    return present.listing_page(listings, total, query.limit, query.offset)


@bp.post("/listings")
@endpoint(
    tag="listings",
    roles=HOST,
    body=ListingInput,
    responses={201: ListingRecord, 200: ListingRecord},
    errors=(409,),
)
def create_listing(body: ListingInput):
    """Post a listing for your organisation (201); an id of your own listing updates it (200)."""
    listing, created = resources.post_listing(get_session(), g.user, body)
    return listing_record(listing), 201 if created else 200


@bp.get("/listings/<external_id>")
@endpoint(tag="listings", roles=HOST, responses={200: ListingRecord})
def get_listing(external_id: str):
    """Return one of your organisation's listings."""
    listing = resources.managed_listing(get_session(), g.user, external_id)
    resources.send_etag(listing.version)
    return listing_record(listing)


@bp.put("/listings/<external_id>")
@endpoint(
    tag="listings",
    roles=HOST,
    body=ListingInput,
    responses={200: ListingRecord},
    errors=(409, 412),
)
def replace_listing(external_id: str, body: ListingInput):
    """Replace one of your organisation's listings with the record given.

    Send the ETag of your last GET as If-Match to refuse (412) overwriting a newer change.
    """
    listing, _ = resources.replace_listing(get_session(), g.user, external_id, body)
    resources.send_etag(listing.version)
    return listing_record(listing)


@bp.delete("/listings/<external_id>")
@endpoint(tag="listings", roles=HOST, responses={204: None})
def delete_listing(external_id: str):
    """Delete one of your organisation's listings."""
    resources.delete_listing(get_session(), g.user, external_id)


@bp.get("/listings/<external_id>/matches")
@endpoint(
    tag="listings",
    roles=HOST,
    query=ProfileMatchQuery,
    responses={200: ProfileMatches},
    errors=(429, 503),
)
def listing_matches(external_id: str, query: ProfileMatchQuery):
    """Return the candidates that best fit a listing, as host cards, best first, with reasons."""
    session = get_session()
    listing = resources.managed_listing(session, g.user, external_id)
    found, cut = candidates.candidates_for_listing(
        resources.talent_matcher(session, g.user), listing, query.profile_filter(), query.k
    )
    return {"items": present.profile_matches(found), "cut": cut}
