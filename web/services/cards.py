"""Host cards for many profiles at once: the card, the person's badges and what was revealed."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from web.models import ContactRequest, Profile
from web.services import attestations, badges
from web.services.access import profile_card


def revealed_fields(
    session: Session, profile_ids: list[int], organization_id: int | None
) -> dict[int, dict[str, Any]]:
    """Return, per profile, the private fields revealed to an organisation by accepted requests."""
    if organization_id is None or not profile_ids:
        return {}
    requests = session.scalars(
        select(ContactRequest).where(
            ContactRequest.profile_id.in_(profile_ids),
            ContactRequest.organization_id == organization_id,
            ContactRequest.status == "accepted",
        )
    )
    result: dict[int, dict[str, Any]] = {}
    for request in requests:
        fields = set(request.revealed_fields or [])
        private = request.profile.private if fields - {"employers"} else None
        shown = result.setdefault(request.profile_id, {})
        for name in fields:
            if name == "employers":
                shown["employers"] = True
            elif private is not None and getattr(private, name, None):
                shown[name] = getattr(private, name)
    return result


def cards_for(
    session: Session, profiles: list[Profile], organization_id: int | None = None
) -> dict[int, dict[str, Any]]:
    """Return host cards by profile id, with badges and, for `organization_id`, reveals."""
    user_ids = [profile.user_id for profile in profiles if profile.user_id is not None]
    current = attestations.current_for_users(session, user_ids)
    reveals = revealed_fields(session, [profile.id for profile in profiles], organization_id)
    return {
        profile.id: profile_card(
            profile,
            badges=badges.badges(current.get(profile.user_id, [])),
            revealed=reveals.get(profile.id),
        )
        for profile in profiles
    }
