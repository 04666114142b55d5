"""Serve the current search indexes to readers, switching when a re-index publishes a new one."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from matcher.document_store import DocumentStore
from matcher.errors import IndexLoadError
from matcher.index import VectorIndex
from matcher.index_store import IndexStore
from matcher.lexical import LexicalIndex
from matcher.profile_facts import ProfileFacts
from web import heap
from web.services.profile_documents import load_documents
from web.services.profile_facts import load_facts

log = logging.getLogger(__name__)

# The folder inside an index version that holds its full-text (BM25) companion.
LEXICAL_FOLDER = "lexical"
# Each vector's section key, as a code (payload) into a list of names (manifest extra).
SECTION_CODES = "section_codes"
SECTION_NAMES = "section_names"


def section_keys(index: VectorIndex, payload: dict[str, np.ndarray]) -> np.ndarray:
    """Return the section keys of the vectors a payload describes (indexes of every format)."""
    if SECTION_CODES in payload:
        names = np.array(index.manifest.extra[SECTION_NAMES] or [""])
        return names[payload[SECTION_CODES]]
    return payload["sections"]  # built before section codes: one string a vector


@dataclass(frozen=True)
class Served:
    """An index version as served: its vectors and, when it has usable ones, its BM25 index and
    (profiles) the hard-constraint facts of the records it holds."""

    vectors: VectorIndex | None
    lexical: LexicalIndex | None = None
    facts: ProfileFacts | None = None
    documents: DocumentStore | None = None


def load_lexical(store: IndexStore, index: VectorIndex) -> LexicalIndex | None:
    """Return the BM25 index published with this vector index, or None (ranking goes without)."""
    folder = store.version_dir(index.manifest.version) / LEXICAL_FOLDER
    if not folder.exists():
        log.warning(
            "index version %s has no full-text index: re-index to add it", index.manifest.version
        )
        return None
    try:
        return LexicalIndex.load(folder, mmap=True)
    except IndexLoadError as error:
        log.error(
            "the full-text index of version %s is unusable (%s); ranking without it",
            index.manifest.version,
            error,
        )
        return None


class IndexReader:
    """Holds the loaded index of one store and reloads it when the store's version changes."""

    def __init__(self, root: Path, *, check_every: float = 1.0) -> None:
        self.store = IndexStore(root)
        self.check_every = check_every
        self._lock = threading.Lock()
        self._served = Served(None)
        self._token: object = None
        self._failed: object = None
        self._checked = 0.0

    def current(self) -> VectorIndex | None:
        """Return the newest good index, checking the store at most every `check_every` s."""
        return self.served().vectors

    def served(self) -> Served:
        """Return the newest good index with its BM25 companion, checked as `current` is."""
        now = time.monotonic()
        if now - self._checked < self.check_every and self._token is not None:
            return self._served
        with self._lock:
            self._checked = now
            try:
                token = self.store.current_token()
            except IndexLoadError as error:
                # An unreadable CURRENT: load_current falls back to the newest good version.
                token = f"unreadable: {error}"
            if token in (self._token, self._failed):
                return self._served
            try:
                index = self.store.load_current(mmap=True)
            except IndexLoadError as error:
                # Keep serving what we have; a broken new version must not take search down.
                # The token is remembered so that the files are not hashed again every second.
                self._failed = token
                if self._served.vectors is None:
                    log.error(
                        "no usable index under %s (%s); ranking from the stored vectors until"
                        " `talent-bridge reindex` rebuilds it",
                        self.store.root,
                        error,
                    )
                else:
                    log.error(
                        "cannot load the new index (%s); still serving version %s",
                        error,
                        self._served.vectors.manifest.version,
                    )
                return self._served
            served = Served(None)
            if index is not None:
                log.info(
                    "now serving index version %s of %s", index.manifest.version, self.store.root
                )
                folder = self.store.version_dir(index.manifest.version)
                served = Served(
                    index,
                    load_lexical(self.store, index),
                    load_facts(folder),
                    load_documents(folder),
                )
            # Swapping one reference: requests holding the old index finish with it.
            self._served, self._token = served, token
            heap.settle_soon()
            return served


_readers: dict[Path, IndexReader] = {}
_readers_lock = threading.Lock()


def reader_for(root: Path) -> IndexReader:
    """Return this process's reader of the index store at `root`."""
    with _readers_lock:
        reader = _readers.get(root)
        if reader is None:
            reader = _readers[root] = IndexReader(root)
        return reader
