"""Vouching: verified members and partner organisations vouch for a person; enough make a badge.

Trust flows only from seeds: people who hold a current check of who they are other than a vouch
(a work address, ORCID, GitHub, a reviewed document), and approved partner organisations. A person
whose eligible vouchers reach VOUCH_THRESHOLD gets the vouch badge and may then vouch in turn. The
badges are recomputed from the seeds over the whole graph every time, never from earlier badges,
so a ring of unverified accounts vouching for each other never gets one, and taking away a vouch
or a voucher takes away every badge that rested on it.

Who vouched for whom is never shown to hosts: their cards carry only the badge with the count.
"""

from __future__ import annotations

import hmac
import secrets
from collections import Counter, defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadData, URLSafeTimedSerializer
from sqlalchemy import func, or_, select, text
from sqlalchemy.orm import Session

from web.errors import TalentBridgeError
from web.models import Attestation, Organization, Profile, User, Vouch
from web.services import access, attestations, audit
from web.services.attestations import PERSON_VERIFYING_KINDS, Subject

SEED_KINDS = tuple(kind for kind in PERSON_VERIFYING_KINDS if kind != "vouch")
CHECKED_BY = "vouches from verified members"
LINK_SALT = "vouch-link"
# Any constant: PostgreSQL serialises recomputations on it until the transaction ends.
ADVISORY_LOCK = 0x766F756368


class VouchError(TalentBridgeError):
    """A vouch that cannot be given, with the reason the voucher reads."""


@dataclass(frozen=True)
class Edge:
    """One vouch: a voucher (a user or an organisation) for a subject."""

    subject: int
    user: int | None = None
    organization: int | None = None


@dataclass(frozen=True)
class Fixpoint:
    """The outcome of a recomputation: badge holders with their counts, and everyone's count."""

    badges: dict[int, int]
    counts: dict[int, int]
    vouchers: frozenset[int]


@dataclass(frozen=True)
class Standing:
    """What a person may know about their own vouches: how many count, never who gave them."""

    count: int
    threshold: int
    has_badge: bool
    may_vouch: bool


def fixpoint(
    seeds: Iterable[int],
    barred: Iterable[int],
    approved_organizations: Iterable[int],
    edges: Iterable[Edge],
    threshold: int,
) -> Fixpoint:
    """Return who holds the vouch badge, propagating trust from the seeds only.

    A person's count is the number of their vouchers who are eligible: a seed, an approved
    organisation, or a badge holder. Eligibility only grows during the walk, so the result is the
    least fixpoint: nobody gets a badge that does not rest, through a chain of vouches, on seeds.
    Barred people (disabled, suspended, under sanctions review) neither vouch nor get a badge.
    """
    barred = set(barred)
    organizations = set(approved_organizations)
    eligible = set(seeds) - barred
    counts: Counter[int] = Counter()
    vouched_by: defaultdict[int, list[int]] = defaultdict(list)
    for edge in edges:
        if edge.organization is not None:
            if edge.organization in organizations:
                counts[edge.subject] += 1
        elif edge.user is not None:
            vouched_by[edge.user].append(edge.subject)
    for voucher in eligible:
        for subject in vouched_by[voucher]:
            counts[subject] += 1
    badges: set[int] = set()
    queue = deque(subject for subject, count in counts.items() if count >= threshold)
    while queue:
        person = queue.popleft()
        if person in badges or person in barred:
            continue
        badges.add(person)
        if person in eligible:
            continue  # a seed's vouches were counted already
        eligible.add(person)
        for subject in vouched_by[person]:
            counts[subject] += 1
            if counts[subject] >= threshold and subject not in badges:
                queue.append(subject)
    return Fixpoint(
        badges={person: counts[person] for person in badges},
        counts=dict(counts),
        vouchers=frozenset(eligible),
    )


def _seeds(session: Session) -> set[int]:
    rows = session.scalars(
        select(Attestation).where(
            Attestation.user_id.is_not(None),
            Attestation.kind.in_(SEED_KINDS),
            Attestation.status == "verified",
        )
    )
    return {row.user_id for row in rows if attestations.is_current(row)}


def _barred(session: Session) -> set[int]:
    inactive = session.scalars(
        select(User.id).where(or_(User.is_active.is_(False), User.suspended_at.is_not(None)))
    )
    sanctioned = session.scalars(
        select(Attestation.user_id).where(
            Attestation.kind == "sanctions",
            Attestation.status.in_(("review", "rejected")),
            Attestation.user_id.is_not(None),
        )
    )
    return set(inactive) | set(sanctioned)


def compute(session: Session) -> Fixpoint:
    """Return the vouch badges the current graph and seeds give, without storing anything."""
    organizations = session.scalars(
        select(Organization.id).where(Organization.approval_status == "approved")
    )
    edges = [
        Edge(subject=subject, user=user, organization=organization)
        for user, organization, subject in session.execute(
            select(Vouch.voucher_user_id, Vouch.voucher_organization_id, Vouch.subject_user_id)
        )
    ]
    threshold = current_app.config["VOUCH_THRESHOLD"]
    return fixpoint(_seeds(session), _barred(session), organizations, edges, threshold)


