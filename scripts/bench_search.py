"""Benchmark FAISS index kinds against hnswlib and usearch on the same d=384 unit vectors.

For each corpus size and method: build time, file size, resident memory after load (measured in
a fresh subprocess, plain and memory-mapped), one-thread query latency p50/p95/p99 (single queries
and batches of 64) and recall@k against exact inner-product search, over a sweep of each method's
search-time parameter. Prints one markdown table per size, writes JSON and a latency-recall plot.
Needs the `bench` extra (hnswlib, usearch, matplotlib).
"""

import argparse
import importlib.metadata
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from scripts.bench_index import clustered_vectors, recall_at_k, unit_vectors
from scripts.bench_search_methods import (
    BATCH,
    EF_CONSTRUCTION,
    GRAPH_M,
    KMEANS_ITERATIONS,
    KMEANS_POINTS_PER_LIST,
    METHODS,
    MMAP_MODES,
    PQ_SUBQUANTIZERS,
    RERANK,
    Method,
    train_centroids,
)

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = ROOT / "docs" / "bench_search.json"
DEFAULT_PLOT = ROOT / "docs" / "bench_search_latency_recall.png"
# Measuring ---------------------------------------------------------------------------------------


def _status_mb() -> dict[str, float]:
    """Return this process's VmRSS, RssAnon and RssFile in MiB."""
    wanted = {"VmRSS", "RssAnon", "RssFile"}
    values = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in wanted:
            values[key] = int(rest.split()[0]) / 1024
    return values


def probe_memory(spec: dict[str, Any]) -> dict[str, float]:
    """Load one saved index in this (fresh) process and return the memory it added, in MiB."""
    method = METHODS[spec["method"]]
    __import__(method.library)
    if method.library == "faiss":
        import faiss

        faiss.omp_set_num_threads(1)
    queries = np.load(spec["queries"])
    before = _status_mb()
    index = method.load(Path(spec["path"]), spec["mode"])
    loaded = _status_mb()
    method.search(index, queries, spec["k"])
    searched = _status_mb()
    return {
        "rss_mb": round(loaded["VmRSS"] - before["VmRSS"], 1),
        "anon_mb": round(loaded["RssAnon"] - before["RssAnon"], 1),
        "rss_after_queries_mb": round(searched["VmRSS"] - before["VmRSS"], 1),
        "anon_after_queries_mb": round(searched["RssAnon"] - before["RssAnon"], 1),
    }


def measure_memory(method: Method, path: Path, mode: str, queries: Path, k: int) -> dict:
    """Run `probe_memory` in a fresh interpreter so earlier allocations do not pollute RSS."""
    spec = {"method": method.name, "path": str(path), "mode": mode, "queries": str(queries), "k": k}
    done = subprocess.run(
        [sys.executable, "-m", "scripts.bench_search", "--probe", json.dumps(spec)],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])


def time_single(method: Method, index: Any, queries: np.ndarray, k: int) -> tuple[np.ndarray, ...]:
    """Return per-query latencies in ms and the ids found, searching one query at a time."""
    method.search(index, queries[:1], k)  # warm up
    latencies = np.empty(len(queries))
    found = np.empty((len(queries), k), dtype=np.int64)
    for row in range(len(queries)):
        started = time.perf_counter()
        found[row] = method.search(index, queries[row : row + 1], k)[0]
        latencies[row] = (time.perf_counter() - started) * 1000
    return latencies, found


def time_batches(method: Method, index: Any, queries: np.ndarray, k: int) -> float:
    """Return the median time per query, in ms, of searching batches of BATCH queries."""
    times = []
    for start in range(0, len(queries) - BATCH + 1, BATCH):
        started = time.perf_counter()
        method.search(index, queries[start : start + BATCH], k)
        times.append((time.perf_counter() - started) * 1000 / BATCH)
    return float(np.median(times))


