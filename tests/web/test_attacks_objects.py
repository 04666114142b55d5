"""Object-level access (issue 7, attack 5): one exile cannot read or change another's profile,
contact requests, vouches, view log or uploads through any page or API route, and a host cannot
reach a profile hidden from it (blocked organisation, unapproved organisation, erased account).

Every refusal is the 404 a missing id gets (byte for byte) and leaves the database as it was.
Role-level refusals (every route x every role) are tests/web/test_access_matrix.py; this file is
about objects of the same role.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from web import database
from web.models import (
    BlockedOrganization,
    ContactRequest,
    DocumentReview,
    Organization,
    Profile,
    ProfileView,
    RevealEvent,
    ShortlistEntry,
    Vouch,
)

from .api import API, assert_error
from .attacks import token, without_csrf
from .contact_helpers import (
    Person,
    add_person,
    approve_badge,
    person_record,
    set_organization,
)
from .documents import PDF, upload
from .hosts import create_listing

PURPOSE = "We are hiring backend engineers for our payments team in Berlin."
MISSING = 987654
# The exile's own pages: none of them may change when another exile acts.
OWN_PAGES = (
    "/me/profile",
    "/me/profile/preview",
    "/me/contact-requests",
    "/me/views",
    "/me/privacy",
    "/documents",
    "/vouching",
    "/verification",
)


def rows(app, model, *columns) -> list[tuple]:
    """Return the chosen columns of every row of a table, in id order."""
    with app.app_context(), database.session_scope() as session:
        return [tuple(row) for row in session.execute(select(*columns).order_by(model.id))]


def snapshot(app) -> dict[str, list[tuple]]:
    """Return what the attacks could change: requests, reveals, vouches, blocks, views, uploads."""
    return {
        "requests": rows(
            app,
            ContactRequest,
            ContactRequest.id,
            ContactRequest.status,
            ContactRequest.revealed_fields,
        ),
        "reveals": rows(app, RevealEvent, RevealEvent.id, RevealEvent.action),
        "vouches": rows(app, Vouch, Vouch.id, Vouch.voucher_user_id, Vouch.subject_user_id),
        "blocks": rows(
            app, BlockedOrganization, BlockedOrganization.profile_id, BlockedOrganization.id
        ),
        "views": rows(app, ProfileView, ProfileView.id, ProfileView.profile_id),
        "documents": rows(app, DocumentReview, DocumentReview.id, DocumentReview.user_id),
        "profiles": rows(
            app, Profile, Profile.id, Profile.user_id, Profile.display_name, Profile.version
        ),
        "shortlist": rows(app, ShortlistEntry, ShortlistEntry.id, ShortlistEntry.profile_id),
    }


@pytest.fixture()
def exiles(app, auth):
    """Exiles A and B with profiles; B has a pending and an accepted request, a vouch it gave,
    a blocked organisation, a card view and an uploaded document; A has none of these."""
    a = Person(app, type(auth), "a-exile@example.org")
    add_person(app, a.id, person_record("p-a", display_name="Alpha A."))
    b = Person(app, type(auth), "b-exile@example.org")
    add_person(app, b.id, person_record("p-b", display_name="Bravo B."))
    c = Person(app, type(auth), "c-exile@example.org")
    host = Person(app, type(auth), "hr@viewer-org.example", role="host", organization="Viewer Org")
    approve_badge(app, set_organization(app, host.email, country="DE", kind="employer"))
    other = Person(app, type(auth), "hr@other-org.example", role="host", organization="Other Org")
    set_organization(app, other.email, country="FR")

    assert host.get("/host/talent/p-b").status_code == 200  # a view in B's log
    assert host.post("/host/talent/p-b/contact", data={"purpose": PURPOSE}).status_code == 302
    assert other.post("/host/talent/p-b/contact", data={"purpose": PURPOSE}).status_code == 302
    pending, accepted = (row[0] for row in rows(app, ContactRequest, ContactRequest.id))
    assert (
        b.post(f"/me/contact-requests/{accepted}/accept", data={"fields": ["email"]}).status_code
        == 302
    )
    assert upload(b.client, PDF).status_code == 302
    with app.app_context(), database.session_scope() as session:
        vouch = Vouch(voucher_user_id=b.id, subject_user_id=c.id)
        block = BlockedOrganization(
            profile_id=profile_id_in(session, "p-b"),
            organization_id=host_organization_id(session, "Other Org"),
        )
        session.add_all([vouch, block])
        session.flush()
        ids = {
            "pending": pending,
            "accepted": accepted,
            "vouch": vouch.id,
            "blocked_org": block.organization_id,
        }
    return a, b, ids


def host_organization_id(session, name: str) -> int:
    """Return the id of the organisation with that name."""
    return session.scalar(select(Organization.id).where(Organization.name == name))


def test_an_exile_cannot_reach_another_exiles_requests_vouches_views_or_uploads(app, exiles):
    a, b, ids = exiles
    before = snapshot(app)
    pages = {path: a.page(path) for path in OWN_PAGES}
    attempts = {
        "accept": ("/me/contact-requests/{}/accept", {"fields": ["email", "city"]}),
        "decline": ("/me/contact-requests/{}/decline", {}),
        "revoke": ("/me/contact-requests/{}/revoke", {}),
        "unblock": ("/me/privacy/unblock/{}", {}),
        "vouch revoke": ("/vouching/{}/revoke", {}),
    }
    targets = {
        "accept": [ids["pending"]],
        "decline": [ids["pending"], ids["accepted"]],
        "revoke": [ids["accepted"]],
        "unblock": [ids["blocked_org"]],
        "vouch revoke": [ids["vouch"]],
    }
    for name, (url, data) in attempts.items():
        missing = a.post(url.format(MISSING), data=data)
        assert missing.status_code == 404, name
        for target in targets[name]:
            response = a.post(url.format(target), data=data)
            assert response.status_code == 404, (name, target)
            assert without_csrf(response.get_data()) == without_csrf(missing.get_data()), (
                name,
                target,
            )

    assert snapshot(app) == before
    # A's own pages show nothing of B's, before or after the attempts.
    for path, text in pages.items():
        assert without_csrf(a.page(path)) == without_csrf(text), path
        for marker in ("Bravo B.", "Viewer Org", "Other Org", PURPOSE, "p-b"):
            assert marker not in text, (path, marker)
    # B still sees its own things, so the markers above were real.
    assert "Viewer Org" in b.page("/me/views")
    assert PURPOSE in b.page("/me/contact-requests")

    # B's upload: only moderators download or vote, and a missing review answers alike.
    [review_id] = [row[0] for row in rows(app, DocumentReview, DocumentReview.id)]
    for url, method in (
        ("/admin/documents/{}/file", "GET"),
        ("/admin/documents/{}/vote", "POST"),
    ):
        theirs = a.client.open(url.format(review_id), method=method, data={"decision": "approve"})
        missing = a.client.open(url.format(MISSING), method=method, data={"decision": "approve"})
        assert theirs.status_code == missing.status_code == 403, url
        assert without_csrf(theirs.get_data()) == without_csrf(missing.get_data()), url
    assert snapshot(app) == before

    # Every numbered URL on B's own pages names one of B's own requests, blocks or vouches.
    numbered = set(re.findall(r'action="(/[^"]*\d+[^"]*)"', "".join(b.page(p) for p in OWN_PAGES)))
    own = {str(ids[key]) for key in ("pending", "accepted", "blocked_org", "vouch")}
    assert numbered
    for url in numbered:
        assert set(re.findall(r"\d+", url)) <= own, url


def test_the_api_only_ever_touches_the_callers_own_profile(app, exiles):
    a, _b, _ids = exiles
    headers = token(a)
    before = rows(app, Profile, Profile.external_id, Profile.user_id, Profile.display_name)

    assert a.get(f"{API}/profile", headers=headers).get_json()["external_id"] == "p-a"
    record = a.get(f"{API}/profile", headers=headers).get_json()
    record |= {"external_id": "p-b", "display_name": "Hijacked"}
    saved = a.client.put(f"{API}/profile", json=record, headers=headers)

    assert saved.status_code == 200 and saved.get_json()["external_id"] == "p-a"
    after = rows(app, Profile, Profile.external_id, Profile.user_id, Profile.display_name)
    assert [row for row in after if row[0] == "p-b"] == [r for r in before if r[0] == "p-b"]
    assert ("p-a", a.id, "Hijacked") in after
    # No API route takes another person's id: the exile's routes all work on "my profile".
    paths = a.get(f"{API}/openapi.json").get_json()["paths"]
    exile_paths = {
        path
        for path, operations in paths.items()
        for operation in operations.values()
        if "role exile" in operation["description"]
    }
    assert exile_paths == {"/api/v1/profile", "/api/v1/profile/matches"}


# Hosts ----------------------------------------------------------------------------------------


@pytest.fixture()
def hidden(app, auth):
    """Profiles hidden from an approved host (blocked, erased) and a host of a pending org."""
    host = Person(app, type(auth), "hr@host-org.example", role="host", organization="Host Org")
    organization_id = set_organization(app, host.email, country="DE")
    approve_badge(app, organization_id)
    pending = Person(
        app,
        type(auth),
        "hr@pending-org.example",
        role="host",
        organization="Pending Org",
        approved=False,
    )
    visible = Person(app, type(auth), "visible@example.org")
    add_person(app, visible.id, person_record("p-visible", display_name="Visible V."))
    blocker = Person(app, type(auth), "blocker@example.org")
    add_person(app, blocker.id, person_record("p-blocker", display_name="Blocker B."))
    with app.app_context(), database.session_scope() as session:
        session.add(
            BlockedOrganization(
                profile_id=profile_id_in(session, "p-blocker"),
                organization_id=organization_id,
            )
        )
    erased = Person(app, type(auth), "erased@example.org")
    add_person(app, erased.id, person_record("p-erased", display_name="Erased E."))
    assert host.get("/host/talent/p-erased").status_code == 200
    gone = erased.post("/me/erase", data={"password": erased.auth.PASSWORD})
    assert gone.status_code == 302
    listings = {
        host.email: create_listing(host.client),
        pending.email: create_listing(pending.client),
    }
    return host, pending, listings


def _normalised(response, external_id: str) -> bytes:
    """Return the body with the asked-for id replaced, so two refusals can be compared."""
    return without_csrf(response.get_data()).replace(external_id.encode(), b"<id>")


@pytest.mark.parametrize("external_id", ["p-blocker", "p-erased"])
def test_a_hidden_profile_is_refused_everywhere_like_a_missing_one(app, hidden, external_id):
    host, _pending, listings = hidden
    headers = token(host)
    listing_id = listings[host.email]
    before = snapshot(app)

    def attempts(target: str) -> dict:
        return {
            "card": host.get(f"/host/talent/{target}"),
            "shortlist": host.post(
                f"/host/listings/{listing_id}/shortlist", data={"external_id": target}
            ),
            "shortlist any": host.post(
                "/host/shortlist", data={"external_id": target, "listing_id": listing_id}
            ),
            "contact page": host.post(f"/host/talent/{target}/contact", data={"purpose": PURPOSE}),
            "contact api": host.client.post(
                f"{API}/profiles/{target}/contact-requests",
                json={"purpose": PURPOSE},
                headers=headers,
            ),
        }

    hidden_answers = attempts(external_id)
    missing_answers = attempts("p-missing")
    for name, response in hidden_answers.items():
        assert response.status_code == 404, name
        assert _normalised(response, external_id) == _normalised(
            missing_answers[name], "p-missing"
        ), name
    assert_error(hidden_answers["contact api"], 404, "not_found")
    # The visible profile gets through the same routes, so the 404s above are about visibility.
    assert host.get("/host/talent/p-visible").status_code == 200
    assert snapshot(app)["requests"] == before["requests"]
    assert snapshot(app)["shortlist"] == before["shortlist"]


def test_a_host_of_an_unapproved_organisation_reaches_no_profile(app, hidden):
    _host, pending, listings = hidden
    headers = token(pending)
    listing_id = listings[pending.email]
    [listing] = pending.get(f"{API}/listings", headers=headers).get_json()["items"]
    before = snapshot(app)

    assert pending.get("/host/talent/p-visible").status_code == 403
    assert pending.get("/host/search?q=python").status_code == 403
    assert pending.get(f"/host/listings/{listing_id}/candidates").status_code == 403
    added = pending.post(
        f"/host/listings/{listing_id}/shortlist", data={"external_id": "p-visible"}
    )
    assert added.status_code == 403
    asked = pending.post("/host/talent/p-visible/contact", data={"purpose": PURPOSE})
    assert asked.status_code == 403
    for response in (
        pending.get(f"{API}/search?q=python&kind=profiles", headers=headers),
        pending.get(f"{API}/listings/{listing['external_id']}/matches", headers=headers),
        pending.client.post(
            f"{API}/profiles/p-visible/contact-requests", json={"purpose": PURPOSE}, headers=headers
        ),
        pending.get(f"{API}/contact-requests", headers=headers),
    ):
        assert_error(response, 403, "forbidden")
    assert snapshot(app) == before


@pytest.mark.slow
def test_an_erased_or_blocking_profile_never_comes_back_from_api_search_or_matches(app, auth):
    from .test_reindex import run

    host = Person(app, type(auth), "hr@search-org.example", role="host", organization="Search Org")
    organization_id = set_organization(app, host.email, country="DE")
    stayer = Person(app, type(auth), "stay@example.org")
    add_person(app, stayer.id, person_record("p-stay", display_name="Stay S."))
    leaver = Person(app, type(auth), "leave@example.org")
    add_person(app, leaver.id, person_record("p-leave", display_name="Leave L."))
    blocker = Person(app, type(auth), "block@example.org")
    add_person(app, blocker.id, person_record("p-block", display_name="Block B."))
    create_listing(host.client)
    run(app)  # all three are in the published index
    headers = token(host)
    [listing] = host.get(f"{API}/listings", headers=headers).get_json()["items"]

    def found() -> tuple[set[str], set[str]]:
        search = host.get(
            f"{API}/search",
            query_string={"q": "backend engineer payments", "kind": "profiles", "k": 50},
            headers=headers,
        )
        matches = host.get(f"{API}/listings/{listing['external_id']}/matches?k=50", headers=headers)
        assert search.status_code == matches.status_code == 200
        return (
            {item["external_id"] for item in search.get_json()["items"]},
            {item["external_id"] for item in matches.get_json()["items"]},
        )

    everyone = {"p-stay", "p-leave", "p-block"}
    assert found() == (everyone, everyone)

    assert leaver.post("/me/erase", data={"password": leaver.auth.PASSWORD}).status_code == 302
    with app.app_context(), database.session_scope() as session:
        session.add(
            BlockedOrganization(
                profile_id=profile_id_in(session, "p-block"), organization_id=organization_id
            )
        )

    assert found() == ({"p-stay"}, {"p-stay"})
    assert host.get("/host/talent/p-leave").status_code == 404
    assert host.get("/host/talent/p-block").status_code == 404


def profile_id_in(session, external_id: str) -> int:
    """Return the row id of the profile with that external id."""
    return session.scalar(select(Profile.id).where(Profile.external_id == external_id))
