"""Production serving: gunicorn workers switch to a new index without dropping a request, the
access log holds no personal data, and nothing loads the model before a worker needs it."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from web import database
from web.services.importer import import_file
from web.services.reindex import Reindexer
from web.services.settings import settings_from_config

from .records import listing, write_lines
from .test_reindex import corpus_profiles

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("torch", "sentence_transformers", "transformers")


def test_creating_the_app_and_serving_health_do_not_import_torch(tmp_path):
    code = f"""
import json, sys
import web
app = web.create_app({{"TESTING": True, "HOME": {str(tmp_path)!r}}})
statuses = [app.test_client().get(path).status_code for path in ("/login", "/pool/healthz")]
import web.wsgi
statuses.append(web.wsgi.app.test_client().get("/pool/healthz").status_code)
print(json.dumps({{"statuses": statuses, "heavy": [m for m in {HEAVY!r} if m in sys.modules]}}))
"""
    env = os.environ | {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}",
        "TALENT_BRIDGE_HOME": str(tmp_path),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }

    result = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1]) == {"statuses": [200, 200, 200], "heavy": []}


# Gunicorn, end to end ------------------------------------------------------------------------


def reindex(app) -> None:
    """Run one re-index of the app's database."""
    with app.app_context():
        Reindexer(database.session_factory(), settings_from_config(app.config)).run()


def free_port() -> int:
    """Return a loopback port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str) -> tuple[int, bytes]:
    """Return the status and body of a GET, bounded in time."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def start_gunicorn(app, port: int, log) -> subprocess.Popen:
    """Start scripts/serve.sh on the app's database and home, in its own process group."""
    env = os.environ | {
        "DATABASE_URL": app.config["DATABASE_URL"],
        "TALENT_BRIDGE_HOME": app.config["HOME"],
        "TALENT_BRIDGE_BIND": f"127.0.0.1:{port}",
        "TALENT_BRIDGE_WORKERS": "2",
        "TALENT_BRIDGE_SECRET_KEY": "serving-test-secret-of-at-least-32-bytes",
        "VIRTUAL_ENV": sys.prefix,
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
        # The tree under test, not whatever an installed copy points at.
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    return subprocess.Popen(
        [str(ROOT / "scripts" / "serve.sh")],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop(process: subprocess.Popen) -> None:
    """Stop gunicorn and its workers: politely, then for good."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def wait_until_up(process: subprocess.Popen, url: str, log_path: Path) -> dict:
    """Return the first health answer, failing if gunicorn dies or takes over a minute."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, log_path.read_text()
        try:
            status, body = get(url)
        except OSError:
            time.sleep(0.2)
            continue
        assert status == 200, body
        return json.loads(body)
    pytest.fail("gunicorn did not answer within a minute:\n" + log_path.read_text())


class Poller(threading.Thread):
    """Requests pages in a loop, recording each status and the profile index version seen."""

    def __init__(self, base: str) -> None:
        super().__init__(daemon=True)
        self.base, self.seen, self.failures = base, [], []
        self.halt = threading.Event()

    def run(self) -> None:
        while not self.halt.is_set():
            for path in ("/pool/healthz", "/"):
                try:
                    status, body = get(self.base + path)
                except OSError as error:
                    self.failures.append(f"{path}: {error}")
                    continue
                if status != 200:
                    self.failures.append(f"{path}: {status}")
                elif path == "/pool/healthz":
                    self.seen.append(json.loads(body)["index_versions"]["profiles"])

    def wait_for(self, version: int, in_a_row: int, timeout: float) -> bool:
        """Return True once the last `in_a_row` answers all report `version`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            last = self.seen[-in_a_row:]
            if len(last) == in_a_row and set(last) == {version}:
                return True
            time.sleep(0.05)
        return False


def process_maps(pid: int) -> str:
    """Return the shared libraries a process has mapped (Linux)."""
    return Path(f"/proc/{pid}/maps").read_text()


@pytest.mark.slow
def test_gunicorn_workers_switch_to_a_new_index_without_dropping_requests(app, tmp_path):
    with app.app_context(), database.session_scope() as session:
        import_file(session, "profiles", write_lines(tmp_path / "p.jsonl", corpus_profiles(6)))
        import_file(session, "listings", write_lines(tmp_path / "l.jsonl", [listing()]))
    reindex(app)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log_path = tmp_path / "gunicorn.log"
    poller = None
    with log_path.open("wb") as log:
        process = start_gunicorn(app, port, log)
        try:
            first = wait_until_up(process, base + "/pool/healthz", log_path)
            assert first == {"status": "ok", "index_versions": {"profiles": 1, "listings": 1}}
            poller = Poller(base)
            poller.start()
            assert poller.wait_for(1, in_a_row=10, timeout=30), poller.failures

            changed = corpus_profiles(6)[2] | {"summary": "An entirely different summary."}
            with app.app_context(), database.session_scope() as session:
                import_file(session, "profiles", write_lines(tmp_path / "c.jsonl", [changed]))
            reindex(app)

            # Readers look at CURRENT at most once a second; both workers must have switched.
            switched = poller.wait_for(2, in_a_row=20, timeout=10)
            poller.halt.set()
            poller.join(timeout=20)
            assert switched, f"still serving version 1: {poller.seen[-20:]}"
            assert poller.failures == []
            status, body = get(base + "/pool/healthz?email=secret-canary@example.org")
            assert json.loads(body)["index_versions"] == {"profiles": 2, "listings": 1}

            if Path("/proc/self/maps").exists():
                workers = [
                    int(pid) for pid in re.findall(rb"worker (\d+) started", log_path.read_bytes())
                ]
                assert len(workers) == 2
                master = process_maps(process.pid)
                assert "libtorch" not in master and "faiss" not in master
                for pid in workers:
                    assert "libtorch" not in process_maps(pid)
        finally:
            if poller is not None:
                poller.halt.set()
            stop(process)
    logged = log_path.read_text()
    assert re.search(r"^GET /pool/healthz 200 \d+\.\d+$", logged, re.M), logged
    assert "secret-canary" not in logged and "127.0.0.1 -" not in logged
