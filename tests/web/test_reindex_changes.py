"""A re-index after a small change: the IVF index and the full-text index changed in place,
and the search words kept in the database for a full-text build afresh."""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import delete, func, select

from matcher.lexical import LexicalIndex
from web import database
from web.models import Profile, SearchWords
from web.services import full_text
from web.services.importer import import_file
from web.services.index_build import current_vector_ids
from web.services.index_reader import LEXICAL_FOLDER, IndexReader
from web.services.search_words import analyser, current_words
from web.services.settings import settings_from_config

from .records import write_lines
from .test_profile_facts import age_records
from .test_reindex import corpus_profiles, run

pytestmark = pytest.mark.slow


@pytest.fixture()
def ivf_app(app, tmp_path):
    """An app serving IVF indexes over twelve imported profiles."""
    app.config["INDEX_KIND"] = "ivf"
    with app.app_context(), database.session_scope() as session:
        import_file(session, "profiles", write_lines(tmp_path / "p.jsonl", corpus_profiles(12)))
    return app


def served(app):
    """Return the profiles index being served and its store."""
    with app.app_context():
        reader = IndexReader(settings_from_config(app.config).index_root / "profiles")
    return reader.current(), reader.store


def edit(app, tmp_path, number: int, summary: str) -> None:
    changed = corpus_profiles(12)[number] | {"summary": summary}
    with app.app_context(), database.session_scope() as session:
        import_file(session, "profiles", write_lines(tmp_path / f"c{number}.jsonl", [changed]))


def test_a_small_change_changes_the_ivf_index_in_place(ivf_app, tmp_path):
    run(ivf_app)
    edit(ivf_app, tmp_path, 4, "Now a marine biologist studying coral reefs.")
    with ivf_app.app_context(), database.session_scope() as session:
        session.execute(delete(Profile).where(Profile.external_id == "p-007"))

    report = run(ivf_app).kinds["profiles"]

    assert report.rebuilt and report.changed_in_place and report.version == 2
    index, store = served(ivf_app)
    assert index.manifest.extra["changed_from"] == 1
    with ivf_app.app_context(), database.session_scope() as session:
        wanted = current_vector_ids(session, "profiles", index.manifest.model)
        edited = session.scalar(select(Profile.id).where(Profile.external_id == "p-004"))
    # Exactly the current vectors: the erased profile's and the old summary's are gone.
    assert sorted(index.ids.tolist()) == wanted.tolist()
    # The full-text index knows the new words and forgot the erased profile.
    lexical = LexicalIndex.load(store.version_dir(2) / LEXICAL_FOLDER)
    assert list(lexical.search("coral reefs", 3)) == [edited]
    assert len(lexical) == 11


def test_words_are_stored_when_records_are_embedded(ivf_app):
    run(ivf_app)
    with ivf_app.app_context(), database.session_scope() as session:
        rows = session.execute(select(SearchWords.profile_id, SearchWords.analyser)).all()
        profiles = session.scalar(select(func.count(Profile.id)))
    assert len(rows) == profiles == 12
    assert {made_with for _, made_with in rows} == {analyser()}


def test_missing_or_stale_words_are_made_again_when_the_full_text_is_built_afresh(
    ivf_app, tmp_path
):
    run(ivf_app)
    with ivf_app.app_context(), database.session_scope() as session:
        session.execute(delete(SearchWords).where(SearchWords.profile_id % 2 == 0))
        session.execute(SearchWords.__table__.update().values(analyser="an older analyser"))
    edit(ivf_app, tmp_path, 2, "Astronomer: telescopes and spectroscopy.")
    # As after a new analyser or taxonomy: the served full text cannot be changed, only rebuilt.
    index, store = served(ivf_app)
    shutil.rmtree(store.version_dir(index.manifest.version) / LEXICAL_FOLDER)

    run(ivf_app)

    with ivf_app.app_context(), database.session_scope() as session:
        made_with = set(session.scalars(select(SearchWords.analyser)))
        stored = session.scalar(select(func.count(SearchWords.id)))
    assert made_with == {analyser()} and stored == 12
    index, store = served(ivf_app)
    lexical = LexicalIndex.load(store.version_dir(index.manifest.version) / LEXICAL_FOLDER)
    assert len(lexical) == 12 and lexical.search("spectroscopy", 1)


def test_the_full_text_is_changed_into_what_a_fresh_build_makes(ivf_app, tmp_path, monkeypatch):
    age_records(ivf_app)  # imported well before the first run: only the edit is read again
    run(ivf_app)
    edit(ivf_app, tmp_path, 4, "Now a marine biologist studying coral reefs.")
    with ivf_app.app_context(), database.session_scope() as session:
        session.execute(delete(Profile).where(Profile.external_id == "p-007"))
        edited = session.scalar(select(Profile.id).where(Profile.external_id == "p-004"))
    read = []

    def reading(session, kind, record_ids, **options):
        read.append(record_ids.tolist())
        return current_words(session, kind, record_ids, **options)

    monkeypatch.setattr(full_text, "current_words", reading)

    run(ivf_app)

    assert read == [[edited]]  # only the edited profile's words: the rest is kept
    index, store = served(ivf_app)
    changed = LexicalIndex.load(store.version_dir(index.manifest.version) / LEXICAL_FOLDER)
    with ivf_app.app_context(), database.session_scope() as session:
        records = index.payload_for(index.ids)["records"]
        full_text.lexical_writer(session, "profiles", records)(tmp_path / "fresh")
    fresh = LexicalIndex.load(tmp_path / "fresh")
    assert sorted(changed.ids.tolist()) == sorted(fresh.ids.tolist()) and len(fresh) == 11
    queries = [profile["summary"] for profile in corpus_profiles(12)] + ["coral reefs"]
    for query in queries:
        found, expected = changed.search(query, 12), fresh.search(query, 12)
        assert found.keys() == expected.keys() and found
        assert list(found.values()) == pytest.approx(list(expected.values()), rel=1e-6)
