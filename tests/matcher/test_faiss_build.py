"""IVF construction with many lists: k-means and list assignment through a graph over the
centroids give the lists exact assignment gives, for all but a few vectors."""

import faiss
import numpy as np
import pytest

from matcher import faiss_build
from matcher.index import IndexConfig, VectorIndex
from tests.matcher.vectors import DIM, MODEL, clustered_vectors, exact_top_k, unit_vectors

LISTS = 64


@pytest.fixture
def corpus():
    rng = np.random.default_rng(11)
    vectors = clustered_vectors(rng, 6_000, unit_vectors(rng, 200), noise=0.05)
    return vectors, np.arange(len(vectors), dtype=np.int64) * 3 + 5


def ivf(vectors, ids, nprobe=LISTS):
    config = IndexConfig(kind="ivf", ivf_nlist=LISTS, ivf_nprobe=nprobe)
    return VectorIndex.build(vectors, ids, model=MODEL, version=1, config=config)


def lists_of(index: VectorIndex) -> dict[int, int]:
    """Return the IVF list of every id in a VectorIndex."""
    inner = faiss.extract_index_ivf(index.faiss_index)
    found = {}
    for number in range(inner.nlist):
        size = inner.invlists.list_size(number)
        ids = faiss.rev_swig_ptr(inner.invlists.get_ids(number), size)
        found.update(dict.fromkeys(ids.tolist(), number))
    return found


def test_the_finder_is_exact_for_few_lists_and_a_graph_for_many():
    assert isinstance(faiss_build.centroid_finder(DIM, 10), faiss.IndexFlatIP)
    graph = faiss_build.centroid_finder(DIM, faiss_build.GRAPH_ASSIGNMENT_LISTS)
    assert isinstance(graph, faiss.IndexHNSWFlat)
    assert graph.hnsw.efSearch == faiss_build.ASSIGNMENT_EF_SEARCH


def test_graph_assignment_puts_vectors_in_their_nearest_centroid_list(monkeypatch, corpus):
    vectors, ids = corpus
    monkeypatch.setattr(faiss_build, "GRAPH_ASSIGNMENT_LISTS", 1)
    monkeypatch.setattr(faiss_build, "ASSIGNMENT_BATCH", 1_000)  # several batches
    index = ivf(vectors, ids)
    inner = faiss.extract_index_ivf(index.faiss_index)
    centroids = inner.quantizer.reconstruct_n(0, inner.nlist)
    nearest = np.argmax(vectors @ centroids.T, axis=1)
    placed = lists_of(index)
    assert sorted(placed) == sorted(ids.tolist())  # every vector added once
    agreeing = np.mean([placed[int(i)] == lists for i, lists in zip(ids, nearest, strict=True)])
    assert agreeing >= 0.99


def recall_at_4_probes(vectors, ids, queries, exact) -> float:
    _, found = ivf(vectors, ids, nprobe=4).search(queries, 10)
    return float(np.mean([len(set(a) & set(b)) / 10 for a, b in zip(found, exact, strict=True)]))


def test_graph_assignment_finds_what_exact_assignment_finds(monkeypatch, corpus):
    vectors, ids = corpus
    # Queries off the clusters: with 4 of 64 lists probed, recall is far from 1 (0.73 here),
    # so vectors put in the wrong lists would show.
    queries = unit_vectors(np.random.default_rng(3), 50)
    exact = ids[exact_top_k(vectors, queries, 10)]
    exactly_assigned = recall_at_4_probes(vectors, ids, queries, exact)
    monkeypatch.setattr(faiss_build, "GRAPH_ASSIGNMENT_LISTS", 1)
    _, found = ivf(vectors, ids).search(queries, 10)
    # Every list probed: any shortfall would come from vectors put in no list or twice.
    assert np.array_equal(found, exact)
    assert recall_at_4_probes(vectors, ids, queries, exact) >= exactly_assigned - 0.02


def test_graph_and_exact_assignment_give_similar_centroids(monkeypatch, corpus):
    vectors, _ = corpus
    exact = faiss_build.train_centroids(vectors, LISTS)
    monkeypatch.setattr(faiss_build, "GRAPH_ASSIGNMENT_LISTS", 1)
    graph = faiss_build.train_centroids(vectors, LISTS)
    assert graph.shape == exact.shape == (LISTS, DIM)
    assert np.allclose(np.linalg.norm(graph, axis=1), 1, atol=1e-4)  # spherical
    # How well each set of centroids fits the vectors: mean similarity to the nearest.
    fit = [float(np.mean(np.max(vectors @ points.T, axis=1))) for points in (exact, graph)]
    assert fit[1] >= fit[0] - 0.01


def test_graph_assignment_keeps_reconstruction_by_list_place(monkeypatch, corpus, tmp_path):
    vectors, ids = corpus
    monkeypatch.setattr(faiss_build, "GRAPH_ASSIGNMENT_LISTS", 1)
    records = ids // 3
    index = VectorIndex.build(
        vectors,
        ids,
        model=MODEL,
        version=1,
        config=IndexConfig(kind="ivf", ivf_nlist=LISTS),
        payload={"records": records},
    )
    index.save(tmp_path / "v1")
    loaded = VectorIndex.load(tmp_path / "v1")
    wanted = records[[7, 4_000]]
    found, got = loaded.record_vectors(wanted)
    assert sorted(found.tolist()) == sorted(ids[[7, 4_000]].tolist())
    assert np.allclose(got, vectors[(found - 5) // 3], atol=1e-6)


def test_a_changed_index_places_new_vectors_as_a_rebuild_would(monkeypatch, corpus):
    vectors, ids = corpus
    monkeypatch.setattr(faiss_build, "GRAPH_ASSIGNMENT_LISTS", 1)
    config = IndexConfig(kind="ivf", ivf_nlist=LISTS, ivf_nprobe=LISTS)
    first = ivf(vectors[:5_500], ids[:5_500])
    # Built first: `changed` moves the FAISS index (and its centroids) out of `first`.
    rebuilt = VectorIndex.build(
        vectors[100:], ids[100:], model=MODEL, version=2, config=config, trained=first
    )
    changed = first.changed(
        remove=ids[:100], vectors=vectors[5_500:], ids=ids[5_500:], version=2, config=config
    )
    assert rebuilt.manifest.params["ivf_centroids_reused"] is True
    held, expected = lists_of(changed), lists_of(rebuilt)
    assert sorted(held) == sorted(expected) == sorted(ids[100:].tolist())
    # The graph is built anew for each call, so a few vectors near two centroids may differ.
    assert np.mean([held[i] == expected[i] for i in ids[5_500:].tolist()]) >= 0.99
