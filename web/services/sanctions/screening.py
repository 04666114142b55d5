"""Screen people and organisations, store the outcome, and turn it into the "sanctions" badge.

A screening with no hit makes the badge ("Screened against UN, EU, UK, US sanctions lists, list of
2026-11-20: no match"). A hit is never shown to hosts: the badge becomes `review` (so hosts just
see no sanctions badge) and the hit waits in the moderators' queue with its score and entry.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from web.models import (
    Organization,
    Profile,
    ProfilePrivate,
    SanctionsListVersion,
    Screening,
    ScreeningHit,
    User,
    utcnow,
)
from web.services import attestations, audit
from web.services.attestations import Subject
from web.services.sanctions.lists import current_store, current_version, lists_label
from web.services.sanctions.matching import ALGORITHM, Query, screen
from web.services.sanctions.names import has_bidi_controls
from web.services.sanctions.settings import SanctionsSettings, settings_from_config
from web.services.sanctions.store import ListStore

log = logging.getLogger(__name__)

CHECKER = f"sanctions screening ({ALGORITHM})"
SUSPENSION_REASON = "sanctions list match confirmed by a moderator"
# A name that holds text-direction controls cannot be screened as a moderator reads it.
BIDI_HIT_ID = "input:bidi-controls"


@dataclass
class EveryoneReport:
    """How a re-screening of everyone went."""

    people: int = 0
    organizations: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def _subject(screening: Screening) -> Subject:
    if screening.user_id is not None:
        return Subject(user_id=screening.user_id)
    return Subject(organization_id=screening.organization_id)


def screening_input(profile: Profile | None) -> tuple | None:
    """Return what screening reads of a profile: full name, other spellings, birth year."""
    private = profile.private if profile is not None else None
    if private is None:
        return None
    names = tuple(name for name in [private.full_name, *(private.name_variants or [])] if name)
    if not names:
        return None
    return names, private.birth_year


def person_query(session: Session, user_id: int) -> Query | None:
    """Return the screening query of a person, or None if their profile names nobody."""
    profile = session.scalar(select(Profile).where(Profile.user_id == user_id))
    found = screening_input(profile)
    if found is None:
        return None
    names, birth_year = found
    return Query("Person", names, birth_year)


def _fingerprint(*parts) -> str:
    data = json.dumps(parts, ensure_ascii=False, sort_keys=True, default=list)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def _subject_hits(session: Session, subject: Subject) -> list[ScreeningHit]:
    query = select(ScreeningHit).join(Screening, Screening.id == ScreeningHit.screening_id)
    if subject.user_id is not None:
        query = query.where(Screening.user_id == subject.user_id)
    else:
        query = query.where(Screening.organization_id == subject.organization_id)
    return list(session.scalars(query.order_by(ScreeningHit.id)))


def subject_status(hits: list[ScreeningHit]) -> str:
    """Return a subject's standing from all their hits: match sticks, pending means review."""
    decisions = {hit.decision for hit in hits}
    if "true_match" in decisions:
        return "match"
    if "pending" in decisions:
        return "review"
    return "clear"


def apply_outcome(
    session: Session,
    screening: Screening,
    settings: SanctionsSettings,
    moderator_id: int | None = None,
) -> str:
    """Set the screening's status from the subject's hits and record the badge it makes."""
    subject = _subject(screening)
    status = subject_status(_subject_hits(session, subject))
    screening.status = status
    checked_by = CHECKER if moderator_id is None else f"{CHECKER}, moderator #{moderator_id}"
    if status == "clear":
        version = session.get(SanctionsListVersion, screening.list_version_id)
        attestations.record(
            session,
            subject,
            "sanctions",
            status="verified",
            evidence=f"{lists_label(settings, version)}|{version.list_date}",
            checked_by=checked_by,
        )
    elif status == "review":
        attestations.record(
            session, subject, "sanctions", status="review", evidence="", checked_by=checked_by
        )
    else:
        attestations.record(
            session, subject, "sanctions", status="rejected", evidence="", checked_by=checked_by
        )
        _suspend(session, subject)
    session.flush()
    return status


def _suspend(session: Session, subject: Subject) -> None:
    if subject.user_id is not None:
        user = session.get(User, subject.user_id)
        if user is not None and user.suspended_at is None:
            user.suspended_at = utcnow()
            user.suspension_reason = SUSPENSION_REASON
            audit.security_event(session, "sanctions_match", user_id=user.id)
    else:
        organization = session.get(Organization, subject.organization_id)
        if organization is not None and organization.approval_status != "suspended":
            organization.approval_status = "suspended"
            audit.security_event(session, "sanctions_match", organization_id=organization.id)


