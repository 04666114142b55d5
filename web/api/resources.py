"""The caller's own records: an exile's profile, a host organisation's listings.

Object-level rules live here: another organisation's listing is reported as missing (404), so the
API does not tell which ids exist elsewhere, except where a client picks an id that is taken (409).
"""

from __future__ import annotations

from flask import Response, after_this_request, current_app, request
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from web.api.errors import ApiError
from web.api.schemas import ListingInput, ProfileInput
from web.models import Listing, Organization, Profile, User
from web.records.schemas import ListingRecord, ProfileRecord
from web.services import access, listings, profiles, protection, visibility
from web.services.matching import Matcher
from web.services.settings import settings_from_config


def matcher(session: Session) -> Matcher:
    """Return a matcher applying the same visibility rules as the pages."""
    return Matcher(session, settings_from_config(current_app.config))


def quota_exceeded(error: protection.QuotaExceeded) -> ApiError:
    """Return the 429 error for a used-up quota, saying when to retry."""
    return ApiError(
        429,
        "rate_limited",
        f"Your account or organisation used up its quota; retry in {error.retry_after} seconds.",
        headers={"Retry-After": str(error.retry_after)},
    )


def talent_matcher(session: Session, user: User) -> Matcher:
    """Return a matcher for one page of a host's talent results, as the pages do.

    Checks access, counts the page against the quotas and hides what the caller's blocklists,
    canaries and visibility rules hide.
    """
    require_talent_access(user)
    try:
        protection.before_search_page(session, user)
    except protection.QuotaExceeded as error:
        raise quota_exceeded(error) from None
    return Matcher(
        session,
        settings_from_config(current_app.config),
        viewer=visibility.viewer_for(user),
    )


def matching_listings(
    session: Session, profile: Profile, filters, k: int
) -> tuple[list[dict], dict[str, int]]:
    """Return the best listings for a profile as {"match", "listing"} pairs, and the cut count."""
    settings = settings_from_config(current_app.config)
    return profiles.matching_listings(session, settings, profile, filters, k)


def search_listings(session: Session, text: str, filters, k: int) -> list[dict]:
    """Return the listings that best fit a free text, with their rows and organisation badges."""
    matches = matcher(session).search(text, "listings", k, filters)
    return listings.with_listings(session, matches)


def require_talent_access(user: User) -> None:
    """Raise 403 unless the access policy lets the user see candidates."""
    if not access.can_search_talent(user):
        raise ApiError(
            403,
            "forbidden",
            "Your account may not see candidates yet (it needs to belong to an organisation "
            "that may search the talent pool).",
        )


# Profiles --------------------------------------------------------------------------------------


def _no_profile() -> ApiError:
    return ApiError(
        404, "not_found", "You have no profile yet; create it with PUT /api/v1/profile."
    )


def require_own_profile(session: Session, user: User) -> Profile:
    """Return the caller's profile, or raise 404 saying how to create one."""
    profile = profiles.own_profile(session, user)
    if profile is None:
        raise _no_profile()
    return profile


def send_etag(version: int) -> None:
    """Send a record's version as the response's ETag, to come back in If-Match."""

    @after_this_request
    def add_etag(response: Response) -> Response:
        response.set_etag(str(version))
        return response


def check_if_match(noun: str, version: int | None) -> None:
    """Refuse (412) a write whose If-Match header names another version than the stored one.

    Without the header the write is unconditional; `If-Match: *` asks only that it exist.
    """
    tags = request.if_match
    if not tags or (tags.star_tag and version is not None):
        return
    if version is not None and tags.contains_weak(str(version)):
        return
    stored = f'"{version}"' if version is not None else "none (it does not exist)"
    raise ApiError(
        412,
        "precondition_failed",
        f"The {noun} changed since you read it: If-Match names {request.headers['If-Match']},"
        f" the stored version is {stored}. Nothing was saved; GET it again, reapply your change"
        " and retry.",
    )


def save_own_profile(session: Session, user: User, data: ProfileInput) -> tuple[Profile, bool]:
    """Create or replace the caller's profile; return it and whether it was created."""
    mine = profiles.own_profile(session, user)
    check_if_match("profile", mine.version if mine is not None else None)
    created = mine is None
    # The id is never taken from the body: naming another person's id would overwrite them.
    record = ProfileRecord.model_validate(
        data.model_dump(mode="json") | {"external_id": profiles.external_id_for(session, user)}
    )
    return profiles.save_own_profile(session, user, record), created


