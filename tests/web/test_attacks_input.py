"""Input abuse (issue 7, attacks 7 and 8): mass assignment, stored XSS and template injection,
invisible characters in names, over-long fields, and hostile JSON bodies.

Mass assignment: extra form fields and JSON keys (role, suspension, approval, organisation,
ownership, attestation fields, versions) change nothing in the database; the API refuses unknown
keys with 422 (`extra="forbid"` on every body model), the pages ignore fields their form lacks.
"""

from __future__ import annotations

import json
import re
import time
from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from web import database
from web.models import (
    ApiToken,
    Attestation,
    ContactRequest,
    Listing,
    Membership,
    Organization,
    Profile,
    ShortlistEntry,
    User,
)

from .api import API, assert_error
from .attacks import token
from .contact_helpers import Person, add_person, approve_badge, person_record, set_organization
from .hosts import create_listing, listing_form
from .records import listing, profile
from .test_exile_pages import RUSSIAN_FORM

# Mass assignment --------------------------------------------------------------------------------

# Columns an attacker would like to set, as form fields; none of them is on any form here.
EXTRAS = {
    "role": "admin",
    "is_active": "false",
    "suspended_at": "",
    "session_version": "99",
    "approval_status": "approved",
    "approved_by_id": "1",
    "user_id": "1",
    "verified": "true",
    "status": "verified",
    "evidence": "forged",
    "checked_by": "moderators #1 and #2",
    "is_canary": "y",
    "version": "99",
    "content_hash": "0" * 64,
    "external_id": "p-victim",
    "id": "1",
}


def columns(app) -> dict[str, list[tuple]]:
    """Return the security-relevant columns of every table an extra field could reach."""
    tables = {
        "users": (User.id, User.email, User.role, User.is_active, User.suspended_at),
        "sessions": (User.id, User.session_version),
        "organizations": (
            Organization.id,
            Organization.name,
            Organization.approval_status,
            Organization.approved_by_id,
            Organization.approved_at,
        ),
        "memberships": (Membership.id, Membership.user_id, Membership.organization_id),
        "profiles": (
            Profile.id,
            Profile.external_id,
            Profile.user_id,
            Profile.is_canary,
            Profile.show_employers,
            Profile.version,
        ),
        "listings": (Listing.id, Listing.external_id, Listing.organization_id, Listing.version),
        "attestations": (
            Attestation.id,
            Attestation.kind,
            Attestation.user_id,
            Attestation.organization_id,
            Attestation.status,
            Attestation.evidence,
            Attestation.checked_by,
        ),
        "requests": (ContactRequest.id, ContactRequest.status, ContactRequest.revealed_fields),
        "tokens": (ApiToken.id, ApiToken.user_id),
    }
    with app.app_context(), database.session_scope() as session:
        return {
            name: [tuple(row) for row in session.execute(select(*cols).order_by(cols[0]))]
            for name, cols in tables.items()
        }


@pytest.fixture()
def people(app, auth):
    """An exile with a profile, a victim exile, a host of Org A and another of approved Org B."""
    exile = Person(app, type(auth), "exile@example.org")
    victim = Person(app, type(auth), "victim@example.org")
    add_person(app, victim.id, person_record("p-victim", display_name="Victim V."))
    host = Person(
        app, type(auth), "hr@org-a.example", role="host", organization="Org A", approved=False
    )
    other = Person(app, type(auth), "hr@org-b.example", role="host", organization="Org B")
    return exile, victim, host, other


