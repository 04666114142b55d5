"""Enumeration (issue 7, attack 9): a missing record and a record the caller may not see get the
same status and the same body, on every page and API route that takes an id; and ids cannot be
guessed.

Record ids in URLs are of two kinds. Profiles and listings are named by external ids, which the
web app and the API make from 96 random bits (`u-` and `h-` followed by 24 hex digits). Numeric
row ids appear only in the URLs of the caller's own objects (their listings, shortlist entries,
contact requests, blocks and vouches); every route that takes one checks ownership first and
answers a stranger's id exactly like a missing one.
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
    Listing,
    Organization,
    Profile,
    ShortlistEntry,
    Vouch,
)

from .api import API, assert_error
from .attacks import token, without_csrf
from .contact_helpers import Person, add_person, approve_badge, person_record, set_organization
from .documents import PDF, upload
from .exiles import RUSSIAN_FORM
from .hosts import create_listing, listing_form
from .records import listing, profile

PURPOSE = "We are hiring backend engineers for our payments team in Berlin."
MISSING = 987654


def scalar(app, query):
    with app.app_context(), database.session_scope() as session:
        return session.scalar(query)


@pytest.fixture()
def world(app, auth):
    """Two approved organisations with a listing, shortlist entry and request each; two exiles
    with a block, a vouch and an upload each; a profile hidden from Org A by its blocklist."""
    hosts = {}
    for name in ("Org A", "Org B"):
        host = Person(
            app, type(auth), f"hr@{name[-1].lower()}.example", role="host", organization=name
        )
        approve_badge(app, set_organization(app, host.email, country="DE"))
        hosts[name] = host
    exiles = {}
    for key in ("a", "b"):
        exile = Person(app, type(auth), f"exile-{key}@example.org")
        add_person(app, exile.id, person_record(f"p-{key}", display_name=f"Person {key.upper()}"))
        exiles[key] = exile
    hidden = Person(app, type(auth), "hidden@example.org")
    add_person(app, hidden.id, person_record("p-hidden", display_name="Hidden H."))
    ids: dict[str, dict[str, int | str]] = {"Org A": {}, "Org B": {}, "a": {}, "b": {}}
    for name, host in hosts.items():
        listing_id = create_listing(host.client)
        key = "a" if name == "Org A" else "b"
        assert (
            host.post(
                f"/host/listings/{listing_id}/shortlist", data={"external_id": f"p-{key}"}
            ).status_code
            == 302
        )
        assert (
            host.post(f"/host/talent/p-{key}/contact", data={"purpose": PURPOSE}).status_code == 302
        )
        ids[name]["listing"] = listing_id
    with app.app_context(), database.session_scope() as session:
        organizations = dict(session.execute(select(Organization.name, Organization.id)).all())
        profiles = dict(session.execute(select(Profile.external_id, Profile.id)).all())
        for name in ("Org A", "Org B"):
            listing_row = session.get(Listing, ids[name]["listing"])
            ids[name]["listing_external"] = listing_row.external_id
            ids[name]["entry"] = session.scalar(
                select(ShortlistEntry.id).where(ShortlistEntry.listing_id == listing_row.id)
            )
            ids[name]["request"] = session.scalar(
                select(ContactRequest.id).where(
                    ContactRequest.organization_id == organizations[name]
                )
            )
        session.add(
            BlockedOrganization(
                profile_id=profiles["p-hidden"], organization_id=organizations["Org A"]
            )
        )
        for key, other in (("a", "b"), ("b", "a")):
            block = BlockedOrganization(
                profile_id=profiles[f"p-{key}"], organization_id=organizations["Org B"]
            )
            vouch = Vouch(voucher_user_id=exiles[key].id, subject_user_id=exiles[other].id)
            session.add_all([block, vouch])
            session.flush()
            ids[key]["request"] = session.scalar(
                select(ContactRequest.id).where(ContactRequest.profile_id == profiles[f"p-{key}"])
            )
            ids[key]["block"], ids[key]["vouch"] = block.organization_id, vouch.id
    for key, exile in exiles.items():
        assert upload(exile.client, PDF).status_code == 302
        ids[key]["document"] = scalar(
            app, select(DocumentReview.id).where(DocumentReview.user_id == exile.id)
        )
    return hosts, exiles, ids


def same_answer(theirs, missing, asked: str = "", instead: str = "") -> None:
    """Assert two responses are alike: status and body, the asked-for id aside."""
    assert theirs.status_code == missing.status_code, (theirs.status_code, missing.status_code)
    body = without_csrf(theirs.get_data())
    if asked:
        body = body.replace(asked.encode(), instead.encode())
    assert body == without_csrf(missing.get_data())


def test_pages_answer_a_strangers_id_like_a_missing_one(app, world):
    hosts, exiles, ids = world
    host, a = hosts["Org A"], exiles["a"]
    own_listing, their_listing = ids["Org A"]["listing"], ids["Org B"]["listing"]
    cases = [
        # (who, method, URL template, form data, their id, the status both get)
        (host, "GET", "/host/listings/{}/edit", {}, their_listing, 404),
        (host, "POST", "/host/listings/{}/edit", listing_form(), their_listing, 404),
        (host, "GET", "/host/listings/{}/delete", {}, their_listing, 404),
        (host, "POST", "/host/listings/{}/delete", {}, their_listing, 404),
        (host, "GET", "/host/listings/{}/candidates", {}, their_listing, 404),
        (host, "GET", "/host/listings/{}/shortlist", {}, their_listing, 404),
        (host, "POST", "/host/listings/{}/shortlist", {"external_id": "p-a"}, their_listing, 404),
        (
            host,
            "POST",
            f"/host/listings/{own_listing}/shortlist/{{}}/remove",
            {},
            ids["Org B"]["entry"],
            404,
        ),
        (
            host,
            "POST",
            "/host/listings/{}/shortlist/" + str(ids["Org B"]["entry"]) + "/remove",
            {},
            their_listing,
            404,
        ),
        (host, "POST", "/host/contact-requests/{}/withdraw", {}, ids["Org B"]["request"], 404),
        (
            a,
            "POST",
            "/me/contact-requests/{}/accept",
            {"fields": ["email"]},
            ids["b"]["request"],
            404,
        ),
        (a, "POST", "/me/contact-requests/{}/decline", {}, ids["b"]["request"], 404),
        (a, "POST", "/me/contact-requests/{}/revoke", {}, ids["b"]["request"], 404),
        (a, "POST", "/vouching/{}/revoke", {}, ids["b"]["vouch"], 404),
        (a, "GET", "/admin/documents/{}/file", {}, ids["b"]["document"], 403),
    ]
    before = rows(app)
    for person, method, url, data, theirs, status in cases:
        their_answer = person.client.open(url.format(theirs), method=method, data=data)
        missing_answer = person.client.open(url.format(MISSING), method=method, data=data)
        assert their_answer.status_code == status, (method, url)
        same_answer(their_answer, missing_answer)
    # Card pages: a profile hidden by its blocklist, and one that does not exist.
    same_answer(host.get("/host/talent/p-hidden"), host.get("/host/talent/p-nobody"))
    assert host.get("/host/talent/p-hidden").status_code == 404
    assert rows(app) == before


def rows(app) -> dict[str, list]:
    """Return the rows the probes above could have changed."""
    with app.app_context(), database.session_scope() as session:
        return {
            "listings": session.execute(select(Listing.id, Listing.title, Listing.version)).all(),
            "entries": session.execute(select(ShortlistEntry.id)).all(),
            "requests": session.execute(select(ContactRequest.id, ContactRequest.status)).all(),
            "vouches": session.execute(select(Vouch.id)).all(),
            "blocks": session.execute(select(BlockedOrganization.id)).all(),
        }


def test_the_api_answers_a_strangers_id_like_a_missing_one(app, world):
    hosts, _exiles, ids = world
    host = hosts["Org A"]
    headers = token(host)
    theirs, missing = ids["Org B"]["listing_external"], "h-000000000000000000000000"
    body = listing(external_id=None)
    before = rows(app)

    for method, path, json in (
        ("GET", "/listings/{}", None),
        ("PUT", "/listings/{}", body),
        ("DELETE", "/listings/{}", None),
        ("GET", "/listings/{}/matches", None),
    ):
        their_answer = host.client.open(
            f"{API}{path.format(theirs)}", method=method, json=json, headers=headers
        )
        missing_answer = host.client.open(
            f"{API}{path.format(missing)}", method=method, json=json, headers=headers
        )
        assert_error(their_answer, 404, "not_found")
        same_answer(their_answer, missing_answer, theirs, missing)
    asked = {"purpose": PURPOSE}
    hidden = host.client.post(
        f"{API}/profiles/p-hidden/contact-requests", json=asked, headers=headers
    )
    nobody = host.client.post(
        f"{API}/profiles/p-nobody/contact-requests", json=asked, headers=headers
    )
    assert_error(hidden, 404, "not_found")
    same_answer(hidden, nobody, "p-hidden", "p-nobody")
    # The other organisation's requests are not in this one's list.
    listed = host.get(f"{API}/contact-requests", headers=headers).get_json()["items"]
    assert {item["id"] for item in listed} == {ids["Org A"]["request"]}
    assert rows(app) == before


def test_external_ids_made_by_the_app_are_random_and_unguessable(app, auth):
    host = Person(app, type(auth), "hr@ids.example", role="host", organization="Ids Org")
    headers = token(host)
    made = []
    for number in range(3):
        exile = Person(app, type(auth), f"ids-{number}@example.org")
        if number % 2:
            saved = exile.post("/me/profile", data=RUSSIAN_FORM)
            assert saved.status_code == 302
        else:
            saved = exile.client.put(f"{API}/profile", json=profile(), headers=token(exile))
            assert saved.status_code == 201
        create_listing(host.client)
        posted = host.client.post(
            f"{API}/listings", json=listing(external_id=None), headers=headers
        )
        assert posted.status_code == 201
    with app.app_context(), database.session_scope() as session:
        made = list(session.scalars(select(Profile.external_id))) + list(
            session.scalars(select(Listing.external_id))
        )

    assert len(made) == len(set(made)) == 9
    for external_id in made:
        # 24 hex digits: 96 random bits from `secrets`, so guessing one is hopeless.
        assert re.fullmatch(r"[uh]-[0-9a-f]{24}", external_id), external_id
    digits = "".join(external_id[2:] for external_id in made)
    # Not a counter or a timestamp: every hex digit turns up across 216 of them.
    assert len(set(digits)) == 16


def test_host_pages_link_only_to_the_hosts_own_numbered_objects(app, world):
    hosts, _exiles, ids = world
    host = hosts["Org A"]
    own = {str(ids["Org A"][key]) for key in ("listing", "entry", "request")}
    with app.app_context(), database.session_scope() as session:
        own.add(str(session.scalar(select(Organization.id).where(Organization.name == "Org A"))))
    listing_id = ids["Org A"]["listing"]
    pages = "".join(
        host.page(path)
        for path in (
            "/host/listings",
            f"/host/listings/{listing_id}/shortlist",
            f"/host/listings/{listing_id}/edit",
            "/host/contact-requests",
            "/host/talent/p-a",
            "/host/organization",
        )
    )
    urls = set(re.findall(r'(?:href|action)="(/[^"]*)"', pages))
    numbers = {n for url in urls for n in re.findall(r"/(\d+)(?=/|$|\?)", url)}
    # Profiles are named by external id only: no row id of anyone else's is in a URL.
    assert numbers and numbers <= own, numbers - own
