"""The full-text (BM25) side of the index: record texts as search sees them, built at re-index."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from sqlalchemy.orm import Session

from matcher.lexical import LexicalIndex, LexicalScores
from web.services.search_words import current_words, refresh_stale, search_text_digest


def index_is_current(folder) -> bool:
    """Return whether a saved full-text index was built with this code and this taxonomy."""
    return LexicalIndex.saved_about(folder) == {"taxonomy": search_text_digest()}


def save_lexical(index: LexicalIndex):
    """Return a writer that saves the index noting the taxonomy its texts were built with."""
    return lambda folder: index.save(folder, about={"taxonomy": search_text_digest()})


def build_lexical(session: Session, kind: str, record_ids: Sequence[int]) -> LexicalIndex:
    """Build the BM25 index of these records' current texts (records gone since are left out).

    Words come from the database (stored when a record is embedded); those of records whose
    stored words are stale, or were never stored, are made and stored first, for the caller to
    commit.
    """
    wanted = np.unique(np.asarray(record_ids, dtype=np.int64))
    refresh_stale(session, kind, wanted)
    return LexicalIndex.from_words(current_words(session, kind, wanted))


@dataclass(frozen=True)
class LexicalScorer:
    """One query's BM25 scores: from the index for unchanged records, from the current text
    (with the index's statistics) for records changed since it was built."""

    scores: LexicalScores
    index: LexicalIndex
    texts: list[str]
    load_texts: Callable[[list[int]], dict[int, str]]

    def top(self, k: int, fresh: list[int]) -> dict[int, float]:
        """Return the best k unchanged records and every changed one that scores."""
        stale = set(fresh)
        best = {rid: s for rid, s in self.scores.top(k + len(stale)).items() if rid not in stale}
        best = dict(list(best.items())[:k])
        return best | self.index.score_texts(self.texts, self.load_texts(list(fresh)))

    def scores_of(self, ids: set[int], fresh: list[int]) -> dict[int, float]:
        """Return the scores of these records, by their current text."""
        stale = ids & set(fresh)
        return self.scores.of(ids - stale) | self.index.score_texts(
            self.texts, self.load_texts(sorted(stale))
        )
