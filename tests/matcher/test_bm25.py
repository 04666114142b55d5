"""BM25 scores computed in numpy: the same as bm25s computes them, saved and loaded by bm25s."""

from __future__ import annotations

import bm25s
import numpy as np
import pytest

from matcher.bm25 import EMPTY, number_words, retriever, score_matrix
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
    ours = retriever(number_words([(np.arange(300), corpus)]))
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
    matrix = score_matrix(numbered)
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
