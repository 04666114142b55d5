"""Attestations: record the outcome of a verification check and read the badges it makes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from web.models import ATTESTATION_KINDS, ATTESTATION_STATUSES, Attestation, Vouch, utcnow

# Checks that say something about who a person is; a confirmed login address alone does not.
PERSON_VERIFYING_KINDS = ("domain", "orcid", "github", "vouch", "document")
# Kinds whose change can change who may vouch (services.vouching): seeds, bars and partners.
VOUCH_INPUT_KINDS = ("domain", "orcid", "github", "document", "sanctions", "approval")


@dataclass(frozen=True)
class Subject:
    """Whom an attestation is about: a person (user id) or an organisation (organisation id)."""

    user_id: int | None = None
    organization_id: int | None = None

    def __post_init__(self) -> None:
        if (self.user_id is None) == (self.organization_id is None):
            raise ValueError("an attestation is about exactly one user or one organisation")


def record(
    session: Session,
    subject: Subject,
    kind: str,
    *,
    status: str,
    evidence: str,
    checked_by: str,
    expires_at: datetime | None = None,
) -> Attestation:
    """Store the newest outcome of a check, replacing the subject's earlier one of that kind.

    `evidence` is shown to hosts: keep it to what the badge needs (see services.badges), never a
    private field.
    """
    if kind not in ATTESTATION_KINDS:
        raise ValueError(f"unknown attestation kind {kind!r}")
    if status not in ATTESTATION_STATUSES:
        raise ValueError(f"unknown attestation status {status!r}")
    attestation = find(session, subject, kind)
    if attestation is None:
        attestation = Attestation(
            kind=kind, user_id=subject.user_id, organization_id=subject.organization_id
        )
        session.add(attestation)
    attestation.status = status
    attestation.evidence = evidence[:500]
    attestation.checked_by = checked_by[:200]
    attestation.checked_at = utcnow()
    attestation.expires_at = expires_at
    session.flush()
    _vouch_inputs_changed(session, kind)
    return attestation


def find(session: Session, subject: Subject, kind: str) -> Attestation | None:
    """Return the subject's attestation of a kind, whatever its status."""
    query = select(Attestation).where(Attestation.kind == kind)
    if subject.user_id is not None:
        query = query.where(Attestation.user_id == subject.user_id)
    else:
        query = query.where(Attestation.organization_id == subject.organization_id)
    return session.scalars(query).one_or_none()


def revoke(session: Session, subject: Subject, kind: str, *, checked_by: str) -> None:
    """Mark the subject's attestation of a kind revoked, if there is one."""
    attestation = find(session, subject, kind)
    if attestation is not None:
        attestation.status = "revoked"
        attestation.checked_by = checked_by[:200]
        attestation.checked_at = utcnow()
        session.flush()
        _vouch_inputs_changed(session, kind)


def _vouch_inputs_changed(session: Session, kind: str) -> None:
    """Recompute vouch badges when a check they rest on changed (and anyone has vouched)."""
    if kind not in VOUCH_INPUT_KINDS or session.scalar(select(Vouch.id).limit(1)) is None:
        return
    from web.services import vouching  # vouching records attestations through this module

    vouching.recompute(session)


def is_current(attestation: Attestation, now: datetime | None = None) -> bool:
    """Return True if the attestation is verified and not expired."""
    if attestation.status != "verified":
        return False
    if attestation.expires_at is None:
        return True
    expires = attestation.expires_at
    if expires.tzinfo is None:  # SQLite hands back naive datetimes; every stored time is UTC.
        expires = expires.replace(tzinfo=(now or utcnow()).tzinfo)
    return expires > (now or utcnow())


def current_for_users(
    session: Session, user_ids: list[int], now: datetime | None = None
) -> dict[int, list[Attestation]]:
    """Return each user's current (verified, unexpired) attestations, in one query."""
    return _current_by(session, "user_id", user_ids, now)


def current_for_organization(
    session: Session, organization_id: int, now: datetime | None = None
) -> list[Attestation]:
    """Return an organisation's current attestations."""
    return current_for_organizations(session, [organization_id], now)[organization_id]


def current_for_organizations(
    session: Session, organization_ids: list[int], now: datetime | None = None
) -> dict[int, list[Attestation]]:
    """Return each organisation's current attestations, in one query."""
    return _current_by(session, "organization_id", organization_ids, now)


def _current_by(
    session: Session, subject: str, ids: list[int], now: datetime | None
) -> dict[int, list[Attestation]]:
    """Return current attestations grouped by a subject column ("user_id" or "organization_id")."""
    result: dict[int, list[Attestation]] = {subject_id: [] for subject_id in ids}
    if not ids:
        return result
    column = getattr(Attestation, subject)
    rows = session.scalars(
        select(Attestation)
        .where(column.in_(ids), Attestation.status == "verified")
        .order_by(Attestation.kind)
    )
    for attestation in rows:
        if is_current(attestation, now):
            result[getattr(attestation, subject)].append(attestation)
    return result


def has_current(session: Session, subject: Subject, kind: str) -> bool:
    """Return True if the subject holds a current attestation of this kind."""
    attestation = find(session, subject, kind)
    return attestation is not None and is_current(attestation)


def is_verified_person(session: Session, user_id: int) -> bool:
    """Return True if a person holds a current check of who they are (not just a login e-mail)."""
    kinds = {item.kind for item in current_for_users(session, [user_id])[user_id]}
    return bool(kinds & set(PERSON_VERIFYING_KINDS)) and "sanctions" not in _blocked(
        session, user_id
    )


def _blocked(session: Session, user_id: int) -> set[str]:
    """Return the kinds whose attestation bars a person (a sanctions match under review)."""
    attestation = find(session, Subject(user_id=user_id), "sanctions")
    if attestation is not None and attestation.status in ("review", "rejected"):
        return {"sanctions"}
    return set()