def test_extra_form_fields_change_nothing_on_any_page(app, client, people):
    exile, victim, host, other = people
    org_b = set_organization(app, other.email)
    extras = EXTRAS | {"user_id": str(victim.id), "organization_id": str(org_b)}

    # Registration: an invented role is refused; extras beside a valid one are ignored.
    register = {"email": "new@example.org", "password": "x" * 16, "confirm": "x" * 16}
    assert client.post("/register", data=register | {"role": "admin"}).status_code == 422
    assert client.post("/register", data=register | extras | {"role": "exile"}).status_code == 302
    host_register = register | {"email": "new-host@example.org", "organization": "New Org"}
    fresh = app.test_client()
    assert (
        fresh.post("/register", data=host_register | extras | {"role": "host"}).status_code == 302
    )
    before = columns(app)

    responses = {
        "profile": exile.post("/me/profile", data=RUSSIAN_FORM | extras | {"show_employers": "y"}),
        "listing": host.post("/host/listings/new", data=listing_form(**extras)),
        "organization": host.post(
            "/host/organization", data={"name": "Renamed", "kind": "fund", "country": "LV"} | extras
        ),
        "privacy": exile.post("/me/privacy", data={"blocked_countries": ["FR"]} | extras),
    }
    assert {name: r.status_code for name, r in responses.items()} == dict.fromkeys(responses, 302)

    after = columns(app)
    for name in ("users", "sessions", "organizations", "memberships", "attestations", "tokens"):
        assert after[name] == before[name], name
    new_users = {row[1]: row for row in after["users"]}
    assert new_users["new@example.org"][2:] == ("exile", True, None)
    assert new_users["new-host@example.org"][2:] == ("host", True, None)
    assert {row[1]: row[2] for row in after["organizations"]}["New Org"] == "pending"
    [(_, external_id, user_id, canary, employers, version)] = [
        row for row in after["profiles"] if row not in before["profiles"]
    ]
    # Version 2: the profile form saved it, the privacy form saved it again.
    assert (user_id, canary, employers, version) == (exile.id, False, False, 2)
    assert re.fullmatch(r"u-[0-9a-f]{24}", external_id)
    assert [row for row in after["profiles"] if row[1] == "p-victim"] == [
        row for row in before["profiles"] if row[1] == "p-victim"
    ]
    [(_, listing_id, organization_id, listing_version)] = after["listings"]
    assert organization_id != org_b and listing_version == 1
    assert re.fullmatch(r"h-[0-9a-f]{24}", listing_id)


def test_a_host_cannot_ask_or_shortlist_in_another_organisations_name(app, people):
    _exile, _victim, _host, other = people
    third = Person(app, other.auth.__class__, "hr@org-c.example", role="host", organization="Org C")
    org_c = set_organization(app, third.email)
    listing_id = create_listing(third.client)
    before = columns(app)

    asked = other.post(
        "/host/talent/p-victim/contact",
        data={"purpose": "We would like to offer you a job in our team.", "organization_id": org_c},
    )
    shortlisted = other.post(
        f"/host/listings/{listing_id}/shortlist", data={"external_id": "p-victim"}
    )

    assert asked.status_code == 422
    assert shortlisted.status_code == 404
    assert columns(app) == before
    with app.app_context(), database.session_scope() as session:
        assert session.scalar(select(ShortlistEntry.id)) is None


def test_extra_json_keys_are_refused_with_422_and_change_nothing(app, people):
    exile, victim, host, other = people
    exile_headers, host_headers = token(exile), token(other)
    created = other.client.post(
        f"{API}/listings", json=listing(external_id=None), headers=host_headers
    )
    assert created.status_code == 201
    own = created.get_json()["external_id"]
    before = columns(app)
    for key in ("role", "user_id", "organization_id", "verified", "status"):
        value = {"role": "admin", "user_id": victim.id, "organization_id": 1}.get(key, True)

        attempts = [
            exile.client.put(
                f"{API}/profile", json=profile() | {key: value}, headers=exile_headers
            ),
            other.client.post(
                f"{API}/listings", json=listing() | {key: value}, headers=host_headers
            ),
            other.client.put(
                f"{API}/listings/{own}",
                json=listing(external_id=None) | {key: value},
                headers=host_headers,
            ),
            other.client.post(
                f"{API}/profiles/p-victim/contact-requests",
                json={"purpose": "We would like to offer you a job in our team.", key: value},
                headers=host_headers,
            ),
            other.client.post(
                f"{API}/tokens",
                # An address of its own per key: the sign-in budget counts per account.
                json={"email": f"{key}@nobody.example", "password": "x", key: value},
            ),
        ]

        for response in attempts:
            error = assert_error(response, 422, "validation_error")
            assert [field["field"] for field in error["fields"]] == [key]
    assert columns(app) == before


