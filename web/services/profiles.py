"""An exile's own profile: find it, save it, delete it, and match it against listings."""

from __future__ import annotations

import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from web.errors import EditConflictError
from web.models import Profile, User
from web.records.schemas import ProfileRecord
from web.services.filters import ListingFilter
from web.services.listings import with_listings
from web.services.matching import Matcher
from web.services.records import profile_record, upsert_profile
from web.services.sanctions import screen_if_changed, screening_input
from web.services.settings import Settings


class ProfileOwnershipError(Exception):
    """A record would overwrite a profile that belongs to someone else."""


def own_profile(session: Session, user: User) -> Profile | None:
    """Return the user's profile, or None if they have not made one yet."""
    return session.scalar(select(Profile).where(Profile.user_id == user.id))


def own_record(session: Session, user: User) -> dict | None:
    """Return the user's profile in the contract's record format, private fields included."""
    profile = own_profile(session, user)
    return profile_record(profile) if profile is not None else None


def new_external_id(session: Session) -> str:
    """Return an unused, unguessable external id for a profile made in the web app."""
    while True:
        candidate = f"u-{secrets.token_hex(12)}"
        if session.scalar(select(Profile.id).where(Profile.external_id == candidate)) is None:
            return candidate


def external_id_for(session: Session, user: User) -> str:
    """Return the external id the user's profile has, or a new one if they have none."""
    profile = own_profile(session, user)
    return profile.external_id if profile is not None else new_external_id(session)


def save_own_profile(
    session: Session, user: User, record: ProfileRecord, expected_version: int | None = None
) -> Profile:
    """Create or update the user's profile from a validated record and link it to them.

    With `expected_version` (the version the editor loaded), a profile changed since then is
    not overwritten: EditConflictError is raised and nothing is saved.
    """
    mine = own_profile(session, user)
    if mine is not None and expected_version is not None and mine.version != expected_version:
        raise EditConflictError("profile", expected_version, mine.version)
    if mine is not None and mine.external_id != record.external_id:
        raise ProfileOwnershipError("a user has one profile; its external id does not change")
    if mine is None:
        other = session.scalar(select(Profile).where(Profile.external_id == record.external_id))
        if other is not None:
            raise ProfileOwnershipError("this external id belongs to another profile")
    before = screening_input(mine)
    profile, _outcome = upsert_profile(session, record)
    profile.user_id = user.id
    session.flush()
    screen_if_changed(session, user.id, before)
    return profile


def delete_own_profile(session: Session, user: User) -> bool:
    """Delete the user's profile; return False if there was none.

    The database removes the private part, entries, vectors and shortlist rows with it.
    """
    profile = own_profile(session, user)
    if profile is None:
        return False
    session.delete(profile)
    session.flush()
    return True


def matching_listings(
    session: Session, settings: Settings, profile: Profile, filters: ListingFilter, k: int = 20
) -> tuple[list[dict], dict[str, int]]:
    """Return the best listings for the profile, with their rows and organisation badges, and
    how many each hard constraint left out."""
    found = Matcher(session, settings).listings_for_profile_explained(profile, k, filters)
    return with_listings(session, found.matches), found.cut
