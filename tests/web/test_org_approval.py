"""Host organisation approval (issue 4, check 8): a verified work-domain member, a clear sanctions
screening and a moderator's yes; joining an existing organisation by name only asks to join."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from web import database
from web.models import Attestation, Membership, Organization, User
from web.services import attestations, sanctions
from web.services.attestations import Subject

from .sanctions_helpers import latest, load

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def password_only_sign_in(app):
    """Sign staff and hosts in with a password alone: two-factor sign-in has tests of its own."""
    app.config["MFA_REQUIRED_ROLES"] = ()


def host(auth, email: str, organization: str) -> int:
    """Create a host whose organisation waits for approval; return the user id."""
    return auth.create(email, role="host", organization=organization, approved=False)


def organization_of(app, user_id: int) -> int:
    with app.app_context(), database.session_scope() as session:
        return session.get(User, user_id).memberships[0].organization_id


def verify_domain(app, user_id: int, domain: str = "labs.example") -> None:
    """Give a member a current work-domain badge (what a confirmed work e-mail records)."""
    with app.app_context(), database.session_scope() as session:
        attestations.record(
            session,
            Subject(user_id=user_id),
            "domain",
            status="verified",
            evidence=domain,
            checked_by="work e-mail link",
        )


def approval_status(app, organization_id: int) -> str:
    with app.app_context(), database.session_scope() as session:
        return session.get(Organization, organization_id).approval_status


def act(client, auth, organization_id: int, action: str):
    auth.login("mod@example.org")
    return client.post(
        f"/admin/organizations/{organization_id}/approval/{action}", follow_redirects=True
    )


@pytest.fixture()
def moderator(auth):
    return auth.create("mod@example.org", role="moderator")


def test_an_organisation_with_a_domain_member_and_a_clear_screening_is_approved(
    app, client, auth, moderator
):
    load(app)
    owner = host(auth, "hr@labs.example", "Labs")
    organization_id = organization_of(app, owner)
    verify_domain(app, owner)
    auth.login("hr@labs.example")
    assert client.get("/host/search").status_code == 403

    page = act(client, auth, organization_id, "approve").get_data(as_text=True)

    assert "approved" in page
    with app.app_context(), database.session_scope() as session:
        organization = session.get(Organization, organization_id)
        assert organization.approval_status == "approved"
        assert organization.approved_by_id == moderator
        assert organization.approved_at is not None
        assert attestations.has_current(
            session, Subject(organization_id=organization_id), "approval"
        )
    auth.login("hr@labs.example")
    assert client.get("/host/search").status_code == 200


def test_no_approval_without_a_verified_work_domain(app, client, auth, moderator):
    load(app)
    organization_id = organization_of(app, host(auth, "hr@labs.example", "Labs"))
    assert latest(app, organization_id=organization_id)["status"] == "clear"
    auth.login("mod@example.org")
    page = client.get(f"/admin/organizations/{organization_id}/approval").get_data(as_text=True)
    assert "No member has confirmed a work address" in page

    response = act(client, auth, organization_id, "approve")

    assert "No member has confirmed a work address" in response.get_data(as_text=True)
    assert approval_status(app, organization_id) == "pending"


def test_no_approval_while_a_sanctions_hit_is_pending(app, client, auth, moderator):
    load(app)
    owner = host(auth, "hr@vymysel.example", "Vymysel Trading")
    organization_id = organization_of(app, owner)
    verify_domain(app, owner, "vymysel.example")
    assert latest(app, organization_id=organization_id)["status"] == "review"

    response = act(client, auth, organization_id, "approve").get_data(as_text=True)

    assert "sanctions screening is not clear" in response
    assert approval_status(app, organization_id) == "pending"


def test_no_approval_before_any_screening_and_screening_on_demand(app, client, auth, moderator):
    owner = host(auth, "hr@labs.example", "Labs")
    organization_id = organization_of(app, owner)
    verify_domain(app, owner)
    assert "Not screened yet" in act(client, auth, organization_id, "approve").get_data(
        as_text=True
    )
    assert approval_status(app, organization_id) == "pending"
    assert "No sanctions list is loaded" in act(client, auth, organization_id, "screen").get_data(
        as_text=True
    )

    with app.app_context(), database.session_scope() as session:
        sanctions.load_file(
            session, sanctions.fixture_path(), sanctions.settings_from_config(app.config)
        )
    act(client, auth, organization_id, "screen")
    act(client, auth, organization_id, "approve")

    assert approval_status(app, organization_id) == "approved"


def test_suspending_or_rejecting_ends_talent_access(app, client, auth, moderator):
    load(app)
    owner = host(auth, "hr@labs.example", "Labs")
    organization_id = organization_of(app, owner)
    verify_domain(app, owner)
    act(client, auth, organization_id, "approve")

    act(client, auth, organization_id, "suspend")
    assert approval_status(app, organization_id) == "suspended"
    auth.login("hr@labs.example")
    assert client.get("/host/search").status_code == 403
    act(client, auth, organization_id, "reject")
    assert approval_status(app, organization_id) == "rejected"
    with app.app_context(), database.session_scope() as session:
        badge = attestations.find(session, Subject(organization_id=organization_id), "approval")
        assert badge.status == "rejected"


def test_joining_an_existing_organisation_by_name_is_only_a_request(app, client, auth, moderator):
    load(app)
    owner = host(auth, "hr@labs.example", "Labs")
    organization_id = organization_of(app, owner)
    verify_domain(app, owner)
    act(client, auth, organization_id, "approve")
    client.post("/logout")

    client.post(
        "/register",
        data={
            "role": "host",
            "email": "intruder@example.net",
            "password": PASSWORD,
            "confirm": PASSWORD,
            "organization": "Labs",
            "organization_kind": "employer",
        },
    )

    with app.app_context(), database.session_scope() as session:
        intruder = session.scalar(select(User).where(User.email == "intruder@example.net"))
        membership = session.scalar(select(Membership).where(Membership.user_id == intruder.id))
        assert (membership.organization_id, membership.role) == (organization_id, "pending")
        # Joining creates no second organisation of the same name.
        assert session.scalar(select(Organization.id).where(Organization.name != "Labs")) is None
    auth.login("intruder@example.net")
    assert client.get("/host/search").status_code == 403
    assert client.get("/host/organization").status_code == 403
    auth.login("mod@example.org")
    page = client.get(f"/admin/organizations/{organization_id}/approval").get_data(as_text=True)
    assert "intruder@example.net" in page
    assert "intruder@example.net" in client.get("/admin/sanctions").get_data(as_text=True)

    client.post(f"/admin/organizations/{organization_id}/approval/members/{membership.id}/accept")

    auth.login("intruder@example.net")
    assert client.get("/host/search").status_code == 200


def test_a_declined_request_leaves_no_membership(app, client, auth, moderator):
    owner = host(auth, "hr@labs.example", "Labs")
    organization_id = organization_of(app, owner)
    other = auth.create("other@example.net", role="host", organization="Labs", approved=False)
    with app.app_context(), database.session_scope() as session:
        membership_id = session.scalar(select(Membership.id).where(Membership.user_id == other))

    auth.login("mod@example.org")
    client.post(f"/admin/organizations/{organization_id}/approval/members/{membership_id}/decline")

    with app.app_context(), database.session_scope() as session:
        assert session.get(Membership, membership_id) is None
        assert session.scalar(select(Attestation.id).where(Attestation.kind == "approval")) is None


def test_hosts_cannot_reach_the_approval_pages(app, client, auth, moderator):
    owner = host(auth, "hr@labs.example", "Labs")
    organization_id = organization_of(app, owner)
    verify_domain(app, owner)
    auth.login("hr@labs.example")

    assert client.get(f"/admin/organizations/{organization_id}/approval").status_code == 403
    assert (
        client.post(f"/admin/organizations/{organization_id}/approval/approve").status_code == 403
    )
    assert approval_status(app, organization_id) == "pending"
