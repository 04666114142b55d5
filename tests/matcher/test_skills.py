"""Skill overlap through the taxonomy: aliases, Russian forms, free text, unknown skills."""

from __future__ import annotations

from matcher.skills import normalise_skill, offered_skill_ids, skill_overlap


def test_wanted_skills_match_aliases_and_are_reported_by_label():
    overlap = skill_overlap(["PostgreSQL", "Machine learning", "Kubernetes"], ["postgres", "k8s"])

    assert overlap.matched == ("PostgreSQL", "Kubernetes")
    assert overlap.missing == ("machine learning",)
    assert overlap.score == 2 / 3


def test_russian_offered_skills_and_text_meet_english_wanted_skills():
    overlap = skill_overlap(
        ["Machine learning", "Python", "Journalism", "Video editing"],
        ["питон", "Postgres DB"],
        "Пять лет занималась машинным обучением; до этого работала в журналистике.",
    )

    assert overlap.matched == ("machine learning", "Python", "journalism")
    assert overlap.missing == ("perform video editing",)


def test_english_text_meets_russian_wanted_skills():
    overlap = skill_overlap(["анализ данных", "преподавание"], [], "Data analysis and teaching.")

    assert overlap.matched == ("perform data analysis", "apply teaching strategies")
    assert overlap.missing == ()


def test_duplicates_of_one_skill_count_once():
    overlap = skill_overlap(["Python", "python 3", "питон", "Django"], ["Python"])

    assert overlap.matched == ("Python",)
    assert overlap.missing == ("Django",)
    assert overlap.score == 0.5


def test_unknown_skills_keep_the_users_wording_and_old_matching():
    overlap = skill_overlap(
        ["Zorblax tuning", "Quantum basket weaving"], ["zorblax tuning"], "no basket here"
    )

    assert overlap.matched == ("Zorblax tuning",)
    assert overlap.missing == ("Quantum basket weaving",)


def test_unknown_wanted_phrase_is_met_when_all_its_skills_are_offered():
    overlap = skill_overlap(["Python/Django stack"], ["Python", "Django"])
    assert overlap.matched == ("Python/Django stack",)
    assert skill_overlap(["Python/Django stack"], ["Python"]).missing == ("Python/Django stack",)


def test_short_names_need_a_list_not_free_text():
    overlap = skill_overlap(
        ["Python", "C++", "C", "Go", "R"], ["PYTHON", "R"], "I wrote C++ daily."
    )

    assert overlap.matched == ("Python", "C++", "R")
    assert overlap.missing == ("C", "Go")


def test_offered_entries_that_name_several_skills_count_each():
    ids = offered_skill_ids(["Python, Django", "опыт с PostgreSQL"])
    assert {"esco:python", "esco:postgresql"} <= ids
    assert len(ids) == 3


def test_no_wanted_skills_means_no_score():
    assert skill_overlap([], ["Python"]).score is None
    assert skill_overlap(["  ", ""], ["Python"]).score is None


def test_normalise_skill_keeps_its_contract():
    assert normalise_skill("  C++ ") == "c++"
    assert normalise_skill("Node.js,") == "node.js"
