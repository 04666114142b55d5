"""Building a search index from the vectors stored in the database (the re-index's build step):
afresh, or by changing the current index where only some vectors changed."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from matcher.faiss_build import centroids_fit
from matcher.index import IndexConfig, VectorIndex
from web.models import SectionVector
from web.services.embeddings import (
    VectorBatch,
    current_vectors,
    owner_column,
    record_model,
    vector_batch,
)
from web.services.index_reader import SECTION_CODES, SECTION_NAMES

# Past this share of vectors added, a fresh build (with fresh k-means) costs no more than a change.
MOST_CHANGED = 0.5
# Vector arrays past this size are read into a mapped file when the caller gives a scratch folder.
MAPPED_BYTES = 1 << 30
_ID_BATCH = 1000


def vector_fingerprint(session: Session, kind: str, model: str) -> list[int]:
    """Return (count, max id, id sum) of a kind's current vectors: it changes when they do."""
    record = record_model(kind)
    column = owner_column(kind)
    row = session.execute(
        select(func.count(SectionVector.id), func.max(SectionVector.id), func.sum(SectionVector.id))
        .join(record, (record.id == column) & (record.content_hash == SectionVector.content_hash))
        .where(SectionVector.model == model)
    ).one()
    return [int(value or 0) for value in row]


def build_index(
    session: Session,
    kind: str,
    model: str,
    config: IndexConfig,
    version: int,
    snapshot: datetime,
    fingerprint: list[int],
    empty_dimension: Callable[[], int],
    trained: VectorIndex | None = None,
    scratch: Path | None = None,
) -> VectorIndex:
    """Build an index of a kind's current vectors, read from the database.

    With `scratch`, a folder on disk, a large corpus is read into a file mapped there rather
    than into memory (see read_vectors).
    """
    vectors, ids, records, sections = read_vectors(
        current_vectors(session, kind, model), fingerprint[0], empty_dimension, scratch
    )
    # A few section keys repeat across all vectors: stored as small codes, every worker holds
    # 2 bytes a vector instead of 256 (1.7 GB a worker at a million profiles).
    names, codes = np.unique(sections, return_inverse=True)
    code_type = np.uint16 if len(names) <= np.iinfo(np.uint16).max else np.uint32
    return VectorIndex.build(
        vectors,
        ids,
        model=model,
        version=version,
        config=config,
        extra=_extra(kind, snapshot, fingerprint, names.tolist()),
        payload={"records": records, SECTION_CODES: codes.astype(code_type)},
        trained=trained,
    )


def can_change(current: VectorIndex | None, model: str, config: IndexConfig, count: int) -> bool:
    """Return whether the current index can be changed into one of `count` vectors of `model`
    (IVF, same model, centroids still fit, section codes) instead of built afresh."""
    manifest = current.manifest if current is not None else None
    if manifest is None or manifest.model != model or SECTION_NAMES not in manifest.extra:
        return False
    kind = config.resolve_kind(count)
    return centroids_fit(current, kind, config, count, current.dimension)


def change_index(
    session: Session,
    kind: str,
    config: IndexConfig,
    current: VectorIndex,
    version: int,
    snapshot: datetime,
    fingerprint: list[int],
) -> VectorIndex | None:
    """Return the current index (loaded privately, see VectorIndex.changed) changed to hold a
    kind's current vectors, or None when so much changed that a fresh build suits better."""
    model = current.manifest.model
    wanted = current_vector_ids(session, kind, model)
    held = np.sort(current.ids)
    added = np.setdiff1d(wanted, held, assume_unique=True)
    if len(added) > MOST_CHANGED * max(len(wanted), 1):
        return None
    removed = np.setdiff1d(held, wanted, assume_unique=True)
    vectors, ids, records, sections = read_vectors(
        vectors_by_id(session, kind, added), len(added), lambda: current.dimension
    )
    names = list(current.manifest.extra[SECTION_NAMES])
    known = {name: code for code, name in enumerate(names)}
    for section in dict.fromkeys(sections.tolist()):
        if section not in known:
            known[section] = len(names)
            names.append(section)
    code_type = current.payload_for(current.ids[:0])[SECTION_CODES].dtype  # no rows: the type
    if len(names) > np.iinfo(code_type).max + 1:
        return None  # the codes would not fit their type: build afresh
    codes = np.array([known[section] for section in sections.tolist()], dtype=code_type)
    return current.changed(
        remove=removed,
        vectors=vectors,
        ids=ids,
        version=version,
        config=config,
        extra=_extra(kind, snapshot, fingerprint, names)
        | {"changed_from": current.manifest.version},
        payload={"records": records, SECTION_CODES: codes},
    )


