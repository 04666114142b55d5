"""No person-finder: a real name, a birth date or an ORCID iD never singles out a profile."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from matcher.sections import content_hash
from web import database
from web.demo.trust import orcid_with_checksum
from web.models import Profile, User
from web.services import identities
from web.services.documents import sections_of
from web.services.matching import Matcher
from web.services.protection import PersonSearchRefused, check_search_text
from web.services.settings import settings_from_config

from .hosts import HOST, add_profiles
from .records import profile

ORCID = orcid_with_checksum("000000031415926")
FULL_NAME = "Zorbanek Quillivantova"
PERSON = {
    "external_id": "p-marked",
    "full_name": FULL_NAME,
    "name_variants": ["Зорбанек Квилливантова", "ZORBANEK KVILLIVANTOVA"],
    "birth_year": 1987,
    "email": "zorbanek.q@example.org",
    "city": "Quillivantograd",
}
# The same public profile with other private fields: nothing a search sees tells them apart.
TWIN = {
    "external_id": "p-twin",
    "full_name": "Ivan Petrov",
    "name_variants": [],
    "birth_year": 1990,
    "email": "ivan@example.org",
    "city": "Tbilisi",
}


@pytest.mark.parametrize(
    "text",
    [
        ORCID,
        f"https://orcid.org/{ORCID}",
        ORCID.replace("-", ""),
        "1987-04-13",
        "13.04.1987",
        "13/04/1987",
        "13 April 1987",
        "April 13, 1987",
        "13 апреля 1987",
        "historian born 2 Mar 1987",
        "zorbanek.q@example.org",
        "+7 916 123-45-67",
        "8 (916) 123 45 67",
    ],
)
def test_searches_for_a_person_are_refused(app, text):
    with app.test_request_context(), pytest.raises(PersonSearchRefused) as refused:
        check_search_text(text)

    assert "not people" in str(refused.value)


@pytest.mark.parametrize(
    "text",
    [
        "Python backend engineer",
        "historian of the USSR 1930s",
        "journalist 2015-2020",
        "left in March 2022",
        "C++ 20 years",
        "Python 3.11.4",
        "May 2022 fellowship",
        "ISO 27001 auditor",
    ],
)
def test_searches_for_skills_pass(text):
    check_search_text(text)


def seed_person(app, auth) -> None:
    """Store the marked person (with a linked ORCID iD) and their public twin."""
    exile_id = auth.create("zorbanek.q@example.org")
    add_profiles(app, profile(**PERSON), profile(**TWIN))
    with app.app_context(), database.session_scope() as session:
        person = session.scalar(select(Profile).where(Profile.external_id == "p-marked"))
        person.user_id = exile_id
        identities.link(session, session.get(User, exile_id), "orcid", ORCID)


def test_the_search_page_refuses_an_orcid_or_a_birth_date(app, auth, client):
    seed_person(app, auth)
    auth.create(HOST, role="host", organization="Org A")
    auth.login(HOST)

    for text in (ORCID, "1987-04-13", PERSON["email"]):
        page = client.get("/host/search", query_string={"q": text})

        assert page.status_code == 200
        assert "Talent search finds skills, roles and topics, not people" in page.text
        assert "p-marked" not in page.text and "Anna K." not in page.text


def test_private_fields_are_never_embedded(app, auth):
    seed_person(app, auth)

    with app.app_context(), database.session_scope() as session:
        person, twin = (
            session.scalar(select(Profile).where(Profile.external_id == external_id))
            for external_id in ("p-marked", "p-twin")
        )
        texts = [section.text for section in sections_of(person)]

        assert texts == [section.text for section in sections_of(twin)]
        assert content_hash(sections_of(person)) == content_hash(sections_of(twin))
        assert person.content_hash == twin.content_hash
    everything = " ".join(texts).lower()
    for marker in (FULL_NAME, *PERSON["name_variants"], PERSON["email"], PERSON["city"], ORCID):
        assert marker.lower() not in everything
    assert "1987" not in everything


@pytest.mark.slow
def test_searching_by_real_name_finds_nothing(app, auth, client):
    seed_person(app, auth)
    add_profiles(
        app,
        profile(external_id="p-other", headline="Historian of Soviet cinema", skills=["Archives"]),
    )
    auth.create(HOST, role="host", organization="Org A")
    auth.login(HOST)

    page = client.get("/host/search", query_string={"q": FULL_NAME})

    assert page.status_code == 200
    # Only the search box echoes the name; no card carries it.
    assert page.text.count(FULL_NAME) == 1 and PERSON["city"] not in page.text
    with app.app_context(), database.session_scope() as session:
        matcher = Matcher(session, settings_from_config(app.config))
        for text in (FULL_NAME, PERSON["name_variants"][0]):
            scores = {m["external_id"]: m["score"] for m in matcher.search(text, "profiles", 10)}
            # The named person ranks exactly like their twin: the name carries no signal.
            assert scores["p-marked"] == scores["p-twin"]
