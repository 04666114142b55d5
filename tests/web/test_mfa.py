"""Two-factor sign-in: enrolment, the code step, replays, recovery codes, throttling, the API."""

from __future__ import annotations

import re
import time

import pyotp
import pytest
from sqlalchemy import func, select

from web.config import Config
from web.models import SecurityEvent, User

from .api import assert_error, issue
from .hosts import scalar

EMAIL = "anna@example.org"


def enrol(client) -> tuple[str, list[str]]:
    """Turn two-factor sign-in on for the signed-in account; return the secret and codes."""
    assert client.post("/account/security/setup").status_code == 302
    page = client.get("/account/security").text
    secret = re.search(r'<code class="secret">([A-Z2-7]+)</code>', page).group(1)
    done = client.post("/account/security/confirm", data={"code": pyotp.TOTP(secret).now()})
    assert done.status_code == 200, done.text
    return secret, re.findall(r"<code>([0-9a-f]{5}-[0-9a-f]{5})</code>", done.text)


def next_code(secret: str) -> str:
    """Return the code of the next 30-second step (still inside the accepted window)."""
    return pyotp.TOTP(secret).at(time.time() + 30)


def account(app, email: str = EMAIL) -> User:
    """Return an account as stored now."""
    return scalar(app, select(User).where(User.email == email))


def password_step(client, auth, next_path: str = "") -> object:
    """Post the right password through the sign-in page; return the response."""
    query = f"?next={next_path}" if next_path else ""
    return client.post(f"/login{query}", data={"email": EMAIL, "password": auth.PASSWORD})


@pytest.fixture()
def enrolled(app, auth, client):
    """An exile with two-factor sign-in on, signed out; yields the secret and recovery codes."""
    auth.create(EMAIL)
    auth.login(EMAIL)
    secret, codes = enrol(client)
    auth.logout()
    return secret, codes


@pytest.fixture()
def required(app):
    """The default MFA_REQUIRED_ROLES (the shared test config turns it off)."""
    app.config["MFA_REQUIRED_ROLES"] = Config.MFA_REQUIRED_ROLES


def test_enrolment_needs_a_first_code_and_shows_recovery_codes_once(app, auth, client):
    auth.create(EMAIL)
    auth.login(EMAIL)
    assert "Set up two-factor sign-in" in client.get("/account/security").text
    client.post("/account/security/setup")
    page = client.get("/account/security").text
    secret = re.search(r'<code class="secret">([A-Z2-7]+)</code>', page).group(1)
    assert "otpauth://totp/" in page and f"secret={secret}" in page and "<svg" in page

    wrong = client.post("/account/security/confirm", data={"code": "000000"})

    assert wrong.status_code == 422 and "That code is not right" in wrong.text
    assert account(app).totp_enabled_at is None
    done = client.post("/account/security/confirm", data={"code": pyotp.TOTP(secret).now()})
    codes = re.findall(r"<code>([0-9a-f]{5}-[0-9a-f]{5})</code>", done.text)
    assert len(set(codes)) == 10
    stored = account(app)
    assert stored.totp_enabled_at is not None and len(stored.recovery_codes) == 10
    assert not set(codes) & set(stored.recovery_codes)
    assert "Unused recovery codes: 10." in client.get("/account/security").text


def test_sign_in_needs_the_code_after_the_password(app, auth, client, enrolled):
    secret, _codes = enrolled

    first = password_step(client, auth, next_path="/me/profile")

    assert first.status_code == 302 and first.headers["Location"].endswith("/login/code")
    # A correct password alone opens nothing.
    assert client.get("/account/security").headers["Location"].startswith("/login")
    wrong = client.post("/login/code", data={"code": "123456"})
    assert wrong.status_code == 401 and "That code is not right" in wrong.text
    right = client.post("/login/code", data={"code": next_code(secret)})
    assert right.status_code == 302 and right.headers["Location"] == "/me/profile"
    assert client.get("/account/security").status_code == 200


def test_a_used_code_cannot_be_replayed(app, auth, client, enrolled):
    secret, _codes = enrolled
    code = next_code(secret)
    password_step(client, auth)
    assert client.post("/login/code", data={"code": code}).status_code == 302
    auth.logout()

    password_step(client, auth)
    replayed = client.post("/login/code", data={"code": code})

    assert replayed.status_code == 401 and "used already" in replayed.text


def test_a_recovery_code_signs_in_once(app, auth, client, enrolled):
    _secret, codes = enrolled
    password_step(client, auth)

    used = client.post("/login/code", data={"code": codes[0].upper().replace("-", " ")})

    assert used.status_code == 302
    assert "9 are left" in client.get("/account/security").text
    auth.logout()
    password_step(client, auth)
    assert client.post("/login/code", data={"code": codes[0]}).status_code == 401
    assert client.post("/login/code", data={"code": codes[1]}).status_code == 302


