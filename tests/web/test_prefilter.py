"""Strict listings: the database names who might meet kind and language requirements first."""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from matcher.documents import LanguageSkill, ListingDoc
from web import database
from web.services import index_reader, prefilter
from web.services.importer import import_file
from web.services.matching import Matcher
from web.services.prefilter import possible_profiles
from web.services.profile_facts import FACTS_FOLDER
from web.services.settings import settings_from_config

from .records import listing, write_lines
from .test_reindex import corpus_profiles, run

TODAY = date(2026, 11, 27)
GERMAN = [{"code": "ru", "level": "native"}, {"code": "de", "level": "B1"}]


def people() -> list[dict]:
    """Return 70 profiles (more sections than a first search takes): four speak German B1,
    one seeks only grants, one seeks nothing."""
    records = corpus_profiles(70)
    for number in (3, 11, 19, 27):
        records[number]["languages"] = GERMAN
    records[5] |= {"seeking": ["grant"], "languages": GERMAN}
    records[6] |= {"seeking": [], "languages": GERMAN}
    return records


def load(app, tmp_path) -> None:
    with app.app_context(), database.session_scope() as session:
        import_file(session, "profiles", write_lines(tmp_path / "p.jsonl", people()))
        german = listing(languages=[{"code": "de", "level": "B2"}], remote=True, country=None)
        import_file(session, "listings", write_lines(tmp_path / "l.jsonl", [german]))


def ids_of(app, external_ids) -> set[int]:
    from sqlalchemy import select

    from web.models import Profile

    with app.app_context(), database.session_scope() as session:
        query = select(Profile.id).where(Profile.external_id.in_(external_ids))
        return set(session.scalars(query))


def test_only_profiles_that_might_pass_kind_and_languages_are_named(app, tmp_path):
    load(app, tmp_path)
    doc = ListingDoc(id=0, kind="job", title="x", languages=(LanguageSkill("de", "B2"),))
    with app.app_context(), database.session_scope() as session:
        found = possible_profiles(session, doc)
    # German B1 is one level short (kept); p-005 seeks only grants; p-006 seeks nothing (kept).
    assert found == ids_of(app, ["p-003", "p-011", "p-019", "p-027", "p-006"])


def test_a_requirement_most_people_meet_names_nobody(app, tmp_path):
    load(app, tmp_path)
    doc = ListingDoc(id=0, kind="job", title="x", languages=(LanguageSkill("en", "B2"),))
    with app.app_context(), database.session_scope() as session:
        assert possible_profiles(session, doc) is None


@pytest.mark.slow
def test_a_strict_listing_finds_the_same_people_however_it_is_narrowed(app, tmp_path, monkeypatch):
    load(app, tmp_path)
    run(app)

    def match() -> list[str]:
        with app.app_context(), database.session_scope() as session:
            matcher = Matcher(session, settings_from_config(app.config), today=TODAY)
            return [m["external_id"] for m in matcher.profiles_for_listing("l-backend", 10)]

    narrowed_to = []
    original = Matcher._possible_profiles
    monkeypatch.setattr(
        Matcher,
        "_possible_profiles",
        lambda self, listing: narrowed_to.append(original(self, listing)) or narrowed_to[-1],
    )
    by_facts = match()
    # The facts published with the index name exactly those who pass.
    assert narrowed_to and set(narrowed_to[-1].tolist()) == ids_of(
        app, ["p-003", "p-011", "p-019", "p-027", "p-006"]
    )
    assert set(by_facts) == {"p-003", "p-011", "p-019", "p-027", "p-006"}
    # Without facts (an index from before them) the database narrows, to the same people.
    for version in (
        settings_from_config(app.config).index_root / "profiles" / "versions"
    ).iterdir():
        shutil.rmtree(version / FACTS_FOLDER)
    index_reader._readers.clear()
    calls = []
    monkeypatch.setattr(
        prefilter,
        "possible_profiles",
        lambda *args, original=prefilter.possible_profiles: calls.append(1) or original(*args),
    )
    assert match() == by_facts
    assert calls, "the strict listing should have been narrowed by the database"
    monkeypatch.setattr(prefilter, "MAX_SHARE", 0.0)  # never narrow: search the whole index
    assert match() == by_facts


def test_an_on_site_listing_without_sponsorship_names_who_may_work_there(app, tmp_path):
    records = corpus_profiles(8)
    records[1] |= {"country": "DE"}
    records[2] |= {"work_authorization": ["DE", "FR"]}
    records[3] |= {"relocate_to": ["DE"]}  # would move, but may not work there: cut
    with app.app_context(), database.session_scope() as session:
        import_file(session, "profiles", write_lines(tmp_path / "p.jsonl", records))
    allowed = ids_of(app, ["p-001", "p-002"])
    with app.app_context(), database.session_scope() as session:
        on_site = ListingDoc(id=0, kind="job", title="x", country="DE", remote=False)
        assert possible_profiles(session, on_site) == allowed
        # Sponsorship lets anyone come: nobody is left out by place, so nothing is narrowed.
        sponsored = ListingDoc(
            id=0, kind="job", title="x", country="DE", remote=False, visa_sponsorship=True
        )
        assert possible_profiles(session, sponsored) is None
