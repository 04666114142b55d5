"""Anti-scraping: quotas on card views and search pages, canary profiles, no person-finder.

Every page or API route that shows a host profile cards calls one of these before it does:
`before_card_view` for one profile (card page, API profile, shortlist add), `before_search_page`
for a page of ranked results. Quotas count per account and per approved organisation in the rate
limiter's storage, so every worker sees the same counts. Moderators and admins count against the
per-account quotas too (a stolen staff session is the most valuable scraper) but are never
suspended by a canary: moderators look at canaries when reviewing a suspension.
"""

from __future__ import annotations

import re

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from web.models import Organization, Profile, SecurityEvent, User, utcnow
from web.services import access, audit, rate_limits
from web.services.admin import PER_PAGE, Page

# The reason stored on a host suspended for opening a canary.
CANARY_REASON = "canary"

# Which settings hold the per-account and per-organisation limits of each quota.
QUOTAS = {
    "card_view": ("CARD_VIEW_LIMIT_PER_ACCOUNT", "CARD_VIEW_LIMIT_PER_ORGANIZATION"),
    "search_page": ("SEARCH_PAGE_LIMIT_PER_ACCOUNT", "SEARCH_PAGE_LIMIT_PER_ORGANIZATION"),
}


class QuotaExceeded(Exception):
    """A host (or their organisation) used up a quota; the caller answers 429."""

    def __init__(self, retry_after: int) -> None:
        super().__init__("quota exceeded")
        self.retry_after = retry_after


class PersonSearchRefused(ValueError):
    """A talent search that looks for a person (ORCID iD, date, e-mail, phone), not for skills."""

    def __init__(self, message) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


# Quotas -----------------------------------------------------------------------------------------


def before_card_view(session: Session, user: User, profile: Profile) -> None:
    """Count one card view against the host's quotas; react to canaries.

    Raises QuotaExceeded when a quota is used up (a security event is recorded). Opening a canary
    profile suspends the host pending review (and records a security event); the caller then
    answers 404 as for any hidden profile. Call it before changing anything else in `session`:
    what it records is committed at once, because the caller's 404 or 429 would roll it back.
    """
    if profile.is_canary and not access.is_staff(user):
        trip_canary(session, user, profile)
        return
    _charge(session, user, "card_view")


def before_search_page(session: Session, user: User) -> None:
    """Count one page of search or candidate results against the host's quotas."""
    _charge(session, user, "search_page")


def _subjects(user: User, quota: str) -> list[tuple[str, int, str, Organization | None]]:
    """Return (scope, id, limits, organisation) for every counter a use by `user` goes to."""
    account_setting, organization_setting = QUOTAS[quota]
    config = current_app.config
    subjects = [("account", user.id, config[account_setting], None)]
    # Only approved memberships count: a pending join request must not let an outsider drain
    # another organisation's quota.
    for organization in access.approved_organizations(user):
        subjects.append(
            ("organization", organization.id, config[organization_setting], organization)
        )
    return subjects


def _charge(session: Session, user: User, quota: str) -> None:
    subjects = _subjects(user, quota)
    breached = []
    for scope, subject_id, limits, organization in subjects:
        wait = rate_limits.check(limits, quota, scope, str(subject_id))
        if wait is not None:
            breached.append((scope, subject_id, limits, organization, wait))
    if not breached:
        for scope, subject_id, limits, _organization in subjects:
            rate_limits.hit(limits, quota, scope, str(subject_id))
        return
    recorded = False
    for scope, subject_id, limits, organization, wait in breached:
        # One event per breach window, not one per refused request.
        if rate_limits.first_in(wait, "quota-event", quota, scope, str(subject_id)):
            audit.security_event(
                session,
                "quota_exceeded",
                user_id=user.id,
                organization_id=organization.id if organization is not None else None,
                details={"quota": quota, "scope": scope, "limit": limits},
            )
            recorded = True
    if recorded:
        # The caller answers 429 and would roll the event back.
        session.commit()
    raise QuotaExceeded(max(item[-1] for item in breached))


# Canaries and suspensions -----------------------------------------------------------------------


def trip_canary(session: Session, user: User, profile: Profile) -> None:
    """Suspend a host who opened a canary profile pending review, and tell the moderators."""
    if user.suspended_at is not None:
        return
    suspend(session, user, CANARY_REASON)
    organizations = access.approved_organizations(user)
    audit.security_event(
        session,
        "canary_viewed",
        user_id=user.id,
        organization_id=organizations[0].id if organizations else None,
        details={"canary": profile.id},
    )
    # The caller answers 404 and would roll the suspension back.
    session.commit()