def _sweep(method: Method, ctx: dict[str, Any]) -> list[int]:
    if method.knob != "nprobe":
        return list(method.sweep)
    nlist = len(ctx["centroids"])
    return sorted({min(value, nlist) for value in method.sweep})


def _set_threads(count: int) -> None:
    import faiss

    faiss.omp_set_num_threads(count)


def bench_method(
    method: Method, data: dict[str, np.ndarray], ctx: dict[str, Any], args: argparse.Namespace
) -> list[dict[str, Any]]:
    """Build, save, probe and sweep one method on one corpus; return one row per sweep value."""
    vectors, queries, exact = data["vectors"], data["queries"], data["exact"]
    _set_threads(args.build_threads)
    started = time.perf_counter()
    index = method.build(vectors, ctx)
    build_s = time.perf_counter() - started + (ctx["kmeans_s"] if "ivf" in method.name else 0)
    path = ctx["workdir"] / f"{method.name}-{vectors.shape[1]}.index"
    method.save(index, path)
    common = {
        "size": len(vectors),
        "method": method.name,
        "library": method.library,
        "build_s": round(build_s, 2),
        "file_mb": round(path.stat().st_size / 2**20, 1),
        "memory": {
            mode: measure_memory(method, path, mode, ctx["queries_path"], args.k)
            for mode in ("plain", *MMAP_MODES[method.library])
        },
    }
    if "ivf" in method.name:
        common |= {"nlist": len(ctx["centroids"]), "kmeans_s": round(ctx["kmeans_s"], 2)}
    _set_threads(1)
    rows = []
    for value in _sweep(method, ctx):
        method.tune(index, value)
        latencies, found = time_single(method, index, queries, args.k)
        p50, p95, p99 = np.percentile(latencies, [50, 95, 99])
        rows.append(
            common
            | {
                "knob": method.knob,
                "value": value if method.knob else None,
                "p50_ms": round(float(p50), 3),
                "p95_ms": round(float(p95), 3),
                "p99_ms": round(float(p99), 3),
                "batch_ms_per_query": round(time_batches(method, index, queries, args.k), 3),
                "recall": round(recall_at_k(found, exact), 4),
                # Other work on the machine shows in p99 first; keep the load beside the figures.
                "load_average_1m": round(os.getloadavg()[0], 2),
            }
        )
        print(_markdown_row(rows[-1]), flush=True)
    path.unlink()
    return rows


def synthetic_corpus(size: int, args: argparse.Namespace) -> dict[str, np.ndarray]:
    """Draw clustered unit vectors and queries around the same centres."""
    rng = np.random.default_rng(args.seed)
    centres = unit_vectors(rng, args.centres, args.dimension)
    vectors = clustered_vectors(rng, size, centres, args.noise)
    queries = clustered_vectors(rng, args.queries, centres, args.noise)
    about = {"generator": "scripts.bench_index.clustered_vectors"}
    about |= {"centres": args.centres, "noise": args.noise, "seed": args.seed}
    return {"vectors": vectors, "queries": queries, "about": about}


def synthetic_label(args: argparse.Namespace) -> str:
    """Name the synthetic corpus; non-default generator settings get their own name."""
    defaults = _parse_args([])
    if (args.centres, args.noise) == (defaults.centres, defaults.noise):
        return "synthetic"
    return f"synthetic-c{args.centres}-n{args.noise}"


def demo_corpus(count: int, args: argparse.Namespace) -> dict[str, np.ndarray]:
    """Embed demo profiles (the corpus) and demo listings (the queries) with the default model."""
    from matcher.encoder import EncoderConfig, load_encoder
    from web.demo.corpus import generate_listings, generate_profiles

    encoder = load_encoder(EncoderConfig())
    profiles = [
        "\n".join([p["headline"], p.get("summary") or "", ", ".join(p.get("skills", []))])
        for p in generate_profiles(count, args.seed)
    ]
    listings = [
        "\n".join([x["title"], x.get("description") or "", ", ".join(x.get("skills", []))])
        for x in generate_listings(args.queries, args.seed)
    ]
    about = {"model": encoder.name, "corpus": "demo profiles", "queries": "demo listings"}
    about["text"] = "headline, summary, skills / title, description, skills"
    vectors, queries = encoder.encode(profiles), encoder.encode(listings)
    return {"vectors": vectors, "queries": queries, "about": about}


