"""Hostile field values (issue 7): invisible characters in names, and over-long fields."""

from __future__ import annotations

import re

from sqlalchemy import select

from web import database
from web.models import Listing, Organization, Profile

from .api import API, assert_error
from .attacks import token
from .contact_helpers import Person
from .exiles import RUSSIAN_FORM
from .hosts import listing_form
from .records import listing, profile

# Invisible characters in names -------------------------------------------------------------------

INVISIBLE = ["\u202e", "\u2066", "\u200b", "\u200d", "\ufeff", "\u061c"]


def test_names_with_bidi_or_zero_width_characters_are_refused_on_the_page(app, auth):
    exile = Person(app, type(auth), "bidi@example.org")

    for character in INVISIBLE:
        name = f"Anna{character}K."
        response = exile.post(
            "/me/profile",
            data=RUSSIAN_FORM | {"display_name": name, "full_name": name, "name_variants": name},
        )

        page = response.get_data(as_text=True)
        assert response.status_code == 422, repr(character)
        for field_id in ("display_name", "full_name", "name_variants"):
            error = re.search(rf'<p class="error" id="{field_id}-error">([^<]*)</p>', page)
            assert error and "invisible" in error.group(1), (field_id, repr(character))
    with app.app_context(), database.session_scope() as session:
        assert session.scalar(select(Profile.id)) is None


def test_names_with_bidi_or_zero_width_characters_are_refused_by_the_api(app, auth):
    exile = Person(app, type(auth), "bidi@example.org")
    headers = token(exile)

    for character in INVISIBLE:
        name = f"Anna{character}K."
        response = exile.client.put(
            f"{API}/profile",
            json=profile(display_name=name, full_name=name, name_variants=[name]),
            headers=headers,
        )

        error = assert_error(response, 422, "validation_error")
        fields = {field["field"]: field["message"] for field in error["fields"]}
        assert set(fields) == {"display_name", "full_name", "name_variants[0]"}, repr(character)
        assert all("invisible" in message for message in fields.values()), fields


def test_names_are_normalised_to_nfc(app, auth):
    exile = Person(app, type(auth), "nfc@example.org")
    decomposed = "Ане\u0308ля"  # e + combining diaeresis

    response = exile.client.put(
        f"{API}/profile", json=profile(display_name=decomposed), headers=token(exile)
    )

    assert response.status_code == 201
    assert response.get_json()["display_name"] == "Анёля"


# Over-long fields ------------------------------------------------------------------------------

# Profile form field -> the contract's maximum length.
PROFILE_LIMITS = {
    "display_name": 200,
    "headline": 500,
    "summary": 20_000,
    "skills": 300,
    "experience-0-title": 300,
    "experience-0-organization": 300,
    "experience-0-description": 20_000,
    "education-0-degree": 300,
    "education-0-field": 300,
    "education-0-institution": 300,
    "full_name": 300,
    "name_variants": 300,
    "city": 200,
}
LISTING_LIMITS = {
    "title": 500,
    "description": 20_000,
    "skills": 300,
    "city": 200,
    "compensation": 300,
}


def test_every_over_long_profile_field_gets_its_own_error_on_the_page(app, auth):
    exile = Person(app, type(auth), "long@example.org")
    data = RUSSIAN_FORM | {name: "x" * (limit + 1) for name, limit in PROFILE_LIMITS.items()}
    data["email"] = "x" * 310 + "@example.org"

    response = exile.post("/me/profile", data=data)

    page = response.get_data(as_text=True)
    assert response.status_code == 422
    for field_id, limit in PROFILE_LIMITS.items() | {("email", 320)}:
        error = re.search(rf'<p class="error" id="{field_id}-error">([^<]*)</p>', page)
        assert error and str(limit) in error.group(1), (field_id, error and error.group(1))
    with app.app_context(), database.session_scope() as session:
        assert session.scalar(select(Profile.id)) is None


def test_every_over_long_listing_and_organisation_field_gets_its_own_error(app, auth):
    host = Person(app, type(auth), "hr@long.example", role="host", organization="Long Org")
    listing_page = host.post(
        "/host/listings/new",
        data=listing_form(**{name: "x" * (limit + 1) for name, limit in LISTING_LIMITS.items()}),
    )
    organization_page = host.post(
        "/host/organization",
        data={"website": "https://example.org/" + "x" * 500, "description": "x" * 10_001},
    )

    assert listing_page.status_code == organization_page.status_code == 422
    for response, limits in (
        (listing_page, LISTING_LIMITS),
        (organization_page, {"website": 500, "description": 10_000}),
    ):
        page = response.get_data(as_text=True)
        for field_id, limit in limits.items():
            error = re.search(rf'<p class="error" id="{field_id}-error">([^<]*)</p>', page)
            assert error and str(limit) in error.group(1), (field_id, error and error.group(1))
    with app.app_context(), database.session_scope() as session:
        assert session.scalar(select(Listing.id)) is None
        assert session.scalar(select(Organization.description)) is None


def test_every_over_long_api_field_is_named_in_one_422(app, auth):
    exile = Person(app, type(auth), "long@example.org")
    host = Person(app, type(auth), "hr@long.example", role="host", organization="Long Org")
    long_profile = profile(
        display_name="x" * 201,
        full_name="x" * 301,
        name_variants=["x" * 301],
        email="x" * 310 + "@example.org",
        headline="x" * 501,
        summary="x" * 20_001,
        skills=["x" * 301],
        city="x" * 201,
        experience=[{"title": "x" * 301, "organization": "x" * 301, "description": "x" * 20_001}],
        education=[{"degree": "x" * 301, "field": "x" * 301, "institution": "x" * 301}],
    )
    long_listing = listing(
        title="x" * 501,
        description="x" * 20_001,
        skills=["x" * 301],
        city="x" * 201,
        compensation="x" * 301,
        external_id="x" * 201,
    )

    profile_error = assert_error(
        exile.client.put(f"{API}/profile", json=long_profile, headers=token(exile)), 422
    )
    listing_error = assert_error(
        host.client.post(f"{API}/listings", json=long_listing, headers=token(host)), 422
    )
    token_error = assert_error(
        host.client.post(
            f"{API}/tokens",
            json={"email": "x" * 321, "password": "x" * 1001, "name": "x" * 101, "code": "1" * 33},
        ),
        422,
    )

    assert {f["field"] for f in profile_error["fields"]} == {
        "display_name",
        "full_name",
        "name_variants[0]",
        "email",
        "headline",
        "summary",
        "skills[0]",
        "city",
        "experience[0].title",
        "experience[0].organization",
        "experience[0].description",
        "education[0].degree",
        "education[0].field",
        "education[0].institution",
    }
    assert {f["field"] for f in listing_error["fields"]} == {
        "title",
        "description",
        "skills[0]",
        "city",
        "compensation",
        "external_id",
    }
    assert {f["field"] for f in token_error["fields"]} == {"email", "password", "name", "code"}
    for error in (profile_error, listing_error, token_error):
        assert all("at most" in f["message"] for f in error["fields"]), error
