"""Demo trust data: badges on part of the demo pool, an approved demo host, a domain allowlist.

Demo profiles are imported records without accounts; badges belong to accounts, so a share of the
demo profiles get a sign-in-less account (no password) that holds their badges. Every badge here is
made up for the demo, as the corpus is, and says so in `checked_by`.
"""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from web.demo.accounts import HOST_EMAIL
from web.models import AllowedDomain, Listing, Organization, Profile, User, utcnow
from web.services import attestations
from web.services.attestations import Subject

DEMO_CHECKER = "demo data"
DEMO_DOMAINS = (
    ("demo.example", "Talent Bridge demo employers", "employer"),
    ("uni-demo.example", "Demo University", "university"),
    ("news-demo.example", "Demo Newsroom", "newsroom"),
)
# Share of demo profiles that get an account holding badges.
BADGED_SHARE = 0.6


def orcid_with_checksum(base15: str) -> str:
    """Return a valid ORCID iD (ISO 7064 MOD 11-2 check digit) for 15 digits."""
    total = 0
    for digit in base15:
        total = (total + int(digit)) * 2
    check = (12 - total % 11) % 11
    digits = base15 + ("X" if check == 10 else str(check))
    return "-".join(digits[i : i + 4] for i in range(0, 16, 4))


def seed_trust(session: Session, seed: int = 7) -> None:
    """Give demo profiles, the demo host and the demo organisations their badges (idempotent)."""
    for domain, label, category in DEMO_DOMAINS:
        if session.scalar(select(AllowedDomain).where(AllowedDomain.domain == domain)) is None:
            session.add(AllowedDomain(domain=domain, label=label, category=category))
    _approve_listing_organizations(session)
    host = session.scalar(select(User).where(User.email == HOST_EMAIL))
    if host is not None:
        for kind, evidence in (("email", ""), ("domain", "demo.example")):
            attestations.record(
                session,
                Subject(user_id=host.id),
                kind,
                status="verified",
                evidence=evidence,
                checked_by=DEMO_CHECKER,
                expires_at=utcnow() + timedelta(days=365) if kind == "domain" else None,
            )
    rng = random.Random(seed)
    profiles = session.scalars(select(Profile).order_by(Profile.external_id)).all()
    for profile in profiles:
        if rng.random() >= BADGED_SHARE and profile.external_id != "demo-p-0001":
            continue
        user = profile.user or _shadow_user(session, profile)
        _person_badges(session, rng, profile, user)
    session.flush()


def _approve_listing_organizations(session: Session) -> None:
    organization_ids = set(session.scalars(select(Listing.organization_id)))
    for organization in session.scalars(
        select(Organization).where(Organization.id.in_(organization_ids))
    ):
        if organization.approval_status != "approved":
            organization.approval_status = "approved"
            organization.approved_at = utcnow()
        attestations.record(
            session,
            Subject(organization_id=organization.id),
            "approval",
            status="verified",
            evidence="",
            checked_by=DEMO_CHECKER,
        )


def _shadow_user(session: Session, profile: Profile) -> User:
    user = User(
        email=f"{profile.external_id}@people.demo.example", role="exile", password_hash=None
    )
    session.add(user)
    session.flush()
    profile.user_id = user.id
    return user


def _person_badges(session: Session, rng: random.Random, profile: Profile, user: User) -> None:
    subject = Subject(user_id=user.id)
    now = utcnow()

    def record(kind: str, evidence: str, expires_days: int | None = None) -> None:
        expires = now + timedelta(days=expires_days) if expires_days else None
        attestations.record(
            session,
            subject,
            kind,
            status="verified",
            evidence=evidence,
            checked_by=DEMO_CHECKER,
            expires_at=expires,
        )

    record("email", "")
    if profile.field == "academia" or rng.random() < 0.15:
        orcid = orcid_with_checksum("00000002" + "".join(str(rng.randrange(10)) for _ in range(7)))
        record("orcid", orcid[:10] + "…")
    if profile.field == "it" and rng.random() < 0.6:
        record("github", "")
    if rng.random() < 0.3:
        category = {"academia": "university", "media": "newsroom"}.get(profile.field, "employer")
        record("domain", category, 365)
    if rng.random() < 0.25:
        record("vouch", str(rng.randrange(3, 7)))
    if rng.random() < 0.1:
        record("document", rng.choice(("Degree certificate", "Press card")))
