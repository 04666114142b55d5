"""Accounts: registration, sign-in, sessions that die everywhere, throttling, language."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from web import database
from web.models import Membership, Organization, User


def register(client, **data):
    form = {
        "role": "exile",
        "email": "new@example.org",
        "password": "a long passphrase 42",
        "confirm": "a long passphrase 42",
    } | data
    return client.post("/register", data=form)


def test_register_an_exile_signs_in_with_an_argon2_hash(app, client):
    response = register(client)

    assert response.status_code == 302
    assert "Sign out" in client.get("/").get_data(as_text=True)
    with app.app_context(), database.session_scope() as session:
        user = session.scalar(select(User))
        assert user.role == "exile"
        assert user.password_hash.startswith("$argon2id$")


def test_a_new_account_keeps_the_language_it_registered_in(app, client):
    client.post(
        "/register",
        data={
            "role": "exile",
            "email": "ru@example.org",
            "password": "a long passphrase 42",
            "confirm": "a long passphrase 42",
        },
        headers={"Accept-Language": "ru"},
    )

    with app.app_context(), database.session_scope() as session:
        assert session.scalar(select(User.locale).where(User.email == "ru@example.org")) == "ru"


def test_register_a_host_creates_the_organisation_membership(app, client):
    register(
        client,
        role="host",
        email="hr@example.com",
        organization="Tbilisi Labs",
        organization_kind="employer",
    )

    with app.app_context(), database.session_scope() as session:
        membership = session.scalar(select(Membership))
        assert session.get(Organization, membership.organization_id).name == "Tbilisi Labs"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"password": "short", "confirm": "short"}, "at least 10"),
        ({"confirm": "something else entirely"}, "The passwords differ."),
        ({"email": "not-an-email"}, "Invalid email address."),
        ({"role": "host"}, "Name the organisation you represent."),
        (
            {"password": "new@example.org!!", "confirm": "new@example.org!!"},
            "must not contain your e-mail",
        ),
        ({"role": "admin"}, "Not a valid choice"),
    ],
)
def test_register_errors_are_shown_next_to_the_field(client, data, message):
    response = register(client, **data)

    assert response.status_code == 422
    assert message.lower() in response.get_data(as_text=True).lower()


def test_a_second_account_with_the_same_email_is_refused(client, auth):
    auth.create("dup@example.org")

    response = register(client, email="DUP@example.org")

    assert response.status_code == 422
    assert "already exists" in response.get_data(as_text=True)


def test_wrong_password_is_refused_without_saying_which_part(client, auth):
    auth.create("a@example.org")

    wrong_password = auth.login("a@example.org", "wrong password!")
    no_account = auth.login("nobody@example.org", "wrong password!")

    assert wrong_password.status_code == no_account.status_code == 401
    assert "E-mail or password is wrong." in wrong_password.get_data(as_text=True)
    assert "E-mail or password is wrong." in no_account.get_data(as_text=True)


def test_an_account_without_a_password_never_signs_in(app, client):
    with app.app_context(), database.session_scope() as session:
        session.add(User(email="badges-only@example.org", role="exile", password_hash=None))

    # The dummy hash compared when no password is stored must not open the account.
    for password in ("no such account", "", "anything at all"):
        response = client.post(
            "/login", data={"email": "badges-only@example.org", "password": password}
        )
        assert response.status_code in (400, 401)
        with client.session_transaction() as cookie:
            assert "uid" not in cookie


def test_a_cookie_copied_before_logout_is_dead_after_it(app, client, auth):
    auth.create("a@example.org")
    auth.login("a@example.org")
    copied = client.get_cookie("tb_session").value

    auth.logout()

    thief = app.test_client()
    thief.set_cookie("tb_session", copied)
    page = thief.get("/").get_data(as_text=True)
    assert "Sign out" not in page
    assert thief.get("/account/password").status_code == 302


def test_changing_the_password_ends_other_sessions_but_keeps_this_one(app, client, auth):
    auth.create("a@example.org")
    other = app.test_client()
    AuthLogin = auth.__class__(app, other)
    AuthLogin.login("a@example.org")
    auth.login("a@example.org")

    response = client.post(
        "/account/password",
        data={
            "current_password": auth.PASSWORD,
            "new_password": "another long phrase 7",
            "confirm": "another long phrase 7",
        },
    )

    assert response.status_code == 302
    assert "Sign out" in client.get("/").get_data(as_text=True)
    assert "Sign out" not in other.get("/").get_data(as_text=True)
    assert auth.login("a@example.org", "another long phrase 7").status_code == 302


def test_logins_are_throttled_per_account_even_across_addresses(app, auth):
    auth.create("victim@example.org")
    statuses = []
    for i in range(7):
        client = app.test_client()
        response = client.post(
            "/login",
            data={"email": "victim@example.org", "password": f"guess {i}"},
            environ_base={"REMOTE_ADDR": f"10.0.0.{i + 1}"},
            headers={"X-Forwarded-For": f"203.0.113.{i}"},
        )
        statuses.append(response.status_code)

    assert statuses[:5] == [401] * 5
    assert statuses[5:] == [429, 429]


def test_the_language_switch_is_remembered_for_the_user(app, client, auth):
    auth.create("a@example.org")
    auth.login("a@example.org")

    client.post("/language", data={"lang": "ru", "next": "/"})

    fresh = app.test_client()
    AuthLogin = auth.__class__(app, fresh)
    login = AuthLogin.login("a@example.org")
    assert login.status_code == 302, login.get_data(as_text=True)[-600:]
    page = fresh.get("/").get_data(as_text=True)
    assert 'lang="ru"' in page and "Выйти" in page


def test_anonymous_visitors_choose_by_accept_language(client):
    page = client.get("/", headers={"Accept-Language": "ru-RU,ru;q=0.9"}).get_data(as_text=True)

    assert "Навыки, которые пересекли границу" in page


def test_the_sign_in_page_and_the_token_endpoint_share_one_budget(client, auth):
    auth.create("shared@example.org")
    for i in range(5):
        client.post(
            "/api/v1/tokens",
            json={"email": "shared@example.org", "password": f"guess {i}", "name": "x"},
        )

    assert auth.login("shared@example.org").status_code == 429


def test_a_password_change_revokes_api_tokens(client, auth):
    auth.create("tokens@example.org")
    issued = client.post(
        "/api/v1/tokens",
        json={"email": "tokens@example.org", "password": auth.PASSWORD, "name": "cli"},
    )
    bearer = {"Authorization": f"Bearer {issued.get_json()['token']}"}
    assert client.get("/api/v1/me", headers=bearer).status_code == 200
    auth.login("tokens@example.org")

    client.post(
        "/account/password",
        data={
            "current_password": auth.PASSWORD,
            "new_password": "another long phrase 7",
            "confirm": "another long phrase 7",
        },
    )

    assert client.get("/api/v1/me", headers=bearer).status_code == 401


def test_an_expired_session_cookie_no_longer_signs_in(app, client, auth):
    app.config["PERMANENT_SESSION_LIFETIME"] = 1
    auth.create("brief@example.org")
    auth.login("brief@example.org")
    copied = client.get_cookie("tb_session").value

    time.sleep(2.2)

    later = app.test_client()
    later.set_cookie("tb_session", copied)
    assert "Sign out" not in later.get("/").get_data(as_text=True)
