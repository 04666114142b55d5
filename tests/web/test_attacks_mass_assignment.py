"""Mass assignment (issue 7): extra form fields and JSON keys change nothing in the database.

Extra fields and keys (role, suspension, approval, organisation, ownership, attestation fields,
versions) change nothing; the API refuses unknown keys with 422 (`extra="forbid"` on every body
model), the pages ignore fields their form lacks.
"""

from __future__ import annotations

import re

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
from .contact_helpers import Person, add_person, person_record, set_organization
from .exiles import RUSSIAN_FORM
from .hosts import create_listing, listing_form
from .records import listing, profile

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
