"""The methods scripts/bench_search.py compares: FAISS index kinds, hnswlib and usearch.

Each `Method` says how to build, save, load, tune (its search-time parameter) and search one
library's index, so the benchmark measures them all the same way.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from matcher.faiss_build import TRAIN_ITERATIONS, TRAIN_POINTS_PER_LIST

GRAPH_M = 32
EF_CONSTRUCTION = 80
EF_SWEEP = (16, 32, 64, 128, 256)
NPROBE_SWEEP = (4, 8, 16, 32, 64, 128, 256)
PQ_SUBQUANTIZERS = 48
RERANK = 100
BATCH = 64
# The product's k-means (matcher/faiss_build.py), so the IVF rows measure what it builds.
KMEANS_ITERATIONS = TRAIN_ITERATIONS
KMEANS_POINTS_PER_LIST = TRAIN_POINTS_PER_LIST


@dataclass(frozen=True)
class Method:
    """One index under test: how to build, save, load, tune and search it."""

    name: str
    library: str
    knob: str | None
    sweep: tuple[int, ...]
    build: Callable[[np.ndarray, dict[str, Any]], Any]
    save: Callable[[Any, Path], None]
    load: Callable[[Path, str], Any]
    tune: Callable[[Any, int], None]
    search: Callable[[Any, np.ndarray, int], np.ndarray]


# FAISS ------------------------------------------------------------------------------------------


def _faiss_search(index: Any, queries: np.ndarray, k: int) -> np.ndarray:
    return index.search(queries, k)[1]


def _faiss_save(index: Any, path: Path) -> None:
    import faiss

    faiss.write_index(index, str(path))


def _faiss_load(path: Path, mode: str) -> Any:
    import faiss

    flags = {
        "plain": 0,
        "mmap": faiss.IO_FLAG_MMAP_IFC | faiss.IO_FLAG_READ_ONLY,
        "mmap_legacy": faiss.IO_FLAG_MMAP | faiss.IO_FLAG_READ_ONLY,
    }
    return faiss.read_index(str(path), flags[mode])


def _build_flat(vectors: np.ndarray, ctx: dict[str, Any]) -> Any:
    import faiss

    index = faiss.IndexFlatIP(vectors.shape[1])
    index.add(vectors)
    return index


def _build_hnsw(vectors: np.ndarray, ctx: dict[str, Any]) -> Any:
    import faiss

    index = faiss.IndexHNSWFlat(vectors.shape[1], GRAPH_M, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = EF_CONSTRUCTION
    index.add(vectors)
    return index


def _tune_hnsw(index: Any, value: int) -> None:
    index.hnsw.efSearch = value


def nlist_for(count: int) -> int:
    """Return about 4*sqrt(n) lists, capped so each list gets 39 training points (faiss's floor)."""
    return max(1, min(round(4 * np.sqrt(count)), count // 39))


def train_centroids(vectors: np.ndarray, ctx: dict[str, Any]) -> np.ndarray:
    """Train the coarse quantizer once per corpus; every IVF variant reuses it."""
    if "centroids" not in ctx:
        import faiss

        nlist = nlist_for(len(vectors))
        rng = np.random.default_rng(0)
        limit = min(len(vectors), nlist * KMEANS_POINTS_PER_LIST)
        sample = vectors[np.sort(rng.choice(len(vectors), limit, replace=False))]
        started = time.perf_counter()
        kmeans = faiss.Kmeans(
            vectors.shape[1], nlist, niter=KMEANS_ITERATIONS, spherical=True, seed=0
        )
        kmeans.train(sample)
        ctx |= {"centroids": kmeans.centroids, "sample": sample}
        ctx["kmeans_s"] = time.perf_counter() - started
    return ctx["centroids"]


def _ivf(vectors: np.ndarray, ctx: dict[str, Any], make: Callable[[Any, int, int], Any]) -> Any:
    import faiss

    centroids = train_centroids(vectors, ctx)
    quantizer = faiss.IndexFlatIP(vectors.shape[1])
    quantizer.add(centroids)
    index = make(quantizer, vectors.shape[1], len(centroids))
    index.train(ctx["sample"])  # the quantizer is already full, so only codecs train here
    return index


def _build_ivf_flat(vectors: np.ndarray, ctx: dict[str, Any]) -> Any:
    import faiss

    index = _ivf(
        vectors, ctx, lambda q, d, n: faiss.IndexIVFFlat(q, d, n, faiss.METRIC_INNER_PRODUCT)
    )
    index.add(vectors)
    return index


def _refined(vectors: np.ndarray, base: Any) -> Any:
    import faiss

    index = faiss.IndexRefineFlat(base)
    index.k_factor = RERANK / 10  # overwritten per query in _refined_search
    index.add(vectors)
    return index


def _build_ivf_sq8(vectors: np.ndarray, ctx: dict[str, Any]) -> Any:
    import faiss

    sq8 = faiss.ScalarQuantizer.QT_8bit
    base = _ivf(
        vectors,
        ctx,
        lambda q, d, n: faiss.IndexIVFScalarQuantizer(q, d, n, sq8, faiss.METRIC_INNER_PRODUCT),
    )
    return _refined(vectors, base)


def _build_ivf_pq(vectors: np.ndarray, ctx: dict[str, Any]) -> Any:
    import faiss

    base = _ivf(
        vectors,
        ctx,
        lambda q, d, n: faiss.IndexIVFPQ(q, d, n, PQ_SUBQUANTIZERS, 8, faiss.METRIC_INNER_PRODUCT),
    )
    return _refined(vectors, base)


def _tune_ivf(index: Any, value: int) -> None:
    import faiss

    ivf = faiss.extract_index_ivf(index)
    ivf.nprobe = min(value, ivf.nlist)


def _refined_search(index: Any, queries: np.ndarray, k: int) -> np.ndarray:
    index.k_factor = RERANK / k  # re-rank the top RERANK candidates exactly, whatever k is
    return index.search(queries, k)[1]


# hnswlib and usearch ----------------------------------------------------------------------------


def _build_hnswlib(vectors: np.ndarray, ctx: dict[str, Any]) -> Any:
    import hnswlib

    index = hnswlib.Index(space="ip", dim=vectors.shape[1])
    index.init_index(len(vectors), ef_construction=EF_CONSTRUCTION, M=GRAPH_M, random_seed=0)
    index.add_items(vectors, np.arange(len(vectors)), num_threads=ctx["build_threads"])
    index.set_num_threads(1)
    return index


def _load_hnswlib(path: Path, mode: str) -> Any:
    import hnswlib

    index = hnswlib.Index(space="ip", dim=int(path.stem.rsplit("-", 1)[1]))
    index.load_index(str(path))
    return index


def _hnswlib_search(index: Any, queries: np.ndarray, k: int) -> np.ndarray:
    return index.knn_query(queries, k=k, num_threads=1)[0].astype(np.int64)


def _build_usearch(vectors: np.ndarray, ctx: dict[str, Any]) -> Any:
    from usearch.index import Index

    index = Index(
        ndim=vectors.shape[1],
        metric="ip",
        dtype="f32",
        connectivity=GRAPH_M,
        expansion_add=EF_CONSTRUCTION,
    )
    index.add(np.arange(len(vectors)), vectors, threads=ctx["build_threads"])
    return index


def _load_usearch(path: Path, mode: str) -> Any:
    from usearch.index import Index

    return Index.restore(str(path), view=mode != "plain")


def _usearch_tune(index: Any, value: int) -> None:
    index.expansion_search = value


def _usearch_search(index: Any, queries: np.ndarray, k: int) -> np.ndarray:
    return np.asarray(index.search(queries, k, threads=1).keys, dtype=np.int64).reshape(-1, k)


def _no_tune(index: Any, value: int) -> None:
    pass


_FAISS = {"library": "faiss", "save": _faiss_save, "load": _faiss_load, "search": _faiss_search}
METHODS = {
    m.name: m
    for m in (
        Method("faiss-flat", knob=None, sweep=(0,), build=_build_flat, tune=_no_tune, **_FAISS),
        Method("faiss-hnsw", knob="efSearch", sweep=EF_SWEEP, build=_build_hnsw,
               tune=_tune_hnsw, **_FAISS),
        Method("faiss-ivf-flat", knob="nprobe", sweep=NPROBE_SWEEP, build=_build_ivf_flat,
               tune=_tune_ivf, **_FAISS),
        Method("faiss-ivf-sq8-rerank", knob="nprobe", sweep=NPROBE_SWEEP, build=_build_ivf_sq8,
               tune=_tune_ivf, **_FAISS | {"search": _refined_search}),
        Method("faiss-ivf-pq-rerank", knob="nprobe", sweep=NPROBE_SWEEP, build=_build_ivf_pq,
               tune=_tune_ivf, **_FAISS | {"search": _refined_search}),
        Method("hnswlib", "hnswlib", "ef", EF_SWEEP, _build_hnswlib,
               lambda index, path: index.save_index(str(path)), _load_hnswlib,
               lambda index, value: index.set_ef(value), _hnswlib_search),
        Method("usearch", "usearch", "expansion_search", EF_SWEEP, _build_usearch,
               lambda index, path: index.save(str(path)), _load_usearch, _usearch_tune,
               _usearch_search),
    )
}  # fmt: skip
# Memory-mapped loading each library offers; hnswlib has none.
MMAP_MODES = {"faiss": ("mmap", "mmap_legacy"), "hnswlib": (), "usearch": ("mmap",)}
