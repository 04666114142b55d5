"""An exile's blocklist: organisations and host countries their profile is hidden from, and
whether hosts may see employer and institution names."""

from __future__ import annotations

from collections.abc import Iterable

import pycountry
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from web.errors import UnknownRecordError
from web.models import BlockedOrganization, ContactRequest, Organization, Profile, User
from web.services import audit, contact
from web.services.visibility import blocked_ids

SEARCH_RESULTS = 20

__all__ = [
    "block_organization",
    "blocked_ids",
    "blocked_organizations",
    "find_organizations",
    "save_privacy",
    "unblock_organization",
]


def blocked_organizations(session: Session, profile: Profile) -> list[Organization]:
    """Return the organisations a profile is hidden from, by name."""
    return list(
        session.scalars(
            select(Organization)
            .join(BlockedOrganization, BlockedOrganization.organization_id == Organization.id)
            .where(BlockedOrganization.profile_id == profile.id)
            .order_by(Organization.name)
        )
    )


def find_organizations(session: Session, text: str | None) -> list[Organization]:
    """Return approved organisations whose name contains the text (at least two characters)."""
    text = " ".join((text or "").split())
    if len(text) < 2:
        return []
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return list(
        session.scalars(
            select(Organization)
            .where(
                Organization.approval_status == "approved",
                func.lower(Organization.name).like(f"%{escaped}%", escape="\\"),
            )
            .order_by(Organization.name)
            .limit(SEARCH_RESULTS)
        )
    )


def block_organization(
    session: Session, user: User, profile: Profile, organization_id: int
) -> Organization:
    """Hide the profile from an approved organisation and take back what it was shown."""
    organization = session.get(Organization, organization_id)
    if organization is None or organization.approval_status != "approved":
        raise UnknownRecordError("no such organisation")
    if organization_id not in blocked_ids(session, profile.id):
        session.add(BlockedOrganization(profile_id=profile.id, organization_id=organization_id))
        session.flush()
    # A blocked organisation keeps nothing it was shown before.
    accepted = session.scalars(
        select(ContactRequest).where(
            ContactRequest.profile_id == profile.id,
            ContactRequest.organization_id == organization_id,
            ContactRequest.status.in_(("pending", "accepted")),
        )
    )
    for request in accepted:
        if request.status == "accepted":
            contact.revoke_request(session, user, request)
        else:
            request.status = "declined"
    audit.record(
        session,
        "blocklist_changed",
        actor_user_id=user.id,
        subject_user_id=user.id,
        details={"blocked_organization": organization_id},
    )
    return organization


def unblock_organization(session: Session, user: User, profile: Profile, organization_id: int):
    """Show the profile to an organisation again; return False if it was not blocked."""
    row = session.scalars(
        select(BlockedOrganization).where(
            BlockedOrganization.profile_id == profile.id,
            BlockedOrganization.organization_id == organization_id,
        )
    ).first()
    if row is None:
        return False
    session.delete(row)
    session.flush()
    audit.record(
        session,
        "blocklist_changed",
        actor_user_id=user.id,
        subject_user_id=user.id,
        details={"unblocked_organization": organization_id},
    )
    return True


def save_privacy(
    session: Session, user: User, profile: Profile, countries: Iterable[str], show_employers: bool
) -> None:
    """Set the host countries the profile is hidden from and whether employers are shown."""
    chosen = sorted(
        {code for code in countries if len(code) == 2 and pycountry.countries.get(alpha_2=code)}
    )
    changed = chosen != sorted(profile.blocked_host_countries or []) or bool(
        show_employers
    ) != bool(profile.show_employers)
    profile.blocked_host_countries = chosen
    profile.show_employers = bool(show_employers)
    session.flush()
    if changed:
        audit.record(
            session,
            "privacy_changed",
            actor_user_id=user.id,
            subject_user_id=user.id,
            details={"blocked_countries": len(chosen), "show_employers": bool(show_employers)},
        )
