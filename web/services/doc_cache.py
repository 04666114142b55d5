"""Records as the matcher sees them, converted once per process and reused while unchanged.

Gating and ranking need every candidate's document; loading each candidate's rows (with its
experience, education and languages) on every query cost most of a match's time. A document is
kept with the record's `updated_at`, which every change to a record sets (`web.services.records`),
and one narrow query per match says which kept documents are still current.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from matcher.documents import ListingDoc, ProfileDoc
from web.models import Listing, Profile
from web.services.documents import listing_doc, profile_doc
from web.services.embeddings import load_records, record_model
from web.services.id_lists import among

# About 3 KB a document: 50,000 per kind keep a worker's cache near 300 MB at most.
DEFAULT_LIMIT = 50_000
# Bound parameters per IN list (SQLite allows 32,766; PostgreSQL far more).
_CHUNK = 5_000


@dataclass(frozen=True)
class CachedRecord:
    """A record's matchable document and what a match result shows of it."""

    updated_at: datetime
    external_id: str
    label: str  # the profile's headline or the listing's title
    doc: ProfileDoc | ListingDoc


class DocCache:
    """Least recently used documents of one kind of record, checked against the database."""

    def __init__(self, kind: str, limit: int = DEFAULT_LIMIT) -> None:
        self.kind, self.limit = kind, limit
        self._entries: OrderedDict[int, CachedRecord] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, session: Session, ids: Iterable[int]) -> dict[int, CachedRecord]:
        """Return the current document of each record that exists, loading only changed ones."""
        wanted = list(dict.fromkeys(int(i) for i in ids))
        current = self._versions(session, wanted)
        found: dict[int, CachedRecord] = {}
        with self._lock:
            for record_id, updated_at in current.items():
                entry = self._entries.get(record_id)
                if entry is not None and entry.updated_at == updated_at:
                    self._entries.move_to_end(record_id)
                    found[record_id] = entry
        missing = [i for i in current if i not in found]
        for start in range(0, len(missing), _CHUNK):
            for record in load_records(session, self.kind, missing[start : start + _CHUNK]):
                found[record.id] = self._store(record)
        return {i: found[i] for i in wanted if i in found}

    def _versions(self, session: Session, ids: list[int]) -> dict[int, datetime]:
        model = record_model(self.kind)
        versions: dict[int, datetime] = {}
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            query = select(model.id, model.updated_at).where(among(session, model.id, chunk))
            versions.update((row[0], _stamp(row[1])) for row in session.execute(query))
        return versions

    def _store(self, record: Profile | Listing) -> CachedRecord:
        if isinstance(record, Profile):
            entry = CachedRecord(
                _stamp(record.updated_at), record.external_id, record.headline, profile_doc(record)
            )
        else:
            entry = CachedRecord(
                _stamp(record.updated_at), record.external_id, record.title, listing_doc(record)
            )
        with self._lock:
            self._entries[record.id] = entry
            self._entries.move_to_end(record.id)
            while len(self._entries) > self.limit:
                self._entries.popitem(last=False)
        return entry


def _stamp(moment: datetime) -> datetime:
    # SQLite gives back naive UTC times, PostgreSQL and objects not yet reloaded aware ones.
    return moment if moment.tzinfo is None else moment.astimezone(UTC).replace(tzinfo=None)


_caches: dict[tuple[str, str], DocCache] = {}
_caches_lock = threading.Lock()


def doc_cache(session: Session, kind: str) -> DocCache:
    """Return this process's document cache of a kind of record in the session's database."""
    # Keyed by database too: one process may serve (or test) several databases.
    key = (session.get_bind().url.render_as_string(hide_password=True), kind)
    with _caches_lock:
        if key not in _caches:
            _caches[key] = DocCache(kind)
        return _caches[key]
