"""The access policy: who may see or change what. Every page and API call asks here.

The written policy is docs/access-policy.md; tests/web/test_access_matrix.py checks it per route.
In short: moderators and admins see everything but private fields; a host sees the talent pool only
while a member of an approved organisation and not suspended, and never a profile that blocked the
organisation or its country; an exile sees and changes only their own profile.
"""

from __future__ import annotations

from typing import Any

from web.models import Listing, Organization, Profile, User

# Private profile fields: never in anything a host receives.
PRIVATE_FIELDS = ("full_name", "name_variants", "birth_year", "email", "city")


def is_staff(user: User | None) -> bool:
    """Return True for moderators and admins."""
    return user is not None and user.role in ("moderator", "admin")


def organization_ids(user: User | None) -> set[int]:
    """Return the ids of the organisations a user belongs to."""
    if user is None:
        return set()
    # A pending membership (someone who typed an existing organisation's name) grants nothing.
    return {
        membership.organization_id
        for membership in user.memberships
        if membership.role != "pending"
    }


def is_suspended(user: User | None) -> bool:
    """Return True if the account is suspended pending a moderator's review."""
    return user is not None and user.suspended_at is not None


def approved_organizations(user: User | None) -> list[Organization]:
    """Return the approved organisations a user belongs to."""
    if user is None:
        return []
    return [
        membership.organization
        for membership in user.memberships
        if membership.role != "pending" and membership.organization.approval_status == "approved"
    ]


def can_manage_organization(user: User | None) -> bool:
    """Return True if the user may edit their organisation's page and listings.

    Approval is not needed for this: an organisation prepares its page and listings while a
    moderator reviews it; only the talent pool waits for the approval.
    """
    if user is None:
        return False
    return user.role == "admin" or (user.role == "host" and bool(organization_ids(user)))


def can_search_talent(user: User | None) -> bool:
    """Return True if the user may search profiles and see candidates."""
    if is_staff(user):
        return not is_suspended(user)
    return (
        user is not None
        and user.role == "host"
        and not is_suspended(user)
        and bool(approved_organizations(user))
    )


def hides_from(profile: Profile, organization: Organization, blocked_ids: set[int]) -> bool:
    """Return True if the profile's blocklist hides it from this organisation.

    `blocked_ids` are the organisations the profile blocked (see services.blocklist).
    """
    if organization.id in blocked_ids:
        return True
    return bool(organization.country) and organization.country in (
        profile.blocked_host_countries or []
    )


def can_view_profile(
    user: User | None, profile: Profile, blocked_ids: set[int] = frozenset()
) -> bool:
    """Return True if the user may see this profile's host card (or, for its owner, all of it)."""
    if user is None:
        return False
    if profile.user_id is not None and profile.user_id == user.id:
        return True
    if not can_search_talent(user):
        return False
    if is_staff(user):
        return True
    return not all(
        hides_from(profile, organization, blocked_ids)
        for organization in approved_organizations(user)
    )


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


def profile_card(
    profile: Profile, badges: list | tuple = (), revealed: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Return what a host may see of a profile: no private field, no employer or institution.

    `badges` are the person's current badges (services.badges); `revealed` holds the private fields
    the exile chose to reveal to this host through an accepted contact request.
    """
    # Employers and institutions can identify a person: hidden unless the exile shows them.
    employers = bool(profile.show_employers or (revealed and "employers" in revealed))
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
                "organization": item.organization if employers else None,
                "start": item.start,
                "end": item.end,
                "description": item.description,
            }
            for item in profile.experience
        ],
        "education": [
            {
                "degree": item.degree,
                "field": item.field,
                "year": item.year,
                "institution": item.institution if employers else None,
            }
            for item in profile.education
        ],
        "languages": [{"code": item.code, "level": item.level} for item in profile.languages],
        "country": profile.country,
        "seeking": list(profile.seeking or []),
        "remote": profile.remote,
        "relocate_to": list(profile.relocate_to or []),
        "work_authorization": list(profile.work_authorization or []),
        "years_experience": profile.years_experience,
        "badges": list(badges),
        "revealed": {k: v for k, v in (revealed or {}).items() if k != "employers"},
    }
