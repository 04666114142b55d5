"""Hostile JSON bodies (issue 7): deep nesting, huge numbers and bodies, out-of-range queries."""

from __future__ import annotations

import json
import time

from sqlalchemy import select

from web import database
from web.models import Listing

from .api import API, assert_error
from .attacks import token
from .contact_helpers import Person, approve_badge, set_organization
from .records import listing

HOSTILE_BODIES = {
    "10,000 nested lists": ("[" * 10_000 + "]" * 10_000, "nested deeper than 20"),
    "100,000 nested objects": ('{"a":' * 100_000 + "1" + "}" * 100_000, "nested deeper than 20"),
    "deep inside a valid object": (
        '{"display_name": "A", "summary": ' + "[" * 5000 + "]" * 5000 + "}",
        "nested deeper than 20",
    ),
    "a 5,000-digit number": ('{"years_experience": ' + "9" * 5000 + "}", "too many digits"),
    "an unterminated string of escapes": ('"\\' * 200_000, "not valid JSON"),
}


def test_hostile_json_is_refused_clearly_on_every_body_endpoint(app, auth):
    exile = Person(app, type(auth), "json@example.org")
    host = Person(app, type(auth), "hr@json.example", role="host", organization="Json Org")
    approve_badge(app, set_organization(app, host.email))
    exile_headers = token(exile) | {"Content-Type": "application/json"}
    host_headers = token(host) | {"Content-Type": "application/json"}
    started = time.monotonic()

    for name, (body, words) in HOSTILE_BODIES.items():
        for person, headers, method, path in (
            (exile, exile_headers, "PUT", "/profile"),
            (host, host_headers, "POST", "/listings"),
            (host, host_headers, "PUT", "/listings/h-x"),
            (host, host_headers, "POST", "/profiles/p-x/contact-requests"),
            (exile, {"Content-Type": "application/json"}, "POST", "/tokens"),
        ):
            response = person.client.open(f"{API}{path}", method=method, data=body, headers=headers)
            message = assert_error(response, 400, "invalid_json")["message"]
            assert words in message, (name, path, message)
    # 25 hostile requests, some of 400 KB: parsing takes linear time.
    assert time.monotonic() - started < 10


def test_a_huge_json_body_is_refused_unread_in_the_error_shape(app, auth):
    host = Person(app, type(auth), "hr@huge.example", role="host", organization="Huge Org")
    headers = token(host)
    limit = app.config["MAX_CONTENT_LENGTH"]
    body = json.dumps(listing(description="x" * limit))

    response = host.client.post(
        f"{API}/listings", data=body, headers=headers, content_type="application/json"
    )

    assert str(limit) in assert_error(response, 413, "payload_too_large")["message"]
    hostile = host.client.post(
        f"{API}/listings", data="[" * 10_000, headers=headers, content_type="application/json"
    )
    assert "nested deeper" in assert_error(hostile, 400, "invalid_json")["message"]
    with app.app_context(), database.session_scope() as session:
        assert session.scalar(select(Listing.id)) is None


def test_query_numbers_past_the_databases_range_are_refused(app, auth):
    host = Person(app, type(auth), "hr@offset.example", role="host", organization="Offset Org")

    response = host.get(f"{API}/listings?offset={10**30}", headers=token(host))

    error = assert_error(response, 422, "validation_error")
    assert [field["field"] for field in error["fields"]] == ["offset"]
