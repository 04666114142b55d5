"""Host pages about people: shortlists, talent search and candidates, with no private data."""

from __future__ import annotations

import re

import pytest
from flask import request
from sqlalchemy import select

from web.forms.search import MAX_QUERY_LENGTH, TalentSearchForm
from web.models import ShortlistEntry
from web.services.candidates import result_limit

from .hosts import HOST, add_profiles, count, create_listing, scalar
from .records import profile


@pytest.fixture()
def host(auth):
    """Sign in a host of Org A."""
    auth.create(HOST, role="host", organization="Org A")
    auth.login(HOST)


# Shortlists --------------------------------------------------------------------------------


def test_shortlist_add_is_idempotent_and_remove_works(app, client, host):
    listing_id = create_listing(client)
    add_profiles(app, profile())
    url = f"/host/listings/{listing_id}/shortlist"

    first = client.post(url, data={"external_id": "p-anna", "note": "Strong on payments"})
    again = client.post(url, data={"external_id": "p-anna", "note": "other"}, follow_redirects=True)

    assert first.status_code == 302
    assert "Already on the shortlist" in again.get_data(as_text=True)
    assert count(app, ShortlistEntry) == 1
    page = client.get(url).get_data(as_text=True)
    assert "Anna K." in page and "Strong on payments" in page
    entry_id = scalar(app, select(ShortlistEntry.id))

    removed = client.post(f"{url}/{entry_id}/remove")

    assert removed.status_code == 302
    assert count(app, ShortlistEntry) == 0
    assert client.post(f"{url}/{entry_id}/remove").status_code == 404


def test_shortlisting_an_unknown_profile_is_not_found(app, client, host):
    listing_id = create_listing(client)

    response = client.post(f"/host/listings/{listing_id}/shortlist", data={"external_id": "p-x"})

    assert response.status_code == 404
    assert count(app, ShortlistEntry) == 0


def test_shortlist_from_search_goes_to_the_chosen_listing_and_back(app, client, host):
    create_listing(client, title="First")
    second = create_listing(client, title="Second")
    add_profiles(app, profile())

    response = client.post(
        "/host/shortlist",
        data={"listing_id": second, "external_id": "p-anna", "next": "/host/search?q=python"},
    )

    assert response.status_code == 302
    assert response.headers["Location"].endswith("/host/search?q=python")
    assert scalar(app, select(ShortlistEntry.listing_id)) == second
    elsewhere = client.post(
        "/host/shortlist",
        data={"listing_id": second, "external_id": "p-anna", "next": "https://evil.example/"},
    )
    assert elsewhere.headers["Location"].endswith(f"/host/listings/{second}/shortlist")


# Search form -------------------------------------------------------------------------------


def test_search_without_text_shows_the_form_only(client, host):
    response = client.get("/host/search?field=it")

    assert response.status_code == 200
    assert 'name="q"' in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("requested", "shown"), [(None, 20), (5, 20), (21, 40), (40, 40), (100, 100), (10_000, 100)]
)
def test_results_come_in_pages_up_to_a_cap(requested, shown):
    assert result_limit(requested) == shown


def test_the_search_text_is_capped(app):
    with app.test_request_context("/host/search", query_string={"q": "python " * 100}):
        form = TalentSearchForm(request.args)

        assert len(form.q.data) == MAX_QUERY_LENGTH


# With the model: candidates, search, no private data ---------------------------------------

CANARIES = {
    "full_name": "Canaryfullname {n}",
    "name_variants": ["Canaryvariant {n}", "CANARYVARIANT {n}"],
    "email": "canary-mail-{n}@example.org",
    "city": "Canarycity {n}",
}


def canary_profile(n: int, **changes) -> dict:
    """Return a profile whose every private field, employer and institution is a canary."""
    private = {
        key: [item.format(n=n) for item in value] if isinstance(value, list) else value.format(n=n)
        for key, value in CANARIES.items()
    }
    return profile(
        external_id=f"p-{n}",
        display_name=f"Person {n}",
        birth_year=1900 + 10 * n + 3,
        experience=[
            {"title": "Engineer", "organization": f"Canaryemployer {n}", "start": "2015-01"},
        ],
        education=[{"degree": "MSc", "field": "Mathematics", "institution": f"Canaryschool {n}"}],
        **private,
        **changes,
    )


