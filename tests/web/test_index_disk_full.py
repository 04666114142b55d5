"""A disk that fills up while `reindex` writes the index: the old index stays, the error is clear.

The index folder lives on a real, tiny tmpfs that the test fills, so the write fails with a real
ENOSPC (issue 7, item 14). Mounting needs root, which CI has; without it the child re-index runs
under RLIMIT_FSIZE instead, which fails the same write with EFBIG ("File too large"), and the
assertions are the same but for the wording of the operating system's error.
"""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import delete

from matcher.index_store import IndexStore
from web import database
from web.models import Profile
from web.services.importer import import_file

from .records import listing, write_lines
from .test_reindex import corpus_profiles, run

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
# Room left on the full disk: enough for the lock file, far too little for the index.
ROOM = 32 * 1024


@contextlib.contextmanager
def tiny_disk(path: Path) -> Iterator[str]:
    """Mount a 4 MiB tmpfs at `path` and yield "tmpfs", or yield "rlimit" if that is refused."""
    path.mkdir(parents=True, exist_ok=True)
    mount = ["mount", "-t", "tmpfs", "-o", "size=4m,mode=0700", "tmpfs", str(path)]
    if os.geteuid() != 0 or subprocess.run(mount, capture_output=True).returncode != 0:
        yield "rlimit"
        return
    try:
        yield "tmpfs"
    finally:
        subprocess.run(["umount", str(path)], check=True)


def fill(path: Path) -> Path:
    """Fill the file system holding `path` until only ROOM bytes are free; return the filler."""
    filler = path / "filler"
    stat = os.statvfs(path)
    with filler.open("wb") as handle:
        handle.write(b"\0" * max(stat.f_bavail * stat.f_frsize - ROOM, 0))
    return filler


def reindex(app, limit: int | None = None) -> subprocess.CompletedProcess:
    """Run `scripts/reindex.py` on the app's database and home, optionally under RLIMIT_FSIZE."""

    def limit_file_size() -> None:
        # Ignored, SIGXFSZ no longer kills the process: the write fails with EFBIG instead.
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    env = os.environ | {
        "DATABASE_URL": app.config["DATABASE_URL"],
        "TALENT_BRIDGE_HOME": app.config["HOME"],
        "HF_HUB_OFFLINE": "1",
    }
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "reindex.py")],
        env=env,
        capture_output=True,
        text=True,
        preexec_fn=limit_file_size if limit else None,
        timeout=300,
    )


def test_a_full_disk_while_writing_the_index_keeps_the_old_one_and_says_why(app, tmp_path):
    index_root = Path(app.config["INDEX_ROOT"])
    with app.app_context(), database.session_scope() as session:
        import_file(session, "profiles", write_lines(tmp_path / "p.jsonl", corpus_profiles(30)))
        import_file(session, "listings", write_lines(tmp_path / "l.jsonl", [listing()]))
    with tiny_disk(index_root) as how:
        run(app)
        store = IndexStore(index_root / "profiles")
        assert store.current_version() == 1
        before = len(store.load_current())
        # Erasing a person changes the vectors, so the next run writes a new index (no embedding).
        with app.app_context(), database.session_scope() as session:
            session.execute(delete(Profile).where(Profile.external_id == "p-000"))

        filler = fill(index_root) if how == "tmpfs" else None
        failed = reindex(app, limit=ROOM if how == "rlimit" else None)

        reason = "No space left on device" if how == "tmpfs" else "File too large"
        last = failed.stderr.strip().splitlines()[-1]
        assert failed.returncode == 1, failed.stderr
        assert "Traceback" not in failed.stderr
        assert last.startswith("Error: cannot write the profiles index to "), last
        assert reason in last and last.endswith("version 1 is still served"), last
        # The old version is still current and whole; nothing half-written is published or left.
        assert store.current_version() == 1
        assert store.load_current(fallback=False).manifest.version == 1
        assert store.versions() == [1]
        assert [p.name for p in store.root.iterdir() if p.name.startswith("tmp-")] == []

        if filler is not None:
            filler.unlink()
        done = reindex(app)

        assert done.returncode == 0, done.stderr
        assert store.current_version() == 2
        assert len(store.load_current(fallback=False)) < before
