"""Helpers for the contact, blocklist, who-viewed and erasure tests: people, hosts and clients."""

from __future__ import annotations

from sqlalchemy import select

from web import database
from web.models import Organization, OutboxMessage, User
from web.records.schemas import ProfileRecord
from web.services import attestations
from web.services.attestations import Subject
from web.services.records import upsert_profile

from .records import profile

EXILE = "anna-account@example.org"
PRIVATE = {
    "full_name": "Privatefullname Wqx",
    "name_variants": ["Privatevariant Wqx"],
    "birth_year": 1917,
    "email": "private-mail-wqx@example.org",
    "city": "Privatecity-Wqx",
}
EMPLOYER = "Privateemployer Wqx"
INSTITUTION = "Privateschool Wqx"


def private_texts() -> list[str]:
    """Return every private value of the test person as text, lower case included."""
    texts = [
        PRIVATE["full_name"],
        *PRIVATE["name_variants"],
        PRIVATE["email"],
        PRIVATE["city"],
        EMPLOYER,
        INSTITUTION,
    ]
    return texts + [text.lower() for text in texts]


def person_record(external_id: str = "p-anna", **changes) -> dict:
    """Return a profile record whose private fields, employer and institution are canaries."""
    return profile(
        external_id=external_id,
        experience=[
            {"title": "Backend engineer", "organization": EMPLOYER, "start": "2015-01"},
        ],
        education=[{"degree": "MSc", "field": "Mathematics", "institution": INSTITUTION}],
        **(PRIVATE | changes),
    )


def add_person(app, user_id: int | None, record: dict, **columns) -> int:
    """Store a profile, link it to an account and set model columns; return its id."""
    with app.app_context(), database.session_scope() as session:
        stored, _ = upsert_profile(session, ProfileRecord.model_validate(record))
        stored.user_id = user_id
        for name, value in columns.items():
            setattr(stored, name, value)
        session.flush()
        return stored.id


def organization_of(app, email: str) -> Organization:
    """Return the (first) organisation of a host account."""
    with app.app_context(), database.session_scope() as session:
        user = session.scalar(select(User).where(User.email == email))
        return user.memberships[0].organization


def set_organization(app, email: str, **columns) -> int:
    """Change columns of a host's organisation; return its id."""
    with app.app_context(), database.session_scope() as session:
        user = session.scalar(select(User).where(User.email == email))
        organization = user.memberships[0].organization
        for name, value in columns.items():
            setattr(organization, name, value)
        return organization.id


def approve_badge(app, organization_id: int) -> None:
    """Give an organisation a current approval badge."""
    with app.app_context(), database.session_scope() as session:
        attestations.record(
            session,
            Subject(organization_id=organization_id),
            "approval",
            status="verified",
            evidence="",
            checked_by="moderators #1 and #2",
        )


def outbox(app, to: str | None = None) -> list[tuple[str, str, str]]:
    """Return (to, subject, body) of the mail sent so far, oldest first."""
    with app.app_context(), database.session_scope() as session:
        query = select(OutboxMessage).order_by(OutboxMessage.id)
        if to is not None:
            query = query.where(OutboxMessage.to_address == to)
        return [(m.to_address, m.subject, m.body) for m in session.scalars(query)]


class Person:
    """A signed-in client of its own, so several people can act in one test."""

    def __init__(self, app, auth_class, email: str, **create) -> None:
        self.client = app.test_client()
        self.auth = auth_class(app, self.client)
        self.id = self.auth.create(email, **create)
        self.email = email
        response = self.auth.login(email)
        assert response.status_code == 302, response.get_data(as_text=True)

    def get(self, url: str, **kwargs):
        """GET as this person."""
        return self.client.get(url, **kwargs)

    def post(self, url: str, **kwargs):
        """POST as this person."""
        return self.client.post(url, **kwargs)

    def page(self, url: str, status: int = 200) -> str:
        """GET a page, check its status and return its text."""
        response = self.client.get(url)
        assert response.status_code == status, (url, response.status_code)
        return response.get_data(as_text=True)
