"""Constructing FAISS indexes for VectorIndex: flat, HNSW, and IVF with trained or reused centroids.

FAISS is imported inside functions only, as everywhere in `matcher`.
"""

import math
from typing import Any

import numpy as np

from matcher.index_config import IndexConfig

# faiss warns below 39 training points per list; fewer lists beat badly trained ones.
MIN_POINTS_PER_LIST = 39
# k-means as scripts/bench_search.py measured it (recall@10 1.0 at nprobe 64 on 1M vectors):
# 10 iterations on 50 sampled points a list. The faiss defaults (25 on up to 256) took 155 of
# 310 s of a 100k-profile rebuild for no recall gained.
TRAIN_POINTS_PER_LIST = 50
TRAIN_ITERATIONS = 10
TRAIN_SEED = 0
# From this many lists on, k-means and the build find each vector's nearest centroid through an
# HNSW graph over the centroids instead of comparing it with all of them. At a million profiles
# (6.75M vectors, 10,393 lists) a rebuild's FAISS work went from 435 to 162 s; on 135,022 real
# section vectors and 3,000 lists the graph (M 16, efSearch 32) picked the exact list for 99.93%.
GRAPH_ASSIGNMENT_LISTS = 1024
ASSIGNMENT_GRAPH_M = 16
ASSIGNMENT_EF_CONSTRUCTION = 40
ASSIGNMENT_EF_SEARCH = 32
# Vectors assigned and added at once: bounds the temporary copies of a mapped array.
ASSIGNMENT_BATCH = 1 << 16
# An IVF rebuild keeps the previous centroids while the vector count stays within this share of
# the count they were trained on; past it, k-means runs again (drift).
TRAINED_DRIFT = 0.1


def new_faiss_index(
    kind: str,
    dimension: int,
    vectors: np.ndarray,
    config: IndexConfig,
    centroids: tuple[np.ndarray, int] | None = None,
) -> tuple[Any, dict[str, Any]]:
    """Return an empty FAISS index of `kind` (trained when IVF) and the params to record."""
    import faiss

    params: dict[str, Any] = {"metric": "inner_product"}
    if kind == "flat":
        return faiss.IndexIDMap2(faiss.IndexFlatIP(dimension)), params
    if kind == "hnsw":
        graph = faiss.IndexHNSWFlat(dimension, config.hnsw_m, faiss.METRIC_INNER_PRODUCT)
        graph.hnsw.efConstruction = config.hnsw_ef_construction
        params |= {
            "hnsw_m": config.hnsw_m,
            "hnsw_ef_construction": config.hnsw_ef_construction,
            "hnsw_ef_search": config.hnsw_ef_search,
        }
        return faiss.IndexIDMap2(graph), params
    if centroids is None:
        points = train_centroids(vectors, nlist_for(config, len(vectors)))
        trained_count = len(vectors)
    else:
        points, trained_count = centroids
    # A quantizer already holding nlist centroids makes the IVF index trained.
    quantizer = faiss.IndexFlatIP(dimension)
    quantizer.add(points)
    index = faiss.IndexIVFFlat(quantizer, dimension, len(points), faiss.METRIC_INNER_PRODUCT)
    params |= {
        "ivf_nlist": len(points),
        "ivf_nprobe": config.ivf_nprobe,
        "ivf_trained_count": trained_count,
        "ivf_centroids_reused": centroids is not None,
    }
    return index, params


def train_centroids(vectors: np.ndarray, nlist: int) -> np.ndarray:
    """Return nlist spherical k-means centroids of a sample of `vectors`."""
    import faiss

    dimension = vectors.shape[1]
    settings = faiss.ClusteringParameters()
    settings.niter, settings.spherical, settings.seed = TRAIN_ITERATIONS, True, TRAIN_SEED
    settings.max_points_per_centroid = TRAIN_POINTS_PER_LIST  # the sample is already that size
    clustering = faiss.Clustering(dimension, nlist, settings)
    clustering.train(training_sample(vectors, nlist), centroid_finder(dimension, nlist))
    return faiss.vector_to_array(clustering.centroids).reshape(nlist, dimension)


