"""The `talent-bridge` command line end to end, run as a user runs it: a separate process."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from .records import listing, profile, write_lines
from .test_reindex import corpus_profiles

pytestmark = pytest.mark.slow

EXECUTABLE = str(Path(sys.executable).with_name("talent-bridge"))


@pytest.fixture()
def tb(app):
    """Return a function running `talent-bridge ARGS` on the test app's database and home."""
    env = os.environ | {
        "DATABASE_URL": app.config["DATABASE_URL"],
        "TALENT_BRIDGE_HOME": app.config["HOME"],
        "HF_HUB_OFFLINE": "1",
    }

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [EXECUTABLE, *args], env=env, capture_output=True, text=True, timeout=300
        )

    return run


def test_import_reindex_match_and_search_as_a_user(tb, tmp_path):
    profiles = write_lines(
        tmp_path / "p.jsonl", [*corpus_profiles(6), profile(external_id="bad", country="Atlantis")]
    )
    listings = write_lines(tmp_path / "l.jsonl", [listing()])

    imported = tb("import", "profiles", str(profiles))
    assert imported.returncode == 1
    assert imported.stdout == ""
    assert "line 7: country: 'Atlantis' is not an ISO 3166-1 alpha-2 country code" in (
        imported.stderr
    )
    assert "6 stored (6 created), 1 rejected" in imported.stderr
    assert tb("import", "listings", str(listings)).returncode == 0

    reindexed = tb("reindex")
    assert reindexed.returncode == 0, reindexed.stderr
    assert reindexed.stdout == ""
    assert "profiles: 6 records embedded" in reindexed.stderr

    matched = tb("match", "listing", "l-backend", "--k", "3", "--json")
    assert matched.returncode == 0, matched.stderr
    results = json.loads(matched.stdout)  # stdout holds the JSON object and nothing else
    assert list(results) == ["l-backend"]
    assert len(results["l-backend"]) == 3
    best = results["l-backend"][0]
    assert best["external_id"] == "p-000"
    assert isinstance(best["score"], float)
    assert {"semantic", "skills", "constraints", "parts"} <= set(best["explanation"])

    both = tb("match", "profile", "p-004", "p-001", "--json", "--k", "1")
    assert both.returncode == 0
    assert list(json.loads(both.stdout)) == ["p-004", "p-001"]

    found = tb("search", "Python payments backend", "--listings", "--json")
    assert found.returncode == 0
    assert json.loads(found.stdout)["Python payments backend"][0]["external_id"] == "l-backend"


def test_unknown_ids_are_errors_but_known_ones_still_answer(tb, tmp_path):
    assert (
        tb("import", "listings", str(write_lines(tmp_path / "l.jsonl", [listing()]))).returncode
        == 0
    )
    tb("import", "profiles", str(write_lines(tmp_path / "p.jsonl", corpus_profiles(2))))

    result = tb("match", "listing", "l-backend", "no-such-listing", "--json")

    assert result.returncode == 1
    assert list(json.loads(result.stdout)) == ["l-backend"]
    assert "no listing with external_id 'no-such-listing'" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["search", "python"], "say what to search: --profiles or --listings"),
        (["search", "  ", "--profiles"], "TEXT is empty"),
        (["match", "listing", "x", "--k", "0"], "0 is not in the range"),
        (["match", "profile"], "Missing argument"),
        (["import", "people", "f.jsonl"], "No such command 'people'"),
    ],
)
def test_bad_arguments_get_a_usage_error(tb, args, message):
    result = tb(*args)

    assert result.returncode == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_a_missing_import_file_is_a_clear_error(tb, tmp_path):
    result = tb("import", "profiles", str(tmp_path / "missing.jsonl"))

    assert result.returncode == 1
    assert "missing.jsonl: no such file" in result.stderr
    assert "Traceback" not in result.stderr


def test_demo_loads_the_corpus_and_builds_the_index(tb):
    demo = tb("demo", "--no-serve", "--profiles", "24", "--listings", "6")

    assert demo.returncode == 0, demo.stderr
    assert "profiles: 24 records embedded" in demo.stderr
    assert "exile@demo.example" in demo.stderr and "host@demo.example" in demo.stderr
    matched = tb("match", "listing", "demo-l-0001", "--json", "--all", "--k", "3")
    assert len(json.loads(matched.stdout)["demo-l-0001"]) == 3


def test_demo_serves_the_app_on_the_given_port(app, tmp_path):
    env = os.environ | {
        "DATABASE_URL": app.config["DATABASE_URL"],
        "TALENT_BRIDGE_HOME": app.config["HOME"],
        "HF_HUB_OFFLINE": "1",
    }
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with (tmp_path / "demo.log").open("wb") as log:
        server = subprocess.Popen(
            [EXECUTABLE, "demo", "--port", str(port), "--profiles", "12", "--listings", "4"],
            env=env,
            stdout=log,
            stderr=log,
        )
        try:
            deadline = time.monotonic() + 240
            status = None
            while time.monotonic() < deadline and server.poll() is None:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as page:
                        status = page.status
                        body = page.read().decode()
                    break
                except OSError:
                    time.sleep(1)
        finally:
            server.terminate()
            server.wait(timeout=30)
    assert status == 200, (tmp_path / "demo.log").read_text()[-2000:]
    assert "Skills that crossed the border" in body
