"""Canary: unique strings in every private field never reach a host, on any page or API response."""

from __future__ import annotations

import html
import re
from urllib.parse import quote_plus

import pytest
from sqlalchemy import select

from web import database
from web.models import Listing, Organization, Profile, ShortlistEntry, User
from web.records.schemas import ListingRecord, ProfileRecord
from web.services.records import upsert_listing, upsert_profile
from web.services.vouching import link_token

from .records import listing, profile

pytestmark = pytest.mark.slow

CANARIES = {
    "full_name": "Canaryfullname Qzxv",
    "name_variants": ["CANARYVARIANT QZXV", "Канареечный Вариант"],
    "birth_year": 1911,
    "email": "canary-mail-qzxv@example.org",
    "city": "Canarycity-Qzxv",
}
EMPLOYER = "Canaryemployer Qzxv Ltd"
INSTITUTION = "Canary Institute of Qzxv"


def canary_texts() -> list[str]:
    """Return every canary as text, as it could appear in a response."""
    texts = [
        CANARIES["full_name"],
        *CANARIES["name_variants"],
        CANARIES["email"],
        CANARIES["city"],
        EMPLOYER,
        INSTITUTION,
    ]
    return texts + [text.lower() for text in texts]


@pytest.fixture()
def seeded(app, auth):
    """An exile profile full of canaries, a host with a listing that matches it."""
    exile_id = auth.create("canary-exile@example.org")
    auth.create("host@example.com", role="host", organization="Host Org")
    record = profile(
        external_id="p-canary",
        headline="Backend engineer, payments",
        skills=["Python", "Kafka"],
        summary="Payments engineer.",
        experience=[
            {
                "title": "Backend engineer",
                "organization": EMPLOYER,
                "start": "2015-01",
                "end": None,
                "description": "Payments API in Python.",
            }
        ],
        education=[
            {"degree": "MSc", "field": "Mathematics", "institution": INSTITUTION, "year": 2012}
        ],
        **CANARIES,
    )
    with app.app_context(), database.session_scope() as session:
        stored, _ = upsert_profile(session, ProfileRecord.model_validate(record))
        stored.user_id = exile_id
        host = session.scalar(select(User).where(User.email == "host@example.com"))
        org_name = host.memberships[0].organization.name
        job, _ = upsert_listing(
            session,
            ListingRecord.model_validate(listing(external_id="l-canary", organization=org_name)),
        )
        session.flush()
        session.add(
            ShortlistEntry(
                listing_id=job.id,
                profile_id=stored.id,
                added_by_id=host.id,
                note="strong candidate",
            )
        )
    return app


def fill(rule, app) -> str | None:
    """Return a URL for a rule with its arguments filled from the seeded data."""
    with app.app_context(), database.session_scope() as session:
        values = {
            "listing_id": session.scalar(
                select(Listing.id).where(Listing.external_id == "l-canary")
            ),
            "entry_id": session.scalar(select(ShortlistEntry.id)),
            "external_id": None,
            "profile_id": session.scalar(select(Profile.id)),
            "filename": "style.css",
            "action": "disable",
            "provider": "orcid",
            "token": link_token(
                session.scalar(select(User).where(User.email == "canary-exile@example.org"))
            ),
            "review_id": 1,
            "purpose": "account",
            "vouch_id": 1,
            "hit_id": 1,
            "request_id": 1,
            "membership_id": 1,
            "organization_id": session.scalar(select(Organization.id)),
            "user_id": session.scalar(
                select(User.id).where(User.email == "canary-exile@example.org")
            ),
        }
    arguments = {}
    for name in rule.arguments:
        if name not in values:
            raise AssertionError(f"teach the canary test to fill <{name}> of {rule.rule}")
        arguments[name] = values[name]
    if "external_id" in arguments:
        arguments["external_id"] = "l-canary" if "listing" in rule.rule else "p-canary"
    url = rule.rule
    for name, value in arguments.items():
        url = re.sub(rf"<(?:[^:<>]+:)?{name}>", str(value), url)
    return url


def assert_clean(text: str, where: str, typed: str = "") -> None:
    # The host's own search text is echoed once in the search box; that is not a leak.
    if typed:
        text = text.replace(f'value="{html.escape(typed)}"', "", 1)
    for canary in canary_texts():
        assert canary not in text, f"{canary!r} leaked to a host at {where}"
    assert "1911" not in text, f"the birth year leaked to a host at {where}"


def test_no_host_page_or_api_response_carries_a_private_field(seeded, client, auth):
    auth.login("host@example.com")
    token = client.post(
        "/api/v1/tokens", json={"email": "host@example.com", "password": auth.PASSWORD, "name": "t"}
    )
    bearer = (
        {"Authorization": f"Bearer {token.get_json()['token']}"}
        if token.is_json and (token.status_code in (200, 201))
        else {}
    )
    visited = []
    for rule in seeded.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        url = fill(rule, seeded)
        headers = bearer if url.startswith("/api/") else {}
        for typed in (
            "",
            "Python payments backend",
            CANARIES["full_name"],
            CANARIES["email"],
            EMPLOYER,
        ):
            query = f"?q={quote_plus(typed)}" if typed else ""
            response = client.get(url + query, headers=headers)
            assert response.status_code < 500, f"{url}{query} answered {response.status_code}"
            assert_clean(response.get_data(as_text=True), url + query, typed)
            visited.append((url + query, response.status_code))
    reached = [url for url, status in visited if status == 200]
    assert any("/host/listings/" in url and "candidates" in url for url in reached), visited
    assert any(url.startswith("/host/search") for url in reached)
    assert any(url.startswith("/api/v1/listings/l-canary/matches") for url in reached)
