"""The caller's account, and an exile's own profile and matches."""

from __future__ import annotations

from flask import g

from web.api import bp
from web.api import presenters as present
from web.api.resources import (
    delete_own_profile,
    matching_listings,
    require_own_profile,
    save_own_profile,
    send_etag,
)
from web.api.schemas import ListingMatches, ListingMatchQuery, Me, ProfileInput
from web.api.spec import endpoint
from web.database import get_session
from web.records.schemas import ProfileRecord
from web.services.records import profile_record


@bp.get("/me")
@endpoint(tag="account", responses={200: Me})
def me():
    """Return the caller's account: id, e-mail, role, language and organisations."""
    return present.me(g.user)


@bp.get("/profile")
@endpoint(tag="profile", roles=("exile",), responses={200: ProfileRecord}, errors=(404,))
def get_profile():
    """Return your profile as a full contract record, private fields included."""
    profile = require_own_profile(get_session(), g.user)
    send_etag(profile.version)
    return profile_record(profile)


@bp.put("/profile")
@endpoint(
    tag="profile",
    roles=("exile",),
    body=ProfileInput,
    responses={200: ProfileRecord, 201: ProfileRecord},
    errors=(409, 412),
)
def put_profile(body: ProfileInput):
    """Create or replace your profile; the server keeps its external_id.

    Send the ETag of your last GET as If-Match to refuse (412) overwriting a newer change.
    """
    profile, created = save_own_profile(get_session(), g.user, body)
    send_etag(profile.version)
    return profile_record(profile), 201 if created else 200


@bp.delete("/profile")
@endpoint(tag="profile", roles=("exile",), responses={204: None}, errors=(404,))
def delete_profile():
    """Delete your profile and everything stored about it."""
    delete_own_profile(get_session(), g.user)


@bp.get("/profile/matches")
@endpoint(
    tag="profile",
    roles=("exile",),
    query=ListingMatchQuery,
    responses={200: ListingMatches},
    errors=(404, 503),
)
def profile_matches(query: ListingMatchQuery):
    """Return the openings that best fit your profile, best first, with reasons."""
    session = get_session()
    profile = require_own_profile(session, g.user)
    found, cut = matching_listings(session, profile, query.listing_filter(), query.k)
    return {"items": present.listing_matches(found), "cut": cut}
