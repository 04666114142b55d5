"""IVF probes against recall on a served profiles index: what `ivf_nprobe` costs and finds.

Takes the profiles index a corpus home serves (built by scripts/bench_reindex.py) and real
queries: the section vectors of stored listings, and free texts embedded by the product's model.
For each nprobe it times the search the matcher makes (every query row, the 200 nearest vectors,
one thread) and compares the records found with an exhaustive search (every list probed).

Records are compared by score, not id: the big corpora copy profiles, so tens of records share
each best score. Recall@k is the share of the approximate top k whose score reaches the exact
k-th score.

    python -m scripts.bench_nprobe --home /tmp/tb1m --database postgresql+psycopg://…/bench1m
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import date
from pathlib import Path

import numpy as np

from scripts.bench_match import SEARCH_TEXTS, make_app, percentiles

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = ROOT / "docs" / "bench_nprobe.json"
POOL = 200  # vectors a query row asks for, as Matcher._candidates starts with for k=10
RECALL_AT = (10, 50)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Return the command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, required=True, help="corpus home with an index")
    parser.add_argument("--database", help="database URL (default: SQLite in --home)")
    parser.add_argument("--listings", type=int, default=40, help="listings used as queries")
    parser.add_argument("--nprobe", type=int, nargs="+", default=[8, 16, 24, 32, 48, 64])
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    return parser.parse_args(argv)


def query_sets(app, listings: int) -> list[np.ndarray]:
    """Return the queries: each listing's stored section vectors, then each embedded text."""
    import random

    from sqlalchemy import select

    from matcher.encoder import load_encoder
    from web import database
    from web.models import Listing
    from web.services.embeddings import vectors_by_record
    from web.services.settings import settings_from_config

    settings = settings_from_config(app.config)
    with app.app_context(), database.session_scope() as session:
        ids = list(session.scalars(select(Listing.id).order_by(Listing.id)))
        picked = random.Random(7).sample(ids, min(listings, len(ids)))
        stored = vectors_by_record(session, "listings", settings.encoder.model, picked)
    queries = [np.stack([vector for _, vector in rows]) for rows in stored.values()]
    encoder = load_encoder(settings.encoder)
    return queries + [encoder.encode([text]) for text in SEARCH_TEXTS]


def best_scores(index, scores: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """Return each record's best score among the hits of all query rows, best first."""
    valid = ids >= 0
    records = index.payload_for(ids[valid])["records"]
    best: dict[int, float] = {}
    for record, score in zip(records.tolist(), scores[valid].tolist(), strict=True):
        best[record] = max(score, best.get(record, -np.inf))
    return np.sort(np.fromiter(best.values(), dtype=np.float64))[::-1]


def recall_by_score(found: np.ndarray, exact: np.ndarray, k: int) -> float:
    """Return the share of the found top k whose score reaches the exact k-th score."""
    if len(exact) < k:
        return 1.0
    return float(np.sum(found[:k] >= exact[k - 1] - 1e-6)) / k


def exhaustive(ivf, rows: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Return the exact top-k scores and ids of every query row, reading each list once.

    Probing every list per query reads the whole index once a row: from a 10 GB mapped file
    that is not all in memory, an hour for a hundred rows.
    """
    import faiss

    best_scores = np.full((len(rows), k), -np.inf, dtype=np.float32)
    best_ids = np.full((len(rows), k), -1, dtype=np.int64)
    lists = ivf.invlists
    for number in range(ivf.nlist):
        size = lists.list_size(number)
        if not size:
            continue
        codes = faiss.rev_swig_ptr(lists.get_codes(number), size * ivf.code_size)
        vectors = np.frombuffer(codes, dtype=np.float32).reshape(size, ivf.d)
        ids = faiss.rev_swig_ptr(lists.get_ids(number), size).copy()
        scores = np.concatenate([best_scores, rows @ vectors.T], axis=1)
        merged_ids = np.concatenate([best_ids, np.broadcast_to(ids, (len(rows), size))], axis=1)
        top = np.argpartition(-scores, k - 1, axis=1)[:, :k]
        best_scores = np.take_along_axis(scores, top, axis=1)
        best_ids = np.take_along_axis(merged_ids, top, axis=1)
    return best_scores, best_ids


def sweep(index, queries: list[np.ndarray], probes: list[int]) -> list[dict]:
    """Time the searches at each nprobe and compare their records with exhaustive search."""
    import faiss

    ivf = faiss.extract_index_ivf(index.faiss_index)
    rows = np.concatenate(queries).astype(np.float32)
    scores, ids = exhaustive(ivf, rows, POOL)
    ends = np.cumsum([len(q) for q in queries])
    exact = [
        best_scores(index, scores[end - len(q) : end], ids[end - len(q) : end])
        for q, end in zip(queries, ends, strict=True)
    ]
    results = []
    for nprobe in probes:
        ivf.nprobe = nprobe
        for query in queries:
            index.search(query, POOL)  # bring the lists each query reads into memory
        latencies, recalls = [], {k: [] for k in RECALL_AT}
        for query, truth in zip(queries, exact, strict=True):
            started = time.perf_counter()
            found_scores, found_ids = index.search(query, POOL)
            latencies.append((time.perf_counter() - started) * 1000)
            found = best_scores(index, found_scores, found_ids)
            for k in RECALL_AT:
                recalls[k].append(recall_by_score(found, truth, k))
        results.append(
            {"nprobe": nprobe, "latency_ms": percentiles(latencies)}
            | {f"recall@{k}": float(np.mean(values)) for k, values in recalls.items()}
            | {f"min_recall@{k}": float(np.min(values)) for k, values in recalls.items()}
        )
    return results


def main(argv: list[str] | None = None) -> int:
    """Sweep nprobe on the served profiles index; print and write the table."""
    import faiss

    from matcher.index_store import IndexStore
    from web.services.settings import settings_from_config

    args = parse_args(argv)
    app = make_app(argparse.Namespace(home=args.home, database=args.database))
    settings = settings_from_config(app.config)
    queries = query_sets(app, args.listings)
    index = IndexStore(settings.index_root / "profiles").load_current(mmap=True, verify=False)
    faiss.omp_set_num_threads(1)
    rows = sweep(index, queries, args.nprobe)
    ivf = faiss.extract_index_ivf(index.faiss_index)
    lines = [
        f"{len(index):,} vectors, {ivf.nlist:,} lists; {len(queries)} queries "
        f"({len(queries) - len(SEARCH_TEXTS)} listings, {len(SEARCH_TEXTS)} texts), "
        f"{POOL} nearest vectors a row",
        "",
        "| nprobe | p50 ms | p99 ms | recall@10 | min | recall@50 | min |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        lat = row["latency_ms"]
        lines.append(
            f"| {row['nprobe']} | {lat['p50']:.2f} | {lat['p99']:.2f} | "
            f"{row['recall@10']:.4f} | {row['min_recall@10']:.2f} | "
            f"{row['recall@50']:.4f} | {row['min_recall@50']:.2f} |"
        )
    print("\n".join(lines))
    result = {
        "date": date.today().isoformat(),
        "vectors": len(index),
        "nlist": ivf.nlist,
        "queries": {"listings": len(queries) - len(SEARCH_TEXTS), "texts": len(SEARCH_TEXTS)},
        "pool": POOL,
        "rows": rows,
    }
    args.output.write_text(json.dumps(result, indent=2) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
