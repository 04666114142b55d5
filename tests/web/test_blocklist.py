"""The blocklist: a person hides their profile from named organisations and from hosts registered in
chosen countries, everywhere a host could meet it; canaries never appear in ranked results."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from web import database
from web.models import (
    BlockedOrganization,
    ContactRequest,
    Listing,
    Organization,
    Profile,
    RevealEvent,
    ShortlistEntry,
)

from .api import API
from .contact_helpers import EMPLOYER, PRIVATE, Person, add_person, person_record, set_organization
from .hosts import count, create_listing

SEARCH = "/host/search?q=Python+backend+engineer+payments"


@pytest.fixture()
def world(app, auth):
    """A person who will block, another who will not, and hosts in Germany, France and Georgia."""
    exile = Person(app, type(auth), "hidden@example.org")
    add_person(app, exile.id, person_record("p-hidden", display_name="Hidden Person"))
    other = Person(app, type(auth), "visible@example.org")
    add_person(app, other.id, person_record("p-visible", display_name="Visible Person"))
    hosts = {}
    for email, name, country in (
        ("a@org-a.example", "Org A", "DE"),
        ("b@org-b.example", "Org B", "FR"),
        ("c@org-c.example", "Org C", "GE"),
    ):
        hosts[name] = Person(app, type(auth), email, role="host", organization=name)
        set_organization(app, email, country=country)
    return exile, hosts


def block(app, exile, organization_name: str, countries=("FR",)) -> None:
    """Block an organisation (found by name on the privacy page) and host countries."""
    page = exile.page(f"/me/privacy?q={organization_name[:5]}")
    found = re.findall(r'name="organization_id" value="(\d+)"', page)
    assert found, page
    assert exile.post("/me/privacy/block", data={"organization_id": found[0]}).status_code == 302
    saved = exile.post("/me/privacy", data={"blocked_countries": list(countries)})
    assert saved.status_code == 302


def token(app, host) -> dict:
    response = host.post(
        f"{API}/tokens", json={"email": host.email, "password": host.auth.PASSWORD, "name": "t"}
    )
    return {"Authorization": f"Bearer {response.get_json()['token']}"}


def names(page: str) -> set[str]:
    return set(re.findall(r"(Hidden Person|Visible Person|Canary Person)", page))


def test_the_privacy_page_finds_approved_organisations_only_by_name(app, auth, world):
    exile, _hosts = world
    Person(
        app, type(auth), "p@org-p.example", role="host", organization="Org Pending", approved=False
    )

    page = exile.page("/me/privacy?q=org")

    assert "Org A" in page and "Org B" in page and "Org C" in page
    assert "Org Pending" not in page
    assert "a@org-a.example" not in page
    assert "Germany" in page


def test_blocked_organisation_and_country_lose_the_card_shortlist_and_contact(app, world):
    exile, hosts = world
    block(app, exile, "Org A")
    listings = {name: create_listing(host.client) for name, host in hosts.items()}

    for name in ("Org A", "Org B"):
        host = hosts[name]
        assert host.get("/host/talent/p-hidden").status_code == 404, name
        assert host.get("/host/talent/p-visible").status_code == 200, name
        added = host.post(
            f"/host/listings/{listings[name]}/shortlist", data={"external_id": "p-hidden"}
        )
        assert added.status_code == 404, name
        asked = host.post(
            "/host/talent/p-hidden/contact",
            data={"purpose": "We would like to offer you a job in our team."},
        )
        assert asked.status_code == 404, name
    host = hosts["Org C"]
    assert host.get("/host/talent/p-hidden").status_code == 200
    added = host.post(
        f"/host/listings/{listings['Org C']}/shortlist", data={"external_id": "p-hidden"}
    )
    assert added.status_code == 302
    assert count(app, ShortlistEntry) == 1
    # A hidden profile and a missing one answer alike.
    hidden = hosts["Org A"].get("/host/talent/p-hidden").get_data(as_text=True)
    missing = hosts["Org A"].get("/host/talent/p-missing").get_data(as_text=True)
    assert hidden == missing


def test_unblocking_shows_the_profile_again(app, world):
    exile, hosts = world
    block(app, exile, "Org A", countries=())
    with app.app_context(), database.session_scope() as session:
        organization_id = session.scalar(select(BlockedOrganization.organization_id))
    assert hosts["Org A"].get("/host/talent/p-hidden").status_code == 404

    assert exile.post(f"/me/privacy/unblock/{organization_id}").status_code == 302

    assert hosts["Org A"].get("/host/talent/p-hidden").status_code == 200


def test_show_employers_is_a_choice_of_the_person(app, world):
    exile, hosts = world
    assert EMPLOYER not in hosts["Org C"].page("/host/talent/p-hidden")

    exile.post("/me/privacy", data={"show_employers": "y"})

    assert EMPLOYER in hosts["Org C"].page("/host/talent/p-hidden")
    with app.app_context(), database.session_scope() as session:
        profile = session.scalar(select(Profile).where(Profile.external_id == "p-hidden"))
        assert profile.show_employers is True


@pytest.mark.slow
def test_blocked_hosts_never_find_the_profile_in_search_candidates_or_the_api(app, world):
    exile, hosts = world
    add_person(app, None, person_record("p-canary", display_name="Canary Person"), is_canary=True)
    block(app, exile, "Org A")
    for host in hosts.values():
        create_listing(host.client)

    for name, host in hosts.items():
        headers = token(app, host)
        found = names(host.page(SEARCH))
        listing_page = host.page("/host/listings")
        listing_id = re.findall(r"/host/listings/(\d+)/candidates", listing_page)[0]
        candidates = names(host.page(f"/host/listings/{listing_id}/candidates"))
        api_search = host.get(
            f"{API}/search",
            query_string={"q": "Python backend", "kind": "profiles", "k": 50},
            headers=headers,
        ).get_json()
        api_found = {item["external_id"] for item in api_search["items"]}
        expected = (
            {"Visible Person"}
            if name in ("Org A", "Org B")
            else {
                "Visible Person",
                "Hidden Person",
            }
        )
        assert found == expected, name
        assert candidates == expected, name
        assert api_found == {
            "p-visible" if n == "Visible Person" else "p-hidden" for n in expected
        }, name
        assert "p-canary" not in api_found
    # The same filters on the API's candidates of a listing.
    host = hosts["Org B"]
    with app.app_context(), database.session_scope() as session:
        external_id = session.scalar(
            select(Listing.external_id)
            .join(Organization, Organization.id == Listing.organization_id)
            .where(Organization.name == "Org B")
        )
    matches = host.get(f"{API}/listings/{external_id}/matches?k=50", headers=token(app, host))
    assert {item["external_id"] for item in matches.get_json()["items"]} == {"p-visible"}


def test_blocking_an_organisation_takes_back_what_it_was_shown(app, world):
    exile, hosts = world
    host = hosts["Org C"]
    host.post(
        "/host/talent/p-hidden/contact",
        data={"purpose": "We would like to offer you a job in our team."},
    )
    with app.app_context(), database.session_scope() as session:
        request_id = session.scalar(select(ContactRequest.id))
    exile.post(f"/me/contact-requests/{request_id}/accept", data={"fields": ["email"]})
    assert PRIVATE["email"] in host.page("/host/talent/p-hidden")

    block(app, exile, "Org C", countries=())

    assert host.get("/host/talent/p-hidden").status_code == 404
    with app.app_context(), database.session_scope() as session:
        request = session.get(ContactRequest, request_id)
        assert (request.status, request.revealed_fields) == ("revoked", [])
        actions = list(session.scalars(select(RevealEvent.action).order_by(RevealEvent.id)))
    assert actions == ["reveal", "revoke"]
