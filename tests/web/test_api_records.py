"""The JSON API's records and matches: own profile, own listings, candidates and openings."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from web import database
from web.models import Listing, Profile
from web.records.schemas import ProfileRecord

from .api import API, assert_documented, assert_error, token_headers
from .records import listing, profile


@pytest.fixture()
def bearer(client, auth):
    """Return a factory of accounts: it returns headers carrying a token of the new account."""
    return lambda *args, **kwargs: token_headers(client, auth, *args, **kwargs)


# Profiles ------------------------------------------------------------------------------------


def test_a_profile_round_trips_as_its_normalised_record(app, client, bearer):
    headers = bearer("anna@example.org")
    sent = profile(country="ge", skills=["Python", " python ", "Go"], summary="  Padded.  ")

    created = client.put(f"{API}/profile", json=sent, headers=headers)

    assert created.status_code == 201
    external_id = created.get_json()["external_id"]
    assert external_id != "p-anna"
    expected = ProfileRecord.model_validate(sent | {"external_id": external_id})
    fetched = client.get(f"{API}/profile", headers=headers)
    assert fetched.get_json() == created.get_json() == expected.model_dump(mode="json")
    again = client.put(
        f"{API}/profile", json=sent | {"headline": "Staff engineer"}, headers=headers
    )
    assert again.status_code == 200
    assert again.get_json()["external_id"] == external_id
    with app.app_context(), database.session_scope() as session:
        stored = session.scalar(select(Profile))
        assert stored.user.email == "anna@example.org"
        assert stored.headline == "Staff engineer"


def test_put_profile_does_not_touch_another_persons_profile(app, client, bearer):
    first = bearer("anna@example.org")
    taken = client.put(f"{API}/profile", json=profile(), headers=first).get_json()["external_id"]
    second = bearer("boris@example.org")

    mine = client.put(
        f"{API}/profile", json=profile(external_id=taken, display_name="B"), headers=second
    )

    assert mine.get_json()["external_id"] != taken
    assert client.get(f"{API}/profile", headers=first).get_json()["display_name"] == "Anna K."


def test_invalid_fields_get_422_naming_each_field(client, bearer):
    headers = bearer("anna@example.org")
    record = profile(
        experience=[{"title": "Engineer", "start": "2020-13"}], birth_year="1990", country="XX"
    )

    error = assert_error(client.put(f"{API}/profile", json=record, headers=headers), 422)

    assert error["code"] == "validation_error"
    fields = {item["field"]: item["message"] for item in error["fields"]}
    assert set(fields) == {"experience[0].start", "birth_year", "country"}
    assert "YYYY-MM" in fields["experience[0].start"]
    assert "experience[0].start" in error["message"]


@pytest.mark.parametrize("key", ["user_id", "role", "id", "emial"])
def test_unknown_keys_are_refused_so_nothing_is_mass_assigned(client, bearer, key):
    headers = bearer("anna@example.org")

    error = assert_error(
        client.put(f"{API}/profile", json=profile(**{key: 1}), headers=headers), 422
    )

    assert error["fields"] == [
        {"field": key, "message": "is not a key of the contract (check the spelling)"}
    ]


def test_delete_profile_removes_it(app, client, bearer):
    headers = bearer("anna@example.org")
    assert_error(client.delete(f"{API}/profile", headers=headers), 404)
    client.put(f"{API}/profile", json=profile(), headers=headers)

    assert client.delete(f"{API}/profile", headers=headers).status_code == 204

    assert_error(client.get(f"{API}/profile", headers=headers), 404)
    with app.app_context(), database.session_scope() as session:
        assert session.scalar(select(Profile)) is None


# Listings ------------------------------------------------------------------------------------


def test_a_host_posts_lists_replaces_and_deletes_listings(app, client, bearer):
    headers = bearer("hr@labs.example", role="host", organization="Labs")

    created = client.post(
        f"{API}/listings", json=listing(external_id=None, organization="Elsewhere"), headers=headers
    )

    assert created.status_code == 201
    record = created.get_json()
    assert record["external_id"].startswith("h-") and record["organization"] == "Labs"
    path = f"{API}/listings/{record['external_id']}"
    replaced = client.put(
        path, json=listing(external_id=None, title="Data engineer"), headers=headers
    )
    assert replaced.status_code == 200 and replaced.get_json()["title"] == "Data engineer"
    assert_error(client.put(path, json=listing(external_id="other"), headers=headers), 422)
    client.post(f"{API}/listings", json=listing(external_id="l-2"), headers=headers)
    page = client.get(f"{API}/listings?limit=1&offset=1", headers=headers).get_json()
    assert page["total"] == 2 and [item["external_id"] for item in page["items"]] == ["l-2"]
    assert client.delete(path, headers=headers).status_code == 204
    assert_error(client.get(path, headers=headers), 404)
    with app.app_context(), database.session_scope() as session:
        assert session.scalars(select(Listing.external_id)).all() == ["l-2"]


def test_posting_an_own_id_again_updates_and_an_id_with_a_slash_is_refused(client, bearer):
    headers = bearer("hr@labs.example", role="host", organization="Labs")
    assert client.post(f"{API}/listings", json=listing(), headers=headers).status_code == 201

    again = client.post(f"{API}/listings", json=listing(title="Changed"), headers=headers)
    slash = client.post(f"{API}/listings", json=listing(external_id="a/b"), headers=headers)

    assert again.status_code == 200 and again.get_json()["title"] == "Changed"
    assert assert_error(slash, 422)["fields"][0]["field"] == "external_id"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("k=101", "k"),
        ("k=0", "k"),
        ("k=ten", "k"),
        ("remote=maybe", "remote"),
        ("min_level=B2", "query"),
        ("colour=red", "colour"),
        ("k=1&k=2", "k"),
    ],
)
def test_bad_query_parameters_get_422_naming_them(client, bearer, query, field):
    headers = bearer("hr@labs.example", role="host", organization="Labs")
    client.post(f"{API}/listings", json=listing(), headers=headers)

    response = client.get(f"{API}/listings/l-backend/matches?{query}", headers=headers)

    assert field in [item["field"] for item in assert_error(response, 422)["fields"]]


@pytest.mark.parametrize(
    ("query", "field", "words"),
    [
        ("q=python", "kind", "required"),
        ("kind=listings&q=%20", "q", "required"),
        ("q=python&kind=people", "kind", "'profiles' or 'listings'"),
        ("q=python&kind=listings&min_years=3", "query", "min_years does not apply"),
        ("q=python&kind=profiles&listing_kind=job", "query", "listing_kind does not apply"),
    ],
)
def test_bad_search_parameters_get_422_saying_why(client, bearer, query, field, words):
    headers = bearer("hr@labs.example", role="host", organization="Labs")

    error = assert_error(client.get(f"{API}/search?{query}", headers=headers), 422)

    assert {"field": field, "message": error["fields"][0]["message"]} in error["fields"]
    assert words in error["fields"][0]["message"]


# Matches (the real model) --------------------------------------------------------------------

CANARIES = {
    "full_name": "CanaryFullName",
    "name_variants": ["CanaryVariantOne", "CanaryVariantTwo"],
    "birth_year": 1913,
    "email": "canary-mail@example.org",
    "city": "CanaryCity",
}


def canary_profile() -> dict:
    record = profile(**CANARIES)
    record["experience"][0]["organization"] = "CanaryEmployer"
    record["experience"][1]["organization"] = "CanarySecondEmployer"
    record["education"][0]["institution"] = "CanaryInstitute"
    return record


def secrets_in(text: str) -> list[str]:
    values = [
        "CanaryFullName",
        "CanaryVariant",
        "1913",
        "canary-mail",
        "CanaryCity",
        "CanaryEmployer",
        "CanarySecondEmployer",
        "CanaryInstitute",
    ]
    return [value for value in values if value in text]


@pytest.mark.slow
def test_hosts_see_candidates_without_any_private_value(client, bearer):
    exile = bearer("anna@example.org")
    host = bearer("hr@labs.example", role="host", organization="Labs")
    assert client.put(f"{API}/profile", json=canary_profile(), headers=exile).status_code == 201
    assert secrets_in(client.get(f"{API}/profile", headers=exile).get_data(as_text=True))
    client.post(f"{API}/listings", json=listing(), headers=host)

    matches = client.get(f"{API}/listings/l-backend/matches?k=5&language=en", headers=host)
    search = client.get(f"{API}/search?q=payments+engineer&kind=profiles", headers=host)

    for response in (matches, search):
        assert response.status_code == 200
        text = json.dumps(response.get_json(), ensure_ascii=False)
        assert secrets_in(text) == [] and secrets_in(response.get_data(as_text=True)) == []
        item = response.get_json()["items"][0]
        assert item["profile"]["display_name"] == "Anna K."
    assert "Python" in matches.get_json()["items"][0]["explanation"]["skills"]["matched"]
    assert_documented(client, matches, "/api/v1/listings/{external_id}/matches", "get")
    assert_documented(client, search, "/api/v1/search", "get")
    filtered = client.get(f"{API}/listings/l-backend/matches?language=de", headers=host)
    assert filtered.get_json()["items"] == []


@pytest.mark.slow
def test_an_exile_gets_the_best_openings_for_their_profile(client, bearer):
    exile = bearer("anna@example.org")
    host = bearer("hr@labs.example", role="host", organization="Labs")
    client.put(f"{API}/profile", json=profile(), headers=exile)
    client.post(f"{API}/listings", json=listing(), headers=host)
    client.post(
        f"{API}/listings",
        json=listing(external_id="l-violin", title="Violin teacher", skills=["violin"]),
        headers=host,
    )

    matches = client.get(f"{API}/profile/matches?k=2", headers=exile)
    jobs_in_de = client.get(f"{API}/profile/matches?country=DE", headers=exile)
    search = client.get(f"{API}/search?q=violin&kind=listings&k=1", headers=exile)

    assert [item["external_id"] for item in matches.get_json()["items"]][0] == "l-backend"
    assert matches.get_json()["items"][0]["listing"]["organization"] == "Labs"
    assert jobs_in_de.get_json()["items"] == []
    assert [item["external_id"] for item in search.get_json()["items"]] == ["l-violin"]
    assert_documented(client, matches, "/api/v1/profile/matches", "get")
    assert_documented(client, search, "/api/v1/search", "get")
