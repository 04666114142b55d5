"""The arrays of an index build: stored vectors read in place, section keys kept as codes."""

from __future__ import annotations

import numpy as np
import pytest

from matcher.index import VectorIndex
from web.services.embeddings import VectorBatch
from web.services.index_build import build_index, read_vectors
from web.services.index_reader import section_keys


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


def test_section_keys_are_read_from_codes_and_from_indexes_built_before_them():
    vectors = np.eye(3, dtype=np.float32)
    ids = np.array([4, 5, 6], dtype=np.int64)
    older = VectorIndex.build(
        vectors, ids, model="m", version=1, payload={"sections": np.array(["a", "b", "a"])}
    )
    assert section_keys(older, older.payload_for(ids[::-1])).tolist() == ["a", "b", "a"]
    coded = VectorIndex.build(
        vectors,
        ids,
        model="m",
        version=1,
        extra={"section_names": ["overview", "summary#2"]},
        payload={"section_codes": np.array([1, 0, 1], dtype=np.uint16)},
    )
    assert section_keys(coded, coded.payload_for(ids[1:])).tolist() == ["overview", "summary#2"]


def test_the_reindex_stores_section_codes_with_their_names(app, monkeypatch):
    from datetime import UTC, datetime

    from matcher.index import IndexConfig
    from web import database
    from web.services import index_build

    stored = list(batches([3, 3]))
    for batch in stored:
        batch.vectors[:, 0] += 1.0  # no zero vector: every row has a direction
    monkeypatch.setattr(index_build, "current_vectors", lambda *args, **kwargs: iter(stored))
    with app.app_context(), database.session_scope() as session:
        index = build_index(
            session, "profiles", "m", IndexConfig(), 1, datetime.now(UTC), [6, 0, 0], lambda: 4
        )
    payload = index.payload_for(index.ids)
    assert set(payload) == {"records", "section_codes"}
    assert payload["section_codes"].dtype == np.uint16
    assert section_keys(index, payload).tolist() == [f"s{row}" for row in range(6)]


def test_a_large_read_goes_into_a_mapped_file_that_leaves_nothing_behind(tmp_path, monkeypatch):
    from web.services import index_build

    monkeypatch.setattr(index_build, "MAPPED_BYTES", 64)
    vectors, ids, _, _ = read_vectors(batches([4, 4, 2]), 10, lambda: 4, tmp_path / "scratch")
    assert isinstance(vectors.base, np.memmap) or isinstance(vectors, np.memmap)
    assert vectors[:, 0].tolist() == list(range(10)) and ids.tolist() == list(range(10))
    assert list((tmp_path / "scratch").iterdir()) == []
    small, _, _, _ = read_vectors(batches([2]), 2, lambda: 4, tmp_path / "scratch")
    assert not isinstance(small, np.memmap)  # under the size: plain memory