PEOPLE = [
    canary_profile(
        1,
        headline="Backend engineer, payments",
        skills=["Python", "Kafka", "Kubernetes"],
        languages=[{"code": "en", "level": "C1"}],
        country="GE",
        relocate_to=["PT"],
        work_authorization=["GE"],
    ),
    canary_profile(
        2,
        headline="Historian of the Soviet Union",
        field="academia",
        summary="Archival research on Soviet history.",
        skills=["archival research", "Russian history"],
        languages=[{"code": "de", "level": "B1"}],
        country="DE",
        relocate_to=[],
        work_authorization=["DE"],
    ),
    canary_profile(
        3,
        headline="Data engineer, Python pipelines",
        skills=["Python", "Airflow"],
        languages=[{"code": "en", "level": "B1"}],
        country="AM",
        relocate_to=["DE"],
        work_authorization=["AM"],
    ),
]


def assert_no_private_data(page: str) -> None:
    for n in (1, 2, 3):
        for value in (
            f"Canaryfullname {n}",
            f"Canaryvariant {n}",
            f"CANARYVARIANT {n}",
            f"canary-mail-{n}@example.org",
            f"Canarycity {n}",
            f"Canaryemployer {n}",
            f"Canaryschool {n}",
        ):
            assert value.lower() not in page.lower()
        assert not re.search(rf"\b{1900 + 10 * n + 3}\b", page)


def names_in(page: str) -> list[str]:
    return re.findall(r"<h2>(Person \d)</h2>", page)


@pytest.mark.slow
def test_candidates_are_ranked_explained_and_shortlisted_without_private_data(app, client, host):
    add_profiles(app, *PEOPLE)
    listing_id = create_listing(
        client,
        remote="no",
        visa_sponsorship="",
        skills="Python\nKafka, Kubernetes, Terraform",
        min_years_experience="20",  # a soft requirement: shown as missed, nobody left out for it
    )

    response = client.get(f"/host/listings/{listing_id}/candidates")

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    # On-site in Georgia with English B2: Person 2 (Germany, no English) and Person 3 (Armenia,
    # no right to work in Georgia, no sponsorship) are left out, and the page says so.
    assert names_in(page) == ["Person 1"]
    assert "2 people left out by the listing" in page
    assert "Matched skills" in page and "Missing skills" in page
    assert "Closest part" in page
    assert 'class="met"' in page and 'class="missed"' in page
    assert_no_private_data(page)

    # Filters narrow what a listing's requirements let through: a fully remote one, no languages.
    open_to_all = create_listing(
        client,
        country=None,
        city=None,
        **{"languages-0-code": None, "languages-0-level": None, "min_years_experience": None},
    )
    filtered = client.get(f"/host/listings/{open_to_all}/candidates?field=academia")
    assert names_in(filtered.get_data(as_text=True)) == ["Person 2"]

    client.post(
        f"/host/listings/{listing_id}/shortlist",
        data={"external_id": "p-1", "note": "call first", "next": response.request.path},
    )
    shortlist = client.get(f"/host/listings/{listing_id}/shortlist").get_data(as_text=True)
    assert "Person 1" in shortlist and "call first" in shortlist
    assert_no_private_data(shortlist)
    again = client.get(f"/host/listings/{listing_id}/candidates").get_data(as_text=True)
    assert "On the shortlist" in again


@pytest.mark.slow
def test_talent_search_filters_narrow_the_results(app, client, host):
    add_profiles(app, *PEOPLE)
    create_listing(client)

    def search(**filters) -> list[str]:
        response = client.get("/host/search", query_string={"q": "Python engineer", **filters})
        page = response.get_data(as_text=True)
        assert response.status_code == 200
        assert_no_private_data(page)
        return names_in(page)

    everyone = search()
    assert set(everyone) == {"Person 1", "Person 2", "Person 3"}
    assert everyone[-1] == "Person 2"
    assert search(language="en", min_level="C1") == ["Person 1"]
    assert set(search(language="en")) == {"Person 1", "Person 3"}
    assert set(search(country="DE")) == {"Person 2", "Person 3"}
    assert search(field="academia") == ["Person 2"]
    assert search(country="DE", seeking="grant") == []
    # Employers are not searchable: the only trace of the query is the search box itself.
    page = client.get("/host/search", query_string={"q": "Canaryemployer 1"}).get_data(as_text=True)
    assert page.count("Canaryemployer 1") == 1
    assert_no_private_data(page.replace('value="Canaryemployer 1"', ""))
    assert 'name="listing_id"' in page
