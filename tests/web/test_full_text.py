"""Full-text (BM25) matching as served: built by the re-index, fused into every match, current."""

from __future__ import annotations

import json
import logging
import os
import shutil
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from datetime import date

import pytest
from sqlalchemy import delete, select

from matcher.lexical import LexicalIndex
from web import database
from web.models import Profile, SearchWords
from web.services import matching, stored_vectors
from web.services.importer import import_file
from web.services.index_reader import LEXICAL_FOLDER, IndexReader
from web.services.matching import Matcher
from web.services.settings import settings_from_config

from .records import listing, profile, write_lines
from .test_profile_facts import reindex_aged
from .test_reindex import corpus_profiles, run

pytestmark = pytest.mark.slow

TODAY = date(2026, 11, 27)
RUSSIAN_ML = profile(
    external_id="p-ru-ml",
    headline="Инженер по машинному обучению",
    summary="Обучаю модели для рекомендаций, пишу на Python.",
    skills=["машинное обучение", "Python"],
)


@pytest.fixture()
def indexed(app, tmp_path):
    """Import six profiles (one Russian) and a listing, and index them; return the app."""
    with app.app_context(), database.session_scope() as session:
        records = [*corpus_profiles(5), RUSSIAN_ML]
        import_file(session, "profiles", write_lines(tmp_path / "p.jsonl", records))
        import_file(session, "listings", write_lines(tmp_path / "l.jsonl", [listing()]))
    run(app)
    return app


def store_root(app, kind: str = "profiles"):
    with app.app_context():
        return settings_from_config(app.config).index_root / kind


def search(app, text: str, k: int = 6) -> dict[str, dict]:
    with app.app_context(), database.session_scope() as session:
        matcher = Matcher(session, settings_from_config(app.config), today=TODAY)
        return {m["external_id"]: m for m in matcher.search(text, "profiles", k)}


def add_profile(app, tmp_path, record: dict) -> None:
    with app.app_context(), database.session_scope() as session:
        path = write_lines(tmp_path / f"{record['external_id']}.jsonl", [record])
        assert import_file(session, "profiles", path).ok


def test_the_reindex_publishes_a_full_text_index_with_the_vectors(indexed):
    served = IndexReader(store_root(indexed), check_every=0).served()
    assert served.vectors is not None and served.lexical is not None
    assert len(served.lexical) == 6
    assert (store_root(indexed) / "versions").exists()


def test_every_match_shows_its_full_text_part(indexed):
    with indexed.app_context(), database.session_scope() as session:
        matcher = Matcher(session, settings_from_config(indexed.config), today=TODAY)
        results = matcher.profiles_for_listing("l-backend", 3)
    assert results[0]["headline"].startswith("Backend engineer, payments")
    assert results[0]["explanation"]["parts"]["lexical"] > 0


def test_a_russian_profile_is_found_by_the_english_name_of_its_skill(indexed):
    found = search(indexed, "machine learning")
    assert found["p-ru-ml"]["explanation"]["parts"]["lexical"] > 0
    # Only through the canonical name: no other profile says "machine learning" in any language.
    assert [i for i, m in found.items() if m["explanation"]["parts"].get("lexical", 0) > 0] == [
        "p-ru-ml"
    ]


def test_full_text_candidates_are_scored_from_the_index_as_from_their_stored_vectors(
    indexed, monkeypatch
):
    reindex_aged(indexed, monkeypatch)
    read: list[list[int]] = []
    stored = stored_vectors.vectors_by_record

    def reading(session, kind, model, ids):
        read.append(list(ids))
        return stored(session, kind, model, ids)

    monkeypatch.setattr(stored_vectors, "vectors_by_record", reading)
    text = "machine learning Python backend payments"
    from_index = search(indexed, text)
    # No record changed since the index: its vectors come from there, not the database.
    assert read == []
    monkeypatch.setattr(matching, "indexed_hits", lambda index, query, records: {})
    from_database = search(indexed, text)
    assert read and list(from_database) == list(from_index)
    # The words found candidates, so both ways scored them.
    assert any(m["explanation"]["parts"].get("lexical", 0) > 0 for m in from_index.values())
    for external_id, match in from_index.items():
        assert match["score"] == pytest.approx(from_database[external_id]["score"], abs=1e-6)


def test_a_record_saved_after_the_index_is_scored_by_its_words(indexed, tmp_path):
    add_profile(
        indexed,
        tmp_path,
        profile(external_id="p-new", headline="Zanzibarology researcher", skills=["fieldwork"]),
    )
    found = search(indexed, "Zanzibarology")
    assert next(iter(found)) == "p-new"
    assert found["p-new"]["explanation"]["parts"]["lexical"] > 0


def test_a_changed_record_is_scored_by_its_new_words_not_its_old(indexed, tmp_path):
    add_profile(
        indexed,
        tmp_path,
        profile(external_id="p-002", headline="Zanzibarology researcher", skills=["fieldwork"]),
    )
    assert search(indexed, "Zanzibarology")["p-002"]["explanation"]["parts"]["lexical"] > 0
    # The index still holds p-002 as a journalist; its current text no longer says so.
    journalist = search(indexed, "investigative journalist OSINT")
    assert (
        journalist.get("p-002", {}).get("explanation", {}).get("parts", {}).get("lexical", 0) == 0
    )


def test_an_index_without_full_text_still_matches_and_a_reindex_adds_it(indexed, caplog):
    root = store_root(indexed)
    version = IndexReader(root).current().manifest.version
    shutil.rmtree(root / "versions" / f"{version:08d}" / LEXICAL_FOLDER)
    with caplog.at_level(logging.WARNING, logger="web.services.index_reader"):
        served = IndexReader(root).served()
    assert served.vectors is not None and served.lexical is None
    assert "no full-text index" in caplog.text

    report = run(indexed)

    assert report.kinds["profiles"].rebuilt
    assert IndexReader(root).served().lexical is not None


