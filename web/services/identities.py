"""External identities (ORCID, GitHub): validate, link and unlink them, and keep their badges.

An identity is bound by the provider's immutable identifier: the ORCID iD, or GitHub's numeric
user id. A GitHub login can be renamed and later taken by someone else, so it is never used to find
an identity; it is kept only as `display`, for the owner's own page.
"""

from __future__ import annotations

import re

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from web.errors import TalentBridgeError
from web.models import ExternalIdentity, User
from web.services import attestations, audit
from web.services.attestations import Subject

PROVIDERS = ("orcid", "github")
PROVIDER_NAMES = {"orcid": "ORCID", "github": "GitHub"}
CHECKED_BY = {"orcid": "ORCID OAuth", "github": "GitHub OAuth"}

ORCID_PATTERN = re.compile(r"\d{4}-\d{4}-\d{4}-\d{3}[\dX]")
ORCID_PREFIXES = ("https://orcid.org/", "http://orcid.org/")
GITHUB_ID_MAX = 2**53  # GitHub's ids are JSON numbers; anything larger is not a real account.


class IdentityError(TalentBridgeError):
    """An identity cannot be linked or unlinked; the message says why."""


def orcid_check_digit(base_digits: str) -> str:
    """Return the ISO 7064 MOD 11-2 check character of the first 15 digits of an ORCID iD."""
    total = 0
    for digit in base_digits:
        total = (total + int(digit)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


def normalise_orcid(value: str | None) -> str | None:
    """Return the ORCID iD in its 0000-0000-0000-000X form, or None if it is not a valid one."""
    if not isinstance(value, str):
        return None
    value = value.strip().upper()
    for prefix in ORCID_PREFIXES:
        if value.lower().startswith(prefix):
            value = value[len(prefix) :]
    if not ORCID_PATTERN.fullmatch(value):
        return None
    digits = value.replace("-", "")
    return value if orcid_check_digit(digits[:15]) == digits[15] else None


def mask_orcid(orcid: str) -> str:
    """Return the part of an ORCID iD hosts see: its first two blocks ("0000-0002-…")."""
    return orcid[:10] + "…"


def normalise_github_id(value: object) -> str | None:
    """Return GitHub's numeric user id as a string, or None if the value is not one."""
    # JSON true is an int to Python, and "123" is a login-like string, not the numeric id.
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < GITHUB_ID_MAX:
        return None
    return str(value)


def identity_of(session: Session, user_id: int, provider: str) -> ExternalIdentity | None:
    """Return the user's linked identity at a provider, if any."""
    return session.scalars(
        select(ExternalIdentity).where(
            ExternalIdentity.user_id == user_id, ExternalIdentity.provider == provider
        )
    ).one_or_none()


def identities_of(session: Session, user_id: int) -> dict[str, ExternalIdentity]:
    """Return the user's linked identities by provider."""
    rows = session.scalars(select(ExternalIdentity).where(ExternalIdentity.user_id == user_id))
    return {identity.provider: identity for identity in rows}


def _owner_of(session: Session, provider: str, subject: str) -> ExternalIdentity | None:
    return session.scalars(
        select(ExternalIdentity).where(
            ExternalIdentity.provider == provider, ExternalIdentity.subject == subject
        )
    ).one_or_none()


def _subject_for(provider: str, subject: object) -> str:
    if provider == "orcid":
        orcid = normalise_orcid(subject if isinstance(subject, str) else None)
        if orcid is None:
            raise IdentityError(
                _(
                    "ORCID sent an iD that is not valid (its check digit is wrong), so nothing "
                    "was linked."
                )
            )
        return orcid
    if provider == "github":
        github_id = normalise_github_id(subject)
        if github_id is None:
            raise IdentityError(
                _("GitHub did not send a valid account number, so nothing was linked.")
            )
        return github_id
    raise ValueError(f"unknown identity provider {provider!r}")


def evidence_for(provider: str, subject: str) -> str:
    """Return what the badge of a linked identity shows hosts (see services.badges)."""
    return mask_orcid(subject) if provider == "orcid" else ""


def link(
    session: Session, user: User, provider: str, subject: object, display: str = ""
) -> ExternalIdentity:
    """Link a provider's identity to the user and record the verified attestation.

    `subject` is what the provider vouched for: the ORCID iD string, or GitHub's numeric id (an
    int, exactly as the API returned it). Raises IdentityError if it is invalid, already linked to
    another account, or if the user already has a different identity at this provider.
    """
    subject = _subject_for(provider, subject)
    name = PROVIDER_NAMES[provider]
    owner = _owner_of(session, provider, subject)
    if owner is not None and owner.user_id != user.id:
        audit.security_event(
            session, "identity_conflict", user_id=user.id, details={"provider": provider}
        )
        raise IdentityError(
            _(
                "This %(provider)s account is already linked to another Talent Bridge account, "
                "so it was not linked to yours. If it is yours, unlink it there first.",
                provider=name,
            )
        )
    current = identity_of(session, user.id, provider)
    if current is not None and current.subject != subject:
        raise IdentityError(
            _(
                "Your account already has a linked %(provider)s account. Unlink it first to link "
                "a different one.",
                provider=name,
            )
        )
    display = (subject if provider == "orcid" else (display or ""))[:200]
    if current is None:
        current = ExternalIdentity(user_id=user.id, provider=provider, subject=subject)
        current.display = display
        try:
            with session.begin_nested():
                session.add(current)
        except IntegrityError:
            # Another request linked the same identity, or this account, in the meantime.
            raise IdentityError(
                _("%(provider)s linking is already in progress; please try again.", provider=name)
            ) from None
        audit.record(
            session,
            "identity_linked",
            actor_user_id=user.id,
            subject_user_id=user.id,
            details={"provider": provider},
        )
    else:
        # The same account again: keep the binding, refresh the name the owner sees.
        current.display = display
    attestations.record(
        session,
        Subject(user_id=user.id),
        provider,
        status="verified",
        evidence=evidence_for(provider, subject),
        checked_by=CHECKED_BY[provider],
    )
    return current


def unlink(session: Session, user: User, provider: str) -> bool:
    """Remove the user's identity at a provider and revoke its attestation; False if none."""
    current = identity_of(session, user.id, provider)
    if current is None:
        return False
    session.delete(current)
    attestations.revoke(
        session, Subject(user_id=user.id), provider, checked_by="unlinked by the owner"
    )
    audit.record(
        session,
        "identity_unlinked",
        actor_user_id=user.id,
        subject_user_id=user.id,
        details={"provider": provider},
    )
    session.flush()
    return True
