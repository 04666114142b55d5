"""SIGKILL of a running re-index at 20 points spread over a run: nothing lost, the old index serves.

Each round starts `scripts/reindex.py` with every profile pending and kills it at a point drawn
from its own twentieth of a full run's measured length (start-up, model loading, embedding batch
by batch, building, publishing, cleaning up). After every kill the served index must still load
and verify its checksums, no profile may be half embedded, and what was committed stays.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import pytest
from sqlalchemy import select

from matcher.encoder import EncoderConfig, load_encoder
from matcher.index_store import IndexStore
from web import database
from web.models import Profile, SectionVector
from web.services.embeddings import fitted_sections, load_records
from web.services.importer import import_file
from web.services.index_reader import IndexReader

from .records import listing, write_lines
from .test_reindex import corpus_profiles, run

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
PROFILES = 24
KILLS = 20


def reindex_process(app, log) -> subprocess.Popen:
    """Start `scripts/reindex.py` as its own process on the app's database and home."""
    env = os.environ | {
        "DATABASE_URL": app.config["DATABASE_URL"],
        "TALENT_BRIDGE_HOME": app.config["HOME"],
        "TALENT_BRIDGE_REINDEX_BATCH_SIZE": "3",
        "HF_HUB_OFFLINE": "1",
    }
    return subprocess.Popen(
        [sys.executable, str(ROOT / "scripts" / "reindex.py")],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )


def embedded_profiles(app) -> set[str]:
    """Check every profile's vectors are whole; return the external ids of those fully embedded."""
    encoder = load_encoder(EncoderConfig())
    with app.app_context(), database.session_scope() as session:
        rows = session.execute(
            select(
                SectionVector.profile_id, SectionVector.content_hash, SectionVector.section
            ).where(SectionVector.profile_id.is_not(None))
        ).all()
        groups: dict[int, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        for owner, content, section in rows:
            groups[owner][content].add(section)
        profiles = load_records(session, "profiles", list(session.scalars(select(Profile.id))))
        done = set()
        for record in profiles:
            by_hash = groups.get(record.id, {})
            assert len(by_hash) <= 1, f"profile {record.id} has vectors of two texts at once"
            if record.content_hash in by_hash:
                expected = {s.key for s in fitted_sections(record, encoder)}
                assert by_hash[record.content_hash] == expected, "a half-embedded profile"
                done.add(record.external_id)
    assert len(profiles) == PROFILES
    return done


def rewrite(app, tmp_path, round_number: int, external_ids: set[str]) -> None:
    """Change the summary of these profiles so that they need embedding again."""
    changed = [
        record | {"summary": f"Summary {i}, rewritten in round {round_number}."}
        for i, record in enumerate(corpus_profiles(PROFILES))
        if record["external_id"] in external_ids
    ]
    if changed:
        with app.app_context(), database.session_scope() as session:
            import_file(session, "profiles", write_lines(tmp_path / "c.jsonl", changed))


def timed_run(app, tmp_path) -> float:
    """Run a whole re-index as its own process; return how long it took."""
    started = time.monotonic()
    with (tmp_path / "reindex.log").open("ab") as log:
        assert reindex_process(app, log).wait() == 0, (tmp_path / "reindex.log").read_text()
    return time.monotonic() - started


def test_reindex_survives_sigkill_at_random_points(app, tmp_path):
    seed = random.randrange(1_000_000)
    rng = random.Random(seed)
    all_ids = {record["external_id"] for record in corpus_profiles(PROFILES)}
    with app.app_context(), database.session_scope() as session:
        import_file(
            session, "profiles", write_lines(tmp_path / "p.jsonl", corpus_profiles(PROFILES))
        )
        import_file(session, "listings", write_lines(tmp_path / "l.jsonl", [listing()]))
    # A first run publishes version 1; a second, with everything pending again, measures a run.
    timed_run(app, tmp_path)
    store = IndexStore(Path(app.config["INDEX_ROOT"]) / "profiles")
    rewrite(app, tmp_path, 0, all_ids)
    length = timed_run(app, tmp_path)
    served = store.current_version()

    kills: list[float] = []
    progress: list[int] = []
    for round_number in range(1, 2 * KILLS + 1):
        # Every run starts with all profiles pending: those done last time are changed again,
        # the rest are left as the killed run left them and must be resumed.
        rewrite(app, tmp_path, round_number, embedded_profiles(app))
        at = length * (len(kills) + rng.random()) / KILLS
        with (tmp_path / "reindex.log").open("ab") as log:
            process = reindex_process(app, log)
            time.sleep(at)
            finished = process.poll() is not None
            process.send_signal(signal.SIGKILL)
            process.wait()
        # The previous index (or a newer, complete one) still loads, verifies and is served.
        current = store.load_current(fallback=False)
        assert current is not None and len(current) > 0, f"seed {seed}, kill at {at:.2f} s"
        assert current.manifest.version >= served, f"seed {seed}"
        served = current.manifest.version
        assert IndexReader(store.root).current().manifest.version == served
        # Whatever the killed run committed is whole and stays (checked inside).
        done = len(embedded_profiles(app))
        if finished:
            # Runs got faster than the measured one: aim the remaining kills earlier.
            length = at
            continue
        kills.append(round(at, 2))
        progress.append(done)
        if len(kills) == KILLS:
            break
    print(f"seed {seed}: a run takes {length:.1f} s; killed at {kills} s")
    print(f"profiles fully embedded when each run was killed: {progress}")
    assert len(kills) == KILLS, f"seed {seed}: only {len(kills)} runs were killed"

    pending = PROFILES - len(embedded_profiles(app))
    report = run(app)

    assert report.kinds["profiles"].embedded.records == pending, f"seed {seed}"
    assert embedded_profiles(app) == all_ids
    assert store.load_current(fallback=False).manifest.extra["fingerprint"][0] > 0
    assert report.kinds["profiles"].version == store.current_version()
    leftovers = [p.name for p in store.root.iterdir() if p.name.startswith("tmp-")]
    assert leftovers == []
    assert store.versions()[-1] == store.current_version(), "an unfinished publish was left"