def delete_own_profile(session: Session, user: User) -> None:
    """Delete the caller's profile with everything stored about it."""
    if not profiles.delete_own_profile(session, user):
        raise _no_profile()


# Listings --------------------------------------------------------------------------------------


def organizations_of(user: User) -> list[Organization]:
    """Return the organisations a user belongs to (not merely asked to join), oldest first."""
    members = (m.organization for m in user.memberships if m.role != "pending")
    return sorted(members, key=lambda org: org.id)


def posting_organization(user: User, requested: str | None) -> Organization:
    """Return the organisation a host posts for: the one named if it is theirs, else their only."""
    organizations = organizations_of(user)
    if not organizations:
        raise ApiError(
            403, "forbidden", "Your account belongs to no organisation, so it cannot post listings."
        )
    for organization in organizations:
        if organization.name == requested:
            return organization
    if len(organizations) == 1:
        return organizations[0]
    names = ", ".join(repr(org.name) for org in organizations)
    message = f"you belong to several organisations; name one of {names}"
    raise ApiError(
        422, "validation_error", f"organization: {message}.", [("organization", message)]
    )


def own_listings(session: Session, user: User, limit: int, offset: int) -> tuple[list, int]:
    """Return one page of the listings of the user's organisations, and how many there are."""
    ids = access.organization_ids(user)
    where = Listing.organization_id.in_(ids)
    total = session.scalar(select(func.count()).select_from(Listing).where(where))
    query = (
        select(Listing)
        .where(where)
        .order_by(Listing.id)
        .limit(limit)
        .offset(offset)
        .options(selectinload(Listing.organization), selectinload(Listing.languages))
    )
    return list(session.scalars(query)), total or 0


def managed_listing(session: Session, user: User, external_id: str) -> Listing:
    """Return a listing the user may manage; another organisation's is reported as missing."""
    listing = session.scalar(select(Listing).where(Listing.external_id == external_id))
    if listing is None or not access.can_manage_listing(user, listing):
        raise ApiError(
            404, "not_found", f"Your organisation has no listing with external_id {external_id!r}."
        )
    return listing


def _checked_external_id(session: Session, user: User, external_id: str) -> None:
    if "/" in external_id:
        message = "must not contain '/', since it is part of the listing's URL"
        raise ApiError(
            422, "validation_error", f"external_id: {message}.", [("external_id", message)]
        )
    listing = session.scalar(select(Listing).where(Listing.external_id == external_id))
    if listing is not None and not access.can_manage_listing(user, listing):
        raise ApiError(
            409,
            "conflict",
            f"external_id {external_id!r} belongs to another organisation's listing; "
            "choose another or leave it out and the server makes one.",
        )


def post_listing(session: Session, user: User, data: ListingInput) -> tuple[Listing, bool]:
    """Create a listing (or update the caller's own with the same id) for their organisation."""
    if data.external_id:
        _checked_external_id(session, user, data.external_id)
        external_id = data.external_id
    else:
        external_id = listings.new_external_id()
    return _save_listing(session, user, data, external_id)


def replace_listing(
    session: Session, user: User, external_id: str, data: ListingInput
) -> tuple[Listing, bool]:
    """Replace a listing the user manages with the record given."""
    check_if_match("listing", managed_listing(session, user, external_id).version)
    if data.external_id not in (None, external_id):
        message = f"must be {external_id!r} as in the URL, or left out"
        raise ApiError(
            422, "validation_error", f"external_id: {message}.", [("external_id", message)]
        )
    return _save_listing(session, user, data, external_id)


def _save_listing(
    session: Session, user: User, data: ListingInput, external_id: str
) -> tuple[Listing, bool]:
    organization = posting_organization(user, data.organization)
    record = ListingRecord.model_validate(
        data.model_dump(mode="json")
        | {"external_id": external_id, "organization": organization.name}
    )
    existing = session.scalar(select(Listing.id).where(Listing.external_id == external_id))
    return listings.save_listing(session, organization, record), existing is None


def delete_listing(session: Session, user: User, external_id: str) -> None:
    """Delete a listing the user manages."""
    listings.delete_listing(session, managed_listing(session, user, external_id))
