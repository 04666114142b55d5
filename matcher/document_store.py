"""Profile documents stored beside an index, so ranking reads candidates without the database.

Ranking and explaining a listing's best people needs each candidate's whole document (work
history, education, languages); loading a hundred of them through the ORM was the largest step
of a match at 100k and 1M profiles. The re-indexer writes every profile's document here, once,
as compressed JSON in one memory-mapped file found by id; a match reads the documents of the
candidates unchanged since the index from it and asks the database only about the others.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields
from pathlib import Path

import numpy as np

from matcher.documents import EducationItem, ExperienceItem, LanguageSkill, ProfileDoc
from matcher.errors import IndexLoadError

FORMAT = 1
_ABOUT = "documents.json"
_BLOB = "documents.bin"


@dataclass(frozen=True)
class StoredDoc:
    """A profile's document and what a match result shows of it."""

    external_id: str
    label: str  # the headline
    doc: ProfileDoc


def encode(entry: StoredDoc) -> bytes:
    """Return an entry as the store holds it."""
    record = {"external_id": entry.external_id, "label": entry.label, "doc": asdict(entry.doc)}
    return zlib.compress(json.dumps(record, separators=(",", ":")).encode("utf-8"), 1)


def decode(data: bytes) -> StoredDoc:
    """Return the entry `encode` wrote."""
    record = json.loads(zlib.decompress(data))
    doc = record["doc"]
    return StoredDoc(
        record["external_id"],
        record["label"],
        ProfileDoc(
            **{
                **doc,
                "skills": tuple(doc["skills"]),
                "experience": tuple(ExperienceItem(**item) for item in doc["experience"]),
                "education": tuple(EducationItem(**item) for item in doc["education"]),
                "languages": tuple(LanguageSkill(**item) for item in doc["languages"]),
                "seeking": tuple(doc["seeking"]),
                "relocate_to": tuple(doc["relocate_to"]),
                "work_authorization": tuple(doc["work_authorization"]),
            }
        ),
    )


def _layout() -> dict[str, list[str]]:
    """Return the field names of what is stored: a store written by other code is not read."""
    kinds = (ProfileDoc, ExperienceItem, EducationItem, LanguageSkill)
    return {kind.__name__: [item.name for item in fields(kind)] for kind in kinds}


@dataclass(frozen=True)
class DocumentStore:
    """Encoded profile documents, sorted by profile id; `offsets[i]:offsets[i + 1]` is row i."""

    ids: np.ndarray  # (n,) int64
    offsets: np.ndarray  # (n + 1,) int64
    blob: np.ndarray  # uint8

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def from_entries(cls, entries: Iterable[StoredDoc]) -> DocumentStore:
        """Return a store of these entries (any order; the last entry of an id wins)."""
        by_id = {entry.doc.id: encode(entry) for entry in entries}
        return cls._of(by_id)

    @classmethod
    def _of(cls, encoded: dict[int, bytes]) -> DocumentStore:
        ids = np.array(sorted(encoded), dtype=np.int64)
        parts = [encoded[i] for i in ids.tolist()]
        offsets = np.zeros(len(parts) + 1, dtype=np.int64)
        np.cumsum([len(part) for part in parts], out=offsets[1:])
        return cls(ids, offsets, np.frombuffer(b"".join(parts), dtype=np.uint8))

    def get(self, ids: Iterable[int]) -> dict[int, StoredDoc]:
        """Return the entries of the ids this store holds and can read."""
        found = {}
        for record_id, data in self._encoded(ids).items():
            try:
                found[record_id] = decode(data)
            except (zlib.error, ValueError, TypeError, KeyError):
                continue  # a damaged entry: the caller reads that record from its source
        return found

    def _encoded(self, ids: Iterable[int]) -> dict[int, bytes]:
        wanted = np.fromiter(ids, dtype=np.int64)
        if not len(wanted) or not len(self.ids):
            return {}
        rows = np.searchsorted(self.ids, wanted).clip(max=len(self.ids) - 1)
        held = self.ids[rows] == wanted
        starts, ends = self.offsets[rows[held]], self.offsets[rows[held] + 1]
        return {
            record_id: self.blob[start:end].tobytes()
            for record_id, start, end in zip(
                wanted[held].tolist(), starts.tolist(), ends.tolist(), strict=True
            )
        }

    def updated(self, changed: DocumentStore, current_ids: np.ndarray) -> DocumentStore:
        """Return this store with `changed`'s entries in place of or beside its own, keeping
        only the profiles in `current_ids` (the others were erased)."""
        keep = self.ids[np.isin(self.ids, current_ids) & ~np.isin(self.ids, changed.ids)]
        encoded = self._encoded(keep.tolist())
        encoded.update(changed._encoded(changed.ids.tolist()))
        return DocumentStore._of(encoded)

    def save(self, folder: Path, about: dict | None = None) -> None:
        """Write the store and `about` (the caller's notes) into `folder`."""
        folder.mkdir(parents=True, exist_ok=True)
        np.save(folder / "ids.npy", self.ids, allow_pickle=False)
        np.save(folder / "offsets.npy", self.offsets, allow_pickle=False)
        (folder / _BLOB).write_bytes(self.blob.tobytes())
        described = {"format": FORMAT, "layout": _layout(), "about": about or {}}
        (folder / _ABOUT).write_text(json.dumps(described), encoding="utf-8")

    @staticmethod
    def saved_about(folder: Path) -> dict:
        """Return the `about` notes saved with a store this code reads, else an empty dict."""
        try:
            described = json.loads((folder / _ABOUT).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if described.get("format") != FORMAT or described.get("layout") != _layout():
            return {}
        return described.get("about") or {}

    @classmethod
    def load(cls, folder: Path, *, mmap: bool = True) -> DocumentStore:
        """Read a store saved by `save`, memory-mapped unless told otherwise."""
        mode = "r" if mmap else None
        try:
            described = json.loads((folder / _ABOUT).read_text(encoding="utf-8"))
            if described.get("format") != FORMAT or described.get("layout") != _layout():
                raise IndexLoadError(
                    f"the profile documents in {folder} were written by other code: re-index"
                )
            ids = np.load(folder / "ids.npy", mmap_mode=mode)
            offsets = np.load(folder / "offsets.npy", mmap_mode=mode)
            size = (folder / _BLOB).stat().st_size
            blob = (
                np.memmap(folder / _BLOB, dtype=np.uint8, mode="r")
                if mmap and size
                else np.fromfile(folder / _BLOB, dtype=np.uint8)
            )
        except (OSError, ValueError, KeyError) as error:
            message = f"cannot read the profile documents in {folder}: {error}"
            raise IndexLoadError(message) from error
        if len(offsets) != len(ids) + 1 or (len(ids) and int(offsets[-1]) != size):
            raise IndexLoadError(f"the profile documents in {folder} do not fit their offsets")
        return cls(ids, offsets, blob)
