"""Create, update and export profiles and listings in the contract's record format."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from web.models import (
    Education,
    Experience,
    Listing,
    ListingLanguage,
    Organization,
    Profile,
    ProfileLanguage,
    ProfilePrivate,
    utcnow,
)
from web.records.schemas import ListingRecord, ProfileRecord
from web.services.documents import refresh_content_hash

PROFILE_SCALARS = (
    "display_name",
    "headline",
    "field",
    "summary",
    "skills",
    "country",
    "seeking",
    "remote",
    "relocate_to",
    "work_authorization",
    "years_experience",
)
PRIVATE_FIELDS = ("full_name", "name_variants", "birth_year", "email", "city")
LISTING_SCALARS = (
    "kind",
    "title",
    "description",
    "skills",
    "field",
    "country",
    "city",
    "remote",
    "visa_sponsorship",
    "min_years_experience",
    "deadline",
    "compensation",
)


def _assign(target, values: dict[str, Any]) -> None:
    for name, value in values.items():
        setattr(target, name, value)


def upsert_profile(session: Session, record: ProfileRecord) -> tuple[Profile, str]:
    """Create or update a profile from a record; return it and `created`, `updated` or `same`."""
    profile = session.scalar(select(Profile).where(Profile.external_id == record.external_id))
    if profile is None:
        profile = Profile(external_id=record.external_id, content_hash="")
        session.add(profile)
        outcome = "created"
    elif profile_record(profile) == record.model_dump(mode="json"):
        return profile, "same"
    else:
        outcome = "updated"
    _assign(profile, {name: getattr(record, name) for name in PROFILE_SCALARS})
    private_values = {name: getattr(record, name) for name in PRIVATE_FIELDS}
    if profile.private is None:
        profile.private = ProfilePrivate(**private_values)
    else:
        _assign(profile.private, private_values)
    profile.experience = [
        Experience(position=i, **item.model_dump()) for i, item in enumerate(record.experience)
    ]
    profile.education = [
        Education(position=i, **item.model_dump()) for i, item in enumerate(record.education)
    ]
    profile.languages = [
        ProfileLanguage(position=i, **item.model_dump()) for i, item in enumerate(record.languages)
    ]
    _mark_changed(profile)
    return profile, outcome


def organization_named(session: Session, name: str) -> Organization:
    """Return the organisation with this exact name, creating it if needed."""
    organization = session.scalar(select(Organization).where(Organization.name == name))
    if organization is None:
        organization = Organization(name=name)
        session.add(organization)
    return organization


def upsert_listing(session: Session, record: ListingRecord) -> tuple[Listing, str]:
    """Create or update a listing from a record; return it and `created`, `updated` or `same`."""
    listing = session.scalar(select(Listing).where(Listing.external_id == record.external_id))
    if listing is not None and listing_record(listing) == record.model_dump(mode="json"):
        return listing, "same"
    organization = organization_named(session, record.organization)
    if listing is None:
        listing = Listing(
            external_id=record.external_id, content_hash="", organization=organization
        )
        session.add(listing)
        outcome = "created"
    else:
        listing.organization = organization
        outcome = "updated"
    _assign(listing, {name: getattr(record, name) for name in LISTING_SCALARS})
    listing.languages = [
        ListingLanguage(position=i, **item.model_dump()) for i, item in enumerate(record.languages)
    ]
    _mark_changed(listing)
    return listing, outcome


def _mark_changed(record: Profile | Listing) -> None:
    # updated_at tells the search which records are newer than the index.
    refresh_content_hash(record)
    record.updated_at = utcnow()


def profile_record(profile: Profile) -> dict[str, Any]:
    """Return a profile in the contract's record format, private fields included."""
    private = profile.private
    record: dict[str, Any] = {"external_id": profile.external_id}
    record["display_name"] = profile.display_name
    for name in PRIVATE_FIELDS:
        record[name] = getattr(private, name) if private else None
    record["headline"] = profile.headline
    record.update({name: getattr(profile, name) for name in PROFILE_SCALARS[2:]})
    record["experience"] = [
        {
            "title": e.title,
            "organization": e.organization,
            "start": e.start,
            "end": e.end,
            "description": e.description,
        }
        for e in profile.experience
    ]
    record["education"] = [
        {"degree": e.degree, "field": e.field, "institution": e.institution, "year": e.year}
        for e in profile.education
    ]
    record["languages"] = [{"code": item.code, "level": item.level} for item in profile.languages]
    if private is None:
        record["name_variants"] = []
    return _contract_order(record, ProfileRecord)


def listing_record(listing: Listing) -> dict[str, Any]:
    """Return a listing in the contract's record format."""
    record: dict[str, Any] = {name: getattr(listing, name) for name in LISTING_SCALARS}
    record["external_id"] = listing.external_id
    record["organization"] = listing.organization.name
    record["languages"] = [{"code": item.code, "level": item.level} for item in listing.languages]
    if listing.deadline is not None:
        record["deadline"] = listing.deadline.isoformat()
    return _contract_order(record, ListingRecord)


def _contract_order(record: dict[str, Any], schema) -> dict[str, Any]:
    return {name: record[name] for name in schema.model_fields}


def iter_profiles(session: Session, batch: int = 500):
    """Yield every profile with its parts loaded, in id order."""
    query = (
        select(Profile)
        .order_by(Profile.id)
        .options(
            selectinload(Profile.private),
            selectinload(Profile.experience),
            selectinload(Profile.education),
            selectinload(Profile.languages),
        )
    )
    yield from session.scalars(query.execution_options(yield_per=batch))


def iter_listings(session: Session, batch: int = 500):
    """Yield every listing with its parts loaded, in id order."""
    query = (
        select(Listing)
        .order_by(Listing.id)
        .options(selectinload(Listing.organization), selectinload(Listing.languages))
    )
    yield from session.scalars(query.execution_options(yield_per=batch))