def with_exact(data: dict[str, Any], args: argparse.Namespace) -> dict[str, Any]:
    """Add each query's exact top k, found by a FAISS Flat inner-product search."""
    import faiss

    exact_index = faiss.IndexFlatIP(data["vectors"].shape[1])
    exact_index.add(data["vectors"])
    _set_threads(args.build_threads)
    return data | {"exact": exact_index.search(data["queries"], args.k)[1]}


def bench_corpus(
    label: str, data: dict[str, Any], args: argparse.Namespace, workdir: Path
) -> list[dict[str, Any]]:
    """Benchmark every selected method on one corpus; `data["about"]` describes how it was made."""
    data = with_exact(data, args)
    size = len(data["vectors"])
    ctx: dict[str, Any] = {"workdir": workdir, "build_threads": args.build_threads}
    ctx["queries_path"] = workdir / f"queries-{label}-{size}.npy"
    np.save(ctx["queries_path"], data["queries"])
    if any("ivf" in name for name in args.methods):
        train_centroids(data["vectors"], ctx)
    print(f"\n### {label}, {size:,} vectors\n\n{MARKDOWN_HEADER}", flush=True)
    rows = []
    for name in args.methods:
        tagged = {"corpus": label, "corpus_params": data["about"]}
        rows.extend(tagged | row for row in bench_method(METHODS[name], data, ctx, args))
    ctx["queries_path"].unlink()
    return rows


# Reporting ---------------------------------------------------------------------------------------

MARKDOWN_HEADER = (
    "| method | setting | build s | file MB | RSS MB loaded | mmap: RSS MB loaded / private MB"
    " after queries"
    " | p50 ms | p95 ms | p99 ms | batch ms/q | recall@k |\n"
    "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|"
)


def _markdown_row(row: dict[str, Any]) -> str:
    memory = row["memory"]
    mapped = memory.get("mmap")
    mapped_text = f"{mapped['rss_mb']} / {mapped['anon_after_queries_mb']}" if mapped else "n/a"
    setting = f"{row['knob']}={row['value']}" if row["knob"] else "exact"
    return (
        f"| {row['method']} | {setting} | {row['build_s']} | {row['file_mb']}"
        f" | {memory['plain']['rss_mb']} | {mapped_text} | {row['p50_ms']} | {row['p95_ms']}"
        f" | {row['p99_ms']} | {row['batch_ms_per_query']} | {row['recall']} |"
    )


def _key(row: dict[str, Any]) -> tuple[str, int]:
    return row.get("corpus", "synthetic"), row["size"]


def _corpora(rows: list[dict[str, Any]]) -> list[tuple[str, int]]:
    return sorted({_key(row) for row in rows}, key=lambda key: (key[0] != "synthetic", key))


def markdown_tables(rows: list[dict[str, Any]]) -> str:
    """Return one markdown table per corpus and size."""
    parts = []
    for label, size in _corpora(rows):
        lines = [_markdown_row(row) for row in rows if _key(row) == (label, size)]
        parts.append(f"### {label}, {size:,} vectors\n\n{MARKDOWN_HEADER}\n" + "\n".join(lines))
    return "\n\n".join(parts)