def _record(
    session: Session,
    subject: Subject,
    query: Query,
    version: SanctionsListVersion,
    store: ListStore,
    settings: SanctionsSettings,
) -> Screening:
    result = screen(store, query, settings)
    screening = Screening(
        user_id=subject.user_id,
        organization_id=subject.organization_id,
        list_version_id=version.id,
        status="clear",
        top_score=result.top_score,
    )
    session.add(screening)
    session.flush()
    query_print = _fingerprint(query.schema, sorted(query.names), query.birth_year)
    earlier = _subject_hits(session, subject)
    found = [
        (
            hit.entry.id,
            hit.entry.caption,
            hit.score,
            hit.entry.as_dict()
            | {
                "name_score": hit.name_score,
                "birth_year_differs": hit.birth_year_differs,
                "explanation": hit.explanation,
                "list_version": version.version,
            },
        )
        for hit in result.hits
    ]
    if any(has_bidi_controls(name) for name in query.names):
        found.append((BIDI_HIT_ID, "Name holds text-direction control characters", 1.0, {}))
    current_ids = set()
    for entity_id, caption, score, entry in found:
        entry_print = _fingerprint(entity_id, entry.get("names"), entry.get("birth_dates"))
        entry = entry | {"query_fingerprint": query_print, "entry_fingerprint": entry_print}
        hit = ScreeningHit(
            screening_id=screening.id,
            entity_id=entity_id[:200],
            entity_caption=caption[:500],
            score=score,
            entry=entry,
        )
        # A moderator's decision holds while neither the person's input nor the entry changed.
        for old in earlier:
            same = (
                old.entity_id == hit.entity_id
                and old.entry.get("query_fingerprint") == query_print
                and old.entry.get("entry_fingerprint") == entry_print
            )
            if same and old.decision != "pending":
                hit.decision, hit.decided_by_id, hit.decided_at = (
                    old.decision,
                    old.decided_by_id,
                    old.decided_at,
                )
        session.add(hit)
        current_ids.add(hit.entity_id)
    # Undecided hits of the same input are replaced by this screening's; those of an earlier
    # input stay in the queue, so changing one's name does not make a pending hit go away.
    for old in earlier:
        if old.decision == "pending" and (
            old.entity_id in current_ids or old.entry.get("query_fingerprint") == query_print
        ):
            session.delete(old)
    session.flush()
    apply_outcome(session, screening, settings)
    return screening


def screen_user(
    session: Session,
    user_id: int,
    settings: SanctionsSettings,
    loaded: tuple[SanctionsListVersion, ListStore] | None = None,
) -> Screening | None:
    """Screen a person against the current list; None if no list is loaded or no name is given."""
    query = person_query(session, user_id)
    loaded = loaded or current_store(session, settings)
    if query is None or loaded is None:
        return None
    return _record(session, Subject(user_id=user_id), query, *loaded, settings)


def screen_organization(
    session: Session,
    organization_id: int,
    settings: SanctionsSettings,
    loaded: tuple[SanctionsListVersion, ListStore] | None = None,
) -> Screening | None:
    """Screen an organisation's name against the current list; None if no list is loaded."""
    organization = session.get(Organization, organization_id)
    loaded = loaded or current_store(session, settings)
    if organization is None or loaded is None:
        return None
    query = Query("Organization", (organization.name,))
    return _record(session, Subject(organization_id=organization_id), query, *loaded, settings)


def screen_everyone(session: Session, settings: SanctionsSettings) -> EveryoneReport:
    """Screen every person with a private name and every organisation against the current list."""
    report = EveryoneReport()
    loaded = current_store(session, settings)
    if loaded is None:
        return report
    started = time.perf_counter()
    user_ids = session.scalars(
        select(Profile.user_id)
        .join(ProfilePrivate, ProfilePrivate.profile_id == Profile.id)
        .where(Profile.user_id.is_not(None))
        .order_by(Profile.user_id)
    ).all()
    for user_id in user_ids:
        screening = screen_user(session, user_id, settings, loaded)
        if screening is not None:
            report.people += 1
            report.statuses[screening.status] = report.statuses.get(screening.status, 0) + 1
    for organization_id in session.scalars(select(Organization.id).order_by(Organization.id)):
        screening = screen_organization(session, organization_id, settings, loaded)
        report.organizations += 1
        report.statuses[screening.status] = report.statuses.get(screening.status, 0) + 1
    report.seconds = round(time.perf_counter() - started, 2)
    log.info(
        "sanctions: screened %s people and %s organisations in %ss",
        report.people,
        report.organizations,
        report.seconds,
    )
    return report


def latest_screening(session: Session, subject: Subject) -> Screening | None:
    """Return the subject's newest screening."""
    query = select(Screening).order_by(Screening.screened_at.desc(), Screening.id.desc()).limit(1)
    if subject.user_id is not None:
        query = query.where(Screening.user_id == subject.user_id)
    else:
        query = query.where(Screening.organization_id == subject.organization_id)
    return session.scalar(query)


def screen_if_changed(session: Session, user_id: int, before: tuple | None) -> Screening | None:
    """Re-screen a person whose name, other spellings or birth year just changed.

    `before` is `screening_input(profile)` from before the save. Without a loaded list, a badge
    about the old name is revoked rather than left standing.
    """
    profile = session.scalar(select(Profile).where(Profile.user_id == user_id))
    after = screening_input(profile)
    if after == before:
        return None
    settings = settings_from_config(current_app.config)
    if after is None or current_version(session) is None:
        attestation = attestations.find(session, Subject(user_id=user_id), "sanctions")
        if attestation is not None and attestation.status == "verified":
            attestations.revoke(session, Subject(user_id=user_id), "sanctions", checked_by=CHECKER)
        return None
    return screen_user(session, user_id, settings)


def screen_new_organization(session: Session, organization: Organization) -> Screening | None:
    """Screen an organisation just created, if a list is loaded."""
    session.flush()
    if current_version(session) is None:
        return None
    return screen_organization(session, organization.id, settings_from_config(current_app.config))
