"""An IVF index changed in place: what a build with its centroids would hold, and its refusals."""

import numpy as np
import pytest

from matcher.errors import IndexBuildError
from matcher.faiss_build import TRAINED_DRIFT
from matcher.index import IndexConfig, VectorIndex

from .vectors import build, clustered_vectors, unit_vectors

COUNT = 3000


@pytest.fixture()
def corpus():
    rng = np.random.default_rng(3)
    centres = unit_vectors(rng, 60)
    vectors = clustered_vectors(rng, COUNT, centres, noise=0.1)
    added = clustered_vectors(rng, 120, centres, noise=0.1)
    queries = clustered_vectors(rng, 50, centres, noise=0.1)
    return vectors, added, queries


def ivf(vectors, ids, version=1, **kwargs) -> VectorIndex:
    """Build an IVF index whose payload records each vector's owner (id // 10)."""
    return build(
        vectors, ids, kind="ivf", version=version, payload={"records": ids // 10}, **kwargs
    )


def test_a_changed_index_holds_and_finds_what_a_build_with_its_centroids_would(corpus):
    vectors, added, queries = corpus
    ids = np.arange(COUNT, dtype=np.int64)
    removed = ids[::25]
    added_ids = np.arange(10_000, 10_000 + len(added), dtype=np.int64)
    kept = ~np.isin(ids, removed)
    rebuilt = ivf(
        np.concatenate([vectors[kept], added]),
        np.concatenate([ids[kept], added_ids]),
        version=2,
        trained=ivf(vectors, ids),
    )

    changed = ivf(vectors, ids).changed(
        remove=removed,
        vectors=added,
        ids=added_ids,
        version=2,
        payload={"records": added_ids // 10},
        extra={"note": "second"},
    )

    assert len(changed) == len(rebuilt) == COUNT - len(removed) + len(added)
    assert sorted(changed.ids.tolist()) == sorted(rebuilt.ids.tolist())
    assert not changed.contains(removed).any() and changed.contains(added_ids).all()
    assert changed.payload_for(added_ids)["records"].tolist() == (added_ids // 10).tolist()
    assert changed.payload_for(ids[1:5])["records"].tolist() == (ids[1:5] // 10).tolist()
    changed_scores, changed_found = changed.search(queries, 10)
    rebuilt_scores, rebuilt_found = rebuilt.search(queries, 10)
    assert (changed_found == rebuilt_found).all()
    np.testing.assert_allclose(changed_scores, rebuilt_scores, rtol=1e-6)
    manifest = changed.manifest
    assert manifest.version == 2 and manifest.extra == {"note": "second"}
    assert manifest.params["ivf_centroids_reused"] is True
    assert manifest.params["ivf_trained_count"] == COUNT
    # The added vectors are found where they are: each is its own nearest neighbour.
    _, own = changed.search(added, 1)
    assert own[:, 0].tolist() == added_ids.tolist()


def test_a_changed_index_saves_and_loads(tmp_path, corpus):
    vectors, added, _ = corpus
    ids = np.arange(COUNT, dtype=np.int64)
    changed = ivf(vectors, ids).changed(
        remove=ids[:10],
        vectors=added[:5],
        ids=np.arange(5000, 5005, dtype=np.int64),
        version=3,
        payload={"records": np.zeros(5, dtype=np.int64)},
    )
    changed.save(tmp_path / "v3")
    loaded = VectorIndex.load(tmp_path / "v3", mmap=True)
    assert len(loaded) == COUNT - 5 and loaded.manifest.version == 3
    assert loaded.search(added[:5], 1)[1][:, 0].tolist() == list(range(5000, 5005))


def test_a_memory_mapped_index_cannot_change(tmp_path, corpus):
    vectors, added, _ = corpus
    ids = np.arange(COUNT, dtype=np.int64)
    ivf(vectors, ids).save(tmp_path / "v1")
    mapped = VectorIndex.load(tmp_path / "v1", mmap=True)
    with pytest.raises(IndexBuildError, match="memory-mapped"):
        mapped.changed(
            remove=ids[:1],
            vectors=added[:1],
            ids=np.array([9999]),
            version=2,
            payload={"records": np.array([1])},
        )


def changes(index_ids: np.ndarray, added: np.ndarray, **overrides) -> dict:
    """Return valid arguments for `changed`, with some replaced."""
    new_ids = np.arange(50_000, 50_000 + len(added), dtype=np.int64)
    return {
        "remove": index_ids[:3],
        "vectors": added,
        "ids": new_ids,
        "version": 2,
        "payload": {"records": new_ids // 10},
    } | overrides


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"remove": np.array([123_456])}, "not in the index"),
        ({"ids": np.arange(10, 130, dtype=np.int64)}, "already in the index"),
        ({"payload": {"owners": np.zeros(120, dtype=np.int64)}}, "payload must give"),
        ({"payload": {"records": np.zeros(3, dtype=np.int64)}}, "must have 120 rows"),
        ({"vectors": np.ones((120, 7), dtype=np.float32)}, "dimension 7"),
    ],
)
def test_bad_changes_are_refused_before_anything_changes(corpus, overrides, message):
    vectors, added, queries = corpus
    ids = np.arange(COUNT, dtype=np.int64)
    index = ivf(vectors, ids)
    before = index.search(queries, 5)
    with pytest.raises(IndexBuildError, match=message):
        index.changed(**changes(ids, added, **overrides))
    assert len(index) == COUNT
    after = index.search(queries, 5)
    assert (before[1] == after[1]).all()


def test_only_an_ivf_index_changes_in_place(corpus):
    vectors, added, _ = corpus
    ids = np.arange(COUNT, dtype=np.int64)
    flat = build(vectors, ids, kind="flat", payload={"records": ids // 10})
    with pytest.raises(IndexBuildError, match="only an IVF index"):
        flat.changed(**changes(ids, added))


def test_a_change_past_the_drift_asks_for_a_fresh_build(corpus):
    vectors, _, _ = corpus
    ids = np.arange(COUNT, dtype=np.int64)
    many = int(COUNT * TRAINED_DRIFT) + 10
    rng = np.random.default_rng(5)
    extra = unit_vectors(rng, many)
    with pytest.raises(IndexBuildError, match="build the index afresh"):
        ivf(vectors, ids).changed(
            **changes(ids, extra, remove=np.zeros(0, dtype=np.int64)),
            config=IndexConfig(kind="ivf"),
        )
