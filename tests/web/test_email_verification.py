"""E-mail checks: signed single-use links for the account address and for a work address."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import select

from tests.web.mailbox import confirm, mailed_link
from web import database
from web.models import Attestation, EmailConfirmation, OutboxMessage, User, utcnow
from web.services import attestations, domains, email_verification
from web.services.attestations import Subject

PASSWORD = "a long passphrase 42"


def register(client, email="new@example.org", **data):
    form = {"role": "exile", "email": email, "password": PASSWORD, "confirm": PASSWORD} | data
    return client.post("/register", data=form)


def attestation(app, email: str, kind: str) -> Attestation | None:
    with app.app_context(), database.session_scope() as session:
        user = session.scalar(select(User).where(User.email == email))
        return attestations.find(session, Subject(user_id=user.id), kind)


def allow(app, domain: str, category: str = "university") -> None:
    with app.app_context(), database.session_scope() as session:
        domains.add_allowed(session, domain, "Some organisation", category, added_by_id=None)


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


# Work and university addresses


def test_a_work_address_at_a_listed_domain_earns_the_domain_badge_for_a_year(app, client, auth):
    allow(app, "msu.ru")
    auth.create("ivan@example.org")
    auth.login("ivan@example.org")

    sent = client.post("/verification/email/work", data={"address": "ivan@CS.MSU.RU."})
    path, token = mailed_link(app, "ivan@cs.msu.ru")
    response = confirm(client, "work", token)

    assert sent.status_code == 302
    assert path.startswith("/verification/email/confirm/work")
    assert response.status_code == 302
    badge = attestation(app, "ivan@example.org", "domain")
    assert (badge.status, badge.evidence) == ("verified", "university")
    lasts = badge.expires_at.replace(tzinfo=None) - badge.checked_at.replace(tzinfo=None)
    assert timedelta(days=364) < lasts <= timedelta(days=365)
    assert "Work email at a verified university" in client.get("/verification").get_data(
        as_text=True
    )
    with app.app_context(), database.session_scope() as session:
        assert email_verification.verified_work_domain(session, badge.user_id) == "cs.msu.ru"


def test_the_domain_badge_and_the_work_domain_expire_after_twelve_months(app, client, auth):
    allow(app, "msu.ru")
    user_id = auth.create("ivan@example.org")
    auth.login("ivan@example.org")
    client.post("/verification/email/work", data={"address": "ivan@msu.ru"})
    confirm(client, "work", mailed_link(app, "ivan@msu.ru")[1])

    with app.app_context(), database.session_scope() as session:
        badge = attestations.find(session, Subject(user_id=user_id), "domain")
        now = utcnow()
        assert attestations.is_current(badge, now + timedelta(days=364))
        assert not attestations.is_current(badge, now + timedelta(days=366))
        row = session.scalar(select(EmailConfirmation).where(EmailConfirmation.purpose == "work"))
        row.used_at = now - timedelta(days=366)
        badge.checked_at = now - timedelta(days=366)
        badge.expires_at = now - timedelta(days=1)
    with app.app_context(), database.session_scope() as session:
        assert email_verification.verified_work_domain(session, user_id) is None
        assert attestations.has_current(session, Subject(user_id=user_id), "domain") is False


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("ivan@gmail.com", "free mail"),
        ("ivan@yandex.ru", "free mail"),
        ("ivan@msu.ru.attacker.com", "not on the list"),
        ("ivan@evilmsu.ru", "not on the list"),
        ("ivan@\u043csu.ru", "mixes alphabets"),  # Cyrillic "м"
        ("ivan petrov@msu.ru", "Enter an e-mail address"),
        ("ivan@msu.ru@attacker.com", "not on the list"),
        ("msu.ru", "Enter an e-mail address"),
    ],
)
def test_an_address_that_proves_nothing_is_refused_before_any_mail(
    app, client, auth, address, message
):
    allow(app, "msu.ru")
    auth.create("ivan@example.org")
    auth.login("ivan@example.org")

    response = client.post("/verification/email/work", data={"address": address})

    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert message in text
    assert address in text  # the typed address is kept in the form
    with app.app_context(), database.session_scope() as session:
        assert session.scalars(select(OutboxMessage)).all() == []


def test_a_host_confirms_an_unlisted_company_domain_for_approval_without_a_badge(app, client, auth):
    user_id = auth.create("hr@example.com", "host", organization="Example Labs", approved=False)
    auth.login("hr@example.com")

    client.post("/verification/email/work", data={"address": "hr@labs.example.com"})
    response = confirm(client, "work", mailed_link(app, "hr@labs.example.com")[1])

    assert response.status_code == 302
    assert attestation(app, "hr@example.com", "domain") is None
    with app.app_context(), database.session_scope() as session:
        assert email_verification.verified_work_domain(session, user_id) == "labs.example.com"


def test_a_host_at_a_listed_domain_shows_the_domain(app, client, auth):
    allow(app, "meduza.io", "newsroom")
    auth.create("editor@example.com", "host", organization="Meduza")
    auth.login("editor@example.com")

    client.post("/verification/email/work", data={"address": "editor@meduza.io"})
    confirm(client, "work", mailed_link(app, "editor@meduza.io")[1])

    assert attestation(app, "editor@example.com", "domain").evidence == "meduza.io"


def test_a_domain_removed_before_the_link_is_used_earns_no_badge(app, client, auth):
    allow(app, "msu.ru")
    auth.create("ivan@example.org")
    auth.login("ivan@example.org")
    client.post("/verification/email/work", data={"address": "ivan@msu.ru"})
    with app.app_context(), database.session_scope() as session:
        domains.remove_allowed(session, domains.list_allowed(session)[0], removed_by_id=None)

    response = confirm(client, "work", mailed_link(app, "ivan@msu.ru")[1])

    assert response.status_code == 302
    assert attestation(app, "ivan@example.org", "domain") is None


def test_moderators_have_no_work_address_page(client, auth):
    auth.create("mod@example.org", "moderator")
    auth.login("mod@example.org")

    assert client.get("/verification/email/work").status_code == 403
    assert client.get("/verification/email").status_code == 200


def test_anonymous_visitors_are_sent_to_sign_in(client):
    for path in ("/verification/email", "/verification/email/work"):
        response = client.get(path)
        assert response.status_code == 302
        assert "/login" in response.headers["Location"]


def test_every_address_a_user_asked_to_confirm_is_known_for_erasure(app, client, auth):
    allow(app, "msu.ru")
    user_id = auth.create("ivan@example.org")
    auth.login("ivan@example.org")
    client.post("/verification/email")
    client.post("/verification/email/work", data={"address": "Ivan@cs.msu.ru"})

    with app.app_context(), database.session_scope() as session:
        found = email_verification.addresses_of(session, user_id)

    assert found == {"ivan@example.org", "ivan@cs.msu.ru"}
