"""The full-text (BM25) side of the index: record texts as search sees them, built at re-index."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from sqlalchemy.orm import Session

from matcher.lexical import LexicalIndex
from matcher.search_text import record_texts
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
    doc = profile_doc(record) if isinstance(record, Profile) else listing_doc(record)
    return "\n".join(record_texts(doc))


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
