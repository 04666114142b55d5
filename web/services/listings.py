"""A host's organisations and listings: which organisation they work on, saving and deleting."""

from __future__ import annotations

import secrets
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from web.errors import EditConflictError
from web.models import Listing, Organization, User
from web.records.schemas import ListingRecord
from web.services import attestations, badges
from web.services.access import can_manage_listing, organization_ids
from web.services.records import upsert_listing

ORGANIZATION_FIELDS = ("kind", "country", "website", "description")


def new_external_id() -> str:
    """Return a fresh, unguessable external id for a listing made in the web app."""
    return f"h-{secrets.token_hex(12)}"


def member_organizations(session: Session, user: User) -> list[Organization]:
    """Return the organisations the user belongs to, by name."""
    ids = organization_ids(user)
    if not ids:
        return []
    query = select(Organization).where(Organization.id.in_(ids)).order_by(Organization.name)
    return list(session.scalars(query))


def all_organizations(session: Session) -> list[Organization]:
    """Return every organisation, by name (for admins choosing one)."""
    return list(session.scalars(select(Organization).order_by(Organization.name)))


def current_organization(session: Session, user: User, org_id: int | None) -> Organization | None:
    """Return the organisation a host works on: theirs by id, else their first; admins: any."""
    own = member_organizations(session, user)
    if org_id is None:
        return own[0] if own else None
    chosen = next((organization for organization in own if organization.id == org_id), None)
    if chosen is None and user.role == "admin":
        chosen = session.get(Organization, org_id)
    return chosen


def update_organization(organization: Organization, values: dict[str, Any]) -> None:
    """Change an organisation's page; its name stays (listings and accounts refer to it)."""
    for name in ORGANIZATION_FIELDS:
        value = values.get(name)
        setattr(organization, name, (value.strip() or None) if isinstance(value, str) else value)


def organization_listings(session: Session, organization: Organization) -> list[Listing]:
    """Return an organisation's listings, newest first."""
    query = (
        select(Listing)
        .where(Listing.organization_id == organization.id)
        .order_by(Listing.created_at.desc(), Listing.id.desc())
    )
    return list(session.scalars(query))


def manageable_listings(session: Session, user: User) -> list[Listing]:
    """Return the listings of every organisation the user belongs to, by title."""
    ids = organization_ids(user)
    if not ids:
        return []
    query = (
        select(Listing)
        .where(Listing.organization_id.in_(ids))
        .options(selectinload(Listing.organization))
        .order_by(Listing.title, Listing.id)
    )
    return list(session.scalars(query))


def managed_listing(session: Session, user: User, listing_id: int) -> Listing | None:
    """Return a listing the user may manage, or None (also when it belongs to someone else)."""
    listing = session.get(Listing, listing_id)
    if listing is None or not can_manage_listing(user, listing):
        return None
    return listing


def listing_record_for(
    organization: Organization, values: dict[str, Any], listing: Listing | None = None
) -> ListingRecord:
    """Return the contract record of an organisation's new or edited listing.

    Raises pydantic.ValidationError when the values break the contract.
    """
    return ListingRecord.model_validate(
        {
            **values,
            # Never from the form: the id is ours and the organisation is the host's own.
            "external_id": listing.external_id if listing is not None else new_external_id(),
            "organization": organization.name,
        }
    )


def save_listing(
    session: Session,
    organization: Organization,
    record: ListingRecord,
    expected_version: int | None = None,
) -> Listing:
    """Create or update a listing from its record, linked to the host's own organisation.

    With `expected_version` (the version the editor loaded), a listing changed since then is
    not overwritten: EditConflictError is raised and nothing is saved.
    """
    if expected_version is not None:
        current = session.scalar(
            select(Listing.version).where(Listing.external_id == record.external_id)
        )
        if current is not None and current != expected_version:
            raise EditConflictError("listing", expected_version, current)
    saved, _outcome = upsert_listing(session, record)
    if saved.organization is not organization:
        # upsert links by the record's (trimmed, normalised) name, which may differ from the row's.
        stray = saved.organization
        saved.organization = organization
        if stray in session.new:
            session.expunge(stray)
    session.flush()
    return saved


def delete_listing(session: Session, listing: Listing) -> None:
    """Delete a listing; its shortlist and vectors go with it."""
    session.delete(listing)
    session.flush()


def with_listings(session: Session, matches: list[dict]) -> list[dict[str, Any]]:
    """Return matches as {"match", "listing", "badges"}: the row and its organisation's badges.

    Exiles see what was checked about each organisation: a front posing as an employer has no
    approval badge.
    """
    query = (
        select(Listing)
        .where(Listing.external_id.in_([match["external_id"] for match in matches]))
        .options(selectinload(Listing.organization), selectinload(Listing.languages))
    )
    found = {listing.external_id: listing for listing in session.scalars(query)}
    current = attestations.current_for_organizations(
        session, sorted({listing.organization_id for listing in found.values()})
    )
    return [
        {
            "match": match,
            "listing": found[match["external_id"]],
            "badges": badges.badges(current[found[match["external_id"]].organization_id]),
        }
        for match in matches
        if match["external_id"] in found
    ]
