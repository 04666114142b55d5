"""Skills taxonomy: shipped data, lookup by alias, mentions in free text, precision and speed."""

from __future__ import annotations

import gzip
import json
import time

import pytest

from matcher.taxonomy import (
    ALIASES_FILE,
    DATA_DIR,
    TAXONOMY_FILE,
    CanonicalSkill,
    TaxonomyError,
    build_taxonomy,
    load_taxonomy,
    normalise,
    slug,
)
from scripts.build_taxonomy import product_forms, write


@pytest.fixture(scope="module")
def tax():
    return load_taxonomy()


def labels(skills: list[CanonicalSkill]) -> list[str]:
    return [skill.label for skill in skills]


def test_shipped_data_is_small_and_loaded_once(tax):
    assert (DATA_DIR / TAXONOMY_FILE).stat().st_size < 1_000_000
    assert load_taxonomy() is tax
    assert len(tax) > 15_000
    assert tax.alias_counts["ru"] > 700


def test_curated_file_covers_many_skills_in_every_domain(tax):
    rows = [
        line.split("\t")[0]
        for line in (DATA_DIR / ALIASES_FILE).read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    assert len(set(rows)) == len(rows) >= 250
    for russian, label in [
        ("журналистика", "journalism"),
        ("научные публикации", "publish academic research"),
        ("педагогика", "pedagogy"),
        ("живопись", "create original paintings"),
        ("бухгалтерский учёт", "accounting"),
        ("кубернетес", "Kubernetes"),
    ]:
        assert tax.lookup(russian).label == label


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("питон", "Python"),
        ("Python 3", "Python"),
        ("python (advanced)", "Python"),
        ("  PYTHON, ", "Python"),
        ("postgres", "PostgreSQL"),
        ("Postgres DB", "PostgreSQL"),
        ("машинное обучение", "machine learning"),
        ("машинного обучения", "machine learning"),
        ("ML", "machine learning"),
        ("Oracle Java", "Java"),
        ("k8s", "Kubernetes"),
        ("Excel", "Microsoft Excel"),
        ("R", "R"),
        ("C#", "C#"),
        ("SQL - expert", "SQL"),
        ("бухгалтерский учет", "accounting"),
        ("фронтенд", "frontend development"),
        # The English stemmer makes "accessibility" "access", which is Microsoft Access's alias.
        ("accessibility", "ICT accessibility standards"),
        ("MS Access", "Microsoft Access"),
        ("дизайн-системы", "design systems"),
    ],
)
def test_lookup_finds_a_skill_by_any_alias(tax, name, label):
    assert tax.lookup(name).label == label


def test_lookup_returns_none_for_unknown_names_and_ids_for_known(tax):
    assert tax.lookup("underwater basket weaving for cats") is None
    assert tax.lookup("") is None
    ids = tax.canonical_ids(["Python", "питон", "python 3", "foo bar baz"])
    assert ids == {tax.lookup("Python").id}
    assert tax.label(tax.lookup("питон").id) == "Python"
    with pytest.raises(KeyError):
        tax.label("esco:no-such-skill")


def test_ids_are_stable_and_readable(tax):
    assert tax.lookup("C++").id == "esco:c-plus-plus"
    assert tax.lookup("Python").id == "esco:python"
    assert tax.lookup("Apache Kafka") == CanonicalSkill("onet:apache-kafka", "Apache Kafka", "onet")
    assert tax.lookup("фронтенд").source == "custom"
    assert slug("Node.js") == "node-js" and slug("C#") == "c-sharp"


def test_find_in_text_handles_russian_morphology_and_order(tax):
    text = (
        "Опыт: машинное обучение, Python, PostgreSQL. Разрабатывала модели машинного "
        "обучения и занималась анализом данных."
    )
    assert labels(tax.find_in_text(text)) == [
        "machine learning",
        "Python",
        "PostgreSQL",
        "perform data analysis",
    ]


