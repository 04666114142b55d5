"""The staff-account command: the first moderator starts here (registration cannot make one)."""

from __future__ import annotations

from sqlalchemy import select

from web import database
from web.models import User


def test_add_staff_creates_a_moderator_who_signs_in(app, runner, client):
    result = runner.invoke(
        ["user", "add-staff", "Mod@Example.org", "--password", "a long passphrase 42"]
    )

    assert result.exit_code == 0, result.output
    with app.app_context(), database.session_scope() as session:
        user = session.scalar(select(User).where(User.email == "mod@example.org"))
        assert user.role == "moderator" and user.password_hash.startswith("$argon2id$")
    signed_in = client.post(
        "/login", data={"email": "mod@example.org", "password": "a long passphrase 42"}
    )
    assert signed_in.status_code == 302


def test_add_staff_refuses_a_weak_password_and_an_existing_account(runner, auth):
    auth.create("taken@example.org")

    weak = runner.invoke(["user", "add-staff", "new@example.org", "--password", "short"])
    taken = runner.invoke(
        ["user", "add-staff", "taken@example.org", "--password", "a long passphrase 42"]
    )

    assert weak.exit_code != 0 and "at least" in weak.output
    assert taken.exit_code != 0 and "exists already" in taken.output
