"""Which records a viewer may see: the one place access rules for matching are decided."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Text, cast, exists, or_, select
from sqlalchemy.orm import Session

from web.models import Attestation, BlockedOrganization, Listing, Profile, User
from web.services import access, attestations
from web.services.id_lists import among

# Ids are looked up in chunks so a query never carries more parameters than a database takes.
CHUNK = 1000


@dataclass(frozen=True)
class Viewer:
    """A host looking at profiles: the organisations they act for and where those are registered.

    A profile that blocked any of these organisations, or any of these countries, is hidden: a
    person who blocked an organisation is not found by its members through another one.
    """

    organization_ids: frozenset[int] = frozenset()
    countries: frozenset[str] = frozenset()

    def hides(self, blocked_ids: Iterable[int], blocked_countries: Iterable[str] | None) -> bool:
        """Return True if a profile with this blocklist is hidden from the viewer."""
        return bool(self.organization_ids & set(blocked_ids)) or bool(
            self.countries & set(blocked_countries or ())
        )


def viewer_for(user: User | None) -> Viewer | None:
    """Return the viewer a host is, or None for staff and exiles (no blocklist applies)."""
    if user is None or user.role != "host":
        return None
    ids = access.organization_ids(user)
    # The access checks loaded these organisations already: no query of their own.
    countries = {
        membership.organization.country
        for membership in user.memberships
        if membership.organization_id in ids and membership.organization.country
    }
    return Viewer(frozenset(ids), frozenset(countries))


def visible_ids(
    session: Session,
    kind: str,
    ids: Sequence[int],
    today: date,
    *,
    include_all: bool = False,
    viewer: Viewer | None = None,
) -> set[int]:
    """Return the ids among `ids` that exist and may be shown; `include_all` is operator use.

    Canary profiles are never shown (except to the operator); `viewer` hides the profiles whose
    blocklist names the viewer's organisations or their countries.
    """
    if not ids:
        return set()
    if kind == "profiles":
        # As text: the driver decoded a few hundred JSON lists a query, nearly all empty (about
        # 7% of a request's time, profiled over 300 API requests).
        query = select(Profile.id, cast(Profile.blocked_host_countries, Text))
        if not include_all:
            query = query.where(Profile.is_canary.is_(False))
            if viewer is not None and viewer.organization_ids:
                # In the same statement: one round trip less on every page of results.
                query = query.where(~exists(_blocking(viewer)))
    else:
        query = select(Listing.id, Listing.id)
        if not include_all:
            # A listing whose deadline has passed no longer takes applications.
            query = query.where(or_(Listing.deadline.is_(None), Listing.deadline >= today))
    found: set[int] = set()
    for start in range(0, len(ids), CHUNK):
        chunk = list(ids[start : start + CHUNK])
        rows = session.execute(query.where(among(session, _id(kind), chunk))).all()
        if kind == "profiles" and viewer is not None and viewer.countries and not include_all:
            # Blocked organisations were left out by the statement; countries are JSON text.
            rows = [row for row in rows if not viewer.hides((), _countries(row[1]))]
        found.update(row[0] for row in rows)
    return found


def _countries(stored: str | None) -> list[str]:
    """Return the countries a profile blocked, from the column's JSON text."""
    if stored is None or stored == "[]":
        return []
    return json.loads(stored)


def _blocking(viewer: Viewer):
    """Return the blocklist rows by which the outer query's profile hides from the viewer."""
    return select(BlockedOrganization.id).where(
        BlockedOrganization.profile_id == Profile.id,
        BlockedOrganization.organization_id.in_(viewer.organization_ids),
    )


def blocked_ids(session: Session, profile_id: int) -> set[int]:
    """Return the ids of the organisations a profile blocked."""
    return set(
        session.scalars(
            select(BlockedOrganization.organization_id).where(
                BlockedOrganization.profile_id == profile_id
            )
        )
    )


def may_view_profile(session: Session, user: User | None, profile: Profile) -> bool:
    """Return True if the user may open this profile's card: access policy plus blocklist.

    Canaries are the caller's business: opening one must reach `protection.before_card_view`.
    """
    blocked = blocked_ids(session, profile.id)
    if not access.can_view_profile(user, profile, blocked):
        return False
    viewer = viewer_for(user)
    if viewer is None or profile.user_id == user.id:
        return True
    return not viewer.hides(blocked, profile.blocked_host_countries)


def verified_profile_ids(session: Session, ids: Iterable[int]) -> set[int]:
    """Return the profiles among `ids` whose person is verified (attestations.is_verified_person).

    One query per chunk of ids, so filtering a result page never costs a query per profile.
    """
    wanted = list(ids)
    kinds = (*attestations.PERSON_VERIFYING_KINDS, "sanctions")
    verifying: set[int] = set()
    barred: set[int] = set()
    for start in range(0, len(wanted), CHUNK):
        rows = session.execute(
            select(Profile.id, Attestation)
            .join(Attestation, Attestation.user_id == Profile.user_id)
            .where(Profile.id.in_(wanted[start : start + CHUNK]), Attestation.kind.in_(kinds))
        )
        for profile_id, attestation in rows:
            if attestation.kind == "sanctions":
                if attestation.status in ("review", "rejected"):
                    barred.add(profile_id)
            elif attestations.is_current(attestation):
                verifying.add(profile_id)
    return verifying - barred


def _id(kind: str):
    return Profile.id if kind == "profiles" else Listing.id
