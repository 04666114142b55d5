"""Benchmark flat, HNSW and IVF vector indexes on synthetic clustered unit vectors.

Prints build time, index file size, single-query latency (one thread) and recall@10 against exact
search for each corpus size, and writes the results as JSON.
"""

import argparse
import json
import os
import platform
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

import numpy as np

from matcher.index import IndexConfig, VectorIndex
from matcher.index_files import INDEX_FILE

KINDS = ("flat", "hnsw", "ivf")
DEFAULT_OUTPUT = Path(__file__).resolve().parent.parent / "docs" / "bench_index.json"


def clustered_vectors(
    rng: np.random.Generator, count: int, centres: np.ndarray, noise: float
) -> np.ndarray:
    """Draw unit vectors scattered around randomly chosen centres."""
    picked = centres[rng.integers(0, len(centres), size=count)]
    points = picked + rng.standard_normal(picked.shape, dtype=np.float32) * noise
    return (points / np.linalg.norm(points, axis=1, keepdims=True)).astype(np.float32)


def unit_vectors(rng: np.random.Generator, count: int, dimension: int) -> np.ndarray:
    """Draw unit vectors uniformly from the sphere."""
    points = rng.standard_normal((count, dimension), dtype=np.float32)
    return points / np.linalg.norm(points, axis=1, keepdims=True)


def recall_at_k(found: np.ndarray, exact: np.ndarray) -> float:
    """Return the mean fraction of each row of `exact` that appears in the same row of `found`."""
    hits = [len(np.intersect1d(f, e)) / exact.shape[1] for f, e in zip(found, exact, strict=True)]
    return float(np.mean(hits))


def time_queries(index: VectorIndex, queries: np.ndarray, k: int) -> np.ndarray:
    """Return the latency in milliseconds of each query, searched one at a time."""
    index.search(queries[0], k)  # warm up caches and the OpenMP pool
    latencies = np.empty(len(queries))
    for row, query in enumerate(queries):
        started = time.perf_counter()
        index.search(query, k)
        latencies[row] = (time.perf_counter() - started) * 1000
    return latencies


def bench_size(
    size: int, kinds: list[str], args: argparse.Namespace, workdir: Path
) -> list[dict[str, object]]:
    """Benchmark every kind on one corpus size and return one result row per kind."""
    rng = np.random.default_rng(args.seed)
    centres = unit_vectors(rng, args.centres, args.dimension)
    vectors = clustered_vectors(rng, size, centres, args.noise)
    queries = clustered_vectors(rng, args.queries, centres, args.noise)
    ids = np.arange(size, dtype=np.int64)
    exact = ids[exact_neighbours(vectors, queries, args.k)]
    rows = []
    for kind in kinds:
        config = IndexConfig(kind=kind)
        started = time.perf_counter()
        index = VectorIndex.build(vectors, ids, model="synthetic", version=1, config=config)
        build_s = time.perf_counter() - started
        path = workdir / f"{kind}-{size}"
        index.save(path)
        latencies = time_queries(index, queries, args.k)
        _, found = index.search(queries, args.k)
        rows.append(
            {
                "size": size,
                "kind": kind,
                "params": index.manifest.params,
                "build_s": round(build_s, 3),
                "file_mb": round((path / INDEX_FILE).stat().st_size / 2**20, 1),
                "p50_ms": round(float(np.percentile(latencies, 50)), 3),
                "p99_ms": round(float(np.percentile(latencies, 99)), 3),
                f"recall_at_{args.k}": round(recall_at_k(found, exact), 4),
            }
        )
        print(_format_row(rows[-1], args.k), flush=True)
    return rows


def exact_neighbours(vectors: np.ndarray, queries: np.ndarray, k: int) -> np.ndarray:
    """Return the rows of each query's k highest inner products, best first, by brute force."""
    scores = queries @ vectors.T
    top = np.argpartition(-scores, k - 1, axis=1)[:, :k]
    order = np.argsort(-np.take_along_axis(scores, top, axis=1), axis=1)
    return np.take_along_axis(top, order, axis=1)


def _format_row(row: dict[str, object], k: int) -> str:
    return (
        f"{row['size']:>8} {row['kind']:>5} {row['build_s']:>9.2f} {row['file_mb']:>8.1f}"
        f" {row['p50_ms']:>8.3f} {row['p99_ms']:>8.3f} {row[f'recall_at_{k}']:>9.4f}"
    )


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,50000,200000", help="comma-separated counts")
    parser.add_argument("--kinds", default=",".join(KINDS), help="comma-separated index kinds")
    parser.add_argument("--dimension", type=int, default=384)
    parser.add_argument("--centres", type=int, default=2000)
    parser.add_argument("--noise", type=float, default=0.03, help="per-coordinate sigma")
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--k", type=int, default=10)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and write its JSON report."""
    args = _parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]
    kinds = args.kinds.split(",")
    print(
        f"{'size':>8} {'kind':>5} {'build_s':>9} {'file_mb':>8} {'p50_ms':>8} {'p99_ms':>8}"
        f" {'recall@' + str(args.k):>9}"
    )
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-index-") as workdir:
        for size in sizes:
            rows.extend(bench_size(size, kinds, args, Path(workdir)))
    report = {
        "setup": {
            "dimension": args.dimension,
            "centres": args.centres,
            "noise": args.noise,
            "queries": args.queries,
            "k": args.k,
            "seed": args.seed,
            "cpus": len(os.sched_getaffinity(0)),
            "machine": platform.machine(),
            "defaults": asdict(IndexConfig()),
        },
        "results": rows,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
