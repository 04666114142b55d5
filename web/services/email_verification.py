"""E-mail confirmation: signed, single-use links for the account address and for a work address.

The link carries a random token signed with the secret key (one salt per purpose, so an account
link cannot stand in for a work link); the database keeps only the token's SHA-256.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import smtplib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from email_validator import EmailNotValidError, validate_email
from flask import current_app, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from web.errors import MessageError
from web.models import Attestation, EmailConfirmation, User, utcnow
from web.services import attestations, domains, mail
from web.services.attestations import Subject

log = logging.getLogger(__name__)

PURPOSES = ("account", "work")
INVALID = _l("This link is not valid. Ask for a new one.")
EXPIRED = _l("This link has expired. Ask for a new one.")
USED = _l("This link has already been used.")


class ConfirmationError(MessageError):
    """A confirmation that cannot be sent or completed, with a message for the user."""


@dataclass(frozen=True)
class State:
    """What a confirmation page shows: the current badge and the link waiting to be used."""

    attestation: Attestation | None
    pending: EmailConfirmation | None


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(
        current_app.config["SECRET_KEY"], salt=f"talent-bridge.email-confirmation.{purpose}"
    )


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _aware(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; every stored time is UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _max_age() -> int:
    return int(current_app.config.get("EMAIL_CONFIRM_MAX_AGE", 48 * 3600))


def _attestation_days() -> int:
    return int(current_app.config.get("DOMAIN_ATTESTATION_DAYS", 365))


def _work_address(session: Session, user: User, address: str | None) -> str:
    """Return the normalised work address, or raise if it cannot prove an affiliation."""
    local = (address or "").strip().rpartition("@")[0]
    try:
        domain = domains.address_domain(address or "")
    except domains.DomainError as error:
        raise ConfirmationError(error.message) from None
    if domains.is_free_mail(domain):
        raise ConfirmationError(
            _l(
                "Anyone can open a mailbox at a free mail service; use your work or university address."  # noqa: E501
            )
        )
    # A host's own company domain counts for approval even before moderators list it.
    if user.role != "host" and domains.match_domain(session, domain) is None:
        raise ConfirmationError(
            _l(
                "This domain is not on the list of organisations our moderators checked. Ask them to add it, or choose another check."  # noqa: E501
            )
        )
    try:
        # The local part by the RFCs; the domain was checked above, more strictly.
        validate_email(f"{local}@{domain}", check_deliverability=False)
    except EmailNotValidError:
        raise ConfirmationError(_l("Enter an e-mail address.")) from None
    return f"{local}@{domain}"


def _check_throttle(session: Session, user_id: int) -> None:
    since = utcnow() - timedelta(hours=1)
    sent = session.scalar(
        select(func.count())
        .select_from(EmailConfirmation)
        .where(EmailConfirmation.user_id == user_id, EmailConfirmation.created_at >= since)
    )
    if sent >= int(current_app.config.get("EMAIL_CONFIRM_PER_HOUR", 5)):
        raise ConfirmationError(
            _l("Too many messages were sent in the last hour; try again later.")
        )


def _link(purpose: str, signed: str) -> str:
    # A configured public address keeps a forged Host header out of the mail.
    base = current_app.config.get("EMAIL_LINK_BASE_URL")
    if base:
        return base.rstrip("/") + url_for("verify_email.confirm", purpose=purpose, token=signed)
    return url_for("verify_email.confirm", purpose=purpose, token=signed, _external=True)


def _message(purpose: str, link: str) -> tuple[str, str]:
    hours = _max_age() // 3600
    if purpose == "account":
        subject = _("Confirm your e-mail address for Talent Bridge")
    else:
        subject = _("Confirm your work address for Talent Bridge")
    body = "\n\n".join(
        [
            _("Open this link and press the button to confirm that this address is yours:"),
            link,
            _(
                "The link works once, for %(hours)s hours, and only in the account that asked for it.",  # noqa: E501
                hours=hours,
            ),
            _("If you did not ask for it, ignore this message."),
        ]
    )
    return subject, body


def send_confirmation(
    session: Session, user: User, purpose: str, address: str | None = None
) -> EmailConfirmation:
    """Create a confirmation and mail its link: to the account address, or to a work address."""
    if purpose == "account":
        if attestations.has_current(session, Subject(user_id=user.id), "email"):
            raise ConfirmationError(_l("Your e-mail address is already confirmed."))
        address = user.email
    elif purpose == "work":
        address = _work_address(session, user, address)
    else:
        raise ValueError(f"unknown confirmation purpose {purpose!r}")
    _check_throttle(session, user.id)
    token = secrets.token_urlsafe(32)
    now = utcnow()
    confirmation = EmailConfirmation(
        user_id=user.id,
        purpose=purpose,
        email=address,
        token_hash=_hash(token),
        created_at=now,
        expires_at=now + timedelta(seconds=_max_age()),
    )
    session.add(confirmation)
    session.flush()
    # In the language of the page that asked: the user's own, or the one chosen before signing up.
    subject, body = _message(purpose, _link(purpose, _serializer(purpose).dumps(token)))
    try:
        mail.send(session, address, subject, body)
    except (smtplib.SMTPException, OSError):
        log.warning("confirmation mail (%s) could not be sent", purpose)
        session.delete(confirmation)
        session.flush()
        raise ConfirmationError(
            _l("The message could not be sent just now; try again in a few minutes.")
        ) from None
    return confirmation


def send_after_registration(session: Session, user: User) -> bool:
    """Mail a new account its confirmation link; a failure leaves the account as it is."""
    try:
        send_confirmation(session, user, "account")
    except ConfirmationError:
        return False
    return True


def _latest(session: Session, user_id: int, purpose: str) -> EmailConfirmation | None:
    return session.scalar(
        select(EmailConfirmation)
        .where(EmailConfirmation.user_id == user_id, EmailConfirmation.purpose == purpose)
        .order_by(EmailConfirmation.created_at.desc(), EmailConfirmation.id.desc())
        .limit(1)
    )


def confirm(
    session: Session, user: User, purpose: str, signed_token: str, *, max_age: int | None = None
) -> Attestation | None:
    """Use a confirmation link for the signed-in user; return the attestation it earned.

    Returns None when a work address was confirmed but its domain left the allowlist meanwhile.
    """
    if purpose not in PURPOSES:
        raise ConfirmationError(INVALID)
    try:
        token = _serializer(purpose).loads(
            signed_token or "", max_age=_max_age() if max_age is None else max_age
        )
    except SignatureExpired:
        raise ConfirmationError(EXPIRED) from None
    except BadSignature:
        raise ConfirmationError(INVALID) from None
    if not isinstance(token, str):
        raise ConfirmationError(INVALID)
    confirmation = session.scalar(
        select(EmailConfirmation).where(
            EmailConfirmation.token_hash == _hash(token), EmailConfirmation.purpose == purpose
        )
    )
    if confirmation is None:
        raise ConfirmationError(INVALID)
    if confirmation.user_id != user.id:
        raise ConfirmationError(
            _l("This link was sent for another account. Sign in to the account that asked for it.")
        )
    if confirmation.used_at is not None:
        raise ConfirmationError(USED)
    now = utcnow()
    if _aware(confirmation.expires_at) <= now:
        raise ConfirmationError(EXPIRED)
    if _latest(session, user.id, purpose).id != confirmation.id or (
        purpose == "account" and confirmation.email.lower() != user.email.lower()
    ):
        raise ConfirmationError(_l("A newer link was sent since; use the newest message."))
    # Conditional, so two presses racing each other cannot both use the link.
    used = session.execute(
        update(EmailConfirmation)
        .where(EmailConfirmation.id == confirmation.id, EmailConfirmation.used_at.is_(None))
        .values(used_at=now)
    )
    if used.rowcount != 1:
        raise ConfirmationError(USED)
    return _attest(session, user, confirmation, now)


def _attest(
    session: Session, user: User, confirmation: EmailConfirmation, now: datetime
) -> Attestation | None:
    subject = Subject(user_id=user.id)
    if confirmation.purpose == "account":
        return attestations.record(
            session, subject, "email", status="verified", evidence="", checked_by="e-mail link"
        )
    found = domains.match_address(session, confirmation.email)
    if found is None:
        return None
    # Hosts show which organisation's domain; exiles only what kind of place, never which.
    evidence = found.entry.domain if user.role == "host" else found.entry.category
    return attestations.record(
        session,
        subject,
        "domain",
        status="verified",
        evidence=evidence,
        checked_by="work e-mail link",
        expires_at=now + timedelta(days=_attestation_days()),
    )


def verified_work_domain(session: Session, user_id: int) -> str | None:
    """Return the domain of the user's last confirmed work address still in its validity period."""
    since = utcnow() - timedelta(days=_attestation_days())
    confirmation = session.scalar(
        select(EmailConfirmation)
        .where(
            EmailConfirmation.user_id == user_id,
            EmailConfirmation.purpose == "work",
            EmailConfirmation.used_at.is_not(None),
            EmailConfirmation.used_at > since,
        )
        .order_by(EmailConfirmation.used_at.desc(), EmailConfirmation.id.desc())
        .limit(1)
    )
    return confirmation.email.rpartition("@")[2] if confirmation else None


