"""Where a query's candidates' documents come from: the documents published with the served
index for profiles unchanged since it, the database (through the document cache) for the rest."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

from matcher.document_store import DocumentStore, StoredDoc
from matcher.documents import ProfileDoc
from web.services.doc_cache import CachedRecord, doc_cache


class CandidateDocuments:
    """The documents of one matcher's candidates, each fetched once."""

    def __init__(self, session: Session, published: DocumentStore | None) -> None:
        self.session, self._store = session, published
        # Per kind, the records changed since the served index: set by each query's first step.
        self._changed: dict[str, set[int]] = {}
        self._held: dict[tuple[str, int], CachedRecord | StoredDoc] = {}

    def changed_since_index(self, kind: str, changed: set[int]) -> None:
        """Note the records of a kind the published documents may hold stale."""
        self._changed[kind] = changed

    def fetch(self, kind: str, ids: Iterable[int]) -> dict[int, CachedRecord | StoredDoc]:
        """Return the current documents of the records with these ids that exist (callers pass
        records found visible: the published documents may still hold some erased since)."""
        ids = list(ids)
        missing = [i for i in ids if (kind, i) not in self._held]
        if missing:
            published = self.published(kind, missing)
            rest = [i for i in missing if i not in published]
            loaded = doc_cache(self.session, kind).get(self.session, rest) if rest else {}
            for record_id, held in (published | loaded).items():
                self._held[kind, record_id] = held
        return {i: self._held[kind, i] for i in ids if (kind, i) in self._held}

    def profiles_by_external_id(self, external_ids: Iterable[str]) -> dict[str, ProfileDoc]:
        """Return the documents fetched so far of the profiles with these external ids."""
        wanted = set(external_ids)
        return {
            held.external_id: held.doc
            for (kind, _), held in self._held.items()
            if kind == "profiles" and held.external_id in wanted
        }

    def published(self, kind: str, ids: list[int]) -> dict[int, StoredDoc]:
        """Return the documents published with the index of the records unchanged since it."""
        if kind != "profiles" or self._store is None or kind not in self._changed:
            return {}
        changed = self._changed[kind]
        return self._store.get(i for i in ids if i not in changed)
