"""Simulated users of the load benchmark, driven by locust as a library (scripts/bench_load.py).

Run as its own process (`python -m scripts.bench_load_users PLAN.json`): importing locust patches
the standard library for gevent, which the benchmark's setup and checks must not run under.

The server sits behind a stand-in for the TLS proxy: every request says X-Forwarded-Proto https
and comes from its own X-Forwarded-For address (PROXY_COUNT=1), and the client sends the Secure
session cookie over the loopback as a browser does over HTTPS (bench_load.as_if_https).
"""

from __future__ import annotations

import json
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

import gevent
from locust import HttpUser, between, task
from locust.env import Environment

from scripts.bench_load import CSRF, as_if_https

# One organisation: a hidden field; several: a select, whose first option is taken.
ORGANIZATION = re.compile(
    r'name="organization_id"(?: value="(\d+)"|[^>]*>\s*<option[^>]*value="(\d+)")'
)
QUERIES = (
    "Python backend engineer, payments",
    "investigative journalist, data",
    "machine learning researcher, NLP",
    "mathematics teacher, olympiad",
    "product designer, mobile apps",
    "theatre director",
    "DevOps, Kubernetes, Terraform",
    "economist, public policy",
    "documentary film editor",
    "frontend React TypeScript",
)
PLAN: dict = {}
FIVE_XX: Counter = Counter()
STATUSES: dict[str, Counter] = defaultdict(Counter)
CONTACTS_SENT = Counter()
STOP_TIMEOUT_S = 240