def test_a_corrupt_full_text_index_is_left_out_not_fatal(indexed, caplog):
    root = store_root(indexed)
    version = IndexReader(root).current().manifest.version
    (root / "versions" / f"{version:08d}" / LEXICAL_FOLDER / "ids.npy").write_bytes(b"broken")
    with caplog.at_level(logging.ERROR, logger="web.services.index_reader"):
        served = IndexReader(root).served()
    assert served.vectors is not None and served.lexical is None
    assert "unusable" in caplog.text


def test_a_full_text_index_of_an_older_format_is_rebuilt_by_a_plain_reindex(indexed):
    root = store_root(indexed)
    version = IndexReader(root).current().manifest.version
    manifest = root / "versions" / f"{version:08d}" / LEXICAL_FOLDER / "manifest.json"
    saved = json.loads(manifest.read_text("utf-8"))
    manifest.write_text(json.dumps({**saved, "version": saved["version"] - 1}), "utf-8")
    assert IndexReader(root).served().lexical is None

    assert run(indexed).kinds["profiles"].rebuilt
    assert IndexReader(root).served().lexical is not None


def test_a_new_taxonomy_rebuilds_the_full_text_index(indexed, monkeypatch):
    from web.services import search_words

    assert not run(indexed).kinds["profiles"].rebuilt
    monkeypatch.setattr(search_words, "search_text_digest", lambda: "another taxonomy")
    assert run(indexed).kinds["profiles"].rebuilt


def test_an_older_version_keeps_its_vectors_but_not_its_texts(indexed, tmp_path):
    add_profile(indexed, tmp_path, profile(external_id="p-later", headline="Glaciologist"))
    run(indexed)
    versions = sorted((store_root(indexed) / "versions").iterdir())
    assert len(versions) == 2
    # The vocabulary of the texts an older version was built from could name someone erased since.
    assert not (versions[0] / LEXICAL_FOLDER).exists()
    assert (versions[1] / LEXICAL_FOLDER).is_dir()


def test_a_full_text_built_in_a_spawned_process_is_the_one_built_here(indexed, monkeypatch):
    from web.services import full_text

    root = store_root(indexed)
    folder = IndexReader(root).store.version_dir(IndexReader(root).current().manifest.version)
    here = LexicalIndex.load(folder / LEXICAL_FOLDER)
    with indexed.app_context(), database.session_scope() as session:
        # Words made stale since: the spawned build leaves the profile out, the finish adds it.
        stale = session.scalar(select(Profile.id).where(Profile.external_id == "p-ru-ml"))
        session.execute(delete(SearchWords).where(SearchWords.profile_id == stale))
    shutil.rmtree(folder / LEXICAL_FOLDER)  # nothing to change: the full text is built afresh
    monkeypatch.setattr(full_text, "SPAWN_FROM", 1)
    started_from = []
    writer = full_text.lexical_writer

    def finishing(session, kind, records, previous=None):
        started_from.append(previous)
        return writer(session, kind, records, previous)

    monkeypatch.setattr(full_text, "lexical_writer", finishing)

    assert run(indexed).kinds["profiles"].rebuilt

    # The profiles (the one kind rebuilt) started from a spawned build's folder, removed since.
    assert [path.name[: len(f"tmp-{os.getpid()}-lexical-")] for path in started_from] == [
        f"tmp-{os.getpid()}-lexical-"
    ]
    assert not any(path.exists() for path in started_from)
    served = IndexReader(root).served().lexical
    assert sorted(served.ids.tolist()) == sorted(here.ids.tolist())
    for text in ("machine learning", "Python payments", "обучение моделей", "backend"):
        assert served.search(text, 6) == pytest.approx(here.search(text, 6))
    assert stale in served.search("машинное обучение", 6)
    with indexed.app_context(), database.session_scope() as session:
        assert session.scalar(select(SearchWords.id).where(SearchWords.profile_id == stale))


class _FailingChild:
    """A process pool whose child dies before it builds anything."""

    def __init__(self, **_options) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *_exception) -> None:
        return None

    def submit(self, *_call) -> Future:
        failed = Future()
        failed.set_exception(BrokenProcessPool("killed for memory"))
        return failed


def test_a_spawned_full_text_build_that_fails_is_built_here_instead(indexed, monkeypatch, caplog):
    from web.services import full_text

    root = store_root(indexed)
    folder = IndexReader(root).store.version_dir(IndexReader(root).current().manifest.version)
    here = LexicalIndex.load(folder / LEXICAL_FOLDER)
    shutil.rmtree(folder / LEXICAL_FOLDER)
    monkeypatch.setattr(full_text, "SPAWN_FROM", 1)
    monkeypatch.setattr(full_text, "ProcessPoolExecutor", _FailingChild)

    with caplog.at_level(logging.WARNING, logger=full_text.__name__):
        assert run(indexed).kinds["profiles"].rebuilt

    assert "spawned full-text build failed" in caplog.text
    assert "killed for memory" in caplog.text
    served = IndexReader(root).served().lexical
    assert sorted(served.ids.tolist()) == sorted(here.ids.tolist())
    for text in ("machine learning", "Python payments", "обучение моделей"):
        assert served.search(text, 6) == pytest.approx(here.search(text, 6))
    assert not [path for path in root.rglob("tmp-*") if "lexical" in path.name]
