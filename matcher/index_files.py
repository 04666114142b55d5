"""The on-disk format of a saved vector index: manifest, checksums, reading and writing.

A saved index is a directory holding `index.faiss`, `payload.npz`, where the payload names
each vector's record also `lookup.npy` (`matcher.index_lookup`), and, written last,
`manifest.json` with the sha256 of the others.
"""

import hashlib
import json
import logging
import os
import shutil
import zipfile
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from matcher.errors import IndexBuildError, IndexLoadError
from matcher.index_lookup import LOOKUP_FILE

FORMAT = 1
INDEX_FILE = "index.faiss"
PAYLOAD_FILE = "payload.npz"
MANIFEST_FILE = "manifest.json"
IDS_KEY = "_ids"

logger = logging.getLogger("matcher.index")


@dataclass(frozen=True)
class IndexManifest:
    """Describe a saved index: what built it, what it holds, and the checksums of its files."""

    format: int
    model: str
    dimension: int
    count: int
    built_at: str
    version: int
    index_type: str
    params: dict[str, Any]
    checksums: dict[str, str]
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> str:
        """Serialise the manifest as indented JSON."""
        return json.dumps(asdict(self), indent=2, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> "IndexManifest":
        """Parse a manifest, rejecting missing, unknown or mistyped keys."""
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise IndexLoadError(f"not valid JSON ({exc})") from exc
        if not isinstance(data, dict):
            raise IndexLoadError("expected a JSON object")
        expected = {f.name for f in fields(cls)}
        if missing := sorted(expected - data.keys()):
            raise IndexLoadError(f"missing keys: {', '.join(missing)}")
        if unknown := sorted(data.keys() - expected):
            raise IndexLoadError(f"unknown keys: {', '.join(unknown)}")
        for name, kind in _MANIFEST_TYPES.items():
            value = data[name]
            if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
                raise IndexLoadError(f"{name} must be {kind.__name__}, got {value!r}")
        if data["format"] != FORMAT:
            raise IndexLoadError(f"format {data['format']} is not supported (expected {FORMAT})")
        if not all(isinstance(v, str) for v in data["checksums"].values()):
            raise IndexLoadError("checksums must map file names to sha256 strings")
        return cls(**data)


_MANIFEST_TYPES: dict[str, type] = {
    "format": int,
    "model": str,
    "dimension": int,
    "count": int,
    "built_at": str,
    "version": int,
    "index_type": str,
    "params": dict,
    "checksums": dict,
    "extra": dict,
}


class SavedIndex(NamedTuple):
    """The parts of a saved index, as read back from its directory."""

    faiss_index: Any
    manifest: IndexManifest
    ids: np.ndarray
    payload: dict[str, np.ndarray]
    # The (n, 3) table of `matcher.index_lookup.VectorLookup`; None in indexes saved without.
    lookup: np.ndarray | None = None


def write_index_dir(path: Path, saved: SavedIndex) -> IndexManifest:
    """Write a saved index into the new directory `path`, manifest last, all fsynced.

    Returns the manifest with checksums filled in. On any error the directory is removed.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.mkdir()
    except FileExistsError as exc:
        raise IndexBuildError(f"{path} already exists; save into a fresh directory") from exc
    except OSError as exc:
        raise IndexBuildError(f"cannot create {path}: {describe_os_error(exc)}") from exc
    target = path / INDEX_FILE
    try:
        checksums = {INDEX_FILE: _write_faiss(saved.faiss_index, target)}
        target = path / PAYLOAD_FILE
        checksums[PAYLOAD_FILE] = _write_payload(target, saved.ids, saved.payload)
        if saved.lookup is not None:
            target = path / LOOKUP_FILE
            checksums[LOOKUP_FILE] = _write_lookup(target, saved.lookup)
        manifest = replace(saved.manifest, checksums=checksums)
        target = path / MANIFEST_FILE
        write_synced(target, manifest.to_json().encode())
        fsync_directory(path)
        fsync_directory(path.parent)
    except (OSError, RuntimeError) as exc:
        shutil.rmtree(path, ignore_errors=True)
        raise IndexBuildError(f"could not write {target}: {describe_os_error(exc)}") from exc
    return manifest


def read_index_dir(
    path: Path,
    *,
    expected_model: str | None = None,
    expected_dimension: int | None = None,
    mmap: bool = False,
    verify: bool = True,
) -> SavedIndex:
    """Read a saved index, raising IndexLoadError naming the file and the problem."""
    manifest = _read_manifest(path / MANIFEST_FILE)
    if expected_model is not None and manifest.model != expected_model:
        raise IndexLoadError(
            f"{path}: built with model {manifest.model!r}, expected {expected_model!r};"
            " rebuild the index with the current model"
        )
    if expected_dimension is not None and manifest.dimension != expected_dimension:
        raise IndexLoadError(
            f"{path}: vectors have dimension {manifest.dimension}, expected"
            f" {expected_dimension}; rebuild the index with the current model"
        )
    _check_files(path, manifest, verify)
    faiss_index = _read_faiss(path / INDEX_FILE, mmap)
    _check_structure(faiss_index, manifest, path / INDEX_FILE)
    ids, payload = _read_payload(path / PAYLOAD_FILE, manifest.count)
    _check_id_map(faiss_index, ids, path)
    lookup = None
    if LOOKUP_FILE in manifest.checksums:
        lookup = _read_lookup(path / LOOKUP_FILE, manifest.count, mmap)
    return SavedIndex(faiss_index, manifest, ids, payload, lookup)


def fsync_directory(path: Path) -> None:
    """Flush a directory's entries to disk so renames and new files in it survive a crash."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def sha256_file(path: Path) -> str:
    """Return the hex sha256 of a file's contents."""
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def write_synced(path: Path, data: bytes) -> None:
    with open(path, "xb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def _write_faiss(index: Any, path: Path) -> str:
    import faiss

    digest = hashlib.sha256()
    with open(path, "xb") as fh:

        def sink(chunk: bytes) -> int:
            digest.update(chunk)
            return fh.write(chunk)

        # Streaming through Python keeps OSError (and its errno, e.g. ENOSPC) intact.
        faiss.write_index(index, faiss.PyCallbackIOWriter(sink))
        fh.flush()
        os.fsync(fh.fileno())
    return digest.hexdigest()


def _write_payload(path: Path, ids: np.ndarray, payload: dict[str, np.ndarray]) -> str:
    with open(path, "xb") as fh:
        np.savez(fh, **{IDS_KEY: ids}, **payload)
        fh.flush()
        os.fsync(fh.fileno())
    return sha256_file(path)


def _write_lookup(path: Path, table: np.ndarray) -> str:
    with open(path, "xb") as fh:
        np.save(fh, np.asfortranarray(table))
        fh.flush()
        os.fsync(fh.fileno())
    return sha256_file(path)


def _read_lookup(path: Path, count: int, mmap: bool) -> np.ndarray:
    try:
        table = np.load(path, mmap_mode="r" if mmap else None, allow_pickle=False)
    except (OSError, ValueError, EOFError) as exc:
        raise IndexLoadError(f"{path}: unreadable ({exc})") from exc
    if table.dtype != np.int64 or table.shape != (count, 3):
        raise IndexLoadError(f"{path}: expected int64 of shape ({count}, 3), got {table.shape}")
    return table


def _read_manifest(path: Path) -> IndexManifest:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise IndexLoadError(f"{path}: missing; the index was never completely saved") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise IndexLoadError(f"{path}: unreadable ({exc})") from exc
    try:
        return IndexManifest.from_json(text)
    except IndexLoadError as exc:
        raise IndexLoadError(f"{path}: {exc}") from exc


def _check_files(path: Path, manifest: IndexManifest, verify: bool) -> None:
    for name in (INDEX_FILE, PAYLOAD_FILE):
        if name not in manifest.checksums:
            raise IndexLoadError(f"{path / MANIFEST_FILE}: no checksum recorded for {name}")
    for name, expected in manifest.checksums.items():
        if Path(name).name != name or name in ("", ".", ".."):
            raise IndexLoadError(f"{path / MANIFEST_FILE}: bad file name {name!r} in checksums")
        file = path / name
        if not file.is_file():
            raise IndexLoadError(f"{file}: missing")
        if not verify:
            continue
        try:
            actual = sha256_file(file)
        except OSError as exc:
            raise IndexLoadError(f"{file}: unreadable ({exc})") from exc
        if actual != expected:
            raise IndexLoadError(
                f"{file}: sha256 {actual[:16]}... does not match the manifest's {expected[:16]}...;"
                " the file is truncated or corrupt"
            )


def _read_faiss(path: Path, mmap: bool) -> Any:
    import faiss

    if mmap:
        try:
            # IO_FLAG_MMAP maps only IVF lists; _IFC maps Flat and HNSW codes too (a 1M HNSW
            # index: 1,725 MB private memory with the first, 12.5 MB with this; bench_search).
            return faiss.read_index(str(path), faiss.IO_FLAG_MMAP_IFC | faiss.IO_FLAG_READ_ONLY)
        except RuntimeError:
            pass  # this index type cannot be mapped: read it normally below
    try:
        return faiss.read_index(str(path))
    except RuntimeError as exc:
        raise IndexLoadError(f"{path}: FAISS cannot read it ({describe_os_error(exc)})") from exc


def index_kind(index: Any) -> str | None:
    """Return "flat", "hnsw" or "ivf" for the FAISS index layouts VectorIndex uses, else None."""
    import faiss

    if isinstance(index, faiss.IndexIVFFlat):
        return "ivf"
    if isinstance(index, faiss.IndexIDMap2):
        inner = faiss.downcast_index(index.index)
        if isinstance(inner, faiss.IndexHNSWFlat):
            return "hnsw"
        if isinstance(inner, faiss.IndexFlat):
            return "flat"
    return None


def _check_structure(index: Any, manifest: IndexManifest, path: Path) -> None:
    import faiss

    kind = index_kind(index)
    if kind != manifest.index_type:
        raise IndexLoadError(
            f"{path}: holds a {kind or type(index).__name__} index, manifest says"
            f" {manifest.index_type!r}"
        )
    if index.metric_type != faiss.METRIC_INNER_PRODUCT:
        raise IndexLoadError(f"{path}: metric is not inner product")
    if index.d != manifest.dimension:
        raise IndexLoadError(f"{path}: dimension {index.d}, manifest says {manifest.dimension}")
    if index.ntotal != manifest.count:
        raise IndexLoadError(
            f"{path}: holds {index.ntotal} vectors, manifest says {manifest.count}"
        )


def _read_payload(path: Path, count: int) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    try:
        # An open file of our own: np.load leaks its handle when the zip is broken.
        with open(path, "rb") as fh, np.load(fh, allow_pickle=False) as data:
            arrays = {name: data[name] for name in data.files}
    except (OSError, ValueError, EOFError, zipfile.BadZipFile) as exc:
        raise IndexLoadError(f"{path}: unreadable ({exc})") from exc
    ids = arrays.pop(IDS_KEY, None)
    if ids is None or ids.dtype != np.int64 or ids.shape != (count,):
        raise IndexLoadError(f"{path}: ids array missing or not int64 of shape ({count},)")
    for name, array in arrays.items():
        if array.ndim == 0 or array.shape[0] != count:
            raise IndexLoadError(
                f"{path}: payload {name!r} has shape {array.shape}, not {count} rows"
            )
    return ids, arrays


def _check_id_map(index: Any, ids: np.ndarray, path: Path) -> None:
    import faiss

    if isinstance(index, faiss.IndexIDMap2):
        stored = faiss.vector_to_array(index.id_map)
        if not np.array_equal(stored, ids):
            raise IndexLoadError(f"{path}: ids in {PAYLOAD_FILE} differ from those in {INDEX_FILE}")


def describe_os_error(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.errno is not None:
        return f"{os.strerror(exc.errno)} (errno {exc.errno})"
    lines = str(exc).strip().splitlines()
    return lines[-1] if lines else type(exc).__name__