class SignedIn(HttpUser):
    """A person who signs in once through the real form, then clicks around."""

    abstract = True
    wait_time = between(1, 3)
    pool: list[dict] = []

    def on_start(self) -> None:
        self.account = type(self).pool.pop()
        address = f"198.51.100.{random.randint(1, 254)}"
        self.client.headers.update({"X-Forwarded-Proto": "https", "X-Forwarded-For": address})
        self.post_form(
            "/login",
            {"email": self.account["email"], "password": self.account["password"]},
            name="POST /login",
        )

    def referer(self, path: str) -> dict[str, str]:
        """Return the same-origin Referer a browser sends over HTTPS (see the doc's finding)."""
        return {"Referer": self.host.replace("http://", "https://", 1) + path}

    def fetch(self, path: str, name: str, expect: int = 200, **options):
        """GET without following redirects; anything but `expect` counts as a failure."""
        as_if_https(self.client.cookies)
        with self.client.get(
            path, name=name, allow_redirects=False, catch_response=True, **options
        ) as response:
            if response.status_code != expect:
                response.failure(f"status {response.status_code}")
            return response

    def post_form(self, path: str, data: dict, *, name: str, expect: int = 302):
        """GET the page with the form, then POST it with its CSRF token."""
        form = self.fetch(path, f"GET {path}")
        token = CSRF.search(form.text)
        as_if_https(self.client.cookies)
        with self.client.post(
            path,
            data={**data, "csrf_token": token.group(1) if token else ""},
            headers=self.referer(path),
            name=name,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != expect:
                response.failure(f"status {response.status_code}")
            return response


class Exile(SignedIn):
    """Browses their pages and matches; edits the profile through the JSON API."""

    fixed_count = 0

    def on_start(self) -> None:
        super().on_start()
        response = self.client.post(
            "/api/v1/tokens",
            json={
                "email": self.account["email"],
                "password": self.account["password"],
                "name": "load",
            },
            name="POST /api/v1/tokens",
        )
        self.token = response.json().get("token", "") if response.ok else ""
        self.edits = 0

    @task(3)
    def browse(self) -> None:
        path = random.choice(("/me/profile", "/me/profile/preview", "/me/contact-requests", "/"))
        self.fetch(path, f"GET {path}")

    @task(3)
    def matches(self) -> None:
        self.fetch("/me/matches", "GET /me/matches")

    @task(1)
    def edit_profile(self) -> None:
        auth = {"Authorization": f"Bearer {self.token}"}
        current = self.client.get("/api/v1/profile", headers=auth, name="GET /api/v1/profile")
        if not current.ok:
            return
        record = current.json()
        record.pop("external_id", None)
        self.edits += 1
        summary = re.sub(r" \(edit \d+\)$", "", record.get("summary") or "")
        record["summary"] = f"{summary} (edit {self.edits})"
        self.client.put("/api/v1/profile", json=record, headers=auth, name="PUT /api/v1/profile")


class Host(SignedIn):
    """Searches, reads candidates of their listings, opens cards and asks for contact."""

    fixed_count = 0

    @task(4)
    def search(self) -> None:
        query = random.choice(QUERIES)
        self.fetch("/host/search", "GET /host/search", params={"q": query})

    @task(3)
    def candidates(self) -> None:
        listing = random.choice(self.account["listings"])
        self.fetch(f"/host/listings/{listing}/candidates", "GET /host/listings/[id]/candidates")

    @task(2)
    def browse(self) -> None:
        path = random.choice(("/host/listings", "/host/contact-requests", "/pool"))
        self.fetch(path, f"GET {path}")

    @task(1)
    def contact(self) -> None:
        person = random.choice(PLAN["contactable"])
        page = f"/host/talent/{person}"
        card = self.fetch(page, "GET /host/talent/[id]")
        organization = ORGANIZATION.search(card.text)
        token = CSRF.search(card.text)
        if not (card.ok and organization and token):
            return
        as_if_https(self.client.cookies)
        CONTACTS_SENT["attempted"] += 1
        with self.client.post(
            f"{page}/contact",
            data={
                "csrf_token": token.group(1),
                "organization_id": organization.group(1) or organization.group(2),
                "listing_id": "0",
                "purpose": "We run a fellowship for people in your field and would like to talk "
                "about a position that fits your experience.",
            },
            headers=self.referer(page),
            name="POST /host/talent/[id]/contact",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code == 302:
                CONTACTS_SENT["sent"] += 1
            elif response.status_code == 422 and "already has a request" in response.text:
                response.success()  # the organisation asked this person before: a fair answer
            else:
                response.failure(f"status {response.status_code}")


def record(request_type, name, response_time, response_length, response, exception, **_):
    """Count every status per route, and the 5xx apart."""
    status = getattr(response, "status_code", 0) or 0
    STATUSES[name][str(status)] += 1
    if status >= 500:
        FIVE_XX[name] += 1


def drive(plan: dict) -> dict:
    """Run the simulated users against the server; return per-route statistics."""
    Exile.pool = list(plan["exiles"])
    Host.pool = list(plan["hosts"])
    Exile.fixed_count, Host.fixed_count = len(Exile.pool), len(Host.pool)
    PLAN.update(plan)
    # When time is up, users finish the request in flight (a contact request the server stored
    # but the client never saw answered would otherwise make the count check fail).
    environment = Environment(
        user_classes=[Exile, Host], host=plan["base_url"], stop_timeout=STOP_TIMEOUT_S
    )
    environment.events.request.add_listener(record)
    runner = environment.create_local_runner()
    users = len(Exile.pool) + len(Host.pool)
    runner.start(users, spawn_rate=plan["spawn_rate"])
    gevent.spawn_later(plan["duration"], runner.quit)
    runner.greenlet.join()
    routes = []
    for (name, _method), entry in sorted(environment.stats.entries.items()):
        routes.append(
            {
                "route": name,
                "requests": entry.num_requests,
                "failures": entry.num_failures,
                "5xx": FIVE_XX[name],
                "p50_ms": entry.get_response_time_percentile(0.5),
                "p99_ms": entry.get_response_time_percentile(0.99),
                "statuses": dict(STATUSES[name]),
            }
        )
    total = environment.stats.total
    return {
        "routes": routes,
        "total": {
            "route": "all",
            "requests": total.num_requests,
            "failures": total.num_failures,
            "5xx": sum(FIVE_XX.values()),
            "p50_ms": total.get_response_time_percentile(0.5),
            "p99_ms": total.get_response_time_percentile(0.99),
            "rps": round(total.total_rps, 2),
        },
        "contact_requests_sent": CONTACTS_SENT["sent"],
        "contact_requests_attempted": CONTACTS_SENT["attempted"],
        "errors": [
            {"route": error.name, "error": str(error.error), "count": error.occurrences}
            for error in environment.stats.errors.values()
        ],
    }


def main(argv: list[str] | None = None) -> int:
    """Read the plan, run the users, write the statistics next to the plan."""
    path = Path((argv or sys.argv[1:])[0])
    plan = json.loads(path.read_text(encoding="utf-8"))
    result = drive(plan)
    Path(plan["result"]).write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