def summarise(rows: list[dict[str, Any]], target: float) -> dict[str, dict[str, Any]]:
    """Return, per corpus and library, the lowest-p99 setting that reaches `target` recall."""
    summary: dict[str, dict[str, Any]] = {}
    for label, size in _corpora(rows):
        best = {}
        for library in ("faiss", "hnswlib", "usearch"):
            good = [
                r for r in rows
                if _key(r) == (label, size) and r["library"] == library and r["recall"] >= target
            ]  # fmt: skip
            if good:
                pick = min(good, key=lambda r: r["p99_ms"])
                best[library] = {
                    key: pick[key]
                    for key in ("method", "knob", "value", "p50_ms", "p99_ms", "recall", "file_mb")
                }
        summary[f"{label}/{size}"] = best
    return summary


def summary_text(summary: dict[str, dict[str, Any]], target: float) -> str:
    """Describe the fastest setting per library that reaches the recall target."""
    lines = [f"\nFastest p99 at recall >= {target}:"]
    for corpus, best in summary.items():
        for library, pick in best.items():
            setting = f"{pick['knob']}={pick['value']}" if pick["knob"] else "exact"
            lines.append(
                f"  {corpus:>18} {library:<8} {pick['method']} {setting}:"
                f" p99 {pick['p99_ms']} ms, p50 {pick['p50_ms']} ms, recall {pick['recall']}"
            )
    return "\n".join(lines)


