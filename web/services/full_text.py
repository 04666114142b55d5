"""The full-text (BM25) side of the index: record texts as search sees them, built at re-index."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from sqlalchemy.orm import Session

from matcher.lexical import LexicalIndex, LexicalScores
from matcher.search_text import record_text
from matcher.taxonomy import ALIASES_FILE, DATA_DIR, TAXONOMY_FILE
from web.models import Listing, Profile
from web.services.documents import listing_doc, profile_doc
from web.services.embeddings import load_records

_BATCH = 1000


@lru_cache(maxsize=1)
def search_text_digest() -> str:
    """Return a digest of what search texts are built from besides records: the taxonomy."""
    hasher = hashlib.sha256()
    for name in (TAXONOMY_FILE, ALIASES_FILE):
        hasher.update((DATA_DIR / name).read_bytes())
    return hasher.hexdigest()[:16]


def index_is_current(folder) -> bool:
    """Return whether a saved full-text index was built with this code and this taxonomy."""
    return LexicalIndex.saved_about(folder) == {"taxonomy": search_text_digest()}


def save_lexical(index: LexicalIndex):
    """Return a writer that saves the index noting the taxonomy its texts were built with."""
    return lambda folder: index.save(folder, about={"taxonomy": search_text_digest()})


def search_text(record: Profile | Listing) -> str:
    """Return a record's text for full-text search: sections and canonical skill names."""
    return record_text(profile_doc(record) if isinstance(record, Profile) else listing_doc(record))


def build_lexical(session: Session, kind: str, record_ids: Sequence[int]) -> LexicalIndex:
    """Build the BM25 index of these records' current texts (records gone since are left out)."""
    ids, texts = [], []
    wanted = sorted(set(int(i) for i in record_ids))
    for start in range(0, len(wanted), _BATCH):
        for record in load_records(session, kind, wanted[start : start + _BATCH]):
            ids.append(record.id)
            texts.append(search_text(record))
        # Rows are only needed for their text; keep memory flat on a large corpus.
        session.expunge_all()
    return LexicalIndex.build(texts, np.array(ids, dtype=np.int64))


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
