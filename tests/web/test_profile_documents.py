"""Profile documents published with the index serve unchanged candidates; others come from the
database, and erased people are never shown."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select

from matcher.document_store import DocumentStore, StoredDoc
from matcher.profile_facts import ProfileFacts
from web import database
from web.models import Profile, utcnow
from web.services import profile_documents, profile_facts
from web.services.candidate_documents import CandidateDocuments
from web.services.doc_cache import DocCache
from web.services.documents import profile_doc
from web.services.profile_documents import (
    DOCUMENTS_FOLDER,
    read_documents,
    read_documents_and_facts,
)
from web.services.profile_facts import FACTS_FOLDER, read_facts

from . import test_matching
from .records import profile
from .test_matching import CUT_PEOPLE, add_profiles, explained, ids
from .test_profile_facts import reindex_aged, reindex_counting_reads, store
from .test_reindex import run

pytestmark = pytest.mark.slow

indexed = test_matching.indexed  # six profiles and two listings, indexed


def profiles_loaded_from_the_database(monkeypatch) -> list[int]:
    """Return a list that fills with the profile ids matching loads from the database."""
    loaded: list[int] = []
    original = DocCache.get

    def get(self, session, wanted):
        wanted = list(wanted)
        if self.kind == "profiles":
            loaded.extend(wanted)
        return original(self, session, wanted)

    monkeypatch.setattr(DocCache, "get", get)
    return loaded


def test_documents_read_from_rows_equal_each_profiles_document(indexed, tmp_path, monkeypatch):
    add_profiles(indexed, tmp_path, CUT_PEOPLE)
    monkeypatch.setattr(profile_documents, "_PROFILES_AT_ONCE", 2)  # several batches
    with indexed.app_context(), database.session_scope() as session:
        documents = read_documents(session)
        expected = {
            p.id: StoredDoc(p.external_id, p.headline, profile_doc(p))
            for p in session.scalars(select(Profile))
        }
    assert len(documents) == len(expected) == 6 + len(CUT_PEOPLE)
    assert documents.get(expected) == expected
    assert any(entry.doc.experience and entry.doc.languages for entry in expected.values())


def test_a_read_split_between_two_processes_equals_one_read_whole(indexed, tmp_path):
    add_profiles(indexed, tmp_path, CUT_PEOPLE)
    with indexed.app_context(), database.session_scope() as session:
        whole = read_documents(session, split_from=10_000)
        split = read_documents(session, split_from=2)
        halves = profile_documents._middle_id(session, 2)
    assert halves is not None and whole.ids[0] < halves < whole.ids[-1]
    assert split.ids.tolist() == whole.ids.tolist()
    assert split.get(split.ids.tolist()) == whole.get(whole.ids.tolist())


def decoded(facts: ProfileFacts) -> list[tuple]:
    """Return each row of facts with its codes read back into names."""

    def named(codes, vocabulary) -> tuple:
        return tuple(vocabulary[code] for code in codes if code >= 0)

    return [
        (
            int(facts.ids[row]),
            int(facts.seeking[row]),
            int(facts.remote[row]),
            named([facts.country[row]], facts.places),
            named(facts.authorised[row], facts.places),
            named(facts.languages[row], facts.language_codes),
            facts.levels[row][facts.languages[row] >= 0].tolist(),
        )
        for row in range(len(facts))
    ]


def test_one_read_gives_the_documents_and_facts_that_each_read_gives(indexed, tmp_path):
    add_profiles(indexed, tmp_path, CUT_PEOPLE)
    with indexed.app_context(), database.session_scope() as session:
        documents, facts = read_documents(session), read_facts(session)
        reads = [read_documents_and_facts(session, split_from=n) for n in (10_000, 2)]
    ids = documents.ids.tolist()
    assert any(row[4] and row[5] for row in decoded(facts))  # some may work and speak abroad
    for together, facts_together in reads:
        assert together.ids.tolist() == ids
        assert together.get(ids) == documents.get(ids)
        assert decoded(facts_together) == decoded(facts)


def test_a_build_with_no_earlier_facts_or_documents_reads_the_profiles_once(
    indexed, tmp_path, monkeypatch
):
    with indexed.app_context(), database.session_scope() as session:
        facts = read_facts(session)
    for module, name in ((profile_facts, "read_facts"), (profile_documents, "read_documents")):
        monkeypatch.setattr(module, name, lambda *args, **kwargs: pytest.fail("read twice"))
    reindex_aged(indexed, monkeypatch)  # drops every version's facts and documents first

    version = store(indexed).version_dir(store(indexed).current_version())
    published = ProfileFacts.load(version / FACTS_FOLDER)
    assert decoded(published) == decoded(facts)
    assert len(DocumentStore.load(version / DOCUMENTS_FOLDER)) == len(facts)


def test_only_profiles_changed_since_a_time_are_read(indexed, tmp_path):
    since = utcnow()
    add_profiles(indexed, tmp_path, CUT_PEOPLE)
    with indexed.app_context(), database.session_scope() as session:
        documents = read_documents(session, changed_since=since)
    read = {entry.external_id for entry in documents.get(documents.ids.tolist()).values()}
    assert read == {person["external_id"] for person in CUT_PEOPLE}


def test_published_documents_rank_unchanged_people_as_the_database_would(
    indexed, tmp_path, monkeypatch
):
    add_profiles(indexed, tmp_path, CUT_PEOPLE)
    reindex_aged(indexed, monkeypatch)
    loaded = profiles_loaded_from_the_database(monkeypatch)

    published = explained(indexed, "profiles_for_listing_explained", "l-backend", 20)
    searched = explained(indexed, "search", "backend engineer Python", "profiles", 20)
    assert loaded == []  # every candidate was read from the published documents

    monkeypatch.setattr(CandidateDocuments, "published", lambda self, kind, wanted: {})
    assert explained(indexed, "profiles_for_listing_explained", "l-backend", 20) == published
    assert explained(indexed, "search", "backend engineer Python", "profiles", 20) == searched
    assert loaded  # the same candidates, loaded from the database this time
    assert published.cut == {"kind": 1, "location": 1, "language": 2}


def test_a_person_changed_after_the_index_is_read_from_the_database(indexed, tmp_path, monkeypatch):
    add_profiles(indexed, tmp_path, CUT_PEOPLE)
    reindex_aged(indexed, monkeypatch)
    english = [{"code": "en", "level": "B1"}]
    renamed = profile(external_id="p-nearly", headline="Backend engineer, new", languages=english)
    add_profiles(indexed, tmp_path, [renamed])

    result = explained(indexed, "profiles_for_listing_explained", "l-backend", 20)

    headlines = {match["external_id"]: match["headline"] for match in result.matches}
    assert headlines["p-nearly"] == "Backend engineer, new"


def test_a_person_erased_after_the_index_is_never_shown(indexed, tmp_path, monkeypatch):
    add_profiles(indexed, tmp_path, CUT_PEOPLE)
    reindex_aged(indexed, monkeypatch)
    shown = explained(indexed, "profiles_for_listing_explained", "l-backend", 20)
    assert "p-nearly" in ids(shown.matches)
    with indexed.app_context(), database.session_scope() as session:
        session.execute(delete(Profile).where(Profile.external_id == "p-nearly"))

    result = explained(indexed, "profiles_for_listing_explained", "l-backend", 20)

    assert "p-nearly" not in ids(result.matches)


def test_an_older_version_keeps_no_documents(indexed, tmp_path):
    add_profiles(indexed, tmp_path, CUT_PEOPLE)
    run(indexed)  # a second version: the first is kept as a fallback
    first, second = store(indexed).versions()
    assert not (store(indexed).version_dir(first) / DOCUMENTS_FOLDER).exists()
    assert (store(indexed).version_dir(second) / DOCUMENTS_FOLDER).is_dir()


def test_a_later_re_index_brings_the_last_documents_up_to_date(indexed, tmp_path, monkeypatch):
    reads, version, original = reindex_counting_reads(
        indexed, tmp_path, monkeypatch, profile_documents, "read_documents"
    )

    assert len(reads) == 1 and reads[0] is not None  # only the profiles changed since
    published = DocumentStore.load(version / DOCUMENTS_FOLDER)
    with indexed.app_context(), database.session_scope() as session:
        afresh = original(session)
    assert published.ids.tolist() == afresh.ids.tolist()
    assert "p-001" not in {entry.external_id for entry in afresh.get(afresh.ids).values()}
    assert published.get(afresh.ids.tolist()) == afresh.get(afresh.ids.tolist())
