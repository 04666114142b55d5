"""Accounts: registration, password checks and ending sessions everywhere."""

from __future__ import annotations

import hashlib

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from web.errors import FormFieldError
from web.models import Membership, Organization, User
from web.services.sanctions import screen_new_organization

_hasher = PasswordHasher()
# Verifying against this when no account matches keeps the answer time the same either way.
_DUMMY_HASH = _hasher.hash("no such account")

ROLES = ("exile", "host", "moderator", "admin")
ORGANIZATION_KINDS = ("employer", "university", "newsroom", "fund", "investor")
MIN_PASSWORD_LENGTH = 10


class AccountError(FormFieldError):
    """A registration or password change that cannot be done, with the field at fault."""


def normalise_email(email: str) -> str:
    """Return the comparable form of an e-mail address."""
    return email.strip().lower()


def throttle_key(email: str) -> str:
    """Return the rate-limit key of sign-in attempts on an account, shared by page and API."""
    # The limiter logs the key of a breached limit; a hash keeps the address out of the logs.
    return "login-account:" + hashlib.sha256(normalise_email(email).encode()).hexdigest()[:32]


def hash_password(password: str) -> str:
    """Return an argon2 hash of a password."""
    return _hasher.hash(password)


def check_password_rules(password: str, email: str) -> None:
    """Raise AccountError if a new password is too weak."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError("password", _l("Use at least %(n)s characters.", n=MIN_PASSWORD_LENGTH))
    if normalise_email(email) in password.lower():
        raise AccountError("password", _l("The password must not contain your e-mail address."))


def find_user(session: Session, email: str) -> User | None:
    """Return the account with this e-mail address, if any."""
    return session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def register(
    session: Session,
    email: str,
    password: str,
    role: str,
    locale: str = "en",
    organization: str | None = None,
    organization_kind: str | None = None,
) -> User:
    """Create an exile or host account; a host joins (or founds) the named organisation."""
    if role not in ("exile", "host"):
        raise AccountError("role", _l("Choose exile or host."))
    if role == "host" and not organization:
        raise AccountError("organization", _l("Name the organisation you represent."))
    email = normalise_email(email)
    if find_user(session, email) is not None:
        raise AccountError("email", _l("An account with this e-mail address already exists."))
    check_password_rules(password, email)
    user = User(email=email, password_hash=hash_password(password), role=role, locale=locale)
    session.add(user)
    founded = None
    if role == "host":
        org = session.scalar(select(Organization).where(Organization.name == organization))
        if org is None:
            org = founded = Organization(name=organization, kind=organization_kind)
            session.add(org)
        # Typing an existing organisation's name only asks to join it: a moderator accepts.
        role_in_org = "member" if founded is not None else "pending"
        session.add(Membership(user=user, organization=org, role=role_in_org))
    session.flush()
    if founded is not None:
        screen_new_organization(session, founded)
    return user


def authenticate(session: Session, email: str, password: str) -> User | None:
    """Return the active account matching the credentials, or None."""
    user = find_user(session, email)
    try:
        _hasher.verify(user.password_hash if user and user.password_hash else _DUMMY_HASH, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return None
    # An account without a password (demo badge holders) never signs in, whatever is typed.
    if user is None or not user.password_hash or not user.is_active:
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def end_all_sessions(user: User) -> None:
    """Make every session cookie issued to the user so far invalid."""
    user.session_version += 1


def change_password(user: User, current: str, new: str) -> None:
    """Change a password after checking the current one; ends every other session."""
    try:
        _hasher.verify(user.password_hash or _DUMMY_HASH, current)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        raise AccountError("current_password", _l("The current password is wrong.")) from None
    check_password_rules(new, user.email)
    user.password_hash = hash_password(new)
    end_all_sessions(user)