def centroid_finder(dimension: int, nlist: int) -> Any:
    """Return an empty FAISS index that finds the nearest of nlist centroids: exact for few
    lists, an HNSW graph from GRAPH_ASSIGNMENT_LISTS on."""
    import faiss

    if nlist < GRAPH_ASSIGNMENT_LISTS:
        return faiss.IndexFlatIP(dimension)
    graph = faiss.IndexHNSWFlat(dimension, ASSIGNMENT_GRAPH_M, faiss.METRIC_INNER_PRODUCT)
    graph.hnsw.efConstruction = ASSIGNMENT_EF_CONSTRUCTION
    graph.hnsw.efSearch = ASSIGNMENT_EF_SEARCH
    return graph


def add_vectors(index: Any, vectors: np.ndarray, ids: np.ndarray) -> None:
    """Add unit `vectors` with `ids` to a FAISS index; an IVF index's lists are found through
    `centroid_finder` rather than its own (exact) quantizer."""
    import faiss

    if not isinstance(index, faiss.IndexIVF) or index.nlist < GRAPH_ASSIGNMENT_LISTS:
        index.add_with_ids(vectors, ids)
        return
    finder = centroid_finder(index.d, index.nlist)
    finder.add(index.quantizer.reconstruct_n(0, index.nlist))
    for start in range(0, len(vectors), ASSIGNMENT_BATCH):
        batch = np.ascontiguousarray(vectors[start : start + ASSIGNMENT_BATCH])
        batch_ids = np.ascontiguousarray(ids[start : start + ASSIGNMENT_BATCH])
        _, lists = finder.search(batch, 1)
        lists = np.ascontiguousarray(lists.ravel())
        index.add_core(
            len(batch), faiss.swig_ptr(batch), faiss.swig_ptr(batch_ids), faiss.swig_ptr(lists)
        )


def reusable_centroids(
    trained: Any, kind: str, config: IndexConfig, count: int, dimension: int
) -> tuple[np.ndarray, int] | None:
    """Return an earlier IVF VectorIndex's centroids and the count they were trained on, if they
    suit `count` vectors of `dimension` under `config`."""
    if not centroids_fit(trained, kind, config, count, dimension):
        return None
    import faiss

    quantizer = faiss.extract_index_ivf(trained.faiss_index).quantizer
    return quantizer.reconstruct_n(0, quantizer.ntotal), trained_count_of(trained)


def centroids_fit(trained: Any, kind: str, config: IndexConfig, count: int, dimension: int) -> bool:
    """Return whether an earlier VectorIndex's IVF centroids still suit `count` vectors."""
    if trained is None or kind != "ivf" or trained.manifest.index_type != "ivf":
        return False
    trained_count = trained_count_of(trained)
    if trained.dimension != dimension:
        return False
    if trained.manifest.params.get("ivf_nlist") != nlist_for(config, trained_count):
        return False  # the configuration asks for another nlist now
    # Past the drift the corpus moved too far from what k-means saw: train again.
    return abs(count - trained_count) <= TRAINED_DRIFT * trained_count


def trained_count_of(index: Any) -> int:
    """Return how many vectors an IVF VectorIndex's centroids were trained on."""
    params = index.manifest.params
    return int(params.get("ivf_trained_count") or index.manifest.count)


def nlist_for(config: IndexConfig, count: int) -> int:
    """Return the IVF list count for `count` vectors: configured, else about 4*sqrt(n)."""
    wanted = config.ivf_nlist or round(4 * math.sqrt(count))
    return max(1, min(wanted, count // MIN_POINTS_PER_LIST))


def training_sample(vectors: np.ndarray, nlist: int) -> np.ndarray:
    """Return the rows k-means trains on: a fixed-seed sample of TRAIN_POINTS_PER_LIST a list."""
    limit = nlist * TRAIN_POINTS_PER_LIST
    if len(vectors) <= limit:
        return np.ascontiguousarray(vectors)
    rows = np.random.default_rng(TRAIN_SEED).choice(len(vectors), limit, replace=False)
    return np.ascontiguousarray(vectors[np.sort(rows)])


def apply_search_params(index: Any, config: IndexConfig) -> None:
    """Set the search-time settings of `config` (nprobe, efSearch) on a FAISS index."""
    import faiss

    if isinstance(index, faiss.IndexIVF):
        index.nprobe = config.ivf_nprobe
    elif isinstance(index, faiss.IndexIDMap2):
        inner = faiss.downcast_index(index.index)
        if isinstance(inner, faiss.IndexHNSW):
            inner.hnsw.efSearch = config.hnsw_ef_search
