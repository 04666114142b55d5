"""Each record's full-text search words in the database: made when it is embedded, read back to
build the full-text index without splitting every record's text again."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from functools import lru_cache

import numpy as np
from sqlalchemy import and_, delete, insert, or_, select
from sqlalchemy.orm import Session

from matcher.lexical import TOKENISER_VERSION, tokenise
from matcher.search_text import record_text
from matcher.taxonomy import ALIASES_FILE, DATA_DIR, TAXONOMY_FILE
from web.models import Listing, Profile, SearchWords
from web.services.documents import listing_doc, profile_doc
from web.services.embeddings import load_records, record_model
from web.services.id_lists import among

_BATCH = 1000
# Up to this many records are read by id, a few thousand at a time; more by a whole-table scan.
_SCAN_FROM = 50_000
_IN_LIMIT = 5_000


@lru_cache(maxsize=1)
def search_text_digest() -> str:
    """Return a digest of what search texts are built from besides records: the taxonomy."""
    hasher = hashlib.sha256()
    for name in (TAXONOMY_FILE, ALIASES_FILE):
        hasher.update((DATA_DIR / name).read_bytes())
    return hasher.hexdigest()[:16]


def analyser() -> str:
    """Return what stored words were made with: the tokeniser's version and the taxonomy."""
    return f"lexical-v{TOKENISER_VERSION}-{search_text_digest()}"


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
    """Return which of these records (ascending ids) have no stored words of their current
    text."""
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
    found = []
    for chunk, where in _id_chunks(session, record.id, record_ids):
        ids = np.fromiter(session.scalars(query.where(*where)), dtype=np.int64)
        found += ids[np.isin(ids, chunk)].tolist()
    return found


def _id_chunks(
    session: Session, column, record_ids: np.ndarray
) -> Iterator[tuple[np.ndarray, list]]:
    """Yield (ids, the conditions that select them) to read these ascending ids by: a few
    thousand at a time by id, or all at once by a whole-table scan (filtered by the caller)."""
    if len(record_ids) > _SCAN_FROM:
        yield record_ids, []
        return
    for start in range(0, len(record_ids), _IN_LIMIT):
        chunk = record_ids[start : start + _IN_LIMIT]
        yield chunk, [among(session, column, chunk)]


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
    """Yield batches of (record ids, each record's words) of these records' (ascending ids)
    current stored words, in id order."""
    record, owner = record_model(kind), _owner(kind)
    query = (
        select(owner, SearchWords.words)
        .join(record, and_(record.id == owner, record.content_hash == SearchWords.content_hash))
        .where(SearchWords.analyser == analyser())
        .order_by(owner)
    )
    for chunk, where in _id_chunks(session, owner, record_ids):
        rows = session.execute(query.where(*where).execution_options(yield_per=batch))
        for part in rows.partitions(batch):
            ids = np.fromiter((row[0] for row in part), dtype=np.int64, count=len(part))
            keep = np.isin(ids, chunk)
            yield ids[keep], [row[1].split() for row, kept in zip(part, keep, strict=True) if kept]
