"""Lucene BM25 scores of many texts' words, computed in numpy as the matrix bm25s searches.

bm25s builds its matrix in a Python loop over texts and holds every word as a Python object:
about 2 minutes and several GB at a million profiles. Here words are numbered batch by batch and
scored in a few array passes, with the formulas bm25s uses (its "lucene" method), so the
retriever it returns searches, saves and loads as one bm25s built itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

K1 = 1.5
B = 0.75
# A text with no words still needs one token; \w+ can never produce this one, so no query hits it.
EMPTY = " "


@dataclass(frozen=True)
class NumberedWords:
    """Texts' words as one array of word numbers, cut into texts by `lengths`."""

    ids: np.ndarray  # int64, one per text
    words: np.ndarray  # int32 word numbers, text after text
    lengths: np.ndarray  # int64 words per text
    vocabulary: dict[str, int]


def number_words(batches: Iterable[tuple[Sequence[int], Sequence[Sequence[str]]]]) -> NumberedWords:
    """Number the words of batches of (text ids, each text's words); a text without words gets
    EMPTY."""
    vocabulary: dict[str, int] = {}
    ids, words, lengths = [], [], []
    for batch_ids, word_lists in batches:
        if len(batch_ids) != len(word_lists):
            raise ValueError(f"got {len(word_lists)} texts but {len(batch_ids)} ids")
        lists = [text or [EMPTY] for text in word_lists]
        numbers = [vocabulary.setdefault(word, len(vocabulary)) for text in lists for word in text]
        ids.append(np.asarray(batch_ids, dtype=np.int64))
        words.append(np.array(numbers, dtype=np.int32))
        lengths.append(np.fromiter(map(len, lists), dtype=np.int64, count=len(lists)))
    return NumberedWords(
        ids=np.concatenate(ids) if ids else np.zeros(0, np.int64),
        words=np.concatenate(words) if words else np.zeros(0, np.int32),
        lengths=np.concatenate(lengths) if lengths else np.zeros(0, np.int64),
        vocabulary=vocabulary,
    )


def score_matrix(numbered: NumberedWords, k1: float = K1, b: float = B) -> dict:
    """Return bm25s's score matrix (CSC: a column per word, a row per text) for these texts."""
    texts, size = len(numbered.lengths), len(numbered.vocabulary)
    rows = np.repeat(np.arange(texts, dtype=np.int64), numbered.lengths)
    # One sort puts every (word, text) pair together, word-major as CSC wants.
    pairs = numbered.words.astype(np.int64) * max(texts, 1) + rows
    del rows
    pairs.sort()
    starts = np.flatnonzero(np.diff(pairs, prepend=-1))
    counts = np.diff(starts, append=len(pairs)).astype(np.float64)
    pairs = pairs[starts]
    word, text = np.divmod(pairs, max(texts, 1))
    del pairs, starts
    frequency = np.bincount(word, minlength=size)
    idf = np.log(1 + (texts - frequency + 0.5) / (frequency + 0.5)).astype(np.float32)
    average = numbered.lengths.mean() if texts else 1.0
    norm = k1 * ((1 - b) + b * numbered.lengths[text] / average)
    data = (idf[word] * (counts / (norm + counts))).astype(np.float32)
    indptr = np.zeros(size + 1, dtype=np.int64)
    np.cumsum(frequency, out=indptr[1:])
    return {
        "data": data,
        "indices": text.astype(np.int32),
        "indptr": indptr,
        "num_docs": texts,
    }


def retriever(numbered: NumberedWords):
    """Return a bm25s retriever over these texts, as `bm25s.BM25().index` would build it."""
    import bm25s

    found = bm25s.BM25(k1=K1, b=B, method="lucene")
    found.scores = score_matrix(numbered, K1, B)
    found.vocab_dict = dict(numbered.vocabulary)
    found.unique_token_ids_set = set(found.vocab_dict.values())
    found.nonoccurrence_array = None
    return found
