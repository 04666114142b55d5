"""End to end over HTTP: gunicorn with the production settings, API clients at rising concurrency.

Serves a corpus home built by scripts/bench_match.py or scripts/bench_reindex.py (built here if
the home has none) with gunicorn.conf.py in production mode: a secret key made for the run,
Redis for rate limits (quotas raised as in the load benchmark), one trusted proxy. A host of an
approved organisation gets an API token; locust clients (scripts/bench_web_users.py) then ask,
without pausing, for a listing's matches or a free-text search of the talent pool, for
`--duration` seconds at each concurrency. Prints throughput, p50/p99 latency, errors, and each
worker's memory (resident, proportional and private, from /proc) after each level; writes JSON.
The clients run on the same two cores as the server.

    python -m scripts.bench_web --home /tmp/tb-reindex --concurrency 1 10 50 --duration 60
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from datetime import date
from pathlib import Path

from scripts.bench_load import (
    server_environment,
    server_exceptions,
    server_statuses,
    start_server,
    stop_server,
    wait_until_up,
)
from scripts.bench_match import SEARCH_TEXTS, add_corpus_arguments, open_corpus

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = ROOT / "docs" / "bench_web.json"
HOST_EMAIL = "bench-web-host@load.example"
log = logging.getLogger("bench_web")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Return the command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_corpus_arguments(parser)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 10, 50])
    parser.add_argument("--duration", type=int, default=60, help="seconds at each concurrency")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/12")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    return parser.parse_args(argv)


def host_access(app) -> dict:
    """Give a host of the organisation with most listings an API token; return token, listings."""
    from sqlalchemy import func, select

    from web import database
    from web.models import Listing, Membership, Organization, User, utcnow
    from web.services.api_tokens import issue_token

    with app.app_context(), database.session_scope() as session:
        owner = session.execute(
            select(Listing.organization_id, func.count())
            .group_by(Listing.organization_id)
            .order_by(func.count().desc())
        ).first()[0]
        organization = session.get(Organization, owner)
        organization.approval_status, organization.approved_at = "approved", utcnow()
        user = session.scalar(select(User).where(User.email == HOST_EMAIL))
        if user is None:
            user = User(email=HOST_EMAIL, role="host", password_hash=None)
            session.add(user)
            session.flush()
            session.add(Membership(user_id=user.id, organization_id=owner))
        token = issue_token(session, user, "bench_web")
        listings = list(
            session.scalars(select(Listing.external_id).where(Listing.organization_id == owner))
        )
    return {"token": token, "listings": listings}


def worker_memory(master: int) -> list[dict]:
    """Return each gunicorn worker's resident, proportional, private and anonymous memory in MiB.

    Private counts mapped index pages only this worker has touched yet; anonymous (its heap,
    arrays, caches) does not depend on what the other workers read.
    """
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    workers = []
    for pid in children:
        fields = {}
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
            name, value = line.split(":", 1)
            fields[name] = int(value.split()[0]) / 1024
        workers.append(
            {
                "pid": int(pid),
                "rss_mib": round(fields["Rss"]),
                "pss_mib": round(fields["Pss"]),
                "private_mib": round(fields["Private_Clean"] + fields["Private_Dirty"]),
                "anonymous_mib": round(fields["Anonymous"]),
                # The onnx backend needs no torch to serve: a worker that maps it paid for it.
                "torch_loaded": "libtorch" in Path(f"/proc/{pid}/maps").read_text(),
            }
        )
    return workers


def warm_up(plan: dict, rounds: int) -> None:
    """Load the model and the indexes in every worker before the clock starts (not counted)."""
    headers = {"Authorization": f"Bearer {plan['token']}", "X-Forwarded-Proto": "https"}
    for number in range(rounds):
        listing = plan["listings"][number % len(plan["listings"])]
        query = urllib.parse.urlencode({"kind": "profiles", "q": SEARCH_TEXTS[number % 5]})
        for path in (f"/api/v1/listings/{listing}/matches", f"/api/v1/search?{query}"):
            request = urllib.request.Request(plan["base_url"] + path, headers=headers)
            with urllib.request.urlopen(request, timeout=300) as response:  # nosec B310 # loopback http
                response.read()


def format_table(levels: list[dict]) -> str:
    """Return one markdown row per concurrency and request."""
    lines = [
        "| clients | request | requests | failures | req/s | p50 ms | p99 ms | worker RSS / PSS / "
        "private / anonymous MiB |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for level in levels:
        memory = ", ".join(
            f"{w['rss_mib']} / {w['pss_mib']} / {w['private_mib']} / {w.get('anonymous_mib', '-')}"
            for w in level["workers"]
        )
        for row in level["rows"]:
            lines.append(
                f"| {level['users']} | {row['request']} | {row['requests']} | {row['failures']} |"
                f" {row['rps']:.1f} | {row['p50_ms']:.0f} | {row['p99_ms']:.0f} |"
                f" {memory if row['request'] == 'all' else ''} |"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Serve the corpus, drive each concurrency, print and write the results."""
    logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s")
    args = parse_args(argv)
    app, _ = open_corpus(args)
    plan = host_access(app)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = server_environment(args, app.config["DATABASE_URL"], args.home, port)
    plan |= {
        "base_url": f"http://127.0.0.1:{port}",
        "duration": args.duration,
        "result": str(args.home / "bench-web-result.json"),
    }
    plan_path = args.home / "bench-web-plan.json"
    plan_path.write_text(json.dumps(plan), encoding="utf-8")
    log_path = args.home / "bench-web-gunicorn.log"
    process = start_server(env, log_path)
    levels = []
    try:
        wait_until_up(process, plan["base_url"] + "/pool/healthz", log_path)
        warm_up(plan, rounds=4 * args.workers)
        log_path.write_bytes(b"")  # count only the measured requests
        for users in args.concurrency:
            log.info("%s clients for %s s", users, args.duration)
            subprocess.run(
                [sys.executable, "-m", "scripts.bench_web_users", str(plan_path), str(users)],
                cwd=ROOT,
                check=True,
                timeout=args.duration + 120,
            )
            level = json.loads(Path(plan["result"]).read_text(encoding="utf-8"))
            level["workers"] = worker_memory(process.pid)
            levels.append(level)
            time.sleep(2)
    finally:
        stop_server(process)
    statuses = server_statuses(log_path)
    result = {
        "date": date.today().isoformat(),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}",
        "database": "PostgreSQL" if args.database else "SQLite",
        "gunicorn": {"workers": args.workers, "threads": args.threads},
        "duration_s": args.duration,
        "levels": levels,
        "server_statuses": dict(sorted(statuses.items())),
        "server_exceptions": server_exceptions(log_path),
    }
    print(f"\n{format_table(levels)}\n\nserver statuses: {result['server_statuses']}")
    args.output.write_text(json.dumps(result, indent=2) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
