"""Exile matches page: ranked, explained and filtered openings, each constraint sentence in words,
and what was checked about each organisation."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from matcher.constraints import check_constraints
from matcher.documents import LanguageSkill, ListingDoc, ProfileDoc
from web import database
from web.records.schemas import ListingRecord
from web.services.display import translate_detail
from web.services.records import upsert_listing

from .exiles import form, sign_in_exile
from .records import listing


def test_without_a_profile_the_matches_page_asks_for_one(auth, client):
    sign_in_exile(auth)

    response = client.get("/me/matches")

    assert response.status_code == 200
    assert 'href="/me/profile"' in response.get_data(as_text=True)
    assert client.get("/me").headers["Location"] == "/me/profile"


def test_every_constraint_sentence_of_the_matcher_is_translated(app):
    profile = ProfileDoc(
        id=1,
        headline="x",
        languages=(LanguageSkill("de", "B1"), LanguageSkill("en", "C1")),
        country="GE",
        seeking=("grant",),
        remote=False,
        relocate_to=("PT",),
        work_authorization=("AM",),
        years_experience=3,
    )
    unstated = ProfileDoc(id=2, headline="x", seeking=("job", "fellowship", "investment"))
    today = date(2026, 6, 1)
    listings = [
        ListingDoc(
            id=1,
            kind="job",
            title="x",
            languages=(
                LanguageSkill("de", "B2"),
                LanguageSkill("en", "B2"),
                LanguageSkill("fr", "A1"),
            ),
            country="DE",
            min_years_experience=5,
            deadline=date(2026, 1, 1),
        ),
        ListingDoc(id=2, kind="grant", title="x", remote=True, deadline=date(2027, 1, 1)),
        ListingDoc(id=3, kind="fellowship", title="x", country="AM", min_years_experience=2),
        ListingDoc(id=4, kind="investment", title="x", country="US", visa_sponsorship=True),
        ListingDoc(id=5, kind="grant", title="x", country="GE"),
        ListingDoc(id=6, kind="grant", title="x", country="PT"),
    ]
    details = {
        result.detail
        for doc in listings
        for person in (profile, unstated)
        for result in check_constraints(person, doc, today)
    }

    with app.test_request_context():
        assert {detail for detail in details if translate_detail(detail) is None} == set()
    assert len(details) >= 15


@pytest.mark.slow
def test_matches_are_ranked_explained_and_filtered(app, auth, client):
    deadline = (date.today() + timedelta(days=90)).isoformat()
    records = [
        listing(
            external_id="l-job",
            country="DE",
            remote=False,
            visa_sponsorship=True,
            languages=[{"code": "de", "level": "B2"}],
            deadline=deadline,
        ),
        listing(
            external_id="l-grant",
            kind="grant",
            title="Documentary film grant",
            organization="Northern Light Film Fund",
            description="Support for a feature documentary about exile.",
            skills=["Film editing", "Directing"],
            field="arts",
            country=None,
            city=None,
            remote=True,
            languages=[],
            min_years_experience=None,
            deadline=None,
        ),
    ]
    with app.app_context(), database.session_scope() as session:
        for record in records:
            upsert_listing(session, ListingRecord.model_validate(record))
    sign_in_exile(auth)
    client.post("/me/profile", data=form(**{"languages-2-code": "de", "languages-2-level": "B1"}))

    html = client.get("/me/matches").get_data(as_text=True)

    assert html.index("Backend engineer (Python, payments)") < html.index("Documentary film grant")
    assert "Tbilisi Fintech Labs" in html
    assert "✓ Python" in html and "✗ Kubernetes" in html
    assert "needs German B2, has B1" in html
    assert "visa sponsorship offered for Germany" in html
    assert "Closest part" in html
    # No index yet: the score is made of meaning, skills and fit, without full text.
    assert "Score made of" in html and "meaning" in html and "skills" in html

    only_grants = client.get("/me/matches?kind=grant").get_data(as_text=True)
    assert "Documentary film grant" in only_grants
    assert "Backend engineer (Python, payments)" not in only_grants
    sponsored = client.get("/me/matches?sponsorship=yes&country=DE").get_data(as_text=True)
    assert "Documentary film grant" not in sponsored
    assert "Backend engineer (Python, payments)" in sponsored

    client.post("/language", data={"lang": "ru"})
    russian = client.get("/me/matches").get_data(as_text=True)
    assert "нужен немецкий B2, есть B1" in russian
    assert "Из чего сложилась оценка" in russian and "смысл" in russian


def test_matches_show_what_was_checked_about_each_organisation(app, auth, client):
    from web.models import Organization
    from web.services import attestations
    from web.services.attestations import Subject

    with app.app_context(), database.session_scope() as session:
        upsert_listing(session, ListingRecord.model_validate(listing(external_id="l-approved")))
        upsert_listing(
            session,
            ListingRecord.model_validate(
                listing(external_id="l-front", organization="Unchecked Front LLC")
            ),
        )
        approved = session.scalar(
            select(Organization).where(Organization.name == "Tbilisi Fintech Labs")
        )
        attestations.record(
            session,
            Subject(organization_id=approved.id),
            "approval",
            status="verified",
            evidence="",
            checked_by="moderators #1 and #2",
        )
    sign_in_exile(auth)
    client.post("/me/profile", data=form())

    html = client.get("/me/matches").get_data(as_text=True)
    articles = html.split("<article")[1:]
    [approved_part] = [part for part in articles if "Tbilisi Fintech Labs" in part]
    [front_part] = [part for part in articles if "Unchecked Front LLC" in part]

    assert "Approved by Talent Bridge moderators" in approved_part
    assert "have not approved this organisation yet" not in approved_part
    assert "have not approved this organisation yet" in front_part
