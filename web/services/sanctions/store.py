"""List versions on disk: built beside the current one, checked on open, indexed for blocking.

HOME/sanctions/<version>/ holds `entries.jsonl` (one screenable entry per line, with its blocking
keys) and `manifest.json` (counts, checksums, the date of the data); HOME/sanctions/CURRENT names
the version in use. A version folder is written under a temporary name and renamed into place
only when complete, so a reader never sees half a version.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import threading
import uuid
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from web.services.sanctions.names import KEY_RECIPE, name_parts
from web.services.sanctions.parsing import Entry, SanctionsListError

MANIFEST = "manifest.json"
ENTRIES = "entries.jsonl"
POINTER = "CURRENT"

# How much a shared key says: the same romanised part, a shared name symbol (Дмитрий ~ Dmitrii),
# the same metaphone, the same consonant skeleton. Ranks candidates when there are too many.
KEY_WEIGHTS = {"c": 1.0, "y": 0.8, "m": 0.7, "s": 0.6}
_lock = threading.Lock()
_cache: dict[Path, ListStore] = {}


def make_entity(schema: str, entity_id: str, names: list[str], birth_dates: list[str] = ()):
    """Return a followthemoney entity for matching."""
    from followthemoney import model

    entity = model.make_entity(schema)
    entity.id = entity_id
    for position, name in enumerate(names):
        entity.add("name" if position == 0 else "alias", name, quiet=True)
    if entity.schema.is_a("Person"):
        for value in birth_dates:
            entity.add("birthDate", value, quiet=True)
    return entity


def _fsync_write(path: Path, data: bytes) -> None:
    with path.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def build_version(root: Path, version: str, entries: list[Entry], manifest: dict) -> Path:
    """Write a version folder beside the others and return it (an existing one is kept)."""
    root.mkdir(parents=True, exist_ok=True)
    final = root / version
    if final.is_dir():
        try:
            if read_manifest(final).get("key_recipe") == KEY_RECIPE:
                return final
        except SanctionsListError:
            pass
        # Built by an older recipe or left broken: rebuild it rather than trust it.
        shutil.rmtree(final, ignore_errors=True)
    temporary = root / f".build-{version}-{uuid.uuid4().hex[:8]}"
    temporary.mkdir()
    try:
        lines = []
        for entry in entries:
            entity = make_entity(entry.schema, entry.id, entry.names, entry.birth_dates)
            names = name_parts(entity)
            keys = sorted({key for parts in names for part in parts for key in part})
            min_parts = min((len(parts) for parts in names), default=1)
            record = entry.as_dict() | {"keys": keys, "min_parts": min_parts}
            lines.append(json.dumps(record, ensure_ascii=False, sort_keys=True))
        data = ("\n".join(lines) + "\n").encode("utf-8")
        _fsync_write(temporary / ENTRIES, data)
        manifest = manifest | {
            "version": version,
            "entries": len(entries),
            "entries_sha256": hashlib.sha256(data).hexdigest(),
            "key_recipe": KEY_RECIPE,
            "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        _fsync_write(temporary / MANIFEST, json.dumps(manifest, indent=2).encode("utf-8"))
        os.replace(temporary, final)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    return final


def read_manifest(directory: Path) -> dict:
    """Return a version's manifest, or raise SanctionsListError if it is missing or unreadable."""
    try:
        return json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise SanctionsListError(f"list version {directory.name} has no readable manifest") from (
            error
        )


class ListStore:
    """One list version in memory: its entries and an inverted index of their blocking keys."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.manifest = read_manifest(directory)
        self.version = self.manifest["version"]
        data = (directory / ENTRIES).read_bytes()
        if hashlib.sha256(data).hexdigest() != self.manifest.get("entries_sha256"):
            raise SanctionsListError(f"list version {self.version} does not match its manifest")
        self.entries: list[Entry] = []
        self._min_parts: list[int] = []
        self._postings: dict[str, list[int]] = {}
        fields = set(Entry.__dataclass_fields__)
        for position, line in enumerate(data.decode("utf-8").splitlines()):
            record = json.loads(line)
            self.entries.append(Entry(**{k: v for k, v in record.items() if k in fields}))
            self._min_parts.append(int(record.get("min_parts", 1)))
            for key in record.get("keys", ()):
                self._postings.setdefault(key, []).append(position)
        if len(self.entries) != self.manifest.get("entries"):
            raise SanctionsListError(f"list version {self.version} lost entries on disk")
        self._entities: dict[int, object] = {}

    def candidates(
        self, query_names: list[list[set[str]]], schemas: frozenset[str], limit: int
    ) -> list[int]:
        """Return the positions of entries sharing enough name parts with the query, best first.

        An entry qualifies when it shares a key with at least two parts of one query name (or
        with every part, for names of fewer parts on either side).
        """
        best: dict[int, float] = {}
        for parts in query_names:
            counts: Counter = Counter()
            weights: Counter = Counter()
            for keys in parts:
                strongest: dict[int, float] = {}
                for key in keys:
                    weight = KEY_WEIGHTS[key[0]]
                    for position in self._postings.get(key, ()):
                        if weight > strongest.get(position, 0.0):
                            strongest[position] = weight
                counts.update(strongest.keys())
                weights.update(strongest)
            for position, count in counts.items():
                if count < min(2, len(parts), self._min_parts[position]):
                    continue
                if self.entries[position].schema not in schemas:
                    continue
                share = weights[position] / len(parts)
                if share > best.get(position, 0.0):
                    best[position] = share
        ranked = sorted(best, key=lambda position: (-best[position], position))
        return ranked[:limit]

    def entity(self, position: int):
        """Return the followthemoney entity of an entry, with an id scoped to this version.

        nomenklatura caches name analyses by entity id; a version-scoped id keeps an entry that
        changed between versions from being matched with its old names.
        """
        entity = self._entities.get(position)
        if entity is None:
            entry = self.entries[position]
            entity = make_entity(
                entry.schema, f"{self.version}:{entry.id}", entry.names, entry.birth_dates
            )
            self._entities[position] = entity
        return entity


def open_store(directory: Path) -> ListStore:
    """Return the version at `directory`, loaded once per process and checked on load."""
    with _lock:
        store = _cache.get(directory)
        if store is None:
            if not directory.is_dir():
                raise SanctionsListError(f"list version folder {directory} is missing")
            store = ListStore(directory)
            # One version in memory at a time: the one being screened against.
            _cache.clear()
            _cache[directory] = store
        return store


def write_pointer(root: Path, version: str) -> None:
    """Point CURRENT at a version, atomically."""
    temporary = root / f".{POINTER}.{uuid.uuid4().hex[:8]}"
    _fsync_write(temporary, (version + "\n").encode("ascii"))
    os.replace(temporary, root / POINTER)


def read_pointer(root: Path) -> str | None:
    """Return the version CURRENT names, or None."""
    try:
        return (root / POINTER).read_text(encoding="ascii").strip() or None
    except OSError:
        return None


def prune(root: Path, keep: set[str], keep_count: int) -> list[str]:
    """Delete version folders beyond the newest `keep_count`, never one in `keep`."""
    folders = sorted(
        (path for path in root.iterdir() if path.is_dir() and not path.name.startswith(".")),
        key=lambda path: path.stat().st_mtime,
        reverse=True,
    )
    removed = []
    for path in folders[keep_count:]:
        if path.name not in keep:
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path.name)
    return removed
