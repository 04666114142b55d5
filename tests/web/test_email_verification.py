"""E-mail checks of the account address: signed single-use links, and the mail that carries them."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import select

from tests.web.mailbox import attestation, confirm, mailed_link
from web import database
from web.models import EmailConfirmation, OutboxMessage, User, utcnow

PASSWORD = "a long passphrase 42"


def register(client, email="new@example.org", **data):
    form = {"role": "exile", "email": email, "password": PASSWORD, "confirm": PASSWORD} | data
    return client.post("/register", data=form)


def test_registration_mails_a_link_that_confirms_the_address_end_to_end(app, client):
    register(client)
    path, token = mailed_link(app, "new@example.org")

    page = client.get(path)
    again = client.get(path)
    response = confirm(client, "account", token)

    assert page.status_code == again.status_code == 200
    assert 'name="token"' in page.get_data(as_text=True)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/verification")
    confirmed = attestation(app, "new@example.org", "email")
    assert (confirmed.status, confirmed.evidence) == ("verified", "")
    assert "Email confirmed" in client.get("/verification").get_data(as_text=True)


def test_only_the_token_hash_is_stored(app, client):
    register(client)
    _path, signed = mailed_link(app, "new@example.org")
    with app.app_context(), database.session_scope() as session:
        raw = URLSafeTimedSerializer(
            app.config["SECRET_KEY"], salt="talent-bridge.email-confirmation.account"
        ).loads(signed)
        row = session.scalar(select(EmailConfirmation))

    assert row.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in row.token_hash and signed not in row.token_hash


def test_a_link_works_once(app, client):
    register(client)
    _path, token = mailed_link(app, "new@example.org")

    first = confirm(client, "account", token)
    second = confirm(client, "account", token)

    assert first.status_code == 302
    assert second.status_code == 400
    assert "already been used" in second.get_data(as_text=True)


def test_following_the_link_signed_out_comes_back_to_it_after_signing_in(app, client, auth):
    register(client)
    path, token = mailed_link(app, "new@example.org")
    auth.logout()

    response = client.get(path)
    location = response.headers["Location"]
    signed_in = client.post(location, data={"email": "new@example.org", "password": PASSWORD})

    assert urlsplit(location).path == "/login"
    assert signed_in.headers["Location"] == path
    assert confirm(client, "account", token).status_code == 302


def test_an_expired_link_is_refused(app, client):
    register(client)
    _path, token = mailed_link(app, "new@example.org")
    with app.app_context(), database.session_scope() as session:
        row = session.scalar(select(EmailConfirmation))
        row.created_at = row.expires_at = utcnow() - timedelta(hours=1)

    response = confirm(client, "account", token)

    assert response.status_code == 400
    assert "expired" in response.get_data(as_text=True)
    assert attestation(app, "new@example.org", "email") is None


def test_a_link_older_than_the_signature_age_is_refused(app, client):
    register(client)
    _path, token = mailed_link(app, "new@example.org")
    app.config["EMAIL_CONFIRM_MAX_AGE"] = -1  # every signature is now older than allowed

    response = confirm(client, "account", token)

    assert response.status_code == 400
    assert "expired" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: "x" + token,
        lambda token: token.split(".")[0] + ".AAAAAA." + token.split(".")[-1],
        lambda _token: "",
    ],
)
def test_a_tampered_link_is_refused(app, client, tamper):
    register(client)
    _path, token = mailed_link(app, "new@example.org")

    response = confirm(client, "account", tamper(token))

    assert response.status_code == 400
    assert "not valid" in response.get_data(as_text=True)
    assert attestation(app, "new@example.org", "email") is None


def test_a_token_forged_with_another_key_is_refused(app, client):
    register(client)
    forged = URLSafeTimedSerializer(
        "guessed-key", salt="talent-bridge.email-confirmation.account"
    ).dumps("anything")

    assert confirm(client, "account", forged).status_code == 400


def test_an_account_link_does_not_confirm_a_work_address(app, client):
    register(client)
    _path, token = mailed_link(app, "new@example.org")

    response = confirm(client, "work", token)

    assert response.status_code == 400
    assert confirm(client, "account", token).status_code == 302


def test_another_users_link_is_refused_and_stays_usable_for_its_owner(app, client, auth):
    register(client, email="victim@example.org")
    _path, token = mailed_link(app, "victim@example.org")
    auth.logout()
    auth.create("attacker@example.org")
    auth.login("attacker@example.org")

    stolen = confirm(client, "account", token)
    auth.logout()
    auth.login("victim@example.org", PASSWORD)
    owner = confirm(client, "account", token)

    assert stolen.status_code == 400
    assert "another account" in stolen.get_data(as_text=True)
    assert attestation(app, "attacker@example.org", "email") is None
    assert owner.status_code == 302


def test_only_the_newest_link_works(app, client):
    register(client)
    _path, old = mailed_link(app, "new@example.org")
    client.post("/verification/email")
    _path, new = mailed_link(app, "new@example.org")

    stale = confirm(client, "account", old)

    assert stale.status_code == 400
    assert "newer link" in stale.get_data(as_text=True)
    assert confirm(client, "account", new).status_code == 302


def test_a_link_for_an_address_the_account_no_longer_has_is_refused(app, client):
    register(client)
    _path, token = mailed_link(app, "new@example.org")
    with app.app_context(), database.session_scope() as session:
        session.scalar(select(User)).email = "changed@example.org"

    assert confirm(client, "account", token).status_code == 400


def test_resending_is_limited_per_hour(app, client):
    register(client)  # the first mail
    for _ in range(5):
        client.post("/verification/email")

    with app.app_context(), database.session_scope() as session:
        sent = session.scalars(select(OutboxMessage)).all()
    page = client.get("/verification/email").get_data(as_text=True)

    assert len(sent) == 5
    assert "Too many messages" in page


def test_the_page_says_when_the_address_is_confirmed(app, client):
    register(client)
    _path, token = mailed_link(app, "new@example.org")
    before = client.get("/verification/email").get_data(as_text=True)
    confirm(client, "account", token)

    after = client.get("/verification/email").get_data(as_text=True)
    resend = client.post("/verification/email", follow_redirects=True).get_data(as_text=True)

    assert "We sent a link" in before
    assert "is confirmed" in after
    assert "already confirmed" in resend


def test_a_failing_mail_server_does_not_stop_registration(app, client):
    # Nothing listens on port 1: the SMTP connection is refused, as when the server is down.
    app.config.update(MAIL_SMTP_HOST="127.0.0.1", MAIL_SMTP_PORT=1)

    response = register(client)

    assert response.status_code == 302
    with app.app_context(), database.session_scope() as session:
        assert session.scalar(select(User)) is not None
        assert session.scalars(select(EmailConfirmation)).all() == []


def test_the_mail_is_in_the_accounts_language(app, client):
    client.post("/language", data={"lang": "ru", "next": "/"})
    register(client)

    with app.app_context(), database.session_scope() as session:
        message = session.scalar(select(OutboxMessage))

    assert "Talent Bridge" in message.subject and "e-mail" in message.subject
    assert message.subject != "Confirm your e-mail address for Talent Bridge"


def test_links_use_the_configured_public_address_not_the_host_header(app, client):
    app.config["EMAIL_LINK_BASE_URL"] = "https://talentbridge.example"
    client.post(
        "/register",
        data={
            "role": "exile",
            "email": "new@example.org",
            "password": PASSWORD,
            "confirm": PASSWORD,
        },
        headers={"Host": "evil.example"},
    )

    with app.app_context(), database.session_scope() as session:
        body = session.scalar(select(OutboxMessage)).body

    assert "https://talentbridge.example/verification/email/confirm/account?token=" in body
    assert "evil.example" not in body
