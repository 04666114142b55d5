"""Each record's full-text search words in the database: made when it is embedded, read back to
build the full-text index without splitting every record's text again."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from functools import lru_cache

import numpy as np
from sqlalchemy import and_, delete, insert, or_, select
from sqlalchemy.orm import Session

from matcher.lexical import VERSION, tokenise
from matcher.search_text import record_text
from matcher.taxonomy import ALIASES_FILE, DATA_DIR, TAXONOMY_FILE
from web.models import Listing, Profile, SearchWords
from web.services.documents import listing_doc, profile_doc
from web.services.embeddings import load_records, record_model

_BATCH = 1000


@lru_cache(maxsize=1)
def search_text_digest() -> str:
    """Return a digest of what search texts are built from besides records: the taxonomy."""
    hasher = hashlib.sha256()
    for name in (TAXONOMY_FILE, ALIASES_FILE):
        hasher.update((DATA_DIR / name).read_bytes())
    return hasher.hexdigest()[:16]


def analyser() -> str:
    """Return what stored words were made with: the tokeniser's version and the taxonomy."""
    return f"lexical-v{VERSION}-{search_text_digest()}"


def search_text(record: Profile | Listing) -> str:
    """Return a record's text for full-text search: sections and canonical skill names."""
    return record_text(profile_doc(record) if isinstance(record, Profile) else listing_doc(record))


def _owner(kind: str):
    return SearchWords.profile_id if kind == "profiles" else SearchWords.listing_id


def store_words(session: Session, kind: str, records: Sequence[Profile | Listing]) -> None:
    """Replace these records' stored words with those of their current text; the caller commits."""
    if not records:
        return
    owner = _owner(kind)
    session.execute(delete(SearchWords).where(owner.in_([record.id for record in records])))
    made_with = analyser()
    word_lists = tokenise([search_text(record) for record in records])
    session.execute(
        insert(SearchWords),
        [
            {
                owner.key: record.id,
                "content_hash": record.content_hash,
                "analyser": made_with,
                "words": " ".join(words),
            }
            for record, words in zip(records, word_lists, strict=True)
        ],
    )


def stale_ids(session: Session, kind: str, record_ids: np.ndarray) -> list[int]:
    """Return which of these records have no stored words of their current text."""
    record, owner = record_model(kind), _owner(kind)
    query = (
        select(record.id)
        .outerjoin(SearchWords, owner == record.id)
        .where(
            or_(
                SearchWords.id.is_(None),
                SearchWords.content_hash != record.content_hash,
                SearchWords.analyser != analyser(),
            )
        )
        .order_by(record.id)
    )
    found = np.fromiter(session.scalars(query), dtype=np.int64)
    return found[np.isin(found, record_ids)].tolist()


def refresh_stale(session: Session, kind: str, record_ids: np.ndarray) -> int:
    """Store the words of those of these records whose stored words are stale; return how many."""
    missing = stale_ids(session, kind, record_ids)
    for start in range(0, len(missing), _BATCH):
        store_words(session, kind, load_records(session, kind, missing[start : start + _BATCH]))
        # Rows are only needed for their text; keep memory flat on a large corpus.
        session.expunge_all()
    return len(missing)


def current_words(
    session: Session, kind: str, record_ids: np.ndarray, *, batch: int = 20_000
) -> Iterator[tuple[np.ndarray, list[list[str]]]]:
    """Yield batches of (record ids, each record's words) of these records' current stored words,
    in id order."""
    record, owner = record_model(kind), _owner(kind)
    query = (
        select(owner, SearchWords.words)
        .join(record, and_(record.id == owner, record.content_hash == SearchWords.content_hash))
        .where(SearchWords.analyser == analyser())
        .order_by(owner)
    )
    rows = session.execute(query.execution_options(yield_per=batch))
    for chunk in rows.partitions(batch):
        ids = np.fromiter((row[0] for row in chunk), dtype=np.int64, count=len(chunk))
        keep = np.isin(ids, record_ids)
        yield ids[keep], [row[1].split() for row, kept in zip(chunk, keep, strict=True) if kept]
