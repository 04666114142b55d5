"""Demo sign-ins: an exile who owns a demo profile, a host of a demo organisation, an admin."""

from __future__ import annotations

import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from web.models import Listing, Membership, Profile, User
from web.services.accounts import hash_password

EXILE_EMAIL = "exile@demo.example"
HOST_EMAIL = "host@demo.example"
ADMIN_EMAIL = "admin@demo.example"


def _account(session: Session, email: str, role: str) -> tuple[User, str]:
    """Create the account or give it a new random password; return it and the password."""
    password = secrets.token_urlsafe(12)
    user = session.scalar(select(User).where(User.email == email))
    if user is None:
        user = User(email=email, role=role, session_version=0)
        session.add(user)
    else:
        # Sessions opened with the previous password end with it.
        user.session_version += 1
    user.password_hash = hash_password(password)
    session.flush()
    return user, password


def ensure_demo_accounts(session: Session) -> list[tuple[str, str, str]]:
    """Set up the three demo sign-ins with fresh passwords; return (role, e-mail, password)."""
    exile, exile_password = _account(session, EXILE_EMAIL, "exile")
    profile = session.scalar(select(Profile).where(Profile.external_id == "demo-p-0001"))
    if profile is not None and profile.user_id in (None, exile.id):
        profile.user_id = exile.id
    host, host_password = _account(session, HOST_EMAIL, "host")
    listing = session.scalar(select(Listing).where(Listing.external_id == "demo-l-0001"))
    if listing is not None and not host.memberships:
        session.add(Membership(user=host, organization_id=listing.organization_id))
    _, admin_password = _account(session, ADMIN_EMAIL, "admin")
    session.flush()
    return [
        ("exile", EXILE_EMAIL, exile_password),
        ("host", HOST_EMAIL, host_password),
        ("admin", ADMIN_EMAIL, admin_password),
    ]
