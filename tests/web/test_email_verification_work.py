"""E-mail checks of a work or university address: the domain badge, and what proves nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.web.mailbox import attestation, confirm, mailed_link
from web import database
from web.models import EmailConfirmation, OutboxMessage, utcnow
from web.services import attestations, domains, email_verification
from web.services.attestations import Subject


def allow(app, domain: str, category: str = "university") -> None:
    with app.app_context(), database.session_scope() as session:
        domains.add_allowed(session, domain, "Some organisation", category, added_by_id=None)


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
