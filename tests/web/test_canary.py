"""Canary profiles: never listed, and opening one suspends the host until a moderator lifts it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from web import database
from web.models import AuditEvent, Profile, SecurityEvent, User
from web.services import access, protection

from .hosts import add_profiles, scalar
from .records import profile

HOST = "curious@example.com"


def canary_ids(runner, count: int = 3) -> list[str]:
    """Create canaries with the operator command; return their external ids."""
    result = runner.invoke(["canary", "create", str(count)])
    assert result.exit_code == 0, result.output
    return result.stdout.split()


def user(app, email: str) -> User:
    """Return an account as stored now."""
    return scalar(app, select(User).where(User.email == email))


def test_canaries_are_realistic_decoys_without_account_or_private_data(app, runner):
    ids = canary_ids(runner, 5)

    assert len(set(ids)) == 5 and all(i.startswith("u-") for i in ids)
    with app.app_context(), database.session_scope() as session:
        canaries = session.scalars(select(Profile).where(Profile.external_id.in_(ids))).all()
        assert {c.is_canary for c in canaries} == {True}
        assert {c.user_id for c in canaries} == {None}
        assert len({(c.headline, c.summary) for c in canaries}) == 5
        assert all(c.headline and c.skills and c.display_name for c in canaries)
        assert all(c.private is None or c.private.full_name is None for c in canaries)
    listed = runner.invoke(["canary", "list"])
    assert listed.exit_code == 0
    assert sorted(line.split("\t")[0] for line in listed.stdout.splitlines()) == sorted(ids)


def test_opening_a_canary_suspends_the_host(app, runner, auth, client):
    (canary,) = canary_ids(runner, 1)
    add_profiles(app, profile())
    auth.create(HOST, role="host", organization="Curious Ltd")
    auth.login(HOST)
    assert client.get("/host/talent/p-anna").status_code == 200

    opened = client.get(f"/host/talent/{canary}")

    # The same answer as for a missing profile, so the trap does not show itself.
    assert opened.status_code == 404
    suspended = user(app, HOST)
    assert suspended.suspended_at is not None
    assert suspended.suspension_reason == protection.CANARY_REASON
    assert not access.can_search_talent(suspended)
    kinds = scalar(app, select(SecurityEvent.kind).where(SecurityEvent.user_id == suspended.id))
    assert kinds == "canary_viewed"
    # Still signed in, but every talent page now says why it is refused.
    for path in ("/host/search", "/host/talent/p-anna"):
        page = client.get(path)
        assert page.status_code in (403, 404)
    refused = client.get("/host/search")
    assert refused.status_code == 403
    assert "suspended pending review" in refused.text


def test_the_suspension_survives_the_callers_rollback(app, runner, auth, session):
    (canary,) = canary_ids(runner, 1)
    auth.create(HOST, role="host", organization="Curious Ltd")
    host = session.scalar(select(User).where(User.email == HOST))
    decoy = session.scalar(select(Profile).where(Profile.external_id == canary))

    protection.before_card_view(session, host, decoy)
    session.rollback()

    assert user(app, HOST).suspended_at is not None


def test_staff_looking_at_a_canary_are_not_suspended(app, runner, auth, session):
    (canary,) = canary_ids(runner, 1)
    auth.create("mod@example.org", role="moderator")
    moderator = session.scalar(select(User).where(User.email == "mod@example.org"))
    decoy = session.scalar(select(Profile).where(Profile.external_id == canary))

    protection.before_card_view(session, moderator, decoy)

    assert moderator.suspended_at is None
    assert session.scalar(select(SecurityEvent.id)) is None


def test_a_moderator_sees_the_event_and_lifts_the_suspension(app, runner, auth, client):
    (canary,) = canary_ids(runner, 1)
    auth.create(HOST, role="host", organization="Curious Ltd")
    auth.create("mod@example.org", role="moderator")
    auth.login(HOST)
    client.get(f"/host/talent/{canary}")
    assert client.get("/admin/security").status_code == 403
    auth.logout()
    auth.login("mod@example.org")

    page = client.get("/admin/security")

    assert page.status_code == 200
    assert HOST in page.text and "Opened a canary profile" in page.text
    host_id = user(app, HOST).id
    lifted = client.post(f"/admin/security/users/{host_id}/lift", follow_redirects=True)
    assert "The suspension is lifted" in lifted.text
    assert user(app, HOST).suspended_at is None
    assert scalar(app, select(SecurityEvent.resolved_at)) is not None
    assert scalar(app, select(AuditEvent.action)) == "suspension_lifted"
    assert "/admin/security" in client.get("/admin").text
    auth.logout()
    auth.login(HOST)
    assert client.get("/host/search").status_code == 200


@pytest.mark.slow
def test_search_never_lists_canaries(app, runner, auth, client):
    add_profiles(app, profile())
    ids = canary_ids(runner, 4)
    auth.create(HOST, role="host", organization="Curious Ltd")
    auth.login(HOST)

    page = client.get("/host/search?q=engineer+journalist+researcher&k=100")

    assert page.status_code == 200
    assert "p-anna" in page.text
    assert not any(external_id in page.text for external_id in ids)
    assert user(app, HOST).suspended_at is None
