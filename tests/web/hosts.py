"""Helpers for the host page tests: a valid listing form, listing creation, database peeks."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from web import database
from web.records.schemas import ProfileRecord
from web.services.records import upsert_profile

HOST = "hr@example.com"
OTHER_HOST = "boss@example.net"


def listing_form(**changes) -> dict:
    """Return the POST data of a valid listing form, with some fields changed."""
    data = {
        "kind": "job",
        "title": "Backend engineer (Python, payments)",
        "description": "Build our payments platform.",
        "skills": "Python\nKafka, Kubernetes",
        "field": "it",
        "country": "GE",
        "city": "Tbilisi",
        "remote": "yes",
        "visa_sponsorship": "no",
        "languages-0-code": "en",
        "languages-0-level": "B2",
        "min_years_experience": "5",
        "deadline": "2099-03-01",
        "compensation": "€60–80k",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def scalar(app, query):
    """Return the one value a query selects."""
    with app.app_context(), database.session_scope() as session:
        return session.scalar(query)


def count(app, model) -> int:
    """Return how many rows a table holds."""
    return scalar(app, select(func.count()).select_from(model))


def create_listing(client, **changes) -> int:
    """Create a listing through the form as the signed-in host; return its id."""
    response = client.post("/host/listings/new", data=listing_form(**changes))
    assert response.status_code == 302, response.get_data(as_text=True)
    return max(int(i) for i in re.findall(r"/host/listings/(\d+)/edit", listings_page(client)))


def listings_page(client) -> str:
    """Return the signed-in host's listings page."""
    return client.get("/host/listings").get_data(as_text=True)


def add_profiles(app, *records: dict) -> None:
    """Store profiles from contract records."""
    with app.app_context(), database.session_scope() as session:
        for record in records:
            upsert_profile(session, ProfileRecord.model_validate(record))
