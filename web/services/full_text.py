"""The full-text (BM25) side of the index: record texts as search sees them, built at re-index."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sqlalchemy.orm import Session

from matcher.lexical import LexicalIndex
from matcher.search_text import record_texts
from web.models import Listing, Profile
from web.services.documents import listing_doc, profile_doc
from web.services.embeddings import load_records

_BATCH = 1000


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
