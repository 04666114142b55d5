"""Double opt-in contact: a host asks with a purpose, the person accepts (sharing only what they
choose) or declines, and can take a reveal back; every reveal is logged and mails carry nothing
private."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from web import database
from web.models import AuditEvent, ContactRequest, RevealEvent

from .api import API, assert_documented, assert_error
from .contact_helpers import (
    EMPLOYER,
    EXILE,
    INSTITUTION,
    PRIVATE,
    Person,
    add_person,
    approve_badge,
    outbox,
    person_record,
    private_texts,
    set_organization,
)

PURPOSE = "We are hiring backend engineers for our payments team in Berlin."
HOST = "hr@org-a.example"


@pytest.fixture()
def people(app, auth):
    """A person with a profile, and a host of an approved organisation with a badge."""
    exile = Person(app, type(auth), EXILE)
    add_person(app, exile.id, person_record())
    host = Person(app, type(auth), HOST, role="host", organization="Org A")
    organization_id = set_organization(app, HOST, country="DE", kind="employer")
    approve_badge(app, organization_id)
    return exile, host


def requests(app) -> list[ContactRequest]:
    with app.app_context(), database.session_scope() as session:
        return list(session.scalars(select(ContactRequest).order_by(ContactRequest.id)))


def ask(host, external_id: str = "p-anna", purpose: str = PURPOSE):
    return host.post(f"/host/talent/{external_id}/contact", data={"purpose": purpose})


def assert_nothing_private(text: str, where: str, allowed: tuple[str, ...] = ()) -> None:
    for value in private_texts():
        if value not in allowed and value.lower() not in {a.lower() for a in allowed}:
            assert value not in text, f"{value!r} leaked at {where}"


def test_double_opt_in_reveals_only_the_chosen_field_until_taken_back(app, people):
    exile, host = people

    card = host.page("/host/talent/p-anna")
    assert "Anna K." in card and "Request contact" in card
    assert_nothing_private(card, "the card before any reveal")

    assert ask(host, purpose="Too short").status_code == 422
    assert requests(app) == []
    response = ask(host)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/host/contact-requests")
    [pending] = requests(app)
    assert pending.status == "pending" and pending.purpose == PURPOSE
    again = ask(host)
    assert again.status_code == 422
    assert "has not answered yet" in again.get_data(as_text=True)

    [(to, subject, body)] = outbox(app)
    assert to == EXILE
    assert subject == "An organisation asked to contact you"
    assert "Org A" not in subject + body and PURPOSE not in body
    assert "/me/contact-requests" in body

    page = exile.page("/me/contact-requests")
    assert "Org A" in page and "Germany" in page and "Employer" in page
    assert "Approved by Talent Bridge moderators" in page
    assert PURPOSE in page

    accepted = exile.post(f"/me/contact-requests/{pending.id}/accept", data={"fields": ["email"]})
    assert accepted.status_code == 302
    [request] = requests(app)
    assert request.status == "accepted" and request.revealed_fields == ["email"]
    host_mail = outbox(app, HOST)
    assert [subject for _to, subject, _body in host_mail] == ["Your contact request was accepted"]

    card = host.page("/host/talent/p-anna")
    assert PRIVATE["email"] in card
    assert_nothing_private(card, "the card after revealing the e-mail", allowed=(PRIVATE["email"],))
    listed = host.page("/host/contact-requests")
    assert "Accepted" in listed and "/host/talent/p-anna" in listed

    revoked = exile.post(f"/me/contact-requests/{request.id}/revoke")
    assert revoked.status_code == 302
    [request] = requests(app)
    assert request.status == "revoked" and request.revealed_fields == []
    assert_nothing_private(host.page("/host/talent/p-anna"), "the card after the revoke")

    with app.app_context(), database.session_scope() as session:
        log = [(e.action, e.fields) for e in session.scalars(select(RevealEvent).order_by("id"))]
        actions = set(session.scalars(select(AuditEvent.action)))
    assert log == [("reveal", ["email"]), ("revoke", ["email"])]
    assert {"contact_requested", "contact_revealed", "contact_revoked"} <= actions
    for to, subject, body in outbox(app):
        assert_nothing_private(subject + body, f"a mail to {to}")


def test_a_declined_request_reveals_nothing_and_tells_the_host(app, people):
    exile, host = people
    ask(host)
    [request] = requests(app)

    response = exile.post(f"/me/contact-requests/{request.id}/decline")

    assert response.status_code == 302
    assert requests(app)[0].status == "declined"
    assert [s for _t, s, _b in outbox(app, HOST)] == ["Your contact request was declined"]
    assert_nothing_private(host.page("/host/talent/p-anna"), "the card after a decline")
    assert "Declined" in host.page("/host/contact-requests")
    # Answered is answered: accepting afterwards changes nothing.
    late = exile.post(f"/me/contact-requests/{request.id}/accept", data={"fields": ["email"]})
    assert late.status_code == 302
    assert requests(app)[0].status == "declined"


def test_accepting_needs_a_choice_and_only_revealable_fields(app, people):
    exile, host = people
    ask(host)
    [request] = requests(app)

    nothing = exile.post(f"/me/contact-requests/{request.id}/accept", data={})
    birth = exile.post(f"/me/contact-requests/{request.id}/accept", data={"fields": ["birth_year"]})

    assert nothing.status_code == 422
    assert "Choose at least one thing to share" in nothing.get_data(as_text=True)
    assert birth.status_code == 422
    assert requests(app)[0].status == "pending"


def test_employers_can_be_revealed_to_one_organisation(app, auth, people):
    exile, host = people
    other = Person(app, type(auth), "boss@org-b.example", role="host", organization="Org B")
    ask(host)
    [request] = requests(app)

    exile.post(f"/me/contact-requests/{request.id}/accept", data={"fields": ["employers"]})

    card = host.page("/host/talent/p-anna")
    assert EMPLOYER in card and INSTITUTION in card
    assert PRIVATE["email"] not in card and PRIVATE["full_name"] not in card
    assert EMPLOYER not in other.page("/host/talent/p-anna")


def test_only_hosts_of_an_approved_organisation_may_ask(app, auth, people):
    exile, _host = people
    pending = Person(
        app, type(auth), "new@org-p.example", role="host", organization="Org P", approved=False
    )
    moderator = Person(app, type(auth), "mod@example.org", role="moderator")

    assert pending.get("/host/talent/p-anna").status_code == 403
    assert ask(pending).status_code == 403
    assert ask(moderator).status_code == 403
    assert exile.post("/host/talent/p-anna/contact", data={"purpose": PURPOSE}).status_code == 403
    assert requests(app) == []
    # A moderator may look at a card but cannot ask.
    assert "Request contact" not in moderator.page("/host/talent/p-anna")


def test_nobody_answers_or_withdraws_someone_else_s_request(app, auth, people):
    exile, host = people
    ask(host)
    [request] = requests(app)
    stranger = Person(app, type(auth), "stranger@example.org")
    add_person(app, stranger.id, person_record("p-stranger"))
    other_host = Person(app, type(auth), "boss@org-b.example", role="host", organization="Org B")

    assert (
        stranger.post(
            f"/me/contact-requests/{request.id}/accept", data={"fields": ["email"]}
        ).status_code
        == 404
    )
    assert stranger.post(f"/me/contact-requests/{request.id}/decline").status_code == 404
    assert other_host.post(f"/host/contact-requests/{request.id}/withdraw").status_code == 404
    assert PURPOSE not in stranger.page("/me/contact-requests")
    assert "p-anna" not in other_host.page("/host/contact-requests")
    assert requests(app)[0].status == "pending"

    assert host.post(f"/host/contact-requests/{request.id}/withdraw").status_code == 302
    assert requests(app)[0].status == "withdrawn"
    assert "withdrew" in exile.page("/me/contact-requests")


def test_a_profile_without_an_account_or_unknown_cannot_be_asked(app, people):
    _exile, host = people
    add_person(app, None, person_record("p-imported"))

    assert host.get("/host/talent/p-nobody").status_code == 404
    assert ask(host, "p-nobody").status_code == 404
    assert "Request contact" not in host.page("/host/talent/p-imported")
    assert requests(app) == []


def test_the_api_asks_and_lists_requests(app, client, auth, people):
    exile, _host = people
    token = client.post(
        f"{API}/tokens", json={"email": HOST, "password": auth.PASSWORD, "name": "t"}
    ).get_json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    url = f"{API}/profiles/p-anna/contact-requests"

    short = client.post(url, json={"purpose": "hi"}, headers=headers)
    created = client.post(url, json={"purpose": PURPOSE}, headers=headers)
    again = client.post(url, json={"purpose": PURPOSE}, headers=headers)
    hidden = client.post(
        f"{API}/profiles/p-nobody/contact-requests", json={"purpose": PURPOSE}, headers=headers
    )

    assert_error(short, 422, "validation_error")
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    assert body["external_id"] == "p-anna" and body["status"] == "pending"
    assert body["organization"] == "Org A"
    assert_error(again, 409, "conflict")
    assert_error(hidden, 404, "not_found")
    exile.post(f"/me/contact-requests/{body['id']}/accept", data={"fields": ["city"]})
    response = client.get(f"{API}/contact-requests", headers=headers)
    listed = response.get_json()
    assert [item["status"] for item in listed["items"]] == ["accepted"]
    assert_documented(client, response, "/api/v1/contact-requests", "get")
    assert_documented(client, created, "/api/v1/profiles/{external_id}/contact-requests", "post")
    assert_documented(client, again, "/api/v1/profiles/{external_id}/contact-requests", "post")
    assert_nothing_private(str(listed), "the API list")


def test_card_views_count_against_the_quota(app, people):
    _exile, host = people
    app.config["CARD_VIEW_LIMIT_PER_ACCOUNT"] = "2 per minute"

    statuses = [host.get("/host/talent/p-anna").status_code for _ in range(3)]
    refused = host.get("/host/talent/p-anna")

    assert statuses == [200, 200, 429]
    assert int(refused.headers["Retry-After"]) > 0
    assert "Too many requests" in refused.get_data(as_text=True)
    assert_nothing_private(refused.get_data(as_text=True), "the quota page")


def test_opening_a_canary_card_suspends_the_host_and_answers_like_a_missing_one(app, people):
    _exile, host = people
    add_person(app, None, person_record("p-decoy"), is_canary=True)

    missing = host.get("/host/talent/p-missing")
    decoy = host.get("/host/talent/p-decoy")

    assert decoy.status_code == 404
    assert decoy.get_data() == missing.get_data()
    assert host.get("/host/search").status_code == 403
    assert ask(host).status_code == 403
