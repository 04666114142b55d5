"""Serve the current search indexes to readers, switching when a re-index publishes a new one."""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from matcher.errors import IndexLoadError
from matcher.index import VectorIndex
from matcher.index_store import IndexStore

log = logging.getLogger(__name__)


class IndexReader:
    """Holds the loaded index of one store and reloads it when the store's version changes."""

    def __init__(self, root: Path, *, check_every: float = 1.0) -> None:
        self.store = IndexStore(root)
        self.check_every = check_every
        self._lock = threading.Lock()
        self._index: VectorIndex | None = None
        self._token: object = None
        self._failed: object = None
        self._checked = 0.0

    def current(self) -> VectorIndex | None:
        """Return the newest good index, checking the store at most every `check_every` s."""
        now = time.monotonic()
        if now - self._checked < self.check_every and self._token is not None:
            return self._index
        with self._lock:
            self._checked = now
            try:
                token = self.store.current_token()
            except IndexLoadError as error:
                # An unreadable CURRENT: load_current falls back to the newest good version.
                token = f"unreadable: {error}"
            if token in (self._token, self._failed):
                return self._index
            try:
                index = self.store.load_current(mmap=True)
            except IndexLoadError as error:
                # Keep serving what we have; a broken new version must not take search down.
                # The token is remembered so that the files are not hashed again every second.
                self._failed = token
                if self._index is None:
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
                        self._index.manifest.version,
                    )
                return self._index
            if index is not None:
                log.info(
                    "now serving index version %s of %s", index.manifest.version, self.store.root
                )
            # Swapping one reference: requests holding the old index finish with it.
            self._index, self._token = index, token
            return index


_readers: dict[Path, IndexReader] = {}
_readers_lock = threading.Lock()


def reader_for(root: Path) -> IndexReader:
    """Return this process's reader of the index store at `root`."""
    with _readers_lock:
        reader = _readers.get(root)
        if reader is None:
            reader = _readers[root] = IndexReader(root)
        return reader