def addresses_of(session: Session, user_id: int) -> set[str]:
    """Return every address a user asked to confirm (erasure removes their mail too)."""
    rows = session.scalars(
        select(EmailConfirmation.email).where(EmailConfirmation.user_id == user_id).distinct()
    )
    return {address.lower() for address in rows}


def revoke_unbacked_domain_badges(session: Session, removed_domain: str) -> int:
    """Revoke domain badges whose address no longer falls under the allowlist; return how many."""
    user_ids = session.scalars(
        select(EmailConfirmation.user_id)
        .where(
            EmailConfirmation.purpose == "work",
            EmailConfirmation.used_at.is_not(None),
            or_(
                EmailConfirmation.email.like(f"%@{removed_domain}"),
                EmailConfirmation.email.like(f"%.{removed_domain}"),
            ),
        )
        .distinct()
    ).all()
    revoked = 0
    for user_id in user_ids:
        domain = verified_work_domain(session, user_id)
        subject = Subject(user_id=user_id)
        if (
            domain is not None
            and (domain == removed_domain or domain.endswith("." + removed_domain))
            and domains.match_domain(session, domain) is None
            and attestations.has_current(session, subject, "domain")
        ):
            attestations.revoke(session, subject, "domain", checked_by="domain removed from list")
            revoked += 1
    return revoked


def state(session: Session, user: User, purpose: str) -> State:
    """Return the user's badge for a purpose and the newest link still waiting, if any."""
    kind = "email" if purpose == "account" else "domain"
    attestation = attestations.find(session, Subject(user_id=user.id), kind)
    if attestation is not None and not attestations.is_current(attestation):
        attestation = None
    pending = _latest(session, user.id, purpose)
    if pending is not None and (
        pending.used_at is not None or _aware(pending.expires_at) <= utcnow()
    ):
        pending = None
    return State(attestation=attestation, pending=pending)
