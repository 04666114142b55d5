"""The moderators' side of screening: the queue of hits and the decision on each.

A false positive clears the hit (the badge returns once no hit is pending); a true match rejects
the badge and suspends the account, or the organisation. Hosts never learn why.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from web.errors import MessageError
from web.models import Organization, Profile, Screening, ScreeningHit, User, utcnow
from web.services import audit
from web.services.attestations import Subject
from web.services.sanctions.screening import apply_outcome, latest_screening, screening_input
from web.services.sanctions.settings import SanctionsSettings

DECISIONS = ("false_positive", "true_match")


class ReviewError(MessageError):
    """A decision that cannot be taken, with a message for the moderator."""


@dataclass(frozen=True)
class QueueItem:
    """A pending hit with whom it is about, as the moderator needs it."""

    hit: ScreeningHit
    screening: Screening
    kind: str
    subject_id: int
    label: str
    screened_names: tuple[str, ...]
    birth_year: int | None


def _item(session: Session, hit: ScreeningHit, screening: Screening) -> QueueItem:
    if screening.user_id is not None:
        user = session.get(User, screening.user_id)
        profile = session.scalar(select(Profile).where(Profile.user_id == screening.user_id))
        names, birth_year = screening_input(profile) or ((), None)
        label = profile.display_name if profile is not None else f"#{screening.user_id}"
        return QueueItem(
            hit,
            screening,
            "person",
            user.id if user else screening.user_id,
            label,
            names,
            birth_year,
        )
    organization = session.get(Organization, screening.organization_id)
    name = organization.name if organization is not None else ""
    return QueueItem(hit, screening, "organization", screening.organization_id, name, (name,), None)


def pending(session: Session, limit: int = 200) -> list[QueueItem]:
    """Return the hits awaiting a decision, highest score first."""
    rows = session.execute(
        select(ScreeningHit, Screening)
        .join(Screening, Screening.id == ScreeningHit.screening_id)
        .where(ScreeningHit.decision == "pending")
        .order_by(ScreeningHit.score.desc(), ScreeningHit.id)
        .limit(limit)
    ).all()
    return [_item(session, hit, screening) for hit, screening in rows]


def get_item(session: Session, hit_id: int) -> QueueItem | None:
    """Return one hit with its subject, whatever its decision."""
    row = session.execute(
        select(ScreeningHit, Screening)
        .join(Screening, Screening.id == ScreeningHit.screening_id)
        .where(ScreeningHit.id == hit_id)
    ).first()
    return _item(session, *row) if row else None


def decide(
    session: Session,
    hit_id: int,
    decision: str,
    moderator: User,
    settings: SanctionsSettings,
) -> str:
    """Record a moderator's decision on a hit and return the subject's standing afterwards."""
    if decision not in DECISIONS:
        raise ReviewError(_l("Choose false positive or true match."))
    item = get_item(session, hit_id)
    if item is None:
        raise ReviewError(_l("This hit no longer exists; a newer screening replaced it."))
    if item.hit.decision != "pending":
        raise ReviewError(_l("Another moderator already decided this hit."))
    if item.kind == "person" and item.subject_id == moderator.id:
        raise ReviewError(_l("You cannot decide a hit about your own account."))
    item.hit.decision = decision
    item.hit.decided_by_id = moderator.id
    item.hit.decided_at = utcnow()
    session.flush()
    subject = Subject(
        user_id=item.screening.user_id, organization_id=item.screening.organization_id
    )
    latest = latest_screening(session, subject) or item.screening
    status = apply_outcome(session, latest, settings, moderator_id=moderator.id)
    audit.record(
        session,
        "sanctions.decision",
        actor_user_id=moderator.id,
        subject_user_id=item.screening.user_id,
        details={
            "hit_id": item.hit.id,
            "decision": decision,
            "organization_id": item.screening.organization_id,
            "status": status,
        },
    )
    return status
