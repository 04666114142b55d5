"""Batch re-indexing with the real model: incremental, full, model moves, the lock and readers."""

from __future__ import annotations

import os
import shutil

import numpy as np
import pytest
from sqlalchemy import func, select

from matcher.encoder import USE_MODEL, resolve_model_path
from matcher.ranking import MULTILINGUAL_CROSS_SCRIPT
from web import database
from web.errors import ReindexBusyError
from web.models import Profile, SectionVector
from web.services import index_reader
from web.services.embeddings import from_bytes
from web.services.importer import import_file
from web.services.index_reader import IndexReader
from web.services.locking import ProcessLock
from web.services.matching import Matcher
from web.services.reindex import Reindexer, serving_model
from web.services.settings import settings_from_config

from .records import listing, profile, write_lines

pytestmark = pytest.mark.slow

ROLES = [
    ("Backend engineer, payments", ["Python", "PostgreSQL"]),
    ("Data scientist, NLP", ["Python", "PyTorch", "NLP"]),
    ("Investigative journalist", ["OSINT", "data journalism"]),
    ("Историк, специалист по истории СССР", ["архивные исследования"]),
    ("Violinist and music teacher", ["violin", "teaching"]),
    ("Frontend developer", ["TypeScript", "React"]),
]


def corpus_profiles(count: int) -> list[dict]:
    """Return distinct profiles cycling through a few roles."""
    records = []
    for i in range(count):
        headline, skills = ROLES[i % len(ROLES)]
        records.append(
            profile(
                external_id=f"p-{i:03d}",
                headline=f"{headline} #{i}",
                skills=skills,
                summary=f"Profile number {i}. " + "I like my work. " * (i % 3),
            )
        )
    return records


@pytest.fixture()
def loaded(app, tmp_path):
    """Import eight profiles and two listings; return the app."""
    with app.app_context(), database.session_scope() as session:
        import_file(session, "profiles", write_lines(tmp_path / "p.jsonl", corpus_profiles(8)))
        import_file(
            session,
            "listings",
            write_lines(
                tmp_path / "l.jsonl",
                [listing(), listing(external_id="l-2", title="Violin teacher")],
            ),
        )
    return app


def run(app, **options):
    """Run one re-index in the app and return its report."""
    with app.app_context():
        settings = settings_from_config(app.config)
        return Reindexer(database.session_factory(), settings).run(**options)


def vector_count(app, model: str | None = None) -> int:
    with app.app_context(), database.session_scope() as session:
        query = select(func.count()).select_from(SectionVector)
        if model:
            query = query.where(SectionVector.model == model)
        return session.scalar(query)


def test_first_run_embeds_everything_and_a_second_run_nothing(loaded, encoder):
    first = run(loaded)

    assert first.kinds["profiles"].embedded.records == 8
    assert first.kinds["listings"].embedded.records == 2
    assert first.kinds["profiles"].rebuilt and first.kinds["profiles"].version == 1
    assert first.kinds["profiles"].vectors == vector_count(loaded) - first.kinds["listings"].vectors

    second = run(loaded)

    assert second.kinds["profiles"].embedded.records == 0
    assert not second.kinds["profiles"].rebuilt
    assert second.kinds["profiles"].version == 1


def test_only_changed_records_are_re_embedded_and_unchanged_sections_reused(loaded, tmp_path):
    run(loaded)
    changed = corpus_profiles(8)[3] | {"summary": "A completely new summary."}
    with loaded.app_context(), database.session_scope() as session:
        import_file(session, "profiles", write_lines(tmp_path / "c.jsonl", [changed]))

    report = run(loaded)

    stats = report.kinds["profiles"].embedded
    assert stats.records == 1
    assert stats.encoded == 1  # the summary
    assert stats.reused >= 2  # overview and experience items
    assert report.kinds["profiles"].rebuilt and report.kinds["profiles"].version == 2
    assert report.kinds["listings"].embedded.records == 0


def test_an_ivf_rebuild_after_a_small_change_keeps_the_trained_centroids(loaded, tmp_path):
    loaded.config["INDEX_KIND"] = "ivf"
    run(loaded)
    changed = corpus_profiles(8)[3] | {"summary": "A completely new summary."}
    with loaded.app_context(), database.session_scope() as session:
        import_file(session, "profiles", write_lines(tmp_path / "c.jsonl", [changed]))
    run(loaded)
    with loaded.app_context():
        root = settings_from_config(loaded.config).index_root
    store = IndexReader(root / "profiles").store
    params = store.load_current().manifest.params
    assert store.current_version() == 2 and params["ivf_centroids_reused"] is True
    # The listings index did not change: it was not rebuilt at all.
    assert IndexReader(root / "listings").store.current_version() == 1


def test_full_re_embeds_everything(loaded):
    run(loaded)

    report = run(loaded, full=True)

    assert report.kinds["profiles"].embedded.records == 8
    assert report.kinds["profiles"].embedded.reused == 0


