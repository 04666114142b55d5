"""Host pages: organisation and listings, and who may see or change what."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import delete, func, select

from web import database
from web.models import Listing, Membership, Organization, Profile, ShortlistEntry, User

from .hosts import (
    HOST,
    OTHER_HOST,
    add_profiles,
    count,
    create_listing,
    listing_form,
    listings_page,
    scalar,
)
from .records import profile


@pytest.fixture()
def host(auth):
    """Sign in a host of Org A."""
    auth.create(HOST, role="host", organization="Org A")
    auth.login(HOST)


# Access ------------------------------------------------------------------------------------

PAGES = [
    "/host/organization",
    "/host/listings",
    "/host/listings/new",
    "/host/listings/1/edit",
    "/host/listings/1/candidates",
    "/host/listings/1/shortlist",
    "/host/listings/1/delete",
    "/host/search",
]


@pytest.mark.parametrize("path", PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(client, path):
    response = client.get(path)

    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("path", PAGES)
def test_exiles_are_refused(client, auth, path):
    auth.create("exile@example.org")
    auth.login("exile@example.org")

    assert client.get(path).status_code == 403


def test_exiles_cannot_post_to_host_forms(client, auth):
    auth.create("exile@example.org")
    auth.login("exile@example.org")

    assert client.post("/host/listings/new", data=listing_form()).status_code == 403
    assert client.post("/host/shortlist", data={"external_id": "p-anna"}).status_code == 403


def test_another_organisations_listing_is_not_found(app, client, auth, host):
    listing_id = create_listing(client)
    add_profiles(app, profile())
    client.post(f"/host/listings/{listing_id}/shortlist", data={"external_id": "p-anna"})
    entry_id = scalar(app, select(ShortlistEntry.id))
    auth.create(OTHER_HOST, role="host", organization="Org B")
    auth.login(OTHER_HOST)

    for path in (
        f"/host/listings/{listing_id}/edit",
        f"/host/listings/{listing_id}/candidates",
        f"/host/listings/{listing_id}/shortlist",
        f"/host/listings/{listing_id}/delete",
    ):
        assert client.get(path).status_code == 404, path
    posts = [
        (f"/host/listings/{listing_id}/edit", listing_form(title="Taken over")),
        (f"/host/listings/{listing_id}/delete", {}),
        (f"/host/listings/{listing_id}/shortlist", {"external_id": "p-anna"}),
        (f"/host/listings/{listing_id}/shortlist/{entry_id}/remove", {}),
        ("/host/shortlist", {"listing_id": listing_id, "external_id": "p-anna"}),
    ]
    for path, data in posts:
        assert client.post(path, data=data).status_code == 404, path
    assert scalar(app, select(Listing.title)) == "Backend engineer (Python, payments)"
    assert count(app, ShortlistEntry) == 1
    assert "Backend engineer" not in listings_page(client)


def test_a_host_cannot_pick_another_organisation_by_its_id(app, client, auth, host):
    auth.create(OTHER_HOST, role="host", organization="Org B")
    org_b = scalar(app, select(Organization.id).where(Organization.name == "Org B"))

    assert client.get(f"/host/listings?org={org_b}").status_code == 404
    assert client.get(f"/host/organization?org={org_b}").status_code == 404
    assert client.post(f"/host/listings/new?org={org_b}", data=listing_form()).status_code == 404
    assert count(app, Listing) == 0


def test_admins_may_use_the_host_pages(app, client, auth, host):
    listing_id = create_listing(client)
    org_a = scalar(app, select(Organization.id).where(Organization.name == "Org A"))
    auth.create("admin@example.org", role="admin")
    auth.login("admin@example.org")

    chooser = client.get("/host/listings").get_data(as_text=True)
    assert f"/host/listings?org={org_a}" in chooser
    assert "Backend engineer" in client.get(f"/host/listings?org={org_a}").get_data(as_text=True)
    assert client.get(f"/host/listings/{listing_id}/edit").status_code == 200


def test_a_host_without_an_organisation_is_refused(app, client, host):
    with app.app_context(), database.session_scope() as session:
        session.execute(delete(Membership))

    assert client.get("/host/listings").status_code == 403
    assert client.get("/host/search").status_code == 403


def test_moderators_may_search_but_not_manage_listings(client, auth):
    auth.create("mod@example.org", role="moderator")
    auth.login("mod@example.org")

    assert client.get("/host/search").status_code == 200
    assert client.get("/host/listings").status_code == 403


# Organisation ------------------------------------------------------------------------------


def test_the_host_edits_the_organisation_page_but_not_its_name(app, client, host):
    response = client.post(
        "/host/organization",
        data={
            "name": "Renamed",
            "kind": "newsroom",
            "country": "LV",
            "website": "https://example.org/about",
            "description": "An independent newsroom in exile.",
        },
    )

    assert response.status_code == 302
    with app.app_context(), database.session_scope() as session:
        organization = session.scalar(select(Organization))
        assert organization.name == "Org A"
        assert (organization.kind, organization.country) == ("newsroom", "LV")
        assert organization.website == "https://example.org/about"
        assert organization.description == "An independent newsroom in exile."


def test_the_organisation_website_must_be_a_web_address(app, client, host):
    response = client.post("/host/organization", data={"website": "javascript://example.org/x"})

    assert response.status_code == 422
    assert 'id="website-error"' in response.get_data(as_text=True)
    assert scalar(app, select(Organization.website)) is None


def test_a_member_of_several_organisations_picks_one(app, client, auth, host):
    auth.create(OTHER_HOST, role="host", organization="Org B")
    with app.app_context(), database.session_scope() as session:
        org_b = session.scalar(select(Organization).where(Organization.name == "Org B"))
        host_id = session.scalar(select(User.id).where(User.email == HOST))
        session.add(Membership(user_id=host_id, organization_id=org_b.id))
        org_b_id = org_b.id

    response = client.post(f"/host/listings/new?org={org_b_id}", data=listing_form())

    assert response.status_code == 302
    assert scalar(app, select(Listing.organization_id)) == org_b_id
    page = client.get(f"/host/organization?org={org_b_id}").get_data(as_text=True)
    assert "<h1>Org B</h1>" in page and f"?org={org_b_id}" in page


# Listings ----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["job", "fellowship", "grant", "investment"])
def test_the_host_creates_each_kind_of_listing(app, client, host, kind):
    create_listing(client, kind=kind, title=f"A {kind}", country="", remote="")

    with app.app_context(), database.session_scope() as session:
        listing = session.scalar(select(Listing))
        assert listing.kind == kind
        assert listing.organization.name == "Org A"
        assert re.fullmatch(r"h-[0-9a-f]{24}", listing.external_id)
        assert listing.country is None and listing.remote is None
        assert listing.visa_sponsorship is False
        assert listing.skills == ["Python", "Kafka", "Kubernetes"]
        assert [(item.code, item.level) for item in listing.languages] == [("en", "B2")]
        assert listing.min_years_experience == 5
        assert listing.deadline.isoformat() == "2099-03-01"
    assert f"A {kind}" in listings_page(client)


def test_the_listings_page_marks_closed_listings(client, host):
    create_listing(client, title="Open one")
    create_listing(client, title="Old one", deadline="2020-01-31")

    page = listings_page(client)

    closed_row = re.search(r"<tr class=\"closed\">(.*?)</tr>", page, re.S).group(1)
    assert "Old one" in closed_row and "closed" in closed_row
    assert "Open one" not in closed_row


@pytest.mark.parametrize(
    ("changes", "field_id", "message"),
    [
        ({"deadline": "2026-02-31"}, "deadline", "real date"),
        ({"deadline": "next week"}, "deadline", "real date"),
        ({"languages-0-code": "xx"}, "languages-0-code", "Choose a language"),
        ({"title": "  "}, "title", "This field is required."),
        (
            {"languages-1-code": "en", "languages-1-level": "C1"},
            "languages-1-code",
            "listed twice",
        ),
        ({"country": "ZZ"}, "country", "Choose a country"),
        ({"min_years_experience": "many"}, "min_years_experience", "integer"),
        ({"min_years_experience": "200"}, "min_years_experience", "0 to 80"),
        ({"kind": "lottery"}, "kind", "Choose one of the offered options"),
    ],
)
def test_invalid_listings_are_refused_next_to_the_field(
    app, client, host, changes, field_id, message
):
    response = client.post("/host/listings/new", data=listing_form(**changes))

    page = response.get_data(as_text=True)
    assert response.status_code == 422
    error = re.search(rf'<p class="error" id="{field_id}-error">([^<]*)</p>', page)
    if field_id == "kind":
        error = re.search(
            r'<fieldset class="field has-error">.*?<p class="error">([^<]*)</p>', page, re.S
        )
    assert error and message.lower() in error.group(1).lower(), page[-3000:]
    assert count(app, Listing) == 0


def test_several_errors_are_shown_at_once(app, client, host):
    response = client.post(
        "/host/listings/new",
        data=listing_form(title="", deadline="2026-13-01", **{"languages-0-code": "xx"}),
    )

    page = response.get_data(as_text=True)
    assert response.status_code == 422
    for field_id in ("title", "deadline", "languages-0-code"):
        assert f'id="{field_id}-error"' in page
    assert count(app, Listing) == 0


def test_posting_an_organisation_is_ignored(app, client, auth, host):
    auth.create(OTHER_HOST, role="host", organization="Org B")
    org_b = scalar(app, select(Organization.id).where(Organization.name == "Org B"))

    listing_id = create_listing(client, organization="Org B", organization_id=str(org_b))
    client.post(
        f"/host/listings/{listing_id}/edit",
        data=listing_form(title="Edited", organization="Org B", organization_id=str(org_b)),
    )

    with app.app_context(), database.session_scope() as session:
        listing = session.get(Listing, listing_id)
        assert listing.title == "Edited"
        assert listing.organization.name == "Org A"
        assert session.scalar(select(func.count()).select_from(Organization)) == 2


def test_editing_keeps_the_external_id_and_shows_the_values(app, client, host):
    listing_id = create_listing(client)
    before = scalar(app, select(Listing.external_id))

    form = client.get(f"/host/listings/{listing_id}/edit").get_data(as_text=True)
    response = client.post(
        f"/host/listings/{listing_id}/edit",
        data=listing_form(title="Senior backend engineer", external_id="h-mine"),
    )

    assert 'value="Backend engineer (Python, payments)"' in form
    assert "Python\nKafka\nKubernetes" in form
    assert '<option selected value="en">' in form
    assert response.status_code == 302
    assert scalar(app, select(Listing.external_id)) == before
    assert scalar(app, select(Listing.title)) == "Senior backend engineer"


def test_language_rows_are_added_without_saving_and_removed_on_save(app, client, host):
    added = client.post("/host/listings/new", data=listing_form(add_language="Add"))

    page = added.get_data(as_text=True)
    assert added.status_code == 200
    assert 'name="languages-1-code"' in page
    assert count(app, Listing) == 0

    saved = client.post(
        "/host/listings/new",
        data=listing_form(
            **{
                "languages-0-remove": "y",
                "languages-1-code": "de",
                "languages-1-level": "C1",
                "languages-2-code": "",
            }
        ),
    )
    assert saved.status_code == 302
    with app.app_context(), database.session_scope() as session:
        listing = session.scalar(select(Listing))
        assert [(item.code, item.level) for item in listing.languages] == [("de", "C1")]


def test_a_listing_is_deleted_after_confirmation(app, client, host):
    listing_id = create_listing(client)
    add_profiles(app, profile())
    client.post(f"/host/listings/{listing_id}/shortlist", data={"external_id": "p-anna"})

    confirm = client.get(f"/host/listings/{listing_id}/delete")
    deleted = client.post(f"/host/listings/{listing_id}/delete")

    assert confirm.status_code == 200 and "cannot be undone" in confirm.get_data(as_text=True)
    assert deleted.status_code == 302
    assert count(app, Listing) == 0
    assert count(app, ShortlistEntry) == 0
    assert count(app, Profile) == 1
