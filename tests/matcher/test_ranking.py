"""Ranking: constraints, skills and semantic similarity combined and explained."""

from __future__ import annotations

from datetime import date

import pytest

from matcher.constraints import check_constraints, level_rank
from matcher.documents import LanguageSkill, ListingDoc, ProfileDoc
from matcher.ranking import RankingConfig, SemanticHit, rank_for_text, rank_listings, rank_profiles
from matcher.skills import normalise_skill, skill_overlap

TODAY = date(2026, 11, 27)

LISTING = ListingDoc(
    id=10,
    kind="job",
    title="Backend engineer",
    skills=("Python", "Kafka", "C++"),
    country="DE",
    remote=False,
    visa_sponsorship=False,
    languages=(LanguageSkill("de", "B2"), LanguageSkill("en", "C1")),
    min_years_experience=5,
    deadline=date(2027, 1, 31),
)


def profile(**changes) -> ProfileDoc:
    base = dict(
        id=1,
        headline="Engineer",
        skills=("python", "kafka"),
        seeking=("job",),
        languages=(
            LanguageSkill("ru", "native"),
            LanguageSkill("de", "B1"),
            LanguageSkill("en", "native"),
        ),
        country="GE",
        work_authorization=("GE",),
        years_experience=7,
    )
    return ProfileDoc(**(base | changes))


def constraint(results, name):
    return [r for r in results if r.name == name]


def test_cefr_levels_are_ordered_with_native_on_top():
    assert level_rank("A1") < level_rank("B2") < level_rank("C2") < level_rank("native")


def test_language_levels_are_compared_properly():
    results = constraint(check_constraints(profile(), LISTING, TODAY), "language")

    assert [(r.met, r.detail) for r in results] == [
        (False, "needs de B2, has B1"),
        (True, "needs en C1, has native"),
    ]


@pytest.mark.parametrize(
    ("changes", "met", "detail"),
    [
        ({"work_authorization": ("DE",)}, True, "may work in DE"),
        ({"country": "DE", "work_authorization": ()}, True, "lives in DE"),
        ({"relocate_to": ("DE",)}, False, "would move to DE"),
        ({}, False, "no right to work there"),
    ],
)
def test_right_to_work(changes, met, detail):
    [result] = constraint(check_constraints(profile(**changes), LISTING, TODAY), "location")

    assert result.met is met
    assert detail in result.detail


def test_sponsorship_and_remote_satisfy_location():
    sponsored = ListingDoc(**{**LISTING.__dict__, "visa_sponsorship": True})
    remote = ListingDoc(**{**LISTING.__dict__, "country": None, "remote": True})

    assert constraint(check_constraints(profile(), sponsored, TODAY), "location")[0].detail == (
        "visa sponsorship offered for DE"
    )
    assert constraint(check_constraints(profile(), remote, TODAY), "location")[0].met


def test_experience_kind_and_deadline():
    results = check_constraints(
        profile(years_experience=3, seeking=("grant",)), LISTING, date(2027, 2, 1)
    )

    assert constraint(results, "experience")[0].detail == "needs 5+ years, has 3"
    assert constraint(results, "kind")[0].detail == "does not seek jobs"
    assert constraint(results, "deadline")[0].detail == "closed on 2027-01-31"
    assert not any(r.met for r in results if r.name in {"experience", "kind", "deadline"})


def test_skills_are_normalised_and_found_in_free_text():
    assert normalise_skill("  C++ ") == "c++"
    assert normalise_skill("Node.js,") == "node.js"

    overlap = skill_overlap(["Python", "C++", "C", "Go"], ["PYTHON"], "I wrote C++ daily.")

    assert overlap.matched == ("Python", "C++")
    assert overlap.missing == ("C", "Go")
    assert overlap.score == 0.5


def test_rank_profiles_orders_by_combined_score_and_explains():
    strong = profile(
        id=1,
        work_authorization=("DE",),
        languages=(LanguageSkill("de", "C1"), LanguageSkill("en", "C1")),
    )
    weak = profile(id=2, skills=(), years_experience=1)
    hits = {
        1: SemanticHit(0.5, "overview", "overview"),
        2: SemanticHit(0.55, "overview", "experience:0"),
    }

    ranked = rank_profiles(LISTING, [(strong, hits[1]), (weak, hits[2])], today=TODAY)

    assert [m.id for m in ranked] == [1, 2]
    best = ranked[0].explanation
    assert best["skills"] == {"matched": ["Python", "Kafka"], "missing": ["C++"]}
    assert best["constraints_missed"] == 0
    assert best["semantic"]["matched_section"] == "headline and skills"
    assert best["semantic"]["query_section"] == "title and skills"
    assert ranked[0].score == pytest.approx(sum(best["parts"].values()), abs=1e-3)
    assert ranked[1].explanation["constraints_missed"] >= 2


def test_weights_are_tunable():
    only_semantic = RankingConfig(semantic_weight=1, skills_weight=0, constraints_weight=0)
    ranked = rank_listings(
        profile(),
        [(LISTING, SemanticHit(0.3, "summary", "overview"))],
        today=TODAY,
        config=only_semantic,
    )

    assert ranked[0].score == pytest.approx(0.3)
    with pytest.raises(ValueError):
        RankingConfig(semantic_weight=-1)


def test_text_search_ranks_by_meaning_and_names_matched_skills():
    docs = [
        (profile(id=1), SemanticHit(0.2, "query#0", "overview")),
        (profile(id=2, skills=("Kafka",)), SemanticHit(0.4, "query#0", "summary")),
    ]

    ranked = rank_for_text("kafka streaming", docs, k=1)

    assert [m.id for m in ranked] == [2]
    assert ranked[0].explanation["skills"]["matched"] == ["Kafka"]
    assert ranked[0].score == pytest.approx(0.4)