def _extra(kind: str, snapshot: datetime, fingerprint: list[int], names: list[str]) -> dict:
    # Records changed after the snapshot are scored exactly at query time instead.
    return {
        "kind": kind,
        "snapshot_at": (snapshot - timedelta(seconds=60)).isoformat(),
        "fingerprint": fingerprint,
        SECTION_NAMES: names,
    }


def _vector_array(rows: int, dimension: int, scratch: Path | None) -> np.ndarray:
    if scratch is None or rows * dimension * 4 < MAPPED_BYTES:
        return np.empty((rows, dimension), dtype=np.float32)
    scratch.mkdir(parents=True, exist_ok=True)
    # Unlinked at once: the mapping keeps the file alive, and a crash leaves nothing behind.
    with tempfile.TemporaryFile(dir=scratch) as handle:
        handle.truncate(rows * dimension * 4)
        return np.memmap(handle, dtype=np.float32, mode="r+", shape=(rows, dimension))


def current_vector_ids(session: Session, kind: str, model: str) -> np.ndarray:
    """Return the sorted row ids of a kind's current vectors."""
    record = record_model(kind)
    query = (
        select(SectionVector.id)
        .join(
            record,
            (record.id == owner_column(kind)) & (record.content_hash == SectionVector.content_hash),
        )
        .where(SectionVector.model == model)
    )
    return np.sort(np.fromiter(session.scalars(query), dtype=np.int64))


def vectors_by_id(session: Session, kind: str, ids: np.ndarray) -> Iterator[VectorBatch]:
    """Yield the vectors with these row ids, in batches."""
    column = owner_column(kind)
    for start in range(0, len(ids), _ID_BATCH):
        chunk = [int(i) for i in ids[start : start + _ID_BATCH]]
        rows = session.execute(
            select(SectionVector.id, column, SectionVector.section, SectionVector.vector)
            .where(SectionVector.id.in_(chunk))
            .order_by(SectionVector.id)
        ).all()
        yield vector_batch(rows)


def read_vectors(
    batches: Iterator[VectorBatch],
    expected: int,
    empty_dimension: Callable[[], int],
    scratch: Path | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Return vectors, ids, records and sections of all batches, in arrays filled in place.

    Collecting batches and concatenating them would hold every vector twice: 10 GB more at a
    million profiles. `expected` (the fingerprint's count) sizes the arrays; more rows still fit.
    With `scratch`, vectors past MAPPED_BYTES go into an unnamed file there, mapped: the index
    being built holds its own copy, and two in memory would not fit a 24 GB machine at a million
    profiles, while mapped pages can be written out and dropped.
    """
    vectors = ids = records = None
    sections: list[str] = []
    filled = 0
    for batch in batches:
        rows = len(batch.ids)
        if vectors is None:
            size = max(expected, rows)
            vectors = _vector_array(size, batch.vectors.shape[1], scratch)
            ids, records = np.empty(size, dtype=np.int64), np.empty(size, dtype=np.int64)
        if filled + rows > len(vectors):  # rows written since the count: grow once, by half
            grow = max(rows, len(vectors) // 2)
            vectors = np.concatenate([vectors, np.empty((grow, vectors.shape[1]), np.float32)])
            ids = np.concatenate([ids, np.empty(grow, np.int64)])
            records = np.concatenate([records, np.empty(grow, np.int64)])
        vectors[filled : filled + rows] = batch.vectors
        ids[filled : filled + rows], records[filled : filled + rows] = batch.ids, batch.records
        sections.extend(batch.sections)
        filled += rows
    if vectors is None:
        vectors = np.zeros((0, empty_dimension()), dtype=np.float32)
        ids = records = np.zeros(0, dtype=np.int64)
    return vectors[:filled], ids[:filled], records[:filled], np.array(sections, dtype="<U64")
