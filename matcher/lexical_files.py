"""The files of a saved lexical index: their names, and the manifest that lists them with their
checksums, which a load checks."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from pathlib import Path

from matcher.errors import IndexLoadError

FORMAT = "talent-bridge-lexical"
# Bump when the saved layout changes (lexical.TOKENISER_VERSION when the words do).
VERSION = 4
MANIFEST = "manifest.json"
IDS = "ids.npy"
BM25 = "bm25"
# What a change needs besides the scores: each entry's word count and each text's length.
COUNTS = "counts.npy"
LENGTHS = "lengths.npy"
CHANGE_FILES = (COUNTS, LENGTHS)


def write_manifest(
    folder: Path, count: int, average_length: float, about: Mapping[str, str] | None
) -> None:
    """Write the manifest of the index files in folder: the last file written."""
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.name != MANIFEST)
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "about": dict(about or {}),
        "count": count,
        "average_length": average_length,
        "files": {p.relative_to(folder).as_posix(): _digest(p) for p in files},
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", "utf-8")


def saved_about(folder: Path) -> dict | None:
    """Return the `about` of the manifest in folder, or None when this code cannot read it."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        return None
    about = manifest.get("about")
    return about if manifest.get("version") == VERSION and isinstance(about, dict) else None


def read_manifest(folder: Path) -> dict:
    """Return the manifest in folder, checked to be one this code reads."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError) as error:
        raise IndexLoadError(f"no readable lexical index manifest in {folder}") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise IndexLoadError(f"{folder} does not hold a lexical index")
    if manifest.get("version") != VERSION:
        raise IndexLoadError(
            f"lexical index in {folder} has version {manifest.get('version')}, this code "
            f"reads {VERSION}: rebuild it"
        )
    files = manifest.get("files")
    if not isinstance(files, dict) or IDS not in files:
        raise IndexLoadError(f"lexical index manifest in {folder} lists no files")
    return manifest


def check_files(folder: Path, manifest: dict, wanted: Callable[[str], bool]) -> None:
    """Check the checksum of each file in the manifest whose name is `wanted`."""
    for name, digest in manifest["files"].items():
        path = folder / name
        if wanted(name) and (not path.is_file() or _digest(path) != digest):
            raise IndexLoadError(f"lexical index file {path} is missing or corrupt: rebuild")


def _digest(path: Path) -> str:
    hasher = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            hasher.update(block)
    return hasher.hexdigest()
