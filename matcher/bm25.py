"""Lucene BM25 scores of many texts' words, computed in numpy as the matrix bm25s searches.

bm25s builds its matrix in a Python loop over texts and holds every word as a Python object:
about 2 minutes and several GB at a million profiles. Here words are numbered batch by batch and
scored in a few array passes, with the formulas bm25s uses (its "lucene" method), so the
retriever it returns searches, saves and loads as one bm25s built itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import compress

import numpy as np

K1 = 1.5
B = 0.75
# A text with no words still needs one token; \w+ can never produce this one, so no query hits it.
EMPTY = " "


# Texts' words in batches: (text ids, each text's words).
WordBatches = Iterable[tuple[Sequence[int], Sequence[Sequence[str]]]]


@dataclass(frozen=True)
class NumberedWords:
    """Texts' words as one array of word numbers, cut into texts by `lengths`."""

    ids: np.ndarray  # int64, one per text
    words: np.ndarray  # int32 word numbers, text after text
    lengths: np.ndarray  # int64 words per text
    vocabulary: dict[str, int]


def number_words(
    batches: WordBatches, vocabulary: Mapping[str, int] | None = None
) -> NumberedWords:
    """Number the words of batches of (text ids, each text's words), going on from `vocabulary`
    where given; a text without words gets EMPTY."""
    vocabulary = dict(vocabulary or {})
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


@dataclass(frozen=True)
class WordCounts:
    """How often each word occurs in each text, as a CSC matrix (a column per word, a row per
    text): what BM25 scores are computed from, and what a changed corpus is updated in."""

    ids: np.ndarray  # int64, the id of each row's text
    lengths: np.ndarray  # int64 words per text
    indptr: np.ndarray  # int64, where each word's entries start (one more than words)
    rows: np.ndarray  # int32, the text of each entry, ascending within a word
    counts: np.ndarray  # int32, how often the word occurs in that text
    vocabulary: dict[str, int]

    def changed(self, dropped: np.ndarray, added: NumberedWords) -> WordCounts:
        """Return these counts without the texts of the `dropped` ids and with `added`'s texts
        after the rest; `added` must be numbered going on from this vocabulary.

        Kept entries move as blocks: no sort of the whole corpus, so a small change costs a few
        passes over the arrays. Words no text uses any more leave the vocabulary, as after a
        rebuild: a word only an erased profile held must not outlive it in the saved index.
        """
        keep = ~np.isin(self.ids, dropped)
        new_row = np.cumsum(keep) - 1
        size = len(added.vocabulary)
        had = np.diff(self.indptr)
        word = np.repeat(np.arange(len(had)), had)
        kept = keep[self.rows]
        word, rows, counts = word[kept], new_row[self.rows[kept]], self.counts[kept]
        fresh = count_words(added)
        fresh_word = np.repeat(np.arange(size), np.diff(fresh.indptr))
        kept_frequency = np.bincount(word, minlength=size)
        frequency = kept_frequency + np.diff(fresh.indptr)
        indptr = _starts(frequency)
        # Within a word: the kept entries in row order, then the added texts' (rows after them).
        kept_at = indptr[word] + np.arange(len(word)) - _starts(kept_frequency)[word]
        fresh_at = indptr[fresh_word] + kept_frequency[fresh_word]
        fresh_at += np.arange(len(fresh_word)) - fresh.indptr[fresh_word]
        all_rows = np.empty(indptr[-1], dtype=np.int32)
        all_counts = np.empty(indptr[-1], dtype=np.int32)
        all_rows[kept_at], all_counts[kept_at] = rows, counts
        all_rows[fresh_at] = fresh.rows + np.count_nonzero(keep)
        all_counts[fresh_at] = fresh.counts
        used = frequency > 0
        return WordCounts(
            ids=np.concatenate([self.ids[keep], added.ids]),
            lengths=np.concatenate([self.lengths[keep], added.lengths]),
            # An unused word's column is empty: dropping its end leaves every other in place.
            indptr=np.concatenate([indptr[:1], indptr[1:][used]]),
            rows=all_rows,
            counts=all_counts,
            vocabulary=_renumbered(added.vocabulary, used),
        )


def _renumbered(vocabulary: dict[str, int], used: np.ndarray) -> dict[str, int]:
    """Return the vocabulary of the `used` word numbers only, numbered again from 0 in order."""
    if used.all():
        return vocabulary
    words = list(vocabulary)
    numbers = np.fromiter(vocabulary.values(), dtype=np.int64, count=len(words))
    kept = used[numbers]
    renumber = np.cumsum(used) - 1
    return dict(zip(compress(words, kept), renumber[numbers[kept]].tolist(), strict=True))


def _starts(frequency: np.ndarray) -> np.ndarray:
    starts = np.zeros(len(frequency) + 1, dtype=np.int64)
    np.cumsum(frequency, out=starts[1:])
    return starts


def count_words(numbered: NumberedWords) -> WordCounts:
    """Count each word in each text of these numbered texts."""
    texts, size = len(numbered.lengths), len(numbered.vocabulary)
    rows = np.repeat(np.arange(texts, dtype=np.int64), numbered.lengths)
    # One sort puts every (word, text) pair together, word-major as CSC wants.
    pairs = numbered.words.astype(np.int64) * max(texts, 1) + rows
    del rows
    pairs.sort()
    starts = np.flatnonzero(np.diff(pairs, prepend=-1))
    counts = np.diff(starts, append=len(pairs)).astype(np.int32)
    word, text = np.divmod(pairs[starts], max(texts, 1))
    del pairs, starts
    return WordCounts(
        ids=numbered.ids,
        lengths=numbered.lengths,
        indptr=_starts(np.bincount(word, minlength=size)),
        rows=text.astype(np.int32),
        counts=counts,
        vocabulary=numbered.vocabulary,
    )


def score_matrix(counts: WordCounts, k1: float = K1, b: float = B) -> dict:
    """Return bm25s's score matrix (CSC: a column per word, a row per text) for these texts."""
    texts = len(counts.lengths)
    frequency = np.diff(counts.indptr)
    idf = np.log(1 + (texts - frequency + 0.5) / (frequency + 0.5)).astype(np.float32)
    average = counts.lengths.mean() if texts else 1.0
    norm = k1 * ((1 - b) + b * counts.lengths[counts.rows] / average)
    tf = counts.counts / (norm + counts.counts)
    del norm
    data = (np.repeat(idf, frequency) * tf).astype(np.float32)
    return {
        "data": data,
        "indices": counts.rows,
        "indptr": counts.indptr,
        "num_docs": texts,
    }


def retriever(counts: WordCounts):
    """Return a bm25s retriever over these texts, as `bm25s.BM25().index` would build it."""
    import bm25s

    found = bm25s.BM25(k1=K1, b=B, method="lucene")
    found.scores = score_matrix(counts, K1, B)
    found.vocab_dict = dict(counts.vocabulary)
    found.unique_token_ids_set = set(found.vocab_dict.values())
    found.nonoccurrence_array = None
    return found
