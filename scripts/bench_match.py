"""In-process match latency: a listing to ranked, explained profiles, through the product's path.

Builds (or reuses, with --home) a corpus as the load benchmark does (scripts/bench_load_corpus.py:
demo records, real vectors for some profiles and reused ones for the rest), builds the indexes with
the real re-indexer, then times `Matcher` queries one at a time, each in its own session as a web
request would be: listing -> profiles, profile -> listings and free-text search. Prints p50/p95/p99
and where the time went (stage totals), and writes JSON.

    python -m scripts.bench_match --profiles 20000 --home /tmp/tb-bench-20k   # build, then time
    python -m scripts.bench_match --home /tmp/tb-bench-20k                    # time again
"""

from __future__ import annotations

import argparse
import functools
import json
import logging
import os
import platform
import random
import time
from collections import defaultdict
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = ROOT / "docs" / "bench_match.json"
# Written in a corpus home once its corpus is built and indexed.
CORPUS_MARKER = "corpus-built.json"
# Stages timed inside a query: Matcher steps and the ranking functions it calls.
MATCHER_STAGES = (
    "_record_vectors",
    "_fresh_ids",
    "_exact_hits",
    "_lexical_scorer",
    "_visible",
    "_judge",
    "_facts_verdicts",
    "_possible_profiles",
    "_docs",
)
# Functions web.services.matching calls by the name it imported them under.
FUNCTIONS = ("index_hits", "rank_profiles", "rank_listings", "rank_for_text")
SEARCH_TEXTS = [
    "Python backend developer, PostgreSQL, payments",
    "историк, архивные исследования, история СССР",
    "investigative journalist, OSINT, data journalism",
    "преподаватель математики, подготовка к экзаменам",
    "machine learning engineer, NLP, PyTorch",
]
log = logging.getLogger("bench_match")


def add_corpus_arguments(parser: argparse.ArgumentParser, profiles_help: str = "") -> None:
    """Add the options naming a benchmark corpus: its home, database and size when built."""
    parser.add_argument("--home", type=Path, required=True, help="corpus home (built if empty)")
    help_text = profiles_help or "profiles when building"
    parser.add_argument("--profiles", type=int, default=20_000, help=help_text)
    parser.add_argument("--listings", type=int, default=300, help="listings when building")
    parser.add_argument("--real-profiles", type=int, default=300, help="profiles embedded for real")
    parser.add_argument("--database", help="database URL (default: SQLite in --home)")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Return the command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_corpus_arguments(parser)
    parser.add_argument("--queries", type=int, default=40, help="queries of each kind")
    parser.add_argument("--k", type=int, default=10)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    return parser.parse_args(argv)


def make_app(args):
    """Return the application on the corpus home and database."""
    from web import create_app

    url = args.database or f"sqlite:///{args.home / 'bench.db'}"
    return create_app({"DATABASE_URL": url, "HOME": str(args.home), "TESTING": False})


def build(app, args) -> dict[str, float]:
    """Import the corpus and index it as the load benchmark does; return the timings."""
    from scripts.bench_load import setup
    from web import database

    # No simulated users: only the records, their vectors and the indexes.
    timings = setup(app, argparse.Namespace(**vars(args), users=0))["timings"]
    with app.app_context():
        engine = database.engine()
        if engine.dialect.name == "postgresql":
            # As after any bulk load (scripts/bench_reindex.py): without statistics the look-up
            # of records changed since the index scanned the whole table (10 ms at 20,000).
            with engine.begin() as connection:
                connection.exec_driver_sql("ANALYZE")
    return timings


def open_corpus(args) -> tuple[object, dict[str, float]]:
    """Return the app on the corpus home and the build timings, building the corpus if new."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    args.home.mkdir(parents=True, exist_ok=True)
    app = make_app(args)
    marker = args.home / CORPUS_MARKER
    if marker.exists():
        return app, {}
    timings = build(app, args)
    marker.write_text(json.dumps(timings) + "\n", "utf-8")
    return app, timings


class StageClock:
    """Adds up the time spent in named functions while queries run."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)

    def wrap(self, name: str, function):
        """Return function, timed under name."""

        @functools.wraps(function)
        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds[name] += time.perf_counter() - started

        return timed


@contextmanager
def timed_stages(clock: StageClock):
    """Time the Matcher's steps and the functions it calls for as long as the block runs."""
    from web.services import matching

    originals = {name: getattr(matching.Matcher, name) for name in MATCHER_STAGES}
    functions = {name: getattr(matching, name) for name in FUNCTIONS}
    for name, function in originals.items():
        setattr(matching.Matcher, name, clock.wrap(name, function))
    for name, function in functions.items():
        setattr(matching, name, clock.wrap(name, function))
    try:
        yield
    finally:
        for name, function in originals.items():
            setattr(matching.Matcher, name, function)
        for name, function in functions.items():
            setattr(matching, name, function)


