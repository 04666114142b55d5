"""Tests for VectorIndex and the saved-index format (index_files)."""

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from matcher import index_files
from matcher.errors import IndexBuildError, IndexLoadError, IndexQueryError
from matcher.index import IndexConfig, IndexManifest, VectorIndex
from matcher.index_files import INDEX_FILE, MANIFEST_FILE, PAYLOAD_FILE

from .vectors import (
    DIM,
    KINDS,
    MODEL,
    build,
    clustered_vectors,
    exact_top_k,
    flip_byte,
    unit_vectors,
)


@pytest.mark.parametrize(
    "settings",
    [
        {"kind": "annoy"},
        {"threads": 0},
        {"build_threads": -1},
        {"hnsw_m": 1},
        {"ivf_nlist": 0},
        {"ivf_nprobe": True},
        {"approximate_threshold": 1.5},
    ],
)
def test_config_rejects_bad_values(settings):
    with pytest.raises(ValueError, match="IndexConfig"):
        IndexConfig(**settings)


def test_auto_kind_is_exact_below_threshold_and_ivf_at_it():
    config = IndexConfig(approximate_threshold=100)
    assert config.resolve_kind(99) == "flat"
    assert config.resolve_kind(100) == "ivf"
    assert IndexConfig(kind="ivf").resolve_kind(0) == "flat"


