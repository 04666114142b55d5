"""Each candidate's best semantic hit: from the served index, or from its stored vectors."""

from __future__ import annotations

from collections.abc import Mapping, Set
from dataclasses import dataclass

import numpy as np

from matcher.index import VectorIndex
from matcher.ranking import SemanticHit
from web.services.index_reader import section_keys


@dataclass(frozen=True)
class QueryVectors:
    """The vectors a query searches with, and the section each came from."""

    sections: list[str]
    vectors: np.ndarray


def index_hits(
    index: VectorIndex,
    query: QueryVectors,
    pool: int,
    exclude: Set[int],
    within: np.ndarray | None = None,
) -> dict[int, SemanticHit]:
    """Return the best hit of each record among the `pool` nearest vectors of every query
    section, leaving out `exclude` (records the index may hold stale) and, with `within`,
    searching only those vector ids."""
    scores, ids = index.search(query.vectors, pool, within=within)
    hits: dict[int, SemanticHit] = {}
    valid = ids >= 0
    payload = index.payload_for(ids[valid])
    records = np.full(ids.shape, -1, dtype=np.int64)
    records[valid] = payload["records"]
    keys = section_keys(index, payload)
    sections = np.full(ids.shape, "", dtype=keys.dtype)
    sections[valid] = keys
    for q, row in enumerate(records):
        for j, record_id in enumerate(row):
            record_id = int(record_id)
            if record_id < 0 or record_id in exclude:
                continue
            score = float(scores[q, j])
            if record_id not in hits or hits[record_id].score < score:
                hits[record_id] = SemanticHit(score, query.sections[q], str(sections[q, j]))
    return hits


def indexed_hits(
    index: VectorIndex, query: QueryVectors, records: list[int]
) -> dict[int, SemanticHit]:
    """Return the best hit of each of these records the index holds, scoring every vector the
    index keeps of it exactly (as `best_hits` scores stored vectors)."""
    if not records:
        return {}
    ids, vectors = index.record_vectors(np.asarray(records, dtype=np.int64))
    payload = index.payload_for(ids)
    stored: dict[int, list[tuple[str, np.ndarray]]] = {}
    keys = section_keys(index, payload).tolist()
    for record_id, key, vector in zip(payload["records"].tolist(), keys, vectors, strict=True):
        stored.setdefault(record_id, []).append((key, vector))
    return best_hits(query, stored)


def best_hits(
    query: QueryVectors, stored: Mapping[int, list[tuple[str, np.ndarray]]]
) -> dict[int, SemanticHit]:
    """Return each record's best hit, scoring its stored (section, vector) pairs exactly."""
    hits = {}
    for record_id, sections in stored.items():
        matrix = np.stack([vector for _, vector in sections])
        scores = query.vectors @ matrix.T
        q, c = np.unravel_index(int(np.argmax(scores)), scores.shape)
        hits[record_id] = SemanticHit(float(scores[q, c]), query.sections[q], sections[c][0])
    return hits