def test_find_in_text_prefers_the_longest_phrase(tax):
    found = labels(tax.find_in_text("Built pipelines on Apache Kafka and Microsoft SQL Server."))
    assert found == ["Apache Kafka", "SQL Server"]
    assert "SQL" not in found


@pytest.mark.parametrize(
    "text",
    [
        "It is an art to go far; I excel at teamwork and C is a grade, R is a letter.",
        "We react quickly to a project in Word and drive home in spring.",
        "Работал над проектом, перевод денег, интервью газете, история компании, МО РФ.",
        "The ml of water and the ai of a tree.",
        "An audit of our security and the app ecosystem; we act fast.",
    ],
)
def test_find_in_text_skips_common_words_and_short_names(tax, text):
    assert tax.find_in_text(text) == []


def test_find_in_text_accepts_names_written_as_names(tax):
    found = labels(tax.find_in_text("Stack: React, Excel, C++ and C#, ML and AI, Go via golang."))
    assert found == [
        "React",
        "Microsoft Excel",
        "C++",
        "C#",
        "machine learning",
        "principles of artificial intelligence",
        "Go",
    ]


def test_lone_words_match_as_written_not_by_stem(tax):
    # The English stem of "audition" is "audit", of "securities" "secur": a lone word must match
    # as a word (or its plural), while Russian words keep their stems.
    assert labels(tax.find_in_text("Used JQuery and algorithm design.")) == ["jQuery", "algorithms"]
    assert labels(
        tax.find_in_text("Опыт преподавания журналистики; занималась видеомонтажом.")
    ) == ["apply teaching strategies", "journalism", "perform video editing"]


def test_find_in_text_is_fast_enough_for_ranking(tax):
    sentence = (
        "Senior engineer: Python, Django, PostgreSQL, Kubernetes; machine learning and "
        "анализ данных, преподавание в университете, научные публикации. "
    )
    texts = [(sentence * 12)[:2000] + f" case {i}" for i in range(100)]
    tax.find_in_text(texts[0])
    start = time.perf_counter()
    for text in texts:
        tax.find_in_text(text)
    assert time.perf_counter() - start < 0.2  # measured ~25 ms; generous for a busy machine


def test_normalise_folds_case_yo_and_spacing():
    assert normalise("  Машинное   Обучение ") == "машинное обучение"
    assert normalise("Актёрское мастерство") == "актерское мастерство"
    assert normalise("Node.js,") == "node.js"


def test_curated_rows_must_name_a_known_skill():
    data = {"skills": [["esco:python", "Python", "esco", []]]}
    tax = build_taxonomy(data, [("Python", ["питон"]), ("new:Scrum", ["скрам"])])
    assert tax.lookup("скрам") == CanonicalSkill("custom:scrum", "Scrum", "custom")
    assert tax.lookup("питон").id == "esco:python"
    with pytest.raises(TaxonomyError, match="no skill named 'Pyhton'"):
        build_taxonomy(data, [("Pyhton", ["питон"])])


def test_lookup_only_aliases_are_not_found_in_text():
    data = {"skills": [["esco:history", "history", "esco", []]]}
    tax = build_taxonomy(data, [("history", ["=история", "историческое исследование"])])
    assert tax.lookup("история").id == "esco:history"
    assert tax.find_in_text("история компании") == []
    assert labels(tax.find_in_text("исторические исследования")) == ["history"]


def test_product_forms_drop_vendor_and_acronym():
    assert product_forms("Apache Kafka") == ["Apache Kafka", "Kafka"]
    assert product_forms("Structured query language SQL") == [
        "Structured query language SQL",
        "Structured query language",
        "SQL",
    ]
    assert product_forms("Web browser software") == ["Web browser software"]


def test_written_file_is_deterministic(tmp_path):
    data = {"format": 1, "skills": [["custom:b", "B", "custom", ["бэ"]]]}
    first, second = tmp_path / "a.json.gz", tmp_path / "b.json.gz"
    write(data, first)
    write(data, second)
    assert first.read_bytes() == second.read_bytes()
    with gzip.open(first, "rt", encoding="utf-8") as f:
        assert json.load(f) == data