def plot(rows: list[dict[str, Any]], path: Path, target: float, p99_target: float) -> None:
    """Plot p99 single-query latency against recall for the largest size, one line per method."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = [row for row in rows if _key(row)[0] == "synthetic"] or rows
    size = max(row["size"] for row in rows)
    figure, axes = plt.subplots(figsize=(8, 5.5))
    for name in METHODS:
        # In sweep order, so each line walks from the cheapest setting to the most thorough.
        swept = [r for r in rows if r["size"] == size and r["method"] == name]
        points = [(r["recall"], r["p99_ms"]) for r in swept]
        if points:
            axes.plot(*zip(*points, strict=True), marker="o", label=name)
    axes.axvline(target, color="grey", linestyle=":", linewidth=1)
    axes.axhline(p99_target, color="grey", linestyle=":", linewidth=1)
    axes.set_yscale("log")
    axes.set_xlabel("recall@10 against exact inner-product search")
    axes.set_ylabel("p99 single-query latency, ms (one thread, log scale)")
    axes.set_title(f"{size:,} clustered unit vectors, d={rows[0].get('dimension', 384)}")
    axes.grid(True, which="both", alpha=0.3)
    axes.legend(fontsize=8)
    figure.tight_layout()
    figure.savefig(path, dpi=120)
    plt.close(figure)


def machine() -> dict[str, Any]:
    """Describe the machine, the libraries and the load it ran under."""
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")),
        platform.processor(),
    )  # fmt: skip
    versions = {}
    for package in ("faiss-cpu", "hnswlib", "usearch", "numpy", "matplotlib"):
        try:
            versions[package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            versions[package] = None
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "cpus": len(os.sched_getaffinity(0)),
        "cpu_model": cpu,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "niceness": os.nice(0),
        "load_average": [round(value, 2) for value in os.getloadavg()],
        "versions": versions,
    }


def _setup(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "dimension": args.dimension,
        "queries": args.queries,
        "k": args.k,
        "seed": args.seed,
        "build_threads": args.build_threads,
        "search_threads": 1,
        "batch": BATCH,
        "graph_m": GRAPH_M,
        "ef_construction": EF_CONSTRUCTION,
        "ivf": {
            "nlist": "round(4*sqrt(n)), at most n/39",
            "kmeans": f"spherical, {KMEANS_ITERATIONS} iterations,"
            f" {KMEANS_POINTS_PER_LIST} sampled points per list, shared by the IVF variants",
            "pq_subquantizers": PQ_SUBQUANTIZERS,
            "pq_bits": 8,
            "rerank": RERANK,
        },
        "recall_target": args.target_recall,
        "p99_target_ms": args.target_p99,
    }


def _tagged(row: dict[str, Any], setup: dict[str, Any]) -> dict[str, Any]:
    """Name the corpus of a row from a report that kept the generator settings in its setup."""
    if "corpus" in row:
        return row
    about = {"generator": "scripts.bench_index.clustered_vectors"}
    about |= {key: setup[key] for key in ("centres", "noise", "seed")}
    return {"corpus": "synthetic", "corpus_params": about} | row


def _merged(rows: list[dict[str, Any]], args: argparse.Namespace) -> list[dict[str, Any]]:
    if not (args.merge and args.out.exists()):
        return rows
    old = json.loads(args.out.read_text(encoding="utf-8"))
    setup = _setup(args)
    for key in ("dimension", "queries", "k", "seed"):
        if old["setup"][key] != setup[key]:
            raise SystemExit(f"--merge: {key} differs from {args.out} ({old['setup'][key]})")
    fresh = {(*_key(row), row["method"]) for row in rows}
    kept = [_tagged(row, old["setup"]) for row in old["results"]]
    kept = [row for row in kept if (*_key(row), row["method"]) not in fresh]
    order = {key: rank for rank, key in enumerate(_corpora(kept + rows))}
    return sorted(kept + rows, key=lambda r: (order[_key(r)], list(METHODS).index(r["method"])))


def write_report(rows: list[dict[str, Any]], args: argparse.Namespace, info: dict | None) -> None:
    """Print the tables and summary, draw the plot and, unless `info` is None, write the JSON."""
    summary = summarise(rows, args.target_recall)
    print("\n" + markdown_tables(rows) + "\n" + summary_text(summary, args.target_recall))
    plot(rows, args.plot, args.target_recall, args.target_p99)
    print(f"drew {args.plot}")
    if info is not None:
        report = {"setup": _setup(args), "machine": info, "summary": summary, "results": rows}
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.out}")


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument(
        "--real", type=int, default=0, metavar="N", help="also embed N demo profiles as a corpus"
    )
    parser.add_argument("--methods", nargs="+", choices=list(METHODS), default=list(METHODS))
    parser.add_argument("--dimension", type=int, default=384)
    parser.add_argument("--centres", type=int, default=2000)
    parser.add_argument("--noise", type=float, default=0.03, help="per-coordinate sigma")
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--k", type=int, default=10)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--build-threads", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--target-recall", type=float, default=0.95)
    parser.add_argument("--target-p99", type=float, default=5.0, help="ms, drawn on the plot")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--plot", type=Path, default=DEFAULT_PLOT)
    parser.add_argument(
        "--merge", action="store_true", help="keep rows of --out for sizes/methods not re-run"
    )
    parser.add_argument(
        "--from-json", action="store_true", help="re-render tables and plot from --out, run nothing"
    )
    parser.add_argument("--probe", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and write its JSON report and plot."""
    args = _parse_args(argv)
    if args.probe:
        print(json.dumps(probe_memory(json.loads(args.probe))))
        return 0
    if args.from_json:
        report = json.loads(args.out.read_text(encoding="utf-8"))
        args.target_recall = report["setup"]["recall_target"]
        args.target_p99 = report["setup"]["p99_target_ms"]
        write_report(report["results"], args, None)
        return 0
    info = machine()
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-search-") as tmp:
        workdir = Path(tmp)
        for size in args.sizes:
            data = synthetic_corpus(size, args)
            rows.extend(bench_corpus(synthetic_label(args), data, args, workdir))
        if args.real:
            rows.extend(bench_corpus("demo-minilm", demo_corpus(args.real, args), args, workdir))
    info["load_average_end"] = [round(value, 2) for value in os.getloadavg()]
    if args.merge and args.out.exists():
        old = json.loads(args.out.read_text(encoding="utf-8"))["machine"]
        info["earlier_runs"] = old.pop("earlier_runs", []) + [old]
    write_report(_merged(rows, args), args, info)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
