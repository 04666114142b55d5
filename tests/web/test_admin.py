"""The back office: who may see it and act, paging, and disabling an account ending its sessions."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from web import create_app, database
from web.models import Listing, Organization, User
from web.services import admin
from web.services.importer import import_file

from .records import listing, write_lines

PASSWORD = "correct horse battery staple"


def user(app, email: str) -> User:
    """Return the account with this e-mail, read afresh."""
    with app.app_context(), database.session_scope() as session:
        return session.scalar(select(User).where(User.email == email))


def sign_in(app, email: str):
    """Return a new test client of the app, signed in as the account."""
    client = app.test_client()
    response = client.post("/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/admin")

    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("role", ["exile", "host"])
def test_exiles_and_hosts_may_not_enter(client, auth, role):
    auth.create("someone@example.org", role=role, organization="Org")
    auth.login("someone@example.org")

    assert client.get("/admin").status_code == 403


def test_staff_see_accounts_and_organisations_with_counts(app, client, auth, tmp_path):
    auth.create("mod@example.org", role="moderator")
    auth.create("hr@example.org", role="host", organization="Tbilisi Labs")
    auth.create("hr2@example.org", role="host", organization="Tbilisi Labs")
    with app.app_context(), database.session_scope() as session:
        import_file(
            session, "listings", write_lines(tmp_path / "l.jsonl", [listing(organization="Empty")])
        )
        labs = session.scalar(select(Organization).where(Organization.name == "Tbilisi Labs"))
        session.scalar(select(Listing)).organization_id = labs.id
    auth.login("mod@example.org")

    html = client.get("/admin").text

    assert "hr2@example.org" in html and "Moderator" in html
    rows = re.findall(r"<tr>\s*<td>([^<]+)</td>.*?</tr>", html, re.S)
    assert "Tbilisi Labs" in rows and "Empty" in rows
    labs_row = re.search(r"<td>Tbilisi Labs</td>(.*?)</tr>", html, re.S).group(1)
    assert re.findall(r'<td class="number">(\d+)</td>', labs_row) == ["2", "1"]
    # Moderators see no action links.
    assert "/disable" not in html


def test_accounts_are_paged_fifty_at_a_time(app, client, auth):
    with app.app_context(), database.session_scope() as session:
        session.add_all(
            User(email=f"u{i:03d}@example.org", role="exile", password_hash="x") for i in range(60)
        )
    auth.create("root@example.org", role="admin")
    auth.login("root@example.org")

    first, second = client.get("/admin").text, client.get("/admin?page=2").text

    assert first.count("@example.org</td>") == 50 and second.count("@example.org</td>") == 11
    assert "Page 1 of 2" in first and "page=2" in first
    assert "root@example.org" in second
    with app.app_context(), database.session_scope() as session:
        assert admin.users_page(session, 99).number == 2


def test_disabling_an_account_ends_its_sessions(app, client, auth):
    auth.create("root@example.org", role="admin")
    victim_id = auth.create("exile@example.org", role="exile")
    victim = sign_in(app, "exile@example.org")
    assert victim.get("/account/password").status_code == 200
    auth.login("root@example.org")

    confirm = client.get(f"/admin/users/{victim_id}/disable")
    response = client.post(f"/admin/users/{victim_id}/disable")

    assert confirm.status_code == 200 and "Disable this account?" in confirm.text
    assert response.status_code == 302
    assert not user(app, "exile@example.org").is_active
    # The cookie the person holds no longer signs them in, and neither does their password.
    assert victim.get("/account/password").status_code == 302
    assert (
        victim.post("/login", data={"email": "exile@example.org", "password": PASSWORD}).status_code
        == 401
    )

    client.post(f"/admin/users/{victim_id}/enable")

    assert user(app, "exile@example.org").is_active
    assert sign_in(app, "exile@example.org").get("/account/password").status_code == 200


def test_moderators_can_look_but_not_change(app, client, auth):
    auth.create("mod@example.org", role="moderator")
    victim_id = auth.create("exile@example.org", role="exile")
    auth.login("mod@example.org")

    assert client.get(f"/admin/users/{victim_id}/disable").status_code == 403
    assert client.post(f"/admin/users/{victim_id}/disable").status_code == 403
    assert user(app, "exile@example.org").is_active


def test_an_admin_cannot_disable_themselves_and_unknown_accounts_are_404(app, client, auth):
    admin_id = auth.create("root@example.org", role="admin")
    auth.login("root@example.org")

    response = client.post(f"/admin/users/{admin_id}/disable", follow_redirects=True)

    assert "You cannot disable your own account." in response.text
    assert user(app, "root@example.org").is_active
    assert client.post("/admin/users/999999/disable").status_code == 404


@pytest.fixture()
def csrf_client(app):
    """Return a client of an app with CSRF protection on, over the test's database."""
    csrf_app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": app.config["DATABASE_URL"],
            "HOME": app.config["HOME"],
            "WTF_CSRF_ENABLED": True,
            "MFA_REQUIRED_ROLES": (),
        }
    )
    yield csrf_app.test_client()
    with csrf_app.app_context():
        database.engine().dispose()


def csrf_token(html: str) -> str:
    """Return the CSRF token of the first form of a page."""
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def test_actions_need_the_csrf_token_of_the_confirmation_form(app, auth, csrf_client):
    auth.create("root@example.org", role="admin")
    victim_id = auth.create("exile@example.org", role="exile")
    login_page = csrf_client.get("/login").text
    csrf_client.post(
        "/login",
        data={
            "email": "root@example.org",
            "password": PASSWORD,
            "csrf_token": csrf_token(login_page),
        },
    )

    refused = csrf_client.post(f"/admin/users/{victim_id}/disable")
    confirm = csrf_client.get(f"/admin/users/{victim_id}/disable").text
    done = csrf_client.post(
        f"/admin/users/{victim_id}/disable", data={"csrf_token": csrf_token(confirm)}
    )

    assert refused.status_code == 400
    assert done.status_code == 302
    assert not user(app, "exile@example.org").is_active
