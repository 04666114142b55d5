"""Ranking: hard cuts first, then signals fused into one score, explained."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from matcher.documents import LanguageSkill, ListingDoc, ProfileDoc
from matcher.fusion import FusionConfig
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
FLUENT = (LanguageSkill("de", "C1"), LanguageSkill("en", "C1"))


def profile(**changes) -> ProfileDoc:
    base = dict(
        id=1,
        headline="Engineer",
        skills=("python", "kafka"),
        seeking=("job",),
        languages=FLUENT,
        country="GE",
        work_authorization=("DE",),
        years_experience=7,
    )
    return ProfileDoc(**(base | changes))


def hit(score: float, section: str = "overview") -> SemanticHit:
    return SemanticHit(score, "overview", section)


def test_skills_are_normalised_and_found_in_free_text():
    assert normalise_skill("  C++ ") == "c++"
    assert normalise_skill("Node.js,") == "node.js"

    overlap = skill_overlap(["Python", "C++", "C", "Go"], ["PYTHON"], "I wrote C++ daily.")

    assert overlap.matched == ("Python", "C++")
    assert overlap.missing == ("C", "Go")
    assert overlap.score == 0.5


def test_hard_constraints_cut_before_ranking_and_say_how_many():
    candidates = [
        (profile(id=1), hit(0.3)),
        (profile(id=2, seeking=("grant",)), hit(0.9)),
        (profile(id=3, work_authorization=("GE",)), hit(0.9)),
        (profile(id=4, work_authorization=("GE",), relocate_to=("DE",)), hit(0.9)),
        (profile(id=5, languages=(LanguageSkill("en", "C2"),)), hit(0.9)),
        (profile(id=6, languages=(LanguageSkill("de", "A2"), LanguageSkill("en", "C1"))), hit(0.9)),
    ]

    ranked = rank_profiles(LISTING, candidates, today=TODAY)

    assert [m.id for m in ranked] == [1]
    assert ranked.cut == {"kind": 1, "location": 2, "language": 2}


def test_rank_profiles_orders_by_fused_score_and_explains():
    strong = profile(id=1)
    weak = profile(
        id=2,
        skills=(),
        years_experience=1,
        languages=(LanguageSkill("de", "B1"), LanguageSkill("en", "C1")),
    )

    ranked = rank_profiles(
        LISTING, [(strong, hit(0.5)), (weak, hit(0.55, "experience:0"))], today=TODAY
    )

    assert [m.id for m in ranked] == [1, 2]
    assert ranked.cut == {}
    best, worst = ranked[0].explanation, ranked[1].explanation
    # Skill names are whatever matcher.skills reports (canonical labels once normalised).
    expected = skill_overlap(LISTING.skills, strong.skills, "Engineer python, kafka")
    assert best["skills"] == {"matched": list(expected.matched), "missing": ["C++"]}
    assert len(expected.matched) == 2
    assert best["constraints_missed"] == 0
    assert best["semantic"]["matched_section"] == "headline and skills"
    assert best["semantic"]["query_section"] == "title and skills"
    assert set(best["parts"]) == {"semantic", "skills", "language", "seniority", "constraints"}
    assert ranked[0].score == pytest.approx(sum(best["parts"].values()), abs=1e-3)
    # One German level short and four years short: both shown as missed, both score lower.
    assert worst["constraints_missed"] == 2
    assert worst["parts"]["language"] < best["parts"]["language"]
    assert worst["parts"]["seniority"] < best["parts"]["seniority"]


def test_language_and_seniority_fit_decide_between_equal_texts():
    ranked = rank_profiles(
        LISTING,
        [
            (profile(id=1, years_experience=2), hit(0.5)),
            (profile(id=2, languages=(LanguageSkill("de", "B1"),) + FLUENT[1:]), hit(0.5)),
            (profile(id=3), hit(0.5)),
        ],
        today=TODAY,
    )

    assert [m.id for m in ranked] == [3, 2, 1]


def test_weights_are_tunable():
    only_semantic = RankingConfig(
        FusionConfig(method="linear", weights={"semantic": 2.0}, default_weight=0.0)
    )

    ranked = rank_listings(
        profile(),
        [(LISTING, SemanticHit(0.3, "summary", "overview"))],
        today=TODAY,
        config=only_semantic,
    )

    assert ranked[0].score == pytest.approx(0.3)
    with pytest.raises(ValueError):
        RankingConfig(FusionConfig(weights={"semantic": 0.0}))


def test_a_lexical_score_is_fused_when_the_caller_gives_one():
    texts = [(profile(id=1), hit(0.52)), (profile(id=2), hit(0.5)), (profile(id=3), hit(0.4))]

    plain = rank_profiles(LISTING, texts, today=TODAY)
    # BM25 scores are unbounded: they count as shares of the best; a candidate absent scores 0.
    hybrid = rank_profiles(LISTING, texts, today=TODAY, lexical={2: 12.0, 3: 6.0})

    assert [m.id for m in plain] == [1, 2, 3]
    assert [m.id for m in hybrid] == [2, 3, 1]
    assert hybrid[0].explanation["parts"]["lexical"] > 0
    assert "lexical" not in plain[0].explanation["parts"]
    assert hybrid[2].explanation["parts"]["lexical"] == 0


def test_reciprocal_rank_fusion_sums_weight_over_rank_of_signals_that_differ():
    config = RankingConfig(
        FusionConfig(method="rrf", weights={"semantic": 3, "skills": 1}, rrf_k=10)
    )
    candidates = [(profile(id=1, skills=()), hit(0.9)), (profile(id=2), hit(0.1))]

    ranked = rank_profiles(LISTING, candidates, today=TODAY, config=config)

    by_id = {m.id: m.explanation["parts"] for m in ranked}
    # Language, seniority and soft constraints are equal for both: they rank nobody, so are out.
    assert set(by_id[1]) == {"semantic", "skills"}
    assert by_id[1]["semantic"] == pytest.approx(0.75 / 11, abs=1e-4)
    assert by_id[1]["skills"] == pytest.approx(0.25 / 12, abs=1e-4)
    assert by_id[2]["skills"] == pytest.approx(0.25 / 11, abs=1e-4)
    assert [m.id for m in ranked] == [1, 2]
    assert ranked[0].score == pytest.approx(sum(by_id[1].values()), abs=1e-3)


def test_a_listing_asking_for_less_is_not_ranked_lower_for_it():
    bare = replace(LISTING, id=11, languages=(), min_years_experience=None, skills=())
    person = profile(skills=("python", "kafka", "c++"))

    ranked = rank_listings(person, [(LISTING, hit(0.5)), (bare, hit(0.5))], today=TODAY)

    assert ranked[0].score == pytest.approx(ranked[1].score)


def test_rank_listings_cuts_listings_the_person_cannot_take():
    grant = replace(LISTING, id=11, kind="grant")
    remote = replace(LISTING, id=12, country=None, remote=True)

    person = profile(work_authorization=("GE",), remote=False)
    ranked = rank_listings(
        person, [(LISTING, hit(0.5)), (grant, hit(0.5)), (remote, hit(0.5))], today=TODAY
    )

    assert list(ranked) == []
    assert ranked.cut == {"kind": 1, "location": 2}


def test_text_search_ranks_by_meaning_and_names_matched_skills():
    docs = [
        (profile(id=1), SemanticHit(0.2, "query#0", "overview")),
        (profile(id=2, skills=("Kafka",)), SemanticHit(0.4, "query#0", "summary")),
    ]

    ranked = rank_for_text("kafka streaming", docs, k=1)

    assert [m.id for m in ranked] == [2]
    [named] = ranked[0].explanation["skills"]["matched"]
    assert "Kafka" in named
    assert ranked[0].score == pytest.approx(0.4)
    assert ranked.cut == {}


MULTILINGUAL = RankingConfig().for_model(multilingual=True)


def test_a_multilingual_model_weighs_full_text_a_tenth_across_scripts():
    russian = profile(id=1, headline="Инженер-программист, бэкенд и потоковые данные")
    english = profile(id=2, headline="Backend engineer, streaming data")
    texts = [(russian, hit(0.5)), (english, hit(0.5))]
    lexical = {1: 10.0, 2: 10.0}

    alike = rank_profiles(LISTING, texts, today=TODAY, lexical=lexical)
    apart = rank_profiles(LISTING, texts, today=TODAY, lexical=lexical, config=MULTILINGUAL)

    # An English-only model weighs both pairs alike; a multilingual one trusts its similarity
    # across scripts and the full-text match (the odd shared Latin word) a tenth as much.
    assert alike[0].score == alike[1].score
    by_id = {match.id: match.explanation["parts"] for match in apart}
    assert by_id[2] == alike[1].explanation["parts"]
    weights = RankingConfig().fusion.weights
    share = 0.1 * weights["lexical"] / (sum(weights.values()) - 0.9 * weights["lexical"])
    assert by_id[1]["lexical"] == pytest.approx(share, abs=1e-4)  # parts are rounded
    assert by_id[1]["semantic"] > by_id[2]["semantic"]  # the shares still sum to one
    assert [match.id for match in apart] == [2, 1]


def test_text_search_weighs_cross_script_candidates_apart_only_for_a_multilingual_model():
    docs = [
        (
            profile(id=1, headline="Аналитик данных", skills=("визуализация данных",)),
            SemanticHit(0.5, "query#0", "overview"),
        ),
        (profile(id=2, headline="Data analyst"), SemanticHit(0.5, "query#0", "overview")),
    ]
    lexical = {1: 4.0, 2: 4.0}

    plain = rank_for_text("data analyst", docs, lexical=lexical)
    apart = rank_for_text("data analyst", docs, lexical=lexical, config=MULTILINGUAL)

    assert plain[0].score == plain[1].score
    parts = {match.id: match.explanation["parts"] for match in apart}
    assert parts[1]["lexical"] < parts[2]["lexical"] and parts[1]["semantic"] > parts[2]["semantic"]


def test_cross_script_factors_follow_the_model_and_are_checked():
    assert RankingConfig().for_model(multilingual=False).cross_script is None
    assert MULTILINGUAL.cross_script == {"lexical": 0.1}
    assert MULTILINGUAL.for_model(multilingual=False).cross_script is None
    with pytest.raises(ValueError, match="between 0 and 1"):
        RankingConfig(cross_script={"lexical": 2.0})
