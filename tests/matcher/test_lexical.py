"""BM25 candidates: Russian and English stemming, scores, and the saved index's checks."""

from __future__ import annotations

import json

import numpy as np
import pytest

from matcher.errors import IndexBuildError, IndexLoadError, IndexQueryError
from matcher.lexical import LexicalIndex, mostly_cyrillic, tokenise

TEXTS = [
    "Разработчик Python в банке, опыт с Django",
    "Senior data engineer: Spark pipelines and Airflow",
    "Teacher of English for adult learners",
    "Журналист, редактор новостей",
    "",
]
IDS = np.array([101, 7, 55, 9000000000, 3], dtype=np.int64)


@pytest.fixture(scope="module")
def index() -> LexicalIndex:
    return LexicalIndex.build(TEXTS, IDS)


def test_tokenise_stems_russian_and_english_words_by_script():
    assert tokenise(["Разработчика Python", "Engineers ENGINEERING", "  "]) == [
        ["разработчик", "python"],
        ["engin", "engin"],
        [],
    ]


def test_a_text_is_mostly_cyrillic_by_its_letters_or_a_leading_sample():
    assert mostly_cyrillic("Аналитик данных, SQL")
    assert not mostly_cyrillic("Data analyst, аналитик")
    assert not mostly_cyrillic("2024 — 42") and not mostly_cyrillic("")
    assert not mostly_cyrillic("Data analyst. " + "аналитик " * 5, sample=14)


def test_function_words_are_dropped_but_it_is_kept():
    assert tokenise(["Я работаю в IT и с Python", "the head of the IT team"]) == [
        ["работа", "it", "python"],
        ["head", "it", "team"],
    ]


def test_russian_inflection_finds_the_base_form(index):
    hits = index.search("ищу разработчика", k=5)
    assert list(hits) == [101]
    assert hits[101] > 0


def test_english_stemming_matches_other_word_forms(index):
    assert list(index.search("engineering", k=5)) == [7]
    assert list(index.search("teachers", k=5)) == [55]


def test_best_match_comes_first_and_k_cuts(index):
    hits = index.search("редактор новостей python", k=5)
    assert list(hits) == [9000000000, 101]
    assert list(index.search("редактор новостей python", k=1)) == [9000000000]


def test_several_texts_of_one_query_are_scored_together(index):
    assert set(index.search(["data engineer", "журналист"], k=5)) == {7, 9000000000}


def test_empty_and_unknown_queries_find_nothing(index):
    assert index.search("", k=5) == {}
    assert index.search("квантовый блокчейн", k=5) == {}
    assert index.search("!!!", k=5) == {}


def test_bad_k_is_rejected(index):
    with pytest.raises(IndexQueryError):
        index.search("python", k=0)


def test_build_rejects_ids_that_do_not_fit():
    with pytest.raises(IndexBuildError):
        LexicalIndex.build(["a", "b"], np.array([1, 1]))
    with pytest.raises(IndexBuildError):
        LexicalIndex.build(["a", "b"], np.array([1]))


def test_empty_index_answers_nothing():
    empty = LexicalIndex.build([], np.array([], dtype=np.int64))
    assert len(empty) == 0
    assert empty.search("python", k=3) == {}


@pytest.mark.parametrize("mmap", [True, False])
def test_save_and_load_give_the_same_results(index, tmp_path, mmap):
    index.save(tmp_path / "lex")
    loaded = LexicalIndex.load(tmp_path / "lex", mmap=mmap)
    assert len(loaded) == len(index)
    for query in ["разработчика", "engineering", "редактор python", "нет такого"]:
        assert loaded.search(query, k=5) == index.search(query, k=5)
        assert loaded.score_texts(query, {1: TEXTS[0]}) == index.score_texts(query, {1: TEXTS[0]})


def test_a_changed_file_is_detected(index, tmp_path):
    folder = tmp_path / "lex"
    index.save(folder, about={"texts": "v7"})
    assert LexicalIndex.saved_about(folder) == {"texts": "v7"}
    target = next(p for p in (folder / "bm25").iterdir() if p.name.startswith("data"))
    raw = bytearray(target.read_bytes())
    raw[-1] ^= 0xFF
    target.write_bytes(bytes(raw))
    with pytest.raises(IndexLoadError, match="corrupt"):
        LexicalIndex.load(folder)


def test_a_missing_file_or_manifest_is_detected(index, tmp_path):
    folder = tmp_path / "lex"
    index.save(folder)
    (folder / "ids.npy").unlink()
    with pytest.raises(IndexLoadError):
        LexicalIndex.load(folder)
    with pytest.raises(IndexLoadError):
        LexicalIndex.load(tmp_path / "nowhere")


def test_another_version_is_refused(index, tmp_path):
    folder = tmp_path / "lex"
    index.save(folder)
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    manifest["version"] += 1
    (folder / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    assert LexicalIndex.saved_about(folder) is None
    with pytest.raises(IndexLoadError, match="rebuild"):
        LexicalIndex.load(folder)


def test_one_scoring_gives_the_top_and_the_scores_of_named_ids(index):
    scores = index.scores("редактор новостей python")
    assert list(scores.top(1)) == [9000000000]
    # Ids outside the top, unknown ids and ids scoring 0 are looked up, not searched.
    assert scores.of([101, 55, 12345]) == {101: pytest.approx(scores.top(5)[101])}
    assert index.scores("квантовый").of([101]) == {}


def test_a_text_outside_the_index_scores_as_it_would_inside(index):
    # Scored with the index's statistics, an indexed text gets the score search gives it.
    query = ["python разработчик", "data engineer spark"]
    inside = index.search(query, k=5)
    outside = index.score_texts(query, {101: TEXTS[0], 7: TEXTS[1], 55: TEXTS[2]})
    assert set(outside) == {101, 7}
    for record_id, score in outside.items():
        assert score == pytest.approx(inside[record_id], rel=1e-5)


def test_a_changed_text_scores_by_its_new_words(index):
    changed = index.score_texts("журналист", {101: "Журналист и редактор, раньше Python"})
    assert changed[101] > 0
    assert index.score_texts("журналист", {101: TEXTS[0]}) == {}


def test_a_word_the_index_never_saw_still_scores_a_new_text(index):
    # Document frequency 0 in the index: the rarest possible word, so the highest weight.
    new = index.score_texts("зангибарология python", {1: "Зангибарология", 2: "python"})
    assert new[1] > new[2] > 0
