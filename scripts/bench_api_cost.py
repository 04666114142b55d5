"""What one JSON API request costs in process: CPU and SQL statements, without HTTP or a load tool.

Serves a corpus home built by scripts/bench_match.py (built here if new) through Flask's test
client with the web benchmark's quotas and host: half the requests ask for a listing's 10 best
candidates, half search the talent pool, as scripts/bench_web.py's clients do. After a warm-up,
with the heap settled as a gunicorn worker's is, times `--requests` requests one after another
and prints the SQL statements each kind sent on average, this process's CPU and the whole
machine's busy time per request, which includes the database's. Timings move with
the machine: compare two commits back to back (run each from its own worktree).

    python -m scripts.bench_api_cost --home /tmp/tb-bench-20k --database URL --requests 400
"""

from __future__ import annotations

import argparse
import json
import os
import random
import time
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

from sqlalchemy import event

from scripts.bench_load import RUN_SETTINGS
from scripts.bench_match import SEARCH_TEXTS, add_corpus_arguments, open_corpus
from scripts.bench_web import host_access

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = ROOT / "docs" / "bench_api_cost.json"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Return the command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_corpus_arguments(parser)
    parser.add_argument("--requests", type=int, default=400, help="requests timed")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)
    if args.requests < 2:
        parser.error("--requests must be at least 2")
    return args


def machine_busy_ticks() -> int:
    """Return the clock ticks all CPUs of the machine spent busy (not idle, not waiting on I/O)."""
    with open("/proc/stat", encoding="ascii") as stat:
        ticks = [int(value) for value in stat.readline().split()[1:]]
    return sum(ticks) - ticks[3] - ticks[4]


def request_paths(listings: list[str], count: int) -> list[str]:
    """Return `count` API paths, listing matches and searches in turn, the same every run."""
    chosen = random.Random(1)
    paths = []
    for number in range(count):
        if number % 2 == 0:
            paths.append(f"/api/v1/listings/{chosen.choice(listings)}/matches?k=10")
        else:
            query = {"kind": "profiles", "k": 10, "q": chosen.choice(SEARCH_TEXTS)}
            paths.append(f"/api/v1/search?{urlencode(query)}")
    return paths


class StatementCounter:
    """Counts the SQL statements the engine sends, by the kind of request under way."""

    def __init__(self, engine) -> None:
        self.engine, self.kind = engine, ""
        self.counts: dict[str, int] = {}

    def __enter__(self) -> StatementCounter:
        event.listen(self.engine, "before_cursor_execute", self.note)
        return self

    def __exit__(self, *_exc) -> None:
        event.remove(self.engine, "before_cursor_execute", self.note)

    def note(self, *_args) -> None:
        """Count one statement against the current request's kind."""
        self.counts[self.kind] = self.counts.get(self.kind, 0) + 1


def kind_of(path: str) -> str:
    """Return the name of the request a path makes."""
    return "search" if path.startswith("/api/v1/search") else "listing matches"


def get(client, path: str, headers: dict) -> None:
    """GET an API path; anything but 200 stops the run."""
    reply = client.get(path, headers=headers)
    if reply.status_code != 200:
        raise SystemExit(f"{path}: status {reply.status_code}: {reply.get_data(as_text=True)}")


def main(argv: list[str] | None = None) -> int:
    """Warm up, count statements, time the requests, print and write the result."""
    from web import database
    from web.heap import settle

    args = parse_args(argv)
    os.environ.update(RUN_SETTINGS)
    app, _ = open_corpus(args)
    plan = host_access(app)
    client = app.test_client()
    headers = {"Authorization": f"Bearer {plan['token']}"}
    paths = request_paths(plan["listings"], args.requests)
    for path in paths[:20]:
        get(client, path, headers)
    settle()
    with app.app_context():
        engine = database.engine()
    ticks_per_second = os.sysconf("SC_CLK_TCK")
    with StatementCounter(engine) as counter:
        busy, cpu, wall = machine_busy_ticks(), time.process_time(), time.perf_counter()
        for path in paths:
            counter.kind = kind_of(path)
            get(client, path, headers)
        busy, cpu = machine_busy_ticks() - busy, time.process_time() - cpu
        wall = time.perf_counter() - wall
    asked = {kind: sum(kind_of(path) == kind for path in paths) for kind in counter.counts}
    statements = {kind: round(counter.counts[kind] / asked[kind], 1) for kind in sorted(asked)}
    per_request = 1000 / args.requests
    result = {
        "date": date.today().isoformat(),
        "database": "PostgreSQL" if args.database else "SQLite",
        "requests": args.requests,
        "statements_per_request": statements,
        "process_cpu_ms": round(cpu * per_request, 1),
        "machine_busy_ms": round(busy / ticks_per_second * per_request, 1),
        "wall_ms": round(wall * per_request, 1),
    }
    print(
        "| per request | listing matches statements | search statements | process CPU ms |"
        " machine busy ms | wall ms |\n|---|--:|--:|--:|--:|--:|\n"
        f"| {args.requests} requests | {statements['listing matches']} |"
        f" {statements['search']} | {result['process_cpu_ms']} | {result['machine_busy_ms']} |"
        f" {result['wall_ms']} |"
    )
    args.output.write_text(json.dumps(result, indent=2) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
