"""Building a search index from the vectors stored in the database (the re-index's build step)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from matcher.index import IndexConfig, VectorIndex
from web.models import SectionVector
from web.services.embeddings import VectorBatch, current_vectors, owner_column, record_model
from web.services.index_reader import SECTION_CODES, SECTION_NAMES


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
) -> VectorIndex:
    """Build an index of a kind's current vectors, read from the database."""
    vectors, ids, records, sections = read_vectors(
        current_vectors(session, kind, model), fingerprint[0], empty_dimension
    )
    # A few section keys repeat across all vectors: stored as small codes, every worker holds
    # 2 bytes a vector instead of 256 (1.7 GB a worker at a million profiles).
    names, codes = np.unique(sections, return_inverse=True)
    code_type = np.uint16 if len(names) <= np.iinfo(np.uint16).max else np.uint32
    # Records changed after the snapshot are scored exactly at query time instead.
    extra = {
        "kind": kind,
        "snapshot_at": (snapshot - timedelta(seconds=60)).isoformat(),
        "fingerprint": fingerprint,
        SECTION_NAMES: names.tolist(),
    }
    return VectorIndex.build(
        vectors,
        ids,
        model=model,
        version=version,
        config=config,
        extra=extra,
        payload={"records": records, SECTION_CODES: codes.astype(code_type)},
        trained=trained,
    )


def read_vectors(
    batches: Iterator[VectorBatch], expected: int, empty_dimension: Callable[[], int]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Return vectors, ids, records and sections of all batches, in arrays filled in place.

    Collecting batches and concatenating them would hold every vector twice: 10 GB more at a
    million profiles. `expected` (the fingerprint's count) sizes the arrays; more rows still fit.
    """
    vectors = ids = records = None
    sections: list[str] = []
    filled = 0
    for batch in batches:
        rows = len(batch.ids)
        if vectors is None:
            size = max(expected, rows)
            vectors = np.empty((size, batch.vectors.shape[1]), dtype=np.float32)
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
