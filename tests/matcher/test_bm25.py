"""BM25 scores computed in numpy: the same as bm25s computes them, saved and loaded by bm25s."""

from __future__ import annotations

import bm25s
import numpy as np
import pytest

from matcher.bm25 import EMPTY, count_words, number_words, retriever, score_matrix
from matcher.errors import IndexBuildError, IndexLoadError
from matcher.lexical import LexicalIndex


def _corpus(seed: int, texts: int, words: int) -> list[list[str]]:
    rng = np.random.default_rng(seed)
    # Zipf-like word use, repeated words and empty texts, as in real profiles.
    vocabulary = [f"w{n}" for n in range(words)]
    weights = 1 / np.arange(1, words + 1)
    weights /= weights.sum()
    return [
        [str(w) for w in rng.choice(vocabulary, size=int(rng.integers(0, 40)), p=weights)]
        for _ in range(texts)
    ]


@pytest.mark.parametrize("seed", [0, 1])
def test_scores_match_bm25s_own_index(seed):
    corpus = _corpus(seed, texts=300, words=80)
    ours = retriever(count_words(number_words([(np.arange(300), corpus)])))
    theirs = bm25s.BM25(k1=1.5, b=0.75, method="lucene")
    theirs.index([text or [EMPTY] for text in corpus], show_progress=False)
    for query in (["w0"], ["w1", "w5", "w5"], ["w79", "w3"], [EMPTY]):
        expected = theirs.get_scores_from_ids([theirs.vocab_dict[w] for w in query])
        found = ours.get_scores_from_ids([ours.vocab_dict[w] for w in query])
        np.testing.assert_allclose(found, expected, rtol=1e-6, atol=1e-7)
        assert expected.max() > 0


def test_batches_number_words_across_batches_and_keep_ids_in_order():
    numbered = number_words([([5, 3], [["a", "b", "a"], []]), ([9], [["b", "c"]])])
    assert numbered.ids.tolist() == [5, 3, 9]
    assert numbered.lengths.tolist() == [3, 1, 2]
    names = {number: word for word, number in numbered.vocabulary.items()}
    assert [names[n] for n in numbered.words] == ["a", "b", "a", EMPTY, "b", "c"]
    with pytest.raises(ValueError, match="2 texts but 1 ids"):
        number_words([([1], [["a"], ["b"]])])


def test_matrix_is_csc_with_a_column_per_word():
    numbered = number_words([([1, 2, 3], [["x", "y", "x"], ["y"], ["z"]])])
    matrix = score_matrix(count_words(numbered))
    assert matrix["num_docs"] == 3
    assert matrix["indptr"].tolist() == [0, 1, 3, 4]  # x in text 0; y in 0 and 1; z in 2
    assert matrix["indices"].tolist() == [0, 0, 1, 2]
    # Lucene BM25 by hand for x: twice in a 3-word text, in 1 of 3 texts, mean length 5/3.
    idf = np.log(1 + (3 - 1 + 0.5) / (1 + 0.5))
    expected_x = idf * 2 / (1.5 * (0.25 + 0.75 * 3 / (5 / 3)) + 2)
    assert matrix["data"][0] == pytest.approx(expected_x, rel=1e-6)
    # The same word counts for more in a shorter text.
    assert matrix["data"][2] > matrix["data"][1]


def test_streamed_index_saves_and_loads_through_bm25s(tmp_path):
    corpus = _corpus(2, texts=50, words=30)
    index = LexicalIndex.from_words(
        [(np.arange(0, 25), corpus[:25]), (np.arange(25, 50), corpus[25:])]
    )
    whole = LexicalIndex.from_words([(np.arange(50), corpus)])
    assert index.search(["w0", "w2"], 10) == whole.search(["w0", "w2"], 10)
    index.save(tmp_path / "lexical")
    loaded = LexicalIndex.load(tmp_path / "lexical")
    assert loaded.search(["w0", "w2"], 10) == pytest.approx(index.search(["w0", "w2"], 10))
    assert len(loaded) == 50


def test_numbering_goes_on_from_a_vocabulary():
    numbered = number_words([([1], [["b", "z"]])], {"a": 0, "b": 1})
    assert numbered.vocabulary == {"a": 0, "b": 1, "z": 2}
    assert numbered.words.tolist() == [1, 2]


def _search_all(index: LexicalIndex, words: int) -> list[dict[int, float]]:
    return [index.search([f"w{n}"], 1000) for n in range(words)] + [
        index.search(["w0", "w3", "w3", "w17"], 1000)
    ]


