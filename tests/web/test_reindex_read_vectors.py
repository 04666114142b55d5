"""Reading stored vectors for an index build: arrays filled in place, whatever the count said."""

from __future__ import annotations

import numpy as np
import pytest

from web.services.embeddings import VectorBatch
from web.services.reindex import read_vectors


def batches(sizes: list[int], dimension: int = 4):
    """Yield batches of the given sizes with distinct, recognisable rows."""
    first = 0
    for size in sizes:
        rows = np.arange(first, first + size)
        yield VectorBatch(
            ids=rows.astype(np.int64),
            records=(rows // 3).astype(np.int64),
            sections=[f"s{row}" for row in rows],
            vectors=np.repeat(rows[:, None], dimension, axis=1).astype(np.float32),
        )
        first += size


@pytest.mark.parametrize("expected", [0, 3, 10, 50])
def test_every_row_arrives_in_order_whether_the_count_was_low_exact_or_high(expected):
    vectors, ids, records, sections = read_vectors(batches([4, 4, 2]), expected, lambda: 4)
    assert ids.tolist() == list(range(10))
    assert records.tolist() == [row // 3 for row in range(10)]
    assert sections.tolist() == [f"s{row}" for row in range(10)]
    assert vectors.shape == (10, 4) and vectors.dtype == np.float32
    assert vectors[:, 0].tolist() == list(range(10))


def test_no_rows_give_empty_arrays_of_the_index_dimension():
    vectors, ids, records, sections = read_vectors(batches([]), 5, lambda: 384)
    assert vectors.shape == (0, 384) and len(ids) == len(records) == len(sections) == 0
