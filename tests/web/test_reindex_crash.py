"""SIGKILL of a running re-index at random points: nothing lost, the old index serves on."""

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

from .records import listing, write_lines
from .test_reindex import corpus_profiles, run

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
PROFILES = 120
KILLS = 8


def reindex_process(app, log) -> subprocess.Popen:
    """Start `scripts/reindex.py` as its own process on the app's database and home."""
    env = os.environ | {
        "DATABASE_URL": app.config["DATABASE_URL"],
        "TALENT_BRIDGE_HOME": app.config["HOME"],
        "TALENT_BRIDGE_REINDEX_BATCH_SIZE": "4",
        "HF_HUB_OFFLINE": "1",
    }
    return subprocess.Popen(
        [sys.executable, str(ROOT / "scripts" / "reindex.py")],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )


def embedded_state(app) -> dict[str, int]:
    """Check every record's vectors are whole; return how many records are fully embedded."""
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
        done = 0
        for record in profiles:
            by_hash = groups.get(record.id, {})
            assert len(by_hash) <= 1, f"profile {record.id} has vectors of two texts at once"
            if record.content_hash in by_hash:
                expected = {s.key for s in fitted_sections(record, encoder)}
                assert by_hash[record.content_hash] == expected, "a half-embedded profile"
                done += 1
    return {"done": done, "total": len(profiles)}


def rewrite(app, tmp_path, round_number: int) -> None:
    """Change every profile's summary so all of them need embedding again."""
    changed = [
        record | {"summary": f"Summary {i}, rewritten in round {round_number}."}
        for i, record in enumerate(corpus_profiles(PROFILES))
    ]
    with app.app_context(), database.session_scope() as session:
        import_file(session, "profiles", write_lines(tmp_path / "c.jsonl", changed))


def test_reindex_survives_sigkill_at_random_points(app, tmp_path):
    seed = random.randrange(1_000_000)
    rng = random.Random(seed)
    with app.app_context(), database.session_scope() as session:
        import_file(
            session, "profiles", write_lines(tmp_path / "p.jsonl", corpus_profiles(PROFILES))
        )
        import_file(session, "listings", write_lines(tmp_path / "l.jsonl", [listing()]))
    run(app)
    store = IndexStore(Path(app.config["INDEX_ROOT"]) / "profiles")
    rewrite(app, tmp_path, 0)
    assert embedded_state(app) == {"done": 0, "total": PROFILES}

    progress = []
    for kill in range(1, KILLS + 1):
        with (tmp_path / "reindex.log").open("ab") as log:
            process = reindex_process(app, log)
            # About 5 s go to start-up and model loading, then about 5 s to embedding.
            time.sleep(rng.uniform(3.0, 12.0))
            process.send_signal(signal.SIGKILL)
            process.wait()
        # The previous index (or a newer, complete one) still loads and verifies.
        current = store.load_current(fallback=False)
        assert current is not None and len(current) > 0, f"seed {seed}"
        done = embedded_state(app)["done"]
        progress.append(done)
        if done == PROFILES:
            rewrite(app, tmp_path, kill)  # keep work pending for the next kill
    print(f"seed {seed}: profiles fully embedded when each run was killed: {progress}")

    pending = PROFILES - embedded_state(app)["done"]
    report = run(app)

    assert report.kinds["profiles"].embedded.records == pending, f"seed {seed}"
    assert embedded_state(app) == {"done": PROFILES, "total": PROFILES}
    assert store.load_current(fallback=False).manifest.extra["fingerprint"][0] > 0
    assert report.kinds["profiles"].version == store.current_version()
    leftovers = [p.name for p in store.root.iterdir() if p.name.startswith("tmp-")]
    assert leftovers == []