def test_model_move_builds_beside_then_switches_and_drops_old_vectors(loaded, tmp_path):
    run(loaded)
    # The same weights under another name are, to the platform, another model.
    other = tmp_path / "other-model"
    shutil.copytree(resolve_model_path("all-MiniLM-L6-v2"), other)

    report = run(loaded, model=str(other))

    assert report.model == str(other) and report.previous_model == "all-MiniLM-L6-v2"
    assert report.kinds["profiles"].embedded.records == 8
    with loaded.app_context():
        assert serving_model(settings_from_config(loaded.config)) == str(other)
    assert vector_count(loaded, "all-MiniLM-L6-v2") == 0
    assert vector_count(loaded, str(other)) > 0
    # A later plain run stays on the chosen model.
    assert run(loaded).model == str(other)


def test_a_corpus_moved_to_the_multilingual_model_is_ranked_with_cross_script_factors(
    loaded, monkeypatch
):
    run(loaded)
    with loaded.app_context(), database.session_scope() as session:
        settings = settings_from_config(loaded.config)
        assert Matcher(session, settings).ranking.cross_script is None

    run(loaded, model=USE_MODEL)
    # A process's reader looks for a new index version at most once a second: start afresh.
    monkeypatch.setattr(index_reader, "_readers", {})

    with loaded.app_context(), database.session_scope() as session:
        matcher = Matcher(session, settings_from_config(loaded.config), include_all=True)
        assert matcher.ranking.cross_script == MULTILINGUAL_CROSS_SCRIPT
        # The Russian historian is found for an English query by the model's meaning.
        found = matcher.search("historian of the Soviet Union, archives", "profiles", k=3)
    assert found[0]["external_id"] == "p-003"


def test_a_second_run_is_refused_while_the_lock_is_held(loaded):
    with loaded.app_context():
        settings = settings_from_config(loaded.config)
    with ProcessLock(settings.index_root / "reindex.lock"):
        with pytest.raises(ReindexBusyError, match=f"pid {os.getpid()}"):
            run(loaded)


def test_a_lock_left_by_a_dead_process_is_taken_over(loaded, caplog):
    with loaded.app_context():
        settings = settings_from_config(loaded.config)
    settings.index_root.mkdir(parents=True, exist_ok=True)
    (settings.index_root / "reindex.lock").write_text("999999")

    report = run(loaded)

    assert report.kinds["profiles"].embedded.records == 8
    assert "taking over the lock left by process 999999" in caplog.text


def test_readers_notice_a_new_index_version(loaded, tmp_path):
    run(loaded)
    with loaded.app_context():
        root = settings_from_config(loaded.config).index_root / "profiles"
    reader = IndexReader(root, check_every=0)
    assert reader.current().manifest.version == 1
    with loaded.app_context(), database.session_scope() as session:
        session.execute(Profile.__table__.delete().where(Profile.external_id == "p-000"))

    run(loaded)

    assert reader.current().manifest.version == 2


def test_an_emptied_pool_reindexes_to_an_empty_index(loaded):
    run(loaded)
    with loaded.app_context(), database.session_scope() as session:
        for stored in session.scalars(select(Profile)):
            session.delete(stored)

    # The last person erased: the next run publishes an empty index instead of failing.
    report = run(loaded)

    assert report.kinds["profiles"].rebuilt
    assert report.kinds["profiles"].vectors == 0
    with loaded.app_context():
        index = IndexReader(settings_from_config(loaded.config).index_root / "profiles").current()
        assert len(index) == 0 and index.dimension == 384


def stored_vectors(app) -> dict[tuple[int, str], bytes]:
    """Return every stored section vector by (profile id, section key), checking each is alone."""
    with app.app_context(), database.session_scope() as session:
        rows = session.execute(
            select(SectionVector.profile_id, SectionVector.section, SectionVector.vector).where(
                SectionVector.profile_id.is_not(None)
            )
        ).all()
    vectors = {(owner, section): vector for owner, section, vector in rows}
    assert len(vectors) == len(rows), "a section has vectors of two texts"
    return vectors


def test_a_fitting_pool_stores_the_same_sections_and_vectors(loaded, tmp_path):
    long_summary = " ".join(f"In year {n} I rebuilt our billing system in Go." for n in range(50))
    with loaded.app_context(), database.session_scope() as session:
        import_file(
            session,
            "profiles",
            write_lines(
                tmp_path / "long.jsonl", [profile(external_id="long", summary=long_summary)]
            ),
        )
    # torch runs the model from the workers' ids; ONNX would re-read the texts.
    loaded.config["EMBED_BACKEND"] = "torch"
    run(loaded)
    in_process = stored_vectors(loaded)

    loaded.config["EMBED_FIT_WORKERS"] = 2
    report = run(loaded, full=True)
    pooled = stored_vectors(loaded)

    assert report.kinds["profiles"].embedded.encoded == len(pooled)
    assert pooled.keys() == in_process.keys()
    assert any("#" in section for _, section in pooled)  # the long summary was cut into parts
    for key, vector in pooled.items():
        np.testing.assert_allclose(from_bytes([vector]), from_bytes([in_process[key]]), atol=1e-5)
