"""Checks on what VectorIndex is given (vectors, ids, payload, queries), with clear errors.

Vectors and their norms are checked a block of rows at a time: over the whole array each step would
allocate a temporary as large as the vectors (10 GB at a million profiles).
"""

from collections.abc import Mapping

import numpy as np

from matcher.errors import IndexBuildError, IndexQueryError

# Vectors whose norms are all this close to 1 are indexed as they are, without a normalised copy.
UNIT_TOLERANCE = 1e-4
_BLOCK_ROWS = 65_536


def unit_vectors(vectors: np.ndarray) -> np.ndarray:
    """Return (n, d) float32 vectors at unit length: as given when they are, else a copy."""
    if not isinstance(vectors, np.ndarray) or vectors.dtype != np.float32:
        raise IndexBuildError(
            f"vectors must be a float32 numpy array, got {describe_array(vectors)}"
        )
    if vectors.ndim != 2 or vectors.shape[1] < 1:
        raise IndexBuildError(f"vectors must have shape (n, d) with d >= 1, got {vectors.shape}")
    norms = np.empty(len(vectors), dtype=np.float32)
    for start in range(0, len(vectors), _BLOCK_ROWS):
        block = vectors[start : start + _BLOCK_ROWS]
        finite = np.isfinite(block).all(axis=1)
        if not finite.all():
            bad = start + int(np.flatnonzero(~finite)[0])
            raise IndexBuildError(f"vectors contain NaN or infinity (first at row {bad})")
        norms[start : start + len(block)] = np.linalg.norm(block, axis=1)
    if (norms == 0).any():
        bad = int(np.flatnonzero(norms == 0)[0])
        raise IndexBuildError(f"vector at row {bad} is all zeros and has no direction")
    if np.all(np.abs(norms - 1.0) <= UNIT_TOLERANCE):
        # Stored embeddings are already unit length: a normalised copy would double the memory.
        return np.ascontiguousarray(vectors)
    unit = np.empty(vectors.shape, dtype=np.float32)
    for start in range(0, len(vectors), _BLOCK_ROWS):
        stop = start + _BLOCK_ROWS
        unit[start:stop] = vectors[start:stop] / norms[start:stop, None]
    return unit


def checked_ids(ids: np.ndarray, count: int) -> np.ndarray:
    """Return `ids` when they are `count` unique, non-negative int64 values."""
    if not isinstance(ids, np.ndarray) or ids.dtype != np.int64:
        raise IndexBuildError(f"ids must be an int64 numpy array, got {describe_array(ids)}")
    if ids.shape != (count,):
        raise IndexBuildError(f"ids must have shape ({count},) to match vectors, got {ids.shape}")
    if count and ids.min() < 0:
        raise IndexBuildError("ids must be non-negative; -1 marks a missing neighbour")
    unique, counts = np.unique(ids, return_counts=True)
    if len(unique) != count:
        raise IndexBuildError(f"ids must be unique; duplicated: {unique[counts > 1][:10].tolist()}")
    return ids


def checked_payload(payload: Mapping[str, np.ndarray] | None, count: int) -> dict[str, np.ndarray]:
    """Return copies of payload arrays aligned with `count` rows, else raise IndexBuildError."""
    arrays: dict[str, np.ndarray] = {}
    for name, array in (payload or {}).items():
        if not isinstance(name, str) or not name.isidentifier() or name.startswith("_"):
            raise IndexBuildError(f"payload name {name!r} must be an identifier not starting '_'")
        if not isinstance(array, np.ndarray) or array.dtype.hasobject:
            raise IndexBuildError(f"payload {name!r} must be a numeric or string numpy array")
        if array.ndim == 0 or array.shape[0] != count:
            raise IndexBuildError(
                f"payload {name!r} must have {count} rows aligned with ids, got shape {array.shape}"
            )
        arrays[name] = array.copy()
    return arrays


def checked_queries(queries: np.ndarray, dimension: int) -> np.ndarray:
    """Return queries as (m, dimension) float32, else raise IndexQueryError."""
    if not isinstance(queries, np.ndarray) or queries.dtype != np.float32:
        raise IndexQueryError(
            f"queries must be a float32 numpy array, got {describe_array(queries)}"
        )
    if queries.ndim == 1:
        queries = queries.reshape(1, -1)
    if queries.ndim != 2 or queries.shape[1] != dimension:
        raise IndexQueryError(
            f"queries must have shape (m, {dimension}) or ({dimension},), got {queries.shape}"
        )
    if not np.isfinite(queries).all():
        raise IndexQueryError("queries contain NaN or infinity")
    return queries


def normalised(queries: np.ndarray) -> np.ndarray:
    """Return unit-length copies of queries (an all-zero query stays zero)."""
    norms = np.linalg.norm(queries, axis=1, keepdims=True)
    # An all-zero query stays zero and scores 0 against everything.
    return np.ascontiguousarray(queries / np.where(norms == 0, 1, norms), dtype=np.float32)


def describe_array(value: object) -> str:
    """Describe a value for an error message: an array's dtype and shape, else its type."""
    if isinstance(value, np.ndarray):
        return f"{value.dtype} array of shape {value.shape}"
    return type(value).__name__
