"""API clients of the web benchmark, driven by locust as a library (scripts/bench_web.py).

Run as its own process (`python -m scripts.bench_web_users PLAN.json USERS`): importing locust
patches the standard library for gevent. Each user asks, without pausing, for a listing's matches
or a free-text search of the talent pool through the JSON API, with the host's bearer token, as
if behind the TLS proxy (X-Forwarded-Proto https, an address of its own).
"""

from __future__ import annotations

import json
import random
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

import gevent
from locust import constant, task
from locust.contrib.fasthttp import FastHttpUser
from locust.env import Environment

from scripts.bench_match import SEARCH_TEXTS

PLAN: dict = {}
STATUSES: Counter = Counter()


class ApiClient(FastHttpUser):
    """A host's program calling the API in a closed loop."""

    wait_time = constant(0)

    def on_start(self) -> None:
        address = f"198.51.100.{random.randint(1, 254)}"
        self.headers = {
            "Authorization": f"Bearer {PLAN['token']}",
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": address,
        }

    @task
    def listing_matches(self) -> None:
        """A listing's ten best candidates, explained."""
        listing = random.choice(PLAN["listings"])
        self.call(f"/api/v1/listings/{listing}/matches?k=10", "GET listing matches")

    @task
    def search(self) -> None:
        """A free-text search of the talent pool, explained."""
        query = urlencode({"kind": "profiles", "k": 10, "q": random.choice(SEARCH_TEXTS)})
        self.call(f"/api/v1/search?{query}", "GET search")

    def call(self, path: str, name: str) -> None:
        """GET path; anything but 200 counts as a failure."""
        with self.client.get(path, name=name, headers=self.headers, catch_response=True) as reply:
            STATUSES[reply.status_code] += 1
            if reply.status_code != 200:
                reply.failure(f"status {reply.status_code}")


def drive(plan: dict, users: int) -> dict:
    """Run `users` clients for the plan's duration; return throughput and latency by request."""
    PLAN.update(plan)
    environment = Environment(user_classes=[ApiClient], host=plan["base_url"], stop_timeout=60)
    runner = environment.create_local_runner()
    runner.start(users, spawn_rate=users)
    gevent.spawn_later(plan["duration"], runner.quit)
    runner.greenlet.join()
    rows = []
    entries = sorted(environment.stats.entries.items()) + [(("all", ""), environment.stats.total)]
    for (name, _method), entry in entries:
        rows.append(
            {
                "request": name,
                "requests": entry.num_requests,
                "failures": entry.num_failures,
                "rps": round(entry.total_rps, 2),
                "p50_ms": entry.get_response_time_percentile(0.5),
                "p99_ms": entry.get_response_time_percentile(0.99),
            }
        )
    return {"users": users, "rows": rows, "statuses": {str(k): v for k, v in STATUSES.items()}}


def main(argv: list[str] | None = None) -> int:
    """Read the plan, run the clients, write the statistics where the plan says."""
    path, users = (argv or sys.argv[1:])[:2]
    plan = json.loads(Path(path).read_text(encoding="utf-8"))
    result = drive(plan, int(users))
    Path(plan["result"]).write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
