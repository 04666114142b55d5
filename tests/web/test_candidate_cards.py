"""Host cards of ranked candidates: built from the documents the matcher ranked, they equal the
cards read through the ORM, and show at once what changed since the index."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from web import database
from web.models import ContactRequest, Profile
from web.services import candidates
from web.services.cards import cards_for
from web.services.matching import Matcher
from web.services.settings import settings_from_config
from web.services.shortlists import CARD_PARTS

from .contact_helpers import (
    EMPLOYER,
    INSTITUTION,
    PRIVATE,
    add_person,
    person_record,
    set_organization,
)
from .test_profile_facts import age_records
from .test_reindex import run

pytestmark = pytest.mark.slow

QUERY = "Backend engineer, payments"


@pytest.fixture()
def indexed(app):
    """Store and index two people whose employer and institution are hidden; return the app."""
    add_person(app, None, person_record("p-anna", display_name="Anna K."))
    add_person(app, None, person_record("p-boris", display_name="Boris L.", headline=QUERY))
    # Older than the index's margin, so queries read the documents published with it.
    age_records(app)
    run(app)
    return app


def ranked_cards(app, organization_id: int | None = None) -> dict[str, dict]:
    """Return the cards of a talent search as the host pages and the API build them."""
    with app.app_context(), database.session_scope() as session:
        matcher = Matcher(session, settings_from_config(app.config))
        matches = matcher.search(QUERY, "profiles", k=20)
        found = candidates.with_cards(matcher, matches, organization_id)
        return {item["card"]["external_id"]: item["card"] for item in found}


def orm_cards(app, organization_id: int | None = None) -> dict[str, dict]:
    """Return every profile's card read through the ORM, as shortlists build them."""
    with app.app_context(), database.session_scope() as session:
        profiles = list(session.scalars(select(Profile).options(*CARD_PARTS)))
        cards = cards_for(session, profiles, organization_id)
        return {profile.external_id: cards[profile.id] for profile in profiles}


def test_ranked_cards_from_published_documents_equal_the_orm_cards(indexed, monkeypatch):
    def from_database(*_args):
        raise AssertionError("a document was read from the database, not the published ones")

    monkeypatch.setattr("web.services.candidate_documents.doc_cache", from_database)

    ranked = ranked_cards(indexed)

    assert set(ranked) == {"p-anna", "p-boris"}
    assert ranked == orm_cards(indexed)
    assert ranked["p-anna"]["display_name"] == "Anna K."
    assert ranked["p-anna"]["experience"][0]["title"] == "Backend engineer"
    for card in ranked.values():
        assert EMPLOYER not in str(card) and INSTITUTION not in str(card)


def test_ranked_cards_show_edits_and_privacy_choices_made_since_the_index(indexed):
    edited = person_record("p-boris", display_name="Boris L.", headline=f"{QUERY} and billing")
    edited["experience"] = [
        {"title": "Payments team lead", "organization": EMPLOYER, "start": "2019-02"}
    ]
    add_person(indexed, None, edited)
    with indexed.app_context(), database.session_scope() as session:
        anna = session.scalar(select(Profile).where(Profile.external_id == "p-anna"))
        # Not a change of the document: the index still holds Anna's as current.
        anna.show_employers, anna.display_name = True, "Anna Kovaleva"

    ranked = ranked_cards(indexed)

    assert ranked == orm_cards(indexed)
    assert ranked["p-boris"]["headline"] == f"{QUERY} and billing"
    assert [item["title"] for item in ranked["p-boris"]["experience"]] == ["Payments team lead"]
    assert ranked["p-boris"]["experience"][0]["organization"] is None
    assert ranked["p-anna"]["display_name"] == "Anna Kovaleva"
    assert ranked["p-anna"]["experience"][0]["organization"] == EMPLOYER
    assert ranked["p-anna"]["education"][0]["institution"] == INSTITUTION


def test_ranked_cards_show_what_was_revealed_to_that_organisation_only(indexed, auth):
    auth.create("boss@org-a.example", role="host", organization="Org A")
    organization_id = set_organization(indexed, "boss@org-a.example")
    with indexed.app_context(), database.session_scope() as session:
        anna = session.scalar(select(Profile).where(Profile.external_id == "p-anna"))
        session.add(
            ContactRequest(
                profile_id=anna.id,
                organization_id=organization_id,
                purpose="A role in our payments team",
                status="accepted",
                revealed_fields=["employers", "email"],
            )
        )

    ranked = ranked_cards(indexed, organization_id)

    assert ranked == orm_cards(indexed, organization_id)
    assert ranked["p-anna"]["experience"][0]["organization"] == EMPLOYER
    assert ranked["p-anna"]["revealed"] == {"email": PRIVATE["email"]}
    assert ranked["p-boris"]["experience"][0]["organization"] is None
    elsewhere = ranked_cards(indexed)["p-anna"]
    assert elsewhere["experience"][0]["organization"] is None and elsewhere["revealed"] == {}


def test_a_profile_erased_after_ranking_gets_no_card(indexed):
    with indexed.app_context(), database.session_scope() as session:
        matcher = Matcher(session, settings_from_config(indexed.config))
        matches = matcher.search(QUERY, "profiles", k=20)
        session.delete(session.scalar(select(Profile).where(Profile.external_id == "p-anna")))
        session.flush()

        shown = candidates.with_cards(matcher, matches)

    assert [item["card"]["external_id"] for item in shown] == ["p-boris"]
