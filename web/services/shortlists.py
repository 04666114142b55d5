"""Shortlists: the profiles a host keeps for one of their listings, with a note each."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from web.errors import UnknownRecordError
from web.models import Listing, Profile, ShortlistEntry, User
from web.services import access, protection
from web.services.cards import cards_for
from web.services.visibility import may_view_profile

CARD_PARTS = (
    selectinload(Profile.experience),
    selectinload(Profile.education),
    selectinload(Profile.languages),
)


def add_to_shortlist(
    session: Session, listing: Listing, external_id: str, user: User, note: str | None = None
) -> tuple[ShortlistEntry, bool]:
    """Put a profile on a listing's shortlist; return the entry and whether it is new.

    Adding a profile that is already there changes nothing. Raises UnknownRecordError for a
    profile that does not exist or that the user may not see.
    """
    profile = session.scalar(select(Profile).where(Profile.external_id == external_id))
    if profile is None or not may_view_profile(session, user, profile):
        raise UnknownRecordError("no such profile")
    # Shortlisting by id is a way to reach a card: it counts against the quotas, and a canary
    # suspends the host as opening its card would.
    protection.before_card_view(session, user, profile)
    if profile.is_canary or access.is_suspended(user):
        raise UnknownRecordError("no such profile")
    existing = _entry(session, listing, profile)
    if existing is not None:
        return existing, False
    entry = ShortlistEntry(
        listing_id=listing.id,
        profile_id=profile.id,
        added_by_id=user.id,
        note=(note or "").strip() or None,
    )
    try:
        with session.begin_nested():
            session.add(entry)
    except IntegrityError:
        # Two clicks at once: the other request's entry won; the outcome is the same.
        return _entry(session, listing, profile), False
    return entry, True


def _entry(session: Session, listing: Listing, profile: Profile) -> ShortlistEntry | None:
    return session.scalar(
        select(ShortlistEntry).where(
            ShortlistEntry.listing_id == listing.id, ShortlistEntry.profile_id == profile.id
        )
    )


def remove_from_shortlist(session: Session, listing: Listing, entry_id: int) -> bool:
    """Take an entry off a listing's shortlist; return False if the listing has no such entry."""
    entry = session.get(ShortlistEntry, entry_id)
    if entry is None or entry.listing_id != listing.id:
        return False
    session.delete(entry)
    session.flush()
    return True


def shortlist(session: Session, listing: Listing) -> list[dict[str, Any]]:
    """Return a listing's shortlist, oldest first: entry id, note, date and the host's card."""
    rows = session.execute(
        select(ShortlistEntry, Profile)
        .join(Profile, Profile.id == ShortlistEntry.profile_id)
        .where(ShortlistEntry.listing_id == listing.id)
        .order_by(ShortlistEntry.created_at, ShortlistEntry.id)
        .options(*CARD_PARTS)
    ).all()
    cards = cards_for(session, [profile for _entry, profile in rows], listing.organization_id)
    return [
        {
            "id": entry.id,
            "note": entry.note,
            "created_at": entry.created_at,
            "card": cards[profile.id],
        }
        for entry, profile in rows
    ]


def shortlisted_ids(session: Session, listing: Listing) -> set[str]:
    """Return the external ids of the profiles on a listing's shortlist."""
    query = (
        select(Profile.external_id)
        .join(ShortlistEntry, ShortlistEntry.profile_id == Profile.id)
        .where(ShortlistEntry.listing_id == listing.id)
    )
    return set(session.scalars(query))


def shortlist_sizes(session: Session, listings: list[Listing]) -> dict[int, int]:
    """Return how many profiles each listing's shortlist holds (listings without one: absent)."""
    if not listings:
        return {}
    query = (
        select(ShortlistEntry.listing_id, func.count())
        .where(ShortlistEntry.listing_id.in_([listing.id for listing in listings]))
        .group_by(ShortlistEntry.listing_id)
    )
    return {listing_id: count for listing_id, count in session.execute(query)}
