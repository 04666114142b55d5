"""The access policy: who may see or change what. Every page and API call asks here.

For now every signed-in host who belongs to an organisation may search the talent pool; the trust
layer (verification, approval, blocklists) tightens these functions, not the views.
"""

from __future__ import annotations

from typing import Any

from web.models import Listing, Profile, User

# Private profile fields: never in anything a host receives.
PRIVATE_FIELDS = ("full_name", "name_variants", "birth_year", "email", "city")


def is_staff(user: User | None) -> bool:
    """Return True for moderators and admins."""
    return user is not None and user.role in ("moderator", "admin")


def organization_ids(user: User | None) -> set[int]:
    """Return the ids of the organisations a user belongs to."""
    if user is None:
        return set()
    return {membership.organization_id for membership in user.memberships}


def can_search_talent(user: User | None) -> bool:
    """Return True if the user may search profiles and see candidates."""
    if is_staff(user):
        return True
    return user is not None and user.role == "host" and bool(organization_ids(user))


def can_view_profile(user: User | None, profile: Profile) -> bool:
    """Return True if the user may see this profile's host card (or, for its owner, all of it)."""
    if user is None:
        return False
    if profile.user_id is not None and profile.user_id == user.id:
        return True
    return can_search_talent(user)


def can_manage_listing(user: User | None, listing: Listing) -> bool:
    """Return True if the user may edit a listing and see its candidates and shortlist."""
    if user is None:
        return False
    if user.role == "admin":
        return True
    return user.role == "host" and listing.organization_id in organization_ids(user)


def can_view_listing(user: User | None, listing: Listing) -> bool:
    """Return True if the user may see a listing (every signed-in user may)."""
    return user is not None


def profile_card(profile: Profile) -> dict[str, Any]:
    """Return what a host may see of a profile: no private field, no employer or institution."""
    # Employers and institutions can identify a person; they stay hidden until a reveal.
    return {
        "external_id": profile.external_id,
        "display_name": profile.display_name,
        "headline": profile.headline,
        "field": profile.field,
        "summary": profile.summary,
        "skills": list(profile.skills or []),
        "experience": [
            {
                "title": item.title,
                "start": item.start,
                "end": item.end,
                "description": item.description,
            }
            for item in profile.experience
        ],
        "education": [
            {"degree": item.degree, "field": item.field, "year": item.year}
            for item in profile.education
        ],
        "languages": [{"code": item.code, "level": item.level} for item in profile.languages],
        "country": profile.country,
        "seeking": list(profile.seeking or []),
        "remote": profile.remote,
        "relocate_to": list(profile.relocate_to or []),
        "work_authorization": list(profile.work_authorization or []),
        "years_experience": profile.years_experience,
    }
