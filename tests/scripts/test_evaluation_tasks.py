"""The cross-lingual and Vanetik tasks, graded scores and the baseline line, on tiny fake data."""

import csv
import re

import pytest

from scripts.evaluation import datasets
from scripts.evaluation.metrics import summarise
from scripts.evaluation.report import baseline_line, task_table

ANNOTATIONS = """Ground truth ...
ANNOTATOR_1_RANKINGS=[[2,1,4,3,5],[1,5,2,1,4], #1-2
       [5,4,3,2,1]] #3

ANNOTATOR_2_RANKINGS= [[4,3,1,5,2],[3,4,2,1,5]] #1-2
"""


@pytest.fixture
def bench(tmp_path, monkeypatch):
    """Write ESCO occupations with ISCO groups, hh titles, a role mapping and a Vanetik folder."""
    esco = tmp_path / "esco"
    esco.mkdir()
    (esco / "occupations_en.csv").write_text(
        "conceptUri,iscoGroup,preferredLabel,altLabels,description\n"
        "u1,7512,baker,,Bakes bread.\n"
        "u2,7212,welder,,Joins metal.\n"
        "u3,7512,pastry chef,,Makes cakes.\n",
        "utf-8",
    )
    hh = tmp_path / "hh_ru_titles"
    hh.mkdir()
    (hh / "hh_vacancies.csv").write_text(
        "id,title,role_id\n1,Пекарь,94\n2,Сварщик,109\n3,Кто-то,40\n4,Пекарь,94\n5, ,94\n",
        "utf-8",
    )
    mapping = tmp_path / "roles.csv"
    mapping.write_text(
        "role_id,role_name,isco,note\n94,Повар,7512,bakers\n109,Сварщик,7212,welders\n"
        "40,Другое,,dropped: other\n",
        "utf-8",
    )
    monkeypatch.setattr(datasets, "ROLE_ISCO", mapping)
    folder = tmp_path / "vanetik_cv_vacancy"
    (folder / "CV_txt").mkdir(parents=True)
    with (folder / "5_vacancies.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "job_description", "job_title", "uid"])
        for number in range(1, 6):
            writer.writerow([number, f"Duties {number}.", f"Job {number}", f"x{number}"])
    for cv in range(1, 4):
        (folder / "CV_txt" / f"{cv}.txt").write_text(f"CV number {cv}\n", "utf-8")
    (folder / "annotations-for-the-first-30-vacancies.txt").write_text(ANNOTATIONS, "utf-8")
    return tmp_path


def test_cross_lingual_labels_every_occupation_of_the_mapped_groups(bench):
    task = datasets.load_cross_lingual_dev(bench)
    assert task.queries == ["Пекарь", "Сварщик", "Пекарь"]
    assert task.relevant == [frozenset({0, 2}), frozenset({1}), frozenset({0, 2})]
    assert task.corpus[2] == "pastry chef. Makes cakes."
    assert task.dropped == 1  # «Другое» has no groups; the blank title never counts


def test_reverse_task_ranks_distinct_russian_titles_for_english_labels(bench):
    task = datasets.load_cross_lingual_reverse(bench)
    assert task.corpus == ["Пекарь", "Сварщик"]
    assert task.queries == ["baker", "welder", "pastry chef"]
    assert task.relevant == [frozenset({0}), frozenset({1}), frozenset({0})]


def test_roles_mapped_to_too_many_occupations_are_dropped(bench, monkeypatch):
    monkeypatch.setattr(datasets, "MAX_RELEVANT", 1)
    assert set(datasets.role_isco_groups(bench)) == {"109"}


def test_vanetik_arrays_are_read_as_places_and_repeats_are_skipped(bench):
    orders, invalid = datasets.vanetik_orders(bench / "vanetik_cv_vacancy")
    assert invalid == 1  # [1,5,2,1,4] names vacancy 1 twice
    assert orders == {
        1: [[2, 1, 4, 3, 5], [4, 3, 1, 5, 2]],
        2: [[3, 4, 2, 1, 5]],
        3: [[5, 4, 3, 2, 1]],
    }
    assert datasets.vanetik_gains([[2, 1, 4, 3, 5]]) == {0: 3.0, 1: 4.0, 2: 1.0, 3: 2.0, 4: 0.0}
    # Two annotators: vacancy 2 is first for one and fifth for the other.
    assert datasets.vanetik_gains(orders[1])[1] == pytest.approx(2.0)


def test_vanetik_tasks_in_both_directions(bench):
    forward = datasets.load_vanetik_cv_vacancy(bench)
    assert forward.queries == ["CV number 1", "CV number 2", "CV number 3"]
    assert forward.corpus[0] == "Job 1. Duties 1."
    # CV 1: vacancy 1 gets (3 + 1) / 2, vacancy 4 gets (2 + 4) / 2 = the top.
    assert forward.gains[0][3] == 3.0 and forward.relevant[0] == frozenset({3})
    assert forward.relevant[2] == frozenset({4}) and forward.dropped == 27
    backward = datasets.load_vanetik_vacancy_cv(bench)
    assert len(backward.queries) == 3  # vacancies 3, 4 and 5 are someone's first choice
    assert backward.queries[0] == "Job 3. Duties 3."
    assert backward.relevant == [frozenset({1}), frozenset({0}), frozenset({2})]
    assert backward.gains[0] == {0: 2.0, 1: 4.0, 2: 2.0}


def test_graded_ndcg_enters_the_summary_only_with_gains():
    gains = [{0: 4.0, 1: 1.0}, {2: 2.0}]
    scores = summarise([[0, 1, 2], [0, 1, 2]], [frozenset({0}), frozenset({2})], gains=gains)
    assert scores["graded ndcg@5"] == pytest.approx((1.0 + 0.5) / 2)
    assert "graded ndcg@5" not in summarise([[0]], [frozenset({0})])


def test_table_adds_the_graded_column_and_names_the_best_baseline():
    plain = {"recall@10": 1.0, "mrr": 0.5, "ndcg@10": 0.6, "accuracy@1": 0.2}
    result = {
        "queries": 3,
        "corpus": 5,
        "notes": {},
        "methods": {
            "bm25": plain,
            "use": {**plain, "mrr": 0.8, "graded ndcg@5": 0.9},
            "platform": {**plain, "mrr": 0.96},
        },
        "best_baseline": "use",
        "platform_ratio": 1.2,
    }
    rows = task_table(result)
    assert rows[0][-3] == "graded ndcg@5" and rows[2][-3] == "0.900" and rows[1][-3] == "—"
    assert baseline_line(result) == (
        "Best baseline by MRR: use (0.800); platform / best baseline = 1.20 (target ≥ 1.10)."
    )


def test_shipped_role_mapping_is_complete_and_well_formed():
    rows = datasets._read_csv(datasets.ROLE_ISCO)
    assert len(rows) == len({row["role_id"] for row in rows}) == 174
    for row in rows:
        codes = row["isco"].split()
        assert all(re.fullmatch(r"\d{4}", code) for code in codes), row
        assert bool(codes) != row["note"].startswith("dropped:"), row


def test_embedding_cache_keys_on_the_model(tmp_path, encoder):
    from matcher.encoder import USE_MODEL
    from scripts.evaluation.methods import EmbeddingCache

    cache = EmbeddingCache(tmp_path)
    minilm = cache.encode(["Пекарь", "welder"])
    use = cache.encode(["Пекарь", "welder"], model=USE_MODEL)
    assert minilm.shape == (2, 384) and use.shape == (2, 512)
    assert len(list(tmp_path.glob("*.npy"))) == 2
    again = EmbeddingCache(tmp_path).encode(["Пекарь", "welder"], model=USE_MODEL)
    assert (again == use).all()
