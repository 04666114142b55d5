"""Fixtures for the index tests: a seeded generator, a random corpus and a saved index."""

from pathlib import Path

import numpy as np
import pytest

from .vectors import build, unit_vectors


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(1234)


@pytest.fixture
def corpus(rng):
    vectors = unit_vectors(rng, 2000)
    ids = rng.choice(10**12, size=2000, replace=False).astype(np.int64)
    return vectors, ids


@pytest.fixture
def saved(tmp_path, corpus) -> Path:
    vectors, ids = corpus
    path = tmp_path / "index"
    build(vectors, ids, payload={"record": ids // 7}).save(path)
    return path