@pytest.mark.parametrize("seed", [3, 4])
def test_a_changed_index_scores_as_a_rebuild_does(seed):
    corpus = _corpus(seed, texts=200, words=40)
    index = LexicalIndex.from_words([(np.arange(200), corpus)])
    rng = np.random.default_rng(seed)
    dropped = rng.choice(200, size=30, replace=False)
    # Some dropped texts come back with new words (an edit), some are gone; others are new.
    edited = sorted(int(i) for i in dropped[:20])
    new_words = _corpus(seed + 10, texts=25, words=60)
    added_ids = edited + list(range(500, 505))
    changed = index.changed(dropped, [(added_ids, new_words)])
    now = {i: corpus[i] for i in range(200) if i not in set(dropped.tolist())}
    now |= dict(zip(added_ids, new_words, strict=True))
    rebuilt = LexicalIndex.from_words([(sorted(now), [now[i] for i in sorted(now)])])
    assert sorted(changed.ids.tolist()) == sorted(now)
    for found, expected in zip(_search_all(changed, 60), _search_all(rebuilt, 60), strict=True):
        assert found.keys() == expected.keys()
        assert list(found.values()) == pytest.approx(list(expected.values()), rel=1e-6)
    # Words only the dropped texts had find nothing, as after a rebuild.
    assert changed.search(["w39"], 10) == rebuilt.search(["w39"], 10)


def test_words_no_text_uses_any_more_leave_the_vocabulary():
    before = count_words(number_words([([1, 2, 3], [["kotlin", "glaciology"], ["rust"], []])]))
    added = number_words([([4, 2], [["scala", "kotlin"], ["haskell"]])], before.vocabulary)
    changed = before.changed(np.array([1, 2]), added)
    assert sorted(changed.vocabulary) == sorted([EMPTY, "kotlin", "scala", "haskell"])
    assert sorted(changed.vocabulary.values()) == list(range(4))
    rebuilt = count_words(number_words([([3, 4, 2], [[], ["scala", "kotlin"], ["haskell"]])]))
    ours, theirs = retriever(changed), retriever(rebuilt)
    for word in rebuilt.vocabulary:
        np.testing.assert_allclose(
            ours.get_scores_from_ids([changed.vocabulary[word]]),
            theirs.get_scores_from_ids([rebuilt.vocabulary[word]]),
            rtol=1e-6,
        )


def test_a_change_saves_and_changes_again(tmp_path):
    corpus = _corpus(5, texts=60, words=30)
    LexicalIndex.from_words([(np.arange(60), corpus)]).save(
        tmp_path / "one", about={"read_at": "2026-12-06T05:00:00"}
    )
    loaded = LexicalIndex.load_changeable(tmp_path / "one")
    assert LexicalIndex.saved_about(tmp_path / "one") == {"read_at": "2026-12-06T05:00:00"}
    twice = loaded.changed([3], [([3], [["w1", "w1"]])]).changed([4, 70], [([70], [["w2"]])])
    expected = {i: corpus[i] for i in range(60) if i != 4} | {3: ["w1", "w1"], 70: ["w2"]}
    rebuilt = LexicalIndex.from_words([(sorted(expected), [expected[i] for i in sorted(expected)])])
    for found, wanted in zip(_search_all(twice, 30), _search_all(rebuilt, 30), strict=True):
        assert found == pytest.approx(wanted, rel=1e-6)


def test_only_a_changeable_index_changes(tmp_path):
    index = LexicalIndex.from_words([([1, 2], [["kotlin"], ["rust"]])])
    with pytest.raises(IndexBuildError, match="drop a changed text"):
        index.changed([], [([2], [["scala"]])])
    index.save(tmp_path / "built")
    # Loaded for searching, it has no counts: saved again, nothing can change it.
    LexicalIndex.load(tmp_path / "built").save(tmp_path / "plain")
    with pytest.raises(IndexLoadError, match="without word counts"):
        LexicalIndex.load_changeable(tmp_path / "plain")
    with pytest.raises(IndexBuildError, match="loaded for searching"):
        LexicalIndex.load(tmp_path / "plain").changed([1], [])
    index.save(tmp_path / "full")
    (tmp_path / "full" / "counts.npy").write_bytes(b"broken")
    with pytest.raises(IndexLoadError, match="corrupt"):
        LexicalIndex.load_changeable(tmp_path / "full")
    # Searching does not read the counts, so it does not fail on them.
    assert LexicalIndex.load(tmp_path / "full").search(["kotlin"], 5).keys() == {1}


def test_an_empty_index_changes_into_a_full_one_and_back(tmp_path):
    LexicalIndex.from_words([]).save(tmp_path / "empty")
    empty = LexicalIndex.load_changeable(tmp_path / "empty")
    assert len(empty) == 0
    full = empty.changed([], [([4, 2], [["kotlin"], ["rust", "kotlin"]])])
    assert list(full.search("kotlin", 5)) == [4, 2]
    assert len(full.changed([2, 4], [])) == 0


def test_counts_past_two_bytes_are_saved_whole(tmp_path):
    words = [["kotlin"] * 70_000, ["kotlin", "rust"]]
    LexicalIndex.from_words([([1, 2], words)]).save(tmp_path / "big")
    loaded = LexicalIndex.load_changeable(tmp_path / "big")
    changed = loaded.changed([2], [([2], [["kotlin", "scala"]])])
    rebuilt = LexicalIndex.from_words([([1, 2], [words[0], ["kotlin", "scala"]])])
    assert changed.search("kotlin", 2) == pytest.approx(rebuilt.search("kotlin", 2), rel=1e-6)