def test_the_code_step_expires(app, auth, client, enrolled):
    secret, _codes = enrolled
    password_step(client, auth)
    with client.session_transaction() as cookie:
        marker = cookie["mfa_pending"]
        marker["at"] -= 301
        cookie["mfa_pending"] = marker

    late = client.post("/login/code", data={"code": next_code(secret)})

    assert late.status_code == 302 and late.headers["Location"].startswith("/login")
    assert "took too long" in client.get("/login").text


def test_wrong_codes_are_throttled_per_account(app, auth, client, enrolled):
    secret, _codes = enrolled
    password_step(client, auth)
    statuses = [client.post("/login/code", data={"code": "000000"}).status_code for _ in range(5)]

    blocked = client.post("/login/code", data={"code": next_code(secret)})
    client.post("/login/code", data={"code": "000000"})

    assert statuses == [401] * 5
    assert blocked.status_code == 429 and int(blocked.headers["Retry-After"]) > 0
    # One event for the burst, however many codes were tried.
    assert scalar(app, select(func.count()).select_from(SecurityEvent)) == 1
    assert scalar(app, select(SecurityEvent.kind)) == "mfa_attempts"


def test_required_roles_are_sent_to_enrolment_first(app, auth, client, required):
    auth.create("hr@example.com", role="host", organization="Org A")
    auth.create(EMAIL)
    auth.login("hr@example.com")

    listings = client.get("/host/listings")

    assert listings.status_code == 302 and listings.headers["Location"] == "/account/security"
    assert "Your role needs two-factor sign-in" in client.get("/account/security").text
    assert client.get("/api/v1/openapi.json").status_code == 200
    switched = client.post("/language", data={"lang": "en", "next": "/host/listings"})
    assert switched.headers["Location"] == "/host/listings"
    enrol(client)
    assert client.get("/host/listings").status_code == 200
    auth.logout()
    auth.login(EMAIL)
    assert client.get("/me/profile").status_code == 200


def test_an_api_token_needs_the_code(app, auth, client, enrolled, required):
    secret, _codes = enrolled

    assert_error(issue(client, EMAIL, auth.PASSWORD), 401, "code_required")
    wrong = client.post(
        "/api/v1/tokens", json={"email": EMAIL, "password": auth.PASSWORD, "code": "000000"}
    )
    assert_error(wrong, 401, "invalid_code")
    right = client.post(
        "/api/v1/tokens",
        json={"email": EMAIL, "password": auth.PASSWORD, "code": next_code(secret)},
    )
    assert right.status_code == 201 and right.get_json()["token"]
    auth.create("hr@example.com", role="host", organization="Org A")
    assert_error(issue(client, "hr@example.com", auth.PASSWORD), 403, "mfa_required")


def test_turning_it_off_needs_the_password_and_a_code(app, auth, client, enrolled):
    secret, codes = enrolled
    other = app.test_client()
    other.post("/login", data={"email": EMAIL, "password": auth.PASSWORD})
    other.post("/login/code", data={"code": next_code(secret)})
    assert other.get("/account/security").status_code == 200
    password_step(client, auth)
    client.post("/login/code", data={"code": codes[0]})

    wrong = client.post(
        "/account/security/disable", data={"off-password": "not it", "off-code": codes[1]}
    )

    assert wrong.status_code == 422 and "The password is wrong" in wrong.text
    assert account(app).totp_enabled_at is not None
    done = client.post(
        "/account/security/disable", data={"off-password": auth.PASSWORD, "off-code": codes[1]}
    )
    assert done.status_code == 302
    stored = account(app)
    assert stored.totp_secret is None and stored.recovery_codes == []
    assert "Set up two-factor sign-in" in client.get("/account/security").text
    assert other.get("/account/security").status_code == 302
    auth.logout()
    assert password_step(client, auth).headers["Location"] == "/"


def test_new_recovery_codes_replace_the_old_ones(app, auth, client, enrolled):
    secret, codes = enrolled
    password_step(client, auth)
    client.post("/login/code", data={"code": codes[0]})

    renewed = client.post("/account/security/recovery-codes", data={"code": next_code(secret)})

    fresh = re.findall(r"<code>([0-9a-f]{5}-[0-9a-f]{5})</code>", renewed.text)
    assert renewed.status_code == 200 and len(fresh) == 10
    auth.logout()
    password_step(client, auth)
    assert client.post("/login/code", data={"code": codes[1]}).status_code == 401
    assert client.post("/login/code", data={"code": fresh[0]}).status_code == 302
