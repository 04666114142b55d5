"""Matching through the services: fresh records at once, visibility, explanations, long texts."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import delete

from web import database
from web.errors import UnknownRecordError
from web.models import Profile
from web.services.importer import import_file
from web.services.matching import Matcher
from web.services.settings import settings_from_config

from .records import listing, profile, write_lines
from .test_reindex import corpus_profiles, run

pytestmark = pytest.mark.slow

TODAY = date(2026, 11, 27)


@pytest.fixture()
def indexed(app, tmp_path):
    """Import and index six profiles and two listings (one closed); return the app."""
    with app.app_context(), database.session_scope() as session:
        import_file(session, "profiles", write_lines(tmp_path / "p.jsonl", corpus_profiles(6)))
        import_file(
            session,
            "listings",
            write_lines(
                tmp_path / "l.jsonl",
                [
                    listing(),
                    listing(
                        external_id="l-closed",
                        title="Violin teacher",
                        skills=["violin"],
                        deadline="2026-10-01",
                    ),
                ],
            ),
        )
    run(app)
    return app


def query(app, method: str, *args, include_all: bool = False):
    with app.app_context(), database.session_scope() as session:
        matcher = Matcher(
            session, settings_from_config(app.config), today=TODAY, include_all=include_all
        )
        return getattr(matcher, method)(*args)


def ids(results) -> list[str]:
    return [match["external_id"] for match in results]


def add_profiles(app, tmp_path, records):
    with app.app_context(), database.session_scope() as session:
        report = import_file(session, "profiles", write_lines(tmp_path / "new.jsonl", records))
        assert report.ok


def test_best_profiles_for_a_listing_are_ranked_and_explained(indexed):
    results = query(indexed, "profiles_for_listing", "l-backend", 3)

    assert results[0]["headline"].startswith("Backend engineer, payments")
    scores = [match["score"] for match in results]
    assert scores == sorted(scores, reverse=True)
    explanation = results[0]["explanation"]
    assert "Python" in explanation["skills"]["matched"]
    assert {"semantic", "parts", "constraints"} <= set(explanation)


def test_a_closed_listing_is_offered_only_with_all(indexed):
    violinist = "p-004"

    default = query(indexed, "listings_for_profile", violinist, 10)
    everything = query(indexed, "listings_for_profile", violinist, 10, include_all=True)

    assert "l-closed" not in ids(default)
    assert ids(everything)[0] == "l-closed"
    closed = everything[0]["explanation"]["constraints"]
    assert {"name": "deadline", "met": False, "detail": "closed on 2026-10-01"} in closed


def test_a_record_saved_after_the_last_reindex_is_matchable_at_once(indexed, tmp_path):
    newcomer = profile(
        external_id="p-new",
        headline="Glaciologist studying Arctic sea ice",
        skills=["glaciology", "remote sensing"],
        summary="Sea ice research.",
    )
    add_profiles(indexed, tmp_path, [newcomer])

    results = query(indexed, "search", "arctic sea ice glaciology", "profiles", 3)

    assert ids(results)[0] == "p-new"


def test_a_changed_record_is_found_by_its_new_text_not_its_old(indexed, tmp_path):
    changed = corpus_profiles(6)[2] | {
        "headline": "Beekeeper and honey producer",
        "skills": ["beekeeping"],
        "summary": "Bees.",
    }
    add_profiles(indexed, tmp_path, [changed])

    assert ids(query(indexed, "search", "beekeeping honey bees", "profiles", 1)) == ["p-002"]
    old = query(indexed, "search", "Investigative journalist OSINT", "profiles", 6)
    assert "p-002" not in ids(old)[:1]


def test_a_deleted_record_is_never_returned(indexed):
    with indexed.app_context(), database.session_scope() as session:
        session.execute(delete(Profile).where(Profile.external_id == "p-000"))

    results = query(indexed, "profiles_for_listing", "l-backend", 10)

    assert "p-000" not in ids(results)
    assert len(results) == 5


def test_a_long_summary_is_embedded_in_parts_and_the_matching_part_is_named(indexed, tmp_path):
    filler = " ".join(f"In year {i} I taught mathematics to school pupils." for i in range(60))
    long_profile = profile(
        external_id="p-long",
        headline="Mathematics teacher",
        skills=[],
        summary=filler + " Finally I became an expert beekeeper with hives.",
        experience=[],
    )
    add_profiles(indexed, tmp_path, [long_profile])
    run(indexed)

    results = query(indexed, "search", "expert beekeeper with hives", "profiles", 1)

    assert ids(results) == ["p-long"]
    section = results[0]["explanation"]["semantic"]["matched_section"]
    assert section.startswith("summary (part ")


def test_an_unknown_id_is_a_clear_error(indexed):
    with pytest.raises(UnknownRecordError, match="no listing with external_id 'nope'"):
        query(indexed, "profiles_for_listing", "nope", 5)


def test_matching_works_before_any_reindex(app, tmp_path):
    add_profiles(app, tmp_path, corpus_profiles(3))

    results = query(app, "search", "payments backend Python", "profiles", 2)

    assert ids(results)[0] == "p-000"


def explained(app, method: str, *args, include_all: bool = False):
    with app.app_context(), database.session_scope() as session:
        matcher = Matcher(
            session, settings_from_config(app.config), today=TODAY, include_all=include_all
        )
        return getattr(matcher, method)(*args)


# People l-backend (en B2, remote) cuts by kind, language (twice) and place, and one it keeps
# though one level short in English.
CUT_PEOPLE = [
    profile(external_id="p-grants", seeking=["grant"]),
    profile(external_id="p-no-english", languages=[{"code": "ru", "level": "native"}]),
    profile(external_id="p-weak-english", languages=[{"code": "en", "level": "A2"}]),
    profile(
        external_id="p-berlin",
        remote=False,
        country="DE",
        work_authorization=["DE"],
        relocate_to=[],
    ),
    profile(external_id="p-nearly", languages=[{"code": "en", "level": "B1"}]),
]


def test_candidates_a_hard_constraint_rules_out_are_absent_and_counted(indexed, tmp_path):
    # p-twin is p-nearly with en C1.
    add_profiles(indexed, tmp_path, [*CUT_PEOPLE, profile(external_id="p-twin")])

    result = explained(indexed, "profiles_for_listing_explained", "l-backend", 20)

    found = ids(result.matches)
    assert not {"p-grants", "p-no-english", "p-weak-english", "p-berlin"} & set(found)
    assert result.cut == {"kind": 1, "location": 1, "language": 2}
    by_id = {match["external_id"]: match for match in result.matches}
    missed = {"name": "language", "met": False, "detail": "needs en B2, has B1"}
    assert missed in by_id["p-nearly"]["explanation"]["constraints"]
    assert by_id["p-nearly"]["score"] < by_id["p-twin"]["score"]
    assert ids(query(indexed, "profiles_for_listing", "l-backend", 20)) == found


def test_listings_a_person_cannot_take_are_counted_not_shown(indexed, tmp_path):
    add_profiles(indexed, tmp_path, [profile(external_id="p-grants", seeking=["grant"])])

    result = explained(indexed, "listings_for_profile_explained", "p-grants", 10)
    operator = explained(
        indexed, "listings_for_profile_explained", "p-grants", 10, include_all=True
    )

    assert result.matches == []
    assert result.cut == {"kind": 1}
    # Operators see closed listings too, but a hard constraint still cuts.
    assert operator.matches == [] and operator.cut == {"kind": 2}


def test_a_search_embeds_its_query_with_the_query_thread_count(indexed):
    with indexed.app_context(), database.session_scope() as session:
        matcher = Matcher(session, settings_from_config(indexed.config), today=TODAY)
        assert matcher.search("Python developer", "profiles", k=3)
        assert matcher.encoder().config.threads == indexed.config["QUERY_EMBED_THREADS"] == 1
