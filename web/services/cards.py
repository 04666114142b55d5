"""Host cards for many profiles at once: the card, the person's badges and what was revealed."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from matcher.documents import ProfileDoc
from web.models import ContactRequest, Profile, ProfilePrivate
from web.services import attestations, badges
from web.services.access import profile_card
from web.services.id_lists import among


def revealed_fields(
    session: Session, profile_ids: list[int], organization_id: int | Collection[int] | None
) -> dict[int, dict[str, Any]]:
    """Return, per profile, the private fields revealed to an organisation by accepted requests.

    `organization_id` may also be several organisations (a host who belongs to more than one).
    """
    if organization_id is None or not profile_ids:
        return {}
    organizations = [organization_id] if isinstance(organization_id, int) else organization_id
    requests = list(
        session.scalars(
            select(ContactRequest).where(
                ContactRequest.profile_id.in_(profile_ids),
                ContactRequest.organization_id.in_(list(organizations)),
                ContactRequest.status == "accepted",
            )
        )
    )
    if not requests:
        return {}
    needs_private = [r.profile_id for r in requests if set(r.revealed_fields or []) - {"employers"}]
    privates = _private_rows(session, needs_private)
    result: dict[int, dict[str, Any]] = {}
    for request in requests:
        fields = set(request.revealed_fields or [])
        private = privates.get(request.profile_id)
        shown = result.setdefault(request.profile_id, {})
        for name in fields:
            if name == "employers":
                shown["employers"] = True
            elif private is not None and getattr(private, name, None):
                shown[name] = getattr(private, name)
    return result


def _private_rows(session: Session, profile_ids: list[int]) -> dict[int, ProfilePrivate]:
    if not profile_ids:
        return {}
    query = select(ProfilePrivate).where(ProfilePrivate.profile_id.in_(profile_ids))
    return {row.profile_id: row for row in session.scalars(query)}


def cards_for(
    session: Session,
    profiles: Sequence[Profile | DocumentProfile],
    organization_id: int | Collection[int] | None = None,
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


@dataclass(frozen=True)
class DocumentProfile:
    """A profile as its card reads it: its current document, and the columns a document leaves
    out (the document holds no name, no employer setting and no account)."""

    doc: ProfileDoc
    external_id: str
    user_id: int | None
    display_name: str
    show_employers: bool

    def __getattr__(self, name: str) -> Any:
        return getattr(self.doc, name)


def cards_for_documents(
    session: Session,
    documents: Collection[ProfileDoc],
    organization_id: int | Collection[int] | None = None,
) -> dict[int, dict[str, Any]]:
    """Return host cards by profile id, as `cards_for`, from the current documents of matched
    profiles: one statement for the columns they leave out instead of four through the ORM."""
    by_id = {doc.id: doc for doc in documents}
    rows = session.execute(
        select(
            Profile.id,
            Profile.external_id,
            Profile.user_id,
            Profile.display_name,
            Profile.show_employers,
        ).where(among(session, Profile.id, list(by_id)))
    )
    profiles = [
        DocumentProfile(
            by_id[row.id], row.external_id, row.user_id, row.display_name, row.show_employers
        )
        for row in rows
    ]
    return cards_for(session, profiles, organization_id)
