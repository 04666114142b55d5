"""A re-index after a small change: the IVF index changed in place and the full-text index
rebuilt from the search words kept in the database."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, func, select

from matcher.lexical import LexicalIndex
from web import database
from web.models import Profile, SearchWords
from web.services.importer import import_file
from web.services.index_build import current_vector_ids
from web.services.index_reader import LEXICAL_FOLDER, IndexReader
from web.services.search_words import analyser
from web.services.settings import settings_from_config

from .records import write_lines
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


def test_missing_or_stale_words_are_made_again_at_the_next_build(ivf_app, tmp_path):
    run(ivf_app)
    with ivf_app.app_context(), database.session_scope() as session:
        session.execute(delete(SearchWords).where(SearchWords.profile_id % 2 == 0))
        session.execute(SearchWords.__table__.update().values(analyser="an older analyser"))
    edit(ivf_app, tmp_path, 2, "Astronomer: telescopes and spectroscopy.")

    run(ivf_app)

    with ivf_app.app_context(), database.session_scope() as session:
        made_with = set(session.scalars(select(SearchWords.analyser)))
        stored = session.scalar(select(func.count(SearchWords.id)))
    assert made_with == {analyser()} and stored == 12
    index, store = served(ivf_app)
    lexical = LexicalIndex.load(store.version_dir(index.manifest.version) / LEXICAL_FOLDER)
    assert len(lexical) == 12 and lexical.search("spectroscopy", 1)
