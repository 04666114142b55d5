"""Metrics on hand-made rankings and loaders on a tiny fake bench folder."""

import json
import math

import pytest

from scripts.evaluation import datasets
from scripts.evaluation.metrics import (
    accuracy_at_1,
    graded_ndcg_at_k,
    ndcg_at_k,
    recall_at_k,
    reciprocal_rank,
    summarise,
)
from scripts.evaluation.report import replace_results


def test_recall_counts_share_of_several_relevant_items():
    assert recall_at_k([5, 1, 7, 2], {1, 2, 9}, k=2) == pytest.approx(1 / 3)
    assert recall_at_k([5, 1, 7, 2], {1, 2, 9}, k=10) == pytest.approx(2 / 3)


def test_reciprocal_rank_uses_first_relevant_and_zero_when_missing():
    assert reciprocal_rank([4, 3, 2], {2, 3}) == 0.5
    assert reciprocal_rank([4, 3, 2], {8}) == 0.0


def test_ndcg_is_one_for_ideal_order_and_caps_the_ideal_at_k():
    assert ndcg_at_k([1, 2, 3], {1, 2}, k=10) == 1.0
    assert ndcg_at_k([1, 2], {1, 2, 3, 4}, k=2) == 1.0


def test_ndcg_of_a_single_hit_at_place_three():
    expected = (1 / math.log2(4)) / (1 / math.log2(2) + 1 / math.log2(3))
    assert ndcg_at_k([9, 8, 1], {1, 2}, k=10) == pytest.approx(expected)


def test_graded_ndcg_prefers_higher_gains_first():
    gains = {0: 3.0, 1: 1.0}
    assert graded_ndcg_at_k([0, 1], gains, k=2) == 1.0
    assert graded_ndcg_at_k([1, 0], gains, k=2) < 1.0


def test_summarise_averages_over_queries():
    scores = summarise([[1, 2], [3, 4]], [frozenset({1}), frozenset({4})])
    assert scores["mrr"] == pytest.approx(0.75)
    assert scores["accuracy@1"] == 0.5
    assert accuracy_at_1([], {1}) == 0.0


def test_metrics_reject_queries_without_relevant_items():
    with pytest.raises(ValueError):
        recall_at_k([1], set())


@pytest.fixture
def bench(tmp_path):
    """Write a bench folder with two occupations and a few rows per dataset."""
    esco = tmp_path / "esco"
    esco.mkdir()
    (esco / "occupations_en.csv").write_text(
        "conceptUri,preferredLabel,altLabels,description\n"
        'u1,baker,"bread maker\npastry baker",Bakes bread.\n'
        "u2,welder,,Joins metal.\n",
        "utf-8",
    )
    (esco / "DERIVED_occupation_skills.csv").write_text(
        "occupation_uri,label,isco4,alt_labels,description,essential_skills,optional_skills\n"
        "u1,baker,7512,,Bakes bread.,knead dough | bake,decorate cakes\n"
        "u2,welder,7212,,Joins metal.,,\n",
        "utf-8",
    )
    (tmp_path / "jobbert_titles").mkdir()
    (tmp_path / "jobbert_titles" / "titles.csv").write_text(
        ",vacancyTitle,conceptUri\n0,Head Baker,u1\n1,Welder II,u2\n2,Ghost,u9\n", "utf-8"
    )
    melo = tmp_path / "melo" / "usa_q_en_c_en"
    melo.mkdir(parents=True)
    (melo / "queries.tsv").write_text("Q1\tBakers\nQ2\tNobody\n", "utf-8")
    (melo / "corpus_elements.tsv").write_text("C1\tbaker\nC2\tpastry baker\nC3\twelder\n", "utf-8")
    (melo / "annotations.tsv").write_text("Q1\t0\tC1\t1\nQ1\t0\tC2\t1\n", "utf-8")
    (melo / "baseline_bm25.summary.tsv").write_text(
        "metric_name\tmetric_val\nrecip_rank\t0.5\n", "utf-8"
    )
    hh = tmp_path / "hh_ru_titles"
    hh.mkdir()
    roles = {
        "categories": [
            {
                "id": "1",
                "name": "Г",
                "roles": [{"id": "10", "name": "Пекарь"}, {"id": "2", "name": "Сварщик"}],
            }
        ]
    }
    (hh / "professional_roles.json").write_text(json.dumps(roles), "utf-8")
    (hh / "hh_vacancies.csv").write_text(
        "id,title,role_id\n1,Пекарь-кондитер,10\n2,Сварщик,2\n3,Кто-то,999\n", "utf-8"
    )
    return tmp_path


def test_jobbert_loader_maps_titles_to_occupation_rows(bench):
    task = datasets.load_jobbert_titles(bench)
    assert task.queries == ["Head Baker", "Welder II"]
    assert task.relevant == [frozenset({0}), frozenset({1})]
    assert task.corpus[0] == "baker. bread maker; pastry baker. Bakes bread."
    assert task.dropped == 1


def test_melo_loader_keeps_several_relevant_and_reads_baselines(bench):
    task = datasets.load_melo(bench)
    assert task.queries == ["Bakers"]
    assert task.relevant == [frozenset({0, 1})]
    assert task.extra["baselines"] == {"bm25": {"recip_rank": 0.5}}


def test_esco_skills_loader_keeps_skills_out_of_the_corpus(bench):
    task = datasets.load_esco_skills_to_occupation(bench)
    assert task.queries == ["Skills: knead dough, bake"]
    assert task.corpus == ["baker. Bakes bread.", "welder. Joins metal."]
    assert task.corpus_skills == [["decorate cakes"], []]
    assert task.dropped == 1


def test_hh_loader_drops_unknown_roles(bench):
    task = datasets.load_hh_ru_role(bench)
    assert task.corpus == ["Сварщик", "Пекарь"]
    assert task.relevant == [frozenset({1}), frozenset({0})]
    assert task.dropped == 1


def test_sample_is_deterministic_and_bounded():
    first = datasets.sample_indices(100, limit=10)
    assert first == datasets.sample_indices(100, limit=10)
    assert len(first) == 10 and first == sorted(first)


def test_replace_results_rewrites_only_the_marked_block():
    document = "intro\n<!-- results:begin -->\nold\n<!-- results:end -->\noutro\n"
    updated = replace_results(document, "new")
    assert "old" not in updated and "new" in updated and updated.endswith("outro\n")