def recompute(session: Session) -> Fixpoint:
    """Recompute every vouch badge from the seeds and record or revoke the attestations.

    Call it after a vouch is given or revoked, an account is removed or disabled, an organisation
    is approved or suspended, and whenever another check grants or takes away a seed attestation.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_LOCK})
    result = compute(session)
    existing = {
        row.user_id: row
        for row in session.scalars(
            select(Attestation).where(Attestation.kind == "vouch", Attestation.user_id.is_not(None))
        )
    }
    for person, count in result.badges.items():
        row = existing.get(person)
        if row is None or row.status != "verified" or row.evidence != str(count):
            attestations.record(
                session,
                Subject(user_id=person),
                "vouch",
                status="verified",
                evidence=str(count),
                checked_by=CHECKED_BY,
            )
    for person, row in existing.items():
        if person not in result.badges and row.status == "verified":
            attestations.revoke(session, Subject(user_id=person), "vouch", checked_by=CHECKED_BY)
    return result


def standing(session: Session, user_id: int) -> Standing:
    """Return how many eligible vouches a person has and whether they may vouch themselves."""
    result = compute(session)
    return Standing(
        count=result.counts.get(user_id, 0),
        threshold=current_app.config["VOUCH_THRESHOLD"],
        has_badge=user_id in result.badges,
        may_vouch=user_id in result.vouchers,
    )


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=LINK_SALT)


def link_token(user: User) -> str:
    """Return a fresh signed token for a person's vouch link (valid VOUCH_LINK_MAX_AGE_DAYS).

    The token carries the person's current link nonce: `new_link` ends every earlier link.
    """
    return _serializer().dumps([user.id, user.vouch_link_nonce or ""])


def new_link(user: User) -> None:
    """Make every vouch link given out so far stop working."""
    user.vouch_link_nonce = secrets.token_hex(16)


def person_for_token(session: Session, token: str) -> User | None:
    """Return the active exile a vouch link names, or None for a bad, expired or replaced link."""
    max_age = current_app.config["VOUCH_LINK_MAX_AGE_DAYS"] * 86400
    try:
        payload = _serializer().loads(token, max_age=max_age)
    except BadData:
        return None
    if not (isinstance(payload, list) and len(payload) == 2 and isinstance(payload[0], int)):
        return None
    user_id, nonce = payload
    user = session.get(User, user_id)
    if user is None or user.role != "exile" or not user.is_active:
        return None
    if not hmac.compare_digest(str(nonce), user.vouch_link_nonce or ""):
        return None
    return user


def display_name(session: Session, user_id: int) -> str | None:
    """Return the name a person shows on their profile, or None without a profile."""
    return session.scalar(select(Profile.display_name).where(Profile.user_id == user_id))


def voucher_organizations(user: User) -> list[Organization]:
    """Return the organisations on whose behalf a user may vouch (approved, not suspended)."""
    if user.role != "host" or access.is_suspended(user):
        return []
    return access.approved_organizations(user)


def existing_vouch(
    session: Session, voucher: User, subject_id: int, organization_id: int | None = None
) -> Vouch | None:
    """Return the vouch this voucher (or their organisation) already gave the person."""
    query = select(Vouch).where(Vouch.subject_user_id == subject_id)
    if organization_id is not None:
        query = query.where(Vouch.voucher_organization_id == organization_id)
    else:
        query = query.where(Vouch.voucher_user_id == voucher.id)
    return session.scalars(query).first()


def give(
    session: Session, voucher: User, subject: User, organization_id: int | None = None
) -> Vouch:
    """Record a vouch by a member (or by a host for their organisation) and recompute badges."""
    if subject.id == voucher.id:
        raise VouchError(_l("You cannot vouch for yourself."))
    if subject.role != "exile" or not subject.is_active:
        raise VouchError(_l("This person cannot receive vouches."))
    if voucher.role == "exile" and organization_id is None:
        column, value = Vouch.voucher_user_id, voucher.id
    elif organization_id is not None and organization_id in {
        org.id for org in voucher_organizations(voucher)
    }:
        column, value = Vouch.voucher_organization_id, organization_id
    else:
        raise VouchError(_l("Only members and approved partner organisations can vouch."))
    if existing_vouch(session, voucher, subject.id, organization_id) is not None:
        raise VouchError(_l("You have already vouched for this person."))
    given = session.scalar(select(func.count()).select_from(Vouch).where(column == value))
    if given >= current_app.config["VOUCH_MAX_GIVEN"]:
        raise VouchError(
            _l(
                "You have vouched for %(count)s people, the most anyone may. Revoke a vouch first.",
                count=given,
            )
        )
    vouch = Vouch(subject_user_id=subject.id)
    if organization_id is None:
        vouch.voucher_user_id = voucher.id
    else:
        vouch.voucher_organization_id = organization_id
    session.add(vouch)
    session.flush()
    audit.record(
        session,
        "vouch.given",
        actor_user_id=voucher.id,
        subject_user_id=subject.id,
        details={"on_behalf_of_organization": organization_id is not None},
    )
    recompute(session)
    return vouch


def given_by(session: Session, user: User) -> list[tuple[Vouch, str | None]]:
    """Return the vouches a user gave, personally or for their organisations, with names."""
    organizations = access.organization_ids(user)
    query = select(Vouch, Profile.display_name).outerjoin(
        Profile, Profile.user_id == Vouch.subject_user_id
    )
    if organizations:
        query = query.where(
            or_(
                Vouch.voucher_user_id == user.id,
                Vouch.voucher_organization_id.in_(organizations),
            )
        )
    else:
        query = query.where(Vouch.voucher_user_id == user.id)
    return [(vouch, name) for vouch, name in session.execute(query.order_by(Vouch.created_at))]


def take_back(session: Session, user: User, vouch_id: int) -> bool:
    """Delete a vouch the user (or their organisation) gave and recompute; False if not theirs."""
    vouch = session.get(Vouch, vouch_id)
    if vouch is None:
        return False
    own = vouch.voucher_user_id == user.id or (
        vouch.voucher_organization_id is not None
        and vouch.voucher_organization_id in access.organization_ids(user)
    )
    if not own:
        return False
    subject_id = vouch.subject_user_id
    session.delete(vouch)
    session.flush()
    audit.record(session, "vouch.revoked", actor_user_id=user.id, subject_user_id=subject_id)
    recompute(session)
    return True