@pytest.mark.slow
def test_import_does_not_load_faiss():
    code = (
        "import sys, matcher.index, matcher.index_files, matcher.index_store; "
        "print('faiss' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr


def test_flat_returns_exact_neighbours_with_ids(rng, corpus):
    vectors, ids = corpus
    queries = unit_vectors(rng, 50)
    scores, found = build(vectors, ids).search(queries, 10)
    expected = exact_top_k(vectors, queries, 10)
    assert found.dtype == np.int64 and scores.dtype == np.float32
    np.testing.assert_array_equal(found, ids[expected])
    np.testing.assert_allclose(
        scores, np.take_along_axis(queries @ vectors.T, expected, axis=1), rtol=1e-5
    )


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_finds_every_vector_first(corpus, kind):
    vectors, ids = corpus
    index = build(vectors, ids, kind=kind)
    scores, found = index.search(vectors, 5)
    assert index.manifest.index_type == kind
    assert np.mean(found[:, 0] == ids) > 0.99
    assert np.all(scores[:, 0] > 0.99)
    assert len(index) == len(ids) and index.dimension == DIM


def test_vectors_are_normalised_so_scores_are_cosine(rng):
    vectors = unit_vectors(rng, 100) * rng.uniform(0.5, 20, size=(100, 1)).astype(np.float32)
    index = build(vectors, np.arange(100, dtype=np.int64))
    scores, found = index.search(vectors[:3] * 5, 1)
    np.testing.assert_array_equal(found[:, 0], [0, 1, 2])
    np.testing.assert_allclose(scores[:, 0], 1.0, rtol=1e-5)


def test_single_query_and_padding(corpus):
    vectors, ids = corpus
    index = build(vectors[:3], ids[:3])
    scores, found = index.search(vectors[0], 5)
    assert scores.shape == found.shape == (1, 5)
    assert found[0, 0] == ids[0]
    assert np.all(found[0, 3:] == -1) and np.all(np.isneginf(scores[0, 3:]))
    assert np.all(np.isfinite(scores[0, :3]))


@pytest.mark.parametrize("kind", KINDS)
def test_empty_index_returns_nothing(tmp_path, kind):
    index = build(np.zeros((0, DIM), np.float32), np.zeros(0, np.int64), kind=kind)
    scores, found = index.search(np.ones(DIM, np.float32), 3)
    assert len(index) == 0
    assert np.all(found == -1) and np.all(np.isneginf(scores))
    index.save(tmp_path / "empty")
    loaded = VectorIndex.load(tmp_path / "empty")
    assert len(loaded) == 0
    assert np.all(loaded.search(np.ones((2, DIM), np.float32), 3)[1] == -1)


@pytest.mark.parametrize(
    ("vectors", "ids", "message"),
    [
        (np.ones((3, DIM), np.float64), np.arange(3, dtype=np.int64), "float32"),
        (np.ones((3, DIM), np.float32), np.arange(3, dtype=np.int32), "int64"),
        (np.ones((3, DIM), np.float32), np.array([1, 2, 1], np.int64), "unique"),
        (np.ones((3, DIM), np.float32), np.array([1, -2, 3], np.int64), "non-negative"),
        (np.ones((3, DIM), np.float32), np.arange(4, dtype=np.int64), "shape"),
        (np.ones(DIM, np.float32), np.arange(1, dtype=np.int64), "shape"),
        (np.array([[np.nan] * DIM, [1.0] * DIM], np.float32), np.arange(2, dtype=np.int64), "NaN"),
        (np.zeros((2, DIM), np.float32), np.arange(2, dtype=np.int64), "zeros"),
    ],
)
def test_build_rejects_bad_input(vectors, ids, message):
    with pytest.raises(IndexBuildError, match=message):
        build(vectors, ids)


def test_build_rejects_bad_payload_and_extra(corpus):
    vectors, ids = corpus
    with pytest.raises(IndexBuildError, match="rows"):
        build(vectors, ids, payload={"record": ids[:-1]})
    with pytest.raises(IndexBuildError, match="identifier"):
        build(vectors, ids, payload={"_ids": ids})
    with pytest.raises(IndexBuildError, match="JSON"):
        build(vectors, ids, extra={"when": object()})
    with pytest.raises(IndexBuildError, match="model"):
        VectorIndex.build(vectors, ids, model="", version=1)


@pytest.mark.parametrize(
    ("queries", "k", "message"),
    [
        (np.ones((2, DIM + 1), np.float32), 3, "shape"),
        (np.ones((2, DIM), np.float64), 3, "float32"),
        (np.full((1, DIM), np.inf, np.float32), 3, "NaN"),
        (np.ones((2, DIM), np.float32), 0, "k must"),
    ],
)
def test_search_rejects_bad_queries(corpus, queries, k, message):
    index = build(*corpus)
    with pytest.raises(IndexQueryError, match=message):
        index.search(queries, k)


def test_payload_rows_follow_ids(corpus):
    vectors, ids = corpus
    labels = np.array([f"rec-{i}" for i in ids])
    index = build(vectors, ids, payload={"record": ids // 7, "label": labels})
    _, found = index.search(vectors[:4], 3)
    rows = index.payload_for(found)
    assert rows["record"].shape == (4, 3)
    np.testing.assert_array_equal(rows["record"], found // 7)
    assert rows["label"][0, 0] == f"rec-{ids[0]}"
    np.testing.assert_array_equal(index.contains(np.array([ids[5], -1])), [True, False])
    with pytest.raises(KeyError, match="-1"):
        index.payload_for(np.array([ids[0], -1]))
    assert index.payload_for(ids[:2]).keys() == {"record", "label"}


def test_ids_are_read_only_and_in_insertion_order(corpus):
    vectors, ids = corpus
    index = build(vectors, ids)
    np.testing.assert_array_equal(index.ids, ids)
    with pytest.raises(ValueError):
        index.ids[0] = 5


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("mmap", [False, True])
def test_save_load_round_trip(tmp_path, rng, corpus, kind, mmap):
    vectors, ids = corpus
    config = IndexConfig(kind=kind, hnsw_ef_search=64, ivf_nprobe=8)
    index = VectorIndex.build(
        vectors,
        ids,
        model=MODEL,
        version=7,
        config=config,
        extra={"watermark": "2024-05-01T10:00:00Z"},
        payload={"record": ids // 7},
    )
    written = index.save(tmp_path / "index")
    loaded = VectorIndex.load(
        tmp_path / "index", expected_model=MODEL, expected_dimension=DIM, mmap=mmap
    )
    queries = unit_vectors(rng, 20)
    for got, want in zip(loaded.search(queries, 10), index.search(queries, 10), strict=True):
        np.testing.assert_array_equal(got, want)
    assert loaded.manifest == written == index.manifest
    assert set(written.checksums) == {INDEX_FILE, PAYLOAD_FILE}
    assert loaded.manifest.extra == {"watermark": "2024-05-01T10:00:00Z"}
    searched_with = {"flat": {}, "hnsw": {"hnsw_ef_search": 64}, "ivf": {"ivf_nprobe": 8}}[kind]
    assert {name: getattr(loaded.config, name) for name in searched_with} == searched_with
    np.testing.assert_array_equal(loaded.ids, ids)
    np.testing.assert_array_equal(loaded.payload_for(ids[::-1])["record"], ids[::-1] // 7)


def test_manifest_json_round_trip_and_rejects_bad_keys(saved):
    text = (saved / MANIFEST_FILE).read_text()
    manifest = IndexManifest.from_json(text)
    assert IndexManifest.from_json(manifest.to_json()) == manifest
    assert manifest.format == 1 and manifest.count == 2000 and manifest.built_at.endswith("+00:00")
    data = json.loads(text)
    with pytest.raises(IndexLoadError, match="unknown keys: colour"):
        IndexManifest.from_json(json.dumps(data | {"colour": "red"}))
    del data["model"]
    with pytest.raises(IndexLoadError, match="missing keys: model"):
        IndexManifest.from_json(json.dumps(data))


def test_save_refuses_an_existing_directory(tmp_path, corpus):
    (tmp_path / "index").mkdir()
    with pytest.raises(IndexBuildError, match="already exists"):
        build(*corpus).save(tmp_path / "index")


def test_save_reports_a_full_disk_and_removes_the_partial_directory(tmp_path, corpus, monkeypatch):
    def full_disk(*args):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(index_files, "_write_payload", full_disk)
    with pytest.raises(IndexBuildError, match=r"payload\.npz.*No space left on device"):
        build(*corpus).save(tmp_path / "index")
    assert not (tmp_path / "index").exists()


def rewrite_manifest(path: Path, **changes) -> None:
    data = json.loads((path / MANIFEST_FILE).read_text())
    (path / MANIFEST_FILE).write_text(json.dumps(data | changes))


def truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda p: truncate(p / INDEX_FILE), r"index\.faiss: sha256 .* truncated or corrupt"),
        (lambda p: flip_byte(p / INDEX_FILE), r"index\.faiss: sha256 .* truncated or corrupt"),
        (lambda p: flip_byte(p / PAYLOAD_FILE), r"payload\.npz: sha256"),
        (lambda p: (p / INDEX_FILE).unlink(), r"index\.faiss: missing"),
        (lambda p: (p / PAYLOAD_FILE).unlink(), r"payload\.npz: missing"),
        (lambda p: (p / MANIFEST_FILE).unlink(), r"manifest\.json: missing"),
        (lambda p: (p / MANIFEST_FILE).write_text("{not json"), r"manifest\.json: not valid JSON"),
        (lambda p: rewrite_manifest(p, count=2001), "holds 2000 vectors, manifest says 2001"),
        (lambda p: rewrite_manifest(p, dimension=64), "dimension 32, manifest says 64"),
        (lambda p: rewrite_manifest(p, index_type="hnsw"), "holds a flat index"),
        (lambda p: rewrite_manifest(p, format=2), "format 2 is not supported"),
        (lambda p: rewrite_manifest(p, count="many"), "count must be int"),
    ],
)
def test_load_detects_damage(saved, damage, message):
    damage(saved)
    with pytest.raises(IndexLoadError, match=message):
        VectorIndex.load(saved)


@pytest.mark.parametrize("mmap", [False, True])
def test_load_without_verification_still_rejects_truncated_files(saved, mmap):
    truncate(saved / INDEX_FILE)
    with pytest.raises(IndexLoadError, match=r"index\.faiss: FAISS cannot read it"):
        VectorIndex.load(saved, verify=False, mmap=mmap)


def test_load_without_verification_rejects_a_broken_payload(saved):
    truncate(saved / PAYLOAD_FILE)
    with pytest.raises(IndexLoadError, match=r"payload\.npz: unreadable"):
        VectorIndex.load(saved, verify=False)


def test_load_checks_expected_model_and_dimension(saved):
    with pytest.raises(IndexLoadError, match="built with model 'test-model', expected 'other'"):
        VectorIndex.load(saved, expected_model="other")
    with pytest.raises(IndexLoadError, match="dimension 32, expected 384"):
        VectorIndex.load(saved, expected_dimension=384)


@pytest.fixture(scope="module")
def clustered_corpus():
    # Diffuse clusters of ~20 points: tight ones are so easy that IVF with 8 probes passes too.
    rng = np.random.default_rng(7)
    centres = unit_vectors(rng, 1000, 384)
    vectors = clustered_vectors(rng, 20_000, centres, noise=0.07)
    queries = clustered_vectors(rng, 200, centres, noise=0.07)
    return vectors, queries, exact_top_k(vectors, queries, 10)


@pytest.mark.parametrize("kind", ["hnsw", "ivf"])
def test_default_parameters_reach_recall_095(clustered_corpus, kind):
    vectors, queries, exact = clustered_corpus
    index = build(vectors, np.arange(len(vectors), dtype=np.int64), kind=kind)
    _, found = index.search(queries, 10)
    recall = np.mean([len(np.intersect1d(f, e)) / 10 for f, e in zip(found, exact, strict=True)])
    assert recall >= 0.95, f"{kind} recall@10 {recall:.3f}"


@pytest.mark.parametrize("kind", ["flat", "hnsw", "ivf"])
def test_a_search_within_some_ids_finds_only_those(kind):
    rng = np.random.default_rng(3)
    vectors = rng.standard_normal((2000, 16)).astype(np.float32)
    ids = np.arange(2000, dtype=np.int64) * 3
    config = IndexConfig(kind=kind, ivf_nprobe=64)
    index = VectorIndex.build(vectors, ids, model="m", version=1, config=config)
    within = ids[::10]
    scores, found = index.search(vectors[:5], 10, within=within)
    assert set(found[found >= 0].tolist()) <= set(within.tolist())
    if kind == "flat":
        # Exact among those ids: the same as searching an index of them alone.
        alone = VectorIndex.build(vectors[::10], within, model="m", version=1)
        assert (found == alone.search(vectors[:5], 10)[1]).all()


def test_ids_where_selects_by_payload():
    vectors = np.eye(4, dtype=np.float32)
    payload = {"records": np.array([7, 7, 8, 9], dtype=np.int64)}
    index = VectorIndex.build(
        vectors, np.array([1, 2, 3, 4]), model="m", version=1, payload=payload
    )
    assert index.ids_where("records", np.array([7, 9])).tolist() == [1, 2, 4]
    assert index.ids_where("records", np.array([], dtype=np.int64)).tolist() == []
    # Values spread far wider than the index is long are matched without a lookup table.
    assert index.ids_where("records", np.array([8, 10**15])).tolist() == [3]


def test_an_ivf_rebuild_after_a_small_change_reuses_the_centroids(tmp_path, clustered_corpus):
    vectors, queries, _ = clustered_corpus
    first = build(vectors, np.arange(len(vectors), dtype=np.int64), kind="ivf")
    first.save(tmp_path / "first")
    served = VectorIndex.load(tmp_path / "first", mmap=True)
    # 1% of the vectors replaced by new ones: the same centroids still partition them well.
    changed = vectors.copy()
    changed[:200] = clustered_vectors(np.random.default_rng(11), 200, changed[200:1200])
    ids = np.arange(len(changed), dtype=np.int64)
    second = build(changed, ids, kind="ivf", version=2, trained=served)
    params = second.manifest.params
    assert params["ivf_centroids_reused"] is True
    assert params["ivf_nlist"] == first.manifest.params["ivf_nlist"]
    assert params["ivf_trained_count"] == len(vectors)
    exact = exact_top_k(changed, queries, 10)
    _, found = second.search(queries, 10)
    recall = np.mean([len(np.intersect1d(f, e)) / 10 for f, e in zip(found, exact, strict=True)])
    assert recall >= 0.95, f"recall@10 with reused centroids {recall:.3f}"


def test_centroids_are_trained_again_once_the_corpus_drifted(clustered_corpus):
    vectors, _, _ = clustered_corpus
    first = build(vectors[:10_000], np.arange(10_000, dtype=np.int64), kind="ivf")
    # 11,500 vectors is 15% more than the 10,000 the centroids were trained on.
    grown = build(vectors[:11_500], np.arange(11_500, dtype=np.int64), kind="ivf", trained=first)
    assert grown.manifest.params["ivf_centroids_reused"] is False
    assert grown.manifest.params["ivf_trained_count"] == 11_500
    near = build(vectors[:10_500], np.arange(10_500, dtype=np.int64), kind="ivf", trained=first)
    assert near.manifest.params["ivf_centroids_reused"] is True
    flat = build(vectors[:10_500], np.arange(10_500, dtype=np.int64), kind="flat", trained=first)
    assert "ivf_centroids_reused" not in flat.manifest.params