def percentiles(milliseconds: list[float]) -> dict[str, float]:
    """Return p50, p95, p99 and the mean of latencies in milliseconds."""
    values = np.array(milliseconds)
    return {
        "p50": float(np.percentile(values, 50)),
        "p95": float(np.percentile(values, 95)),
        "p99": float(np.percentile(values, 99)),
        "mean": float(values.mean()),
    }


def time_queries(app, args) -> dict:
    """Run each kind of query, one at a time, and return latencies and stage totals."""
    from sqlalchemy import select

    from web import database
    from web.models import Listing, Profile
    from web.services.matching import Matcher
    from web.services.settings import settings_from_config

    rng = random.Random(7)
    with app.app_context():
        settings = settings_from_config(app.config)
        with database.session_scope() as session:
            listings = list(session.scalars(select(Listing.external_id)))
            profiles = list(session.scalars(select(Profile.external_id).limit(20_000)))
        plans = {
            "listing_to_profiles": [
                ("profiles_for_listing_explained", (i, args.k))
                for i in rng.sample(listings, min(args.queries, len(listings)))
            ],
            "profile_to_listings": [
                ("listings_for_profile_explained", (i, args.k))
                for i in rng.sample(profiles, min(args.queries, len(profiles)))
            ],
            "text_to_profiles": [
                ("search", (SEARCH_TEXTS[n % len(SEARCH_TEXTS)], "profiles", args.k))
                for n in range(args.queries)
            ],
        }
        results = {}
        for name, plan in plans.items():
            # The first query loads the model and maps the index: time it apart.
            with database.session_scope() as session:
                started = time.perf_counter()
                method, call = plan[0]
                getattr(Matcher(session, settings), method)(*call)
                first_ms = (time.perf_counter() - started) * 1000
            clock, latencies = StageClock(), []
            with timed_stages(clock):
                for method, call in plan:
                    with database.session_scope() as session:
                        started = time.perf_counter()
                        getattr(Matcher(session, settings), method)(*call)
                        latencies.append((time.perf_counter() - started) * 1000)
            results[name] = {
                "queries": len(plan),
                "first_ms": first_ms,
                "latency_ms": percentiles(latencies),
                "stage_ms_per_query": {
                    stage: seconds * 1000 / len(plan)
                    for stage, seconds in sorted(clock.seconds.items(), key=lambda i: -i[1])
                },
            }
            log.info("%s: p50 %.1f ms", name, results[name]["latency_ms"]["p50"])
    return results


def corpus_size(app) -> dict[str, int]:
    """Return how many profiles, listings and profile vectors the corpus holds."""
    from web.services.index_reader import reader_for
    from web.services.settings import settings_from_config

    with app.app_context():
        root = settings_from_config(app.config).index_root
        index = reader_for(root / "profiles").current()
        listings = reader_for(root / "listings").current()
        return {
            "profile_vectors": len(index) if index is not None else 0,
            "listing_vectors": len(listings) if listings is not None else 0,
            "profiles": len(set(index.payload_for(index.ids)["records"].tolist())) if index else 0,
        }


def format_table(result: dict) -> str:
    """Return the latencies and the biggest stages as a markdown table."""
    lines = [
        "| query | p50 ms | p95 ms | p99 ms | first ms | where the time went (ms per query) |",
        "|---|---|---|---|---|---|",
    ]
    for name, row in result["queries"].items():
        latency = row["latency_ms"]
        stages = ", ".join(
            f"{stage.strip('_')} {ms:.1f}" for stage, ms in list(row["stage_ms_per_query"].items())
        )
        lines.append(
            f"| {name} | {latency['p50']:.1f} | {latency['p95']:.1f} | {latency['p99']:.1f} |"
            f" {row['first_ms']:.0f} | {stages} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Build the corpus if needed, time the queries, print and write the results."""
    logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s")
    args = parse_args(argv)
    app, timings = open_corpus(args)
    result = {
        "date": date.today().isoformat(),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}",
        "database": "PostgreSQL" if args.database else "SQLite",
        "corpus": corpus_size(app),
        "build_timings": timings,
        "k": args.k,
        "queries": time_queries(app, args),
    }
    table = format_table(result)
    print(f"\ncorpus: {result['corpus']}, database: {result['database']}\n\n{table}")
    args.output.write_text(json.dumps(result, indent=2) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