def suspend(session: Session, user: User, reason: str) -> None:
    """Suspend an account pending review: it may sign in but sees no talent."""
    user.suspended_at = utcnow()
    user.suspension_reason = reason[:300]
    session.flush()


def lift_suspension(session: Session, moderator: User, user: User) -> bool:
    """Lift a suspension and close the account's open security events; False if not suspended."""
    if user.suspended_at is None:
        return False
    user.suspended_at = None
    user.suspension_reason = None
    now = utcnow()
    for event in session.scalars(
        select(SecurityEvent).where(
            SecurityEvent.user_id == user.id, SecurityEvent.resolved_at.is_(None)
        )
    ):
        event.resolved_at = now
    audit.record(session, "suspension_lifted", actor_user_id=moderator.id, subject_user_id=user.id)
    session.flush()
    return True


def suspended_users(session: Session) -> list[User]:
    """Return every suspended account, longest suspended first."""
    return list(
        session.scalars(
            select(User).where(User.suspended_at.is_not(None)).order_by(User.suspended_at, User.id)
        )
    )


def security_events(session: Session, number: int = 1) -> Page:
    """Return one page of security events, newest first, with the account and organisation."""
    total = session.scalar(select(func.count()).select_from(SecurityEvent)) or 0
    pages = max(1, -(-total // PER_PAGE))
    number = min(max(1, number), pages)
    rows = session.execute(
        select(SecurityEvent, User.email, Organization.name)
        .outerjoin(User, User.id == SecurityEvent.user_id)
        .outerjoin(Organization, Organization.id == SecurityEvent.organization_id)
        .order_by(SecurityEvent.created_at.desc(), SecurityEvent.id.desc())
        .limit(PER_PAGE)
        .offset((number - 1) * PER_PAGE)
    ).all()
    return Page([tuple(row) for row in rows], number, pages, total)


# Person-finder refusal --------------------------------------------------------------------------

_MONTH = (
    r"(?:january|jan|february|feb|march|mar|april|apr|may|june|jun|july|jul|august|aug|"
    r"september|sept|sep|october|oct|november|nov|december|dec|"
    r"январ[ья]|феврал[ья]|марта?|апрел[ья]|ма[йя]|июн[ья]|июл[ья]|августа?|сентябр[ья]|"
    r"октябр[ья]|ноябр[ья]|декабр[ья]|янв|фев|мар|апр|июн|июл|авг|сент?|окт|нояб?|дек)\.?"
)
_PERSON_PATTERNS = (
    # An ORCID iD, with or without hyphens or the orcid.org prefix.
    ("orcid", re.compile(r"\b\d{4}[- ]?\d{4}[- ]?\d{4}[- ]?\d{3}[\dX]\b", re.IGNORECASE)),
    ("date", re.compile(r"\b(?:19|20)\d{2}[-/.](?:0?[1-9]|1[0-2])[-/.](?:0?[1-9]|[12]\d|3[01])\b")),
    ("date", re.compile(r"\b(?:0?[1-9]|[12]\d|3[01])[-/.](?:0?[1-9]|1[0-2])[-/.](?:19|20)\d{2}\b")),
    (
        "date",
        re.compile(
            rf"\b(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\s+\d{{4}}\b",
            re.IGNORECASE,
        ),
    ),
    (
        "date",
        re.compile(
            rf"\b{_MONTH}\s+(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?,?\s+\d{{4}}\b", re.IGNORECASE
        ),
    ),
    ("email", re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]+")),
    # Seven digits after a "+", or ten without: a year range ("2015-2020") stays searchable.
    ("phone", re.compile(r"\+\d(?:[\s().-]*\d){6,}|\b\d(?:[\s().-]*\d){9,}")),
)
_WHAT = {
    "orcid": _l("an ORCID iD"),
    "date": _l("a date"),
    "email": _l("an e-mail address"),
    "phone": _l("a phone number"),
}


def check_search_text(text: str | None) -> None:
    """Refuse a talent search that looks for a person rather than for skills.

    Raises PersonSearchRefused when the text is or contains an ORCID iD, a date (1985-03-02,
    02.03.1985, 2 March 1985), an e-mail address or a phone number. Real names need no check:
    private fields (full name, other spellings, birth year, e-mail, city) are never embedded or
    indexed, so a name matches nothing it could single out.
    """
    if not text:
        return
    for kind, pattern in _PERSON_PATTERNS:
        if pattern.search(text):
            raise PersonSearchRefused(
                _l(
                    "Talent search finds skills, roles and topics, not people: remove %(what)s "
                    "from the search.",
                    what=_WHAT[kind],
                )
            )
