"""Who viewed me: a person sees which organisations opened their card and when, and every reveal."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from web import database
from web.models import ContactRequest, ProfileView, User

from .contact_helpers import Person, add_person, person_record, set_organization


@pytest.fixture()
def exile(app, auth):
    """A person with a profile."""
    person = Person(app, type(auth), "anna@example.org")
    add_person(app, person.id, person_record())
    return person


def host(app, auth, email: str, organization: str, country: str) -> Person:
    person = Person(app, type(auth), email, role="host", organization=organization)
    set_organization(app, email, country=country)
    return person


def confirm_membership(app, email: str) -> None:
    """Turn a request to join an existing organisation into a membership."""
    with app.app_context(), database.session_scope() as session:
        user = session.scalar(select(User).where(User.email == email))
        for membership in user.memberships:
            membership.role = "member"


def views(app) -> list[tuple[int | None, int | None]]:
    with app.app_context(), database.session_scope() as session:
        rows = session.execute(
            select(ProfileView.organization_id, ProfileView.viewer_id).order_by(ProfileView.id)
        )
        return [tuple(row) for row in rows]


def test_each_organisation_is_listed_once_a_day_with_the_date(app, auth, exile):
    first = host(app, auth, "hr@org-a.example", "Org A", "DE")
    colleague = Person(app, type(auth), "cto@org-a.example", role="host", organization="Org A")
    confirm_membership(app, "cto@org-a.example")
    second = host(app, auth, "hr@org-b.example", "Org B", "FR")

    for person in (first, first, colleague, second):
        assert person.get("/host/talent/p-anna").status_code == 200

    assert len(views(app)) == 2
    page = exile.page("/me/views")
    assert "Org A" in page and "Org B" in page and "Germany" in page
    assert page.count("Org A") == 1
    # Which member looked is not shown, only the organisation.
    for email in ("hr@org-a.example", "cto@org-a.example", "hr@org-b.example"):
        assert email not in page


def test_the_reveal_log_lists_every_reveal_and_revoke(app, auth, exile):
    asking = host(app, auth, "hr@org-a.example", "Org A", "DE")
    asking.post(
        "/host/talent/p-anna/contact",
        data={"purpose": "We would like to talk about a fellowship with you."},
    )
    with app.app_context(), database.session_scope() as session:
        request_id = session.scalar(select(ContactRequest.id))

    exile.post(f"/me/contact-requests/{request_id}/accept", data={"fields": ["email", "city"]})
    exile.post(f"/me/contact-requests/{request_id}/revoke")

    page = exile.page("/me/views")
    assert "Shared: City, Contact e-mail" in page
    assert "Taken back: City, Contact e-mail" in page
    assert re.search(r"Taken back.*Shared", page, re.S), "newest first"


def test_nobody_else_sees_the_views_and_the_owner_is_not_a_view(app, auth, exile):
    looking = host(app, auth, "hr@org-a.example", "Org A", "DE")
    looking.get("/host/talent/p-anna")
    other = Person(app, type(auth), "boris@example.org")
    add_person(app, other.id, person_record("p-boris"))

    assert "Org A" not in other.page("/me/views")
    assert looking.get("/me/views").status_code == 403
    exile.get("/host/talent/p-anna")
    with app.app_context(), database.session_scope() as session:
        assert session.scalar(select(func.count()).select_from(ProfileView)) == 1


def test_a_moderator_view_is_shown_as_the_moderators(app, auth, exile):
    moderator = Person(app, type(auth), "mod@example.org", role="moderator")

    assert moderator.get("/host/talent/p-anna").status_code == 200

    assert views(app) == [(None, moderator.id)]
    assert "Talent Bridge moderators" in exile.page("/me/views")
