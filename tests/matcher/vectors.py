"""Helpers for the index tests: random and clustered unit vectors, small indexes, damage."""

from pathlib import Path

import numpy as np

from matcher.index import IndexConfig, VectorIndex

KINDS = ("flat", "hnsw", "ivf")
DIM = 32
MODEL = "test-model"
# Above the kernel's PID_MAX_LIMIT, so no process can have it.
DEAD_PID = 2**22 + 1


def unit_vectors(rng: np.random.Generator, count: int, dimension: int = DIM) -> np.ndarray:
    points = rng.standard_normal((count, dimension), dtype=np.float32)
    return points / np.linalg.norm(points, axis=1, keepdims=True)


def clustered_vectors(
    rng: np.random.Generator, count: int, centres: np.ndarray, noise: float = 0.03
) -> np.ndarray:
    picked = centres[rng.integers(0, len(centres), size=count)]
    points = picked + rng.standard_normal(picked.shape, dtype=np.float32) * noise
    return (points / np.linalg.norm(points, axis=1, keepdims=True)).astype(np.float32)


def exact_top_k(vectors: np.ndarray, queries: np.ndarray, k: int) -> np.ndarray:
    return np.argsort(-(queries @ vectors.T), axis=1, kind="stable")[:, :k]


def build(vectors, ids, kind="flat", version=1, **kwargs) -> VectorIndex:
    return VectorIndex.build(
        vectors, ids, model=MODEL, version=version, config=IndexConfig(kind=kind), **kwargs
    )


def flip_byte(path: Path) -> None:
    """Corrupt one byte in the middle of a file."""
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
