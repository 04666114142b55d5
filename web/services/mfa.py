"""Two-factor sign-in with TOTP (RFC 6238) and single-use recovery codes.

A code is accepted for the current 30-second step or the one either side (clock drift), and only
for a step later than the last one used, so a code seen over someone's shoulder cannot be replayed.
Recovery codes are random (50 bits each), so an unsalted SHA-256 is enough to store them.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time

import pyotp
import segno
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from web.errors import FormFieldError, TalentBridgeError
from web.models import User, utcnow
from web.services import accounts, audit, rate_limits

ISSUER = "Talent Bridge"
RECOVERY_CODE_COUNT = 10
# Attempts at a code per account, whichever page or endpoint they come through.
CODE_ATTEMPT_SCOPE = "mfa-code"


class MfaError(FormFieldError):
    """A two-factor step that cannot be done, with the form field at fault."""


class TooManyAttempts(TalentBridgeError):
    """Too many codes were tried for this account; wait `retry_after` seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__("too many code attempts")
        self.retry_after = retry_after


def is_enabled(user: User | None) -> bool:
    """Return True if the account signs in with a second factor."""
    return user is not None and user.totp_enabled_at is not None and bool(user.totp_secret)


def is_required(user: User | None) -> bool:
    """Return True if the account's role must use a second factor (MFA_REQUIRED_ROLES)."""
    return user is not None and user.role in current_app.config["MFA_REQUIRED_ROLES"]


# Enrolment --------------------------------------------------------------------------------------


def start_enrolment(session: Session, user: User) -> str:
    """Give the account a new secret, not yet in force; return it (base32)."""
    if is_enabled(user):
        raise MfaError("code", _l("Two-factor sign-in is already on."))
    user.totp_secret = pyotp.random_base32()
    user.totp_last_step = None
    session.flush()
    return user.totp_secret


def provisioning_uri(user: User) -> str:
    """Return the otpauth:// URI an authenticator app reads (as text or a QR code)."""
    return pyotp.TOTP(user.totp_secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_svg(uri: str) -> str:
    """Return the URI as an inline SVG QR code, drawn here (no outside service sees the secret)."""
    return segno.make(uri, error="m").svg_inline(scale=4, svgclass="qr", lineclass=None)


def confirm_enrolment(session: Session, user: User, code: str) -> list[str]:
    """Turn the second factor on once a first code proves the app has the secret.

    Returns the new recovery codes (shown once). Every other session of the account ends.
    """
    if is_enabled(user) or not user.totp_secret:
        raise MfaError("code", _l("Start the set-up again: no secret is waiting to be confirmed."))
    _attempt(session, user)
    if not _accept_totp(session, user, "".join((code or "").split())):
        raise _failed(user, _l("That code is not right. Check the time on your device."))
    user.totp_enabled_at = utcnow()
    codes = _new_recovery_codes(user)
    accounts.end_all_sessions(user)
    audit.record(session, "mfa_enabled", actor_user_id=user.id, subject_user_id=user.id)
    session.flush()
    return codes


def disable(session: Session, user: User, password: str, code: str) -> None:
    """Turn the second factor off after checking the password and a code."""
    if not is_enabled(user):
        raise MfaError("code", _l("Two-factor sign-in is not on."))
    if accounts.authenticate(session, user.email, password) is None:
        raise MfaError("password", _l("The password is wrong."))
    verify(session, user, code)
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    user.recovery_codes = []
    accounts.end_all_sessions(user)
    audit.record(session, "mfa_disabled", actor_user_id=user.id, subject_user_id=user.id)
    session.flush()


def regenerate_recovery_codes(session: Session, user: User, code: str) -> list[str]:
    """Replace the recovery codes after checking a code; return the new ones (shown once)."""
    if not is_enabled(user):
        raise MfaError("code", _l("Two-factor sign-in is not on."))
    verify(session, user, code)
    codes = _new_recovery_codes(user)
    session.flush()
    return codes


def recovery_codes_left(user: User) -> int:
    """Return how many unused recovery codes the account has."""
    return len(user.recovery_codes or [])


# Verification -----------------------------------------------------------------------------------


def verify(session: Session, user: User, code: str) -> str:
    """Accept a TOTP code or an unused recovery code; return "totp" or "recovery".

    Raises TooManyAttempts past MFA_CODE_LIMIT wrong codes, and MfaError for a wrong or reused code.
    """
    _attempt(session, user)
    cleaned = "".join((code or "").split())
    if cleaned.isdigit() and len(cleaned) == 6:
        if _accept_totp(session, user, cleaned):
            session.flush()
            return "totp"
    elif _use_recovery_code(user, cleaned):
        session.flush()
        return "recovery"
    raise _failed(user, _l("That code is not right, or it was used already."))


def _attempt(session: Session, user: User) -> None:
    """Refuse a code attempt past MFA_CODE_LIMIT failures; record a security event once."""
    limits = current_app.config["MFA_CODE_LIMIT"]
    wait = rate_limits.check(limits, CODE_ATTEMPT_SCOPE, str(user.id))
    if wait is None:
        return
    if rate_limits.first_in(wait, "mfa-event", str(user.id)):
        audit.security_event(session, "mfa_attempts", user_id=user.id, details={"limit": limits})
        # The caller answers 429 and would roll the event back.
        session.commit()
    raise TooManyAttempts(wait)


def _failed(user: User, message) -> MfaError:
    """Count a wrong code against the account and return the error to raise."""
    rate_limits.hit(current_app.config["MFA_CODE_LIMIT"], CODE_ATTEMPT_SCOPE, str(user.id))
    return MfaError("code", message)


def _accept_totp(session: Session, user: User, code: str) -> bool:
    totp = pyotp.TOTP(user.totp_secret)
    now = int(time.time()) // totp.interval
    last = user.totp_last_step if user.totp_last_step is not None else -1
    for step in (now - 1, now, now + 1):
        if step > last and hmac.compare_digest(totp.generate_otp(step), code):
            return _claim_step(session, user, step)
    return False


def _claim_step(session: Session, user: User, step: int) -> bool:
    """Record the step as used; False if another request used it (or a later one) first."""
    # A conditional update, so of two requests sending the same code at once only one wins.
    result = session.execute(
        update(User)
        .where(
            User.id == user.id,
            or_(User.totp_last_step.is_(None), User.totp_last_step < step),
        )
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        return False
    set_committed_value(user, "totp_last_step", step)
    return True


def _hash(code: str) -> str:
    return hashlib.sha256(code.replace("-", "").lower().encode()).hexdigest()


def _new_recovery_codes(user: User) -> list[str]:
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        raw = secrets.token_hex(5)
        codes.append(f"{raw[:5]}-{raw[5:]}")
    # A new list, so the JSON column is seen as changed.
    user.recovery_codes = [_hash(code) for code in codes]
    return codes


def _use_recovery_code(user: User, code: str) -> bool:
    if not code:
        return False
    digest = _hash(code)
    stored = list(user.recovery_codes or [])
    for item in stored:
        if hmac.compare_digest(item, digest):
            stored.remove(item)
            user.recovery_codes = stored
            return True
    return False