def test_naming_another_organisation_in_a_listing_body_is_ignored(app, people):
    _exile, _victim, host, other = people
    headers = token(other)

    created = other.client.post(
        f"{API}/listings", json=listing(external_id=None, organization="Org A"), headers=headers
    )

    assert created.status_code == 201
    assert created.get_json()["organization"] == "Org B"
    with app.app_context(), database.session_scope() as session:
        owner = session.scalar(
            select(Organization.name).join(Listing, Listing.organization_id == Organization.id)
        )
    assert owner == "Org B"


# Stored XSS and template injection ---------------------------------------------------------------

XSS = "<script>alert(1)</script>\"><img src=x onerror=alert(1)>'><svg onload=alert(2)></textarea>"
TEMPLATE = "{{7*7777}}{{config}}"
PAYLOAD = f"{XSS}{TEMPLATE}"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
EVALUATED = ("54439", "SECRET_KEY")
ORGANIZATION = f"Org {PAYLOAD}"[:300]


class _Elements(HTMLParser):
    """Collect every element with its attributes, and the text inside script elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        self.elements.append((tag, {name: value or "" for name, value in attrs}))

    handle_startendtag = handle_starttag


def assert_inert(page: str, where: str, shown: bool = True) -> None:
    """Assert a page carries no script, event handler or javascript: URL, and no evaluated
    template; with `shown`, also that the payload is there, as text."""
    parser = _Elements()
    parser.feed(page)
    for tag, attrs in parser.elements:
        assert tag != "script", where  # the app has no JavaScript at all
        handlers = [name for name in attrs if name.startswith("on")]
        assert handlers == [], (where, tag, attrs)
        assert not (tag == "img" and attrs.get("src") == "x"), where
        for name in ("href", "src", "action", "formaction", "xlink:href"):
            value = re.sub(r"\s", "", attrs.get(name, "")).lower()
            assert not value.startswith(("javascript:", "data:", "vbscript:")), (where, attrs)
    for value in EVALUATED:
        assert value not in page, (where, value)
    if shown:
        assert ESCAPED in page, f"the payload is not on {where}, so this proves nothing"
        assert TEMPLATE in page.replace("&#39;", "'"), where


def profile_form_with_payloads() -> dict:
    """Return the profile form with the payload in every free-text field."""
    data = dict(RUSSIAN_FORM)
    for name in (
        "display_name",
        "headline",
        "summary",
        "experience-0-title",
        "experience-0-organization",
        "experience-0-description",
        "education-0-degree",
        "education-0-field",
        "education-0-institution",
        "full_name",
        "name_variants",
        "city",
    ):
        data[name] = f"{name} {PAYLOAD}"
    data["skills"] = f"Python\n{PAYLOAD}"
    data["email"] = '"><svg/onload=alert(1)>@example.org'
    return data


@pytest.fixture()
def stored(app, auth):
    """Payloads stored through the real forms in every text field a person or a host types."""
    exile = Person(app, type(auth), "xss-exile@example.org")
    saved = exile.post("/me/profile", data=profile_form_with_payloads())
    assert saved.status_code == 302, saved.get_data(as_text=True)
    host = Person(app, type(auth), "hr@xss.example", role="host", organization=ORGANIZATION)
    organization_id = set_organization(app, host.email, country="DE")
    approve_badge(app, organization_id)
    page = host.post(
        "/host/organization",
        data={
            "kind": "employer",
            "website": f"https://example.org/?q={XSS}",
            "description": PAYLOAD,
        },
    )
    assert page.status_code == 302, page.get_data(as_text=True)
    listing_id = create_listing(
        host.client,
        title=f"Title {PAYLOAD}",
        description=PAYLOAD,
        skills=f"Python\n{PAYLOAD}",
        city=f"City {PAYLOAD}"[:200],
        compensation=PAYLOAD,
    )
    with app.app_context(), database.session_scope() as session:
        external_id = session.scalar(select(Profile.external_id))
    assert host.get(f"/host/talent/{external_id}").status_code == 200
    asked = host.post(
        f"/host/talent/{external_id}/contact",
        data={
            "purpose": f"Purpose {PAYLOAD}",
            "organization_id": organization_id,
            "listing_id": listing_id,
        },
    )
    assert asked.status_code == 302, asked.get_data(as_text=True)
    noted = host.post(
        f"/host/listings/{listing_id}/shortlist",
        data={"external_id": external_id, "note": f"Note {XSS}"},
    )
    assert noted.status_code == 302
    with app.app_context(), database.session_scope() as session:
        request_id = session.scalar(select(ContactRequest.id))
    accepted = exile.post(
        f"/me/contact-requests/{request_id}/accept", data={"fields": ["full_name", "city"]}
    )
    assert accepted.status_code == 302
    admin = Person(app, type(auth), "admin@example.org", role="admin")
    return {
        "exile": exile,
        "host": host,
        "admin": admin,
        "external_id": external_id,
        "listing_id": listing_id,
        "organization_id": organization_id,
    }


def test_payloads_in_every_text_field_are_rendered_as_text(stored):
    exile, host, admin = stored["exile"], stored["host"], stored["admin"]
    pages = {
        (exile, "/me/profile"): True,
        (exile, "/me/profile/preview"): True,
        (exile, "/me/contact-requests"): True,
        (exile, "/me/views"): True,
        (exile, f"/me/privacy?q={ORGANIZATION[:6]}"): False,
        (exile, "/verification"): False,
        (host, "/host/organization"): True,
        (host, "/host/listings"): True,
        (host, f"/host/listings/{stored['listing_id']}/edit"): True,
        (host, f"/host/listings/{stored['listing_id']}/shortlist"): True,
        (host, f"/host/talent/{stored['external_id']}"): True,
        (host, "/host/contact-requests"): True,
        (admin, "/admin"): True,
        (admin, f"/admin/organizations/{stored['organization_id']}/approval"): True,
        (admin, "/admin/security"): False,
    }
    for (person, path), shown in pages.items():
        assert_inert(person.page(path), path, shown)
    # The organisation's website is a link whose address stays one attribute value.
    card = host.page(f"/host/talent/{stored['external_id']}")
    assert "Note &lt;script&gt;" in host.page(f"/host/listings/{stored['listing_id']}/shortlist")
    assert "Purpose &lt;script&gt;" in exile.page("/me/contact-requests")
    assert "city &lt;script&gt;" in card  # revealed through the accepted request


@pytest.mark.slow
def test_payloads_are_inert_on_ranked_pages(stored):
    exile, host, admin = stored["exile"], stored["host"], stored["admin"]
    for person, path in (
        (exile, "/me/matches"),
        (host, f"/host/listings/{stored['listing_id']}/candidates"),
        (host, "/host/search?q=Python+payments"),
        (admin, "/host/search?q=Python+payments"),
    ):
        assert_inert(person.page(path), path)


WEBSITES = [
    "javascript:alert(1)",
    " JavaScript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "//evil.example/",
]


def test_the_organisation_website_is_http_or_https_only(app, auth):
    host = Person(app, type(auth), "hr@site.example", role="host", organization="Site Org")

    for website in WEBSITES:
        response = host.post("/host/organization", data={"website": website, "country": "LV"})

        assert response.status_code == 422, website
        assert 'id="website-error"' in response.get_data(as_text=True), website
    with app.app_context(), database.session_scope() as session:
        assert session.scalar(select(Organization.website)) is None


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


# Hostile JSON bodies ---------------------------------------------------------------------------

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
