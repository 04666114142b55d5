"""Profile facts published with the index judge unchanged candidates; changed ones by document."""

from __future__ import annotations

import shutil
from datetime import timedelta

import pytest
from sqlalchemy import delete, select, update

from matcher.constraints import check_constraints, cut_by
from matcher.documents import LanguageSkill, ListingDoc
from matcher.index_store import IndexStore
from matcher.profile_facts import REASONS, ProfileFacts
from web import database
from web.models import Profile
from web.services import index_reader, profile_facts
from web.services.documents import profile_doc
from web.services.matching import Matcher
from web.services.profile_documents import DOCUMENTS_FOLDER
from web.services.profile_facts import FACTS_FOLDER, read_facts
from web.services.settings import settings_from_config

from . import test_matching
from .records import profile
from .test_matching import CUT_PEOPLE, TODAY, add_profiles, explained, ids
from .test_reindex import run

pytestmark = pytest.mark.slow

indexed = test_matching.indexed  # six profiles and two listings, indexed

FIVE_MINUTES = timedelta(minutes=5)


def age_records(app) -> None:
    """Date every profile five minutes back: edits made well before the next re-index.

    An index treats records changed in the minute before its snapshot as changed after it.
    """
    with app.app_context(), database.session_scope() as session:
        for profile_id, updated_at in session.execute(select(Profile.id, Profile.updated_at)):
            earlier = update(Profile).where(Profile.id == profile_id)
            # Core, not the ORM: a plain update must not count as an edit.
            session.execute(earlier.values(updated_at=updated_at - FIVE_MINUTES))


def reindex_aged(app, monkeypatch) -> None:
    """Re-index after aging every profile, and serve the new version at once."""
    age_records(app)
    # Aging rewrote a history the last facts and documents could not have seen: read afresh.
    for version in store(app).versions():
        for folder in (FACTS_FOLDER, DOCUMENTS_FOLDER):
            shutil.rmtree(store(app).version_dir(version) / folder, ignore_errors=True)
    run(app)
    # Readers look for a new version once a second; a fresh one loads it now.
    monkeypatch.setattr(index_reader, "_readers", {})


def store(app) -> IndexStore:
    return IndexStore(settings_from_config(app.config).index_root / "profiles")


def test_the_facts_read_from_columns_judge_as_each_profiles_document(indexed, tmp_path):
    add_profiles(indexed, tmp_path, CUT_PEOPLE)
    listings = [
        ListingDoc(id=0, kind="job", title="x", languages=(LanguageSkill("en", "B2"),)),
        ListingDoc(id=0, kind="grant", title="x", country="DE", remote=False),
        ListingDoc(id=0, kind="job", title="x", country=None, remote=True),
    ]
    with indexed.app_context(), database.session_scope() as session:
        facts = read_facts(session)
        docs = [profile_doc(p) for p in session.scalars(select(Profile).order_by(Profile.id))]
    assert facts.ids.tolist() == [doc.id for doc in docs]
    for listing in listings:
        expected = [cut_by(check_constraints(doc, listing, TODAY)) for doc in docs]
        assert [REASONS[r] for r in facts.cuts(listing)] == expected


def test_published_facts_judge_unchanged_people_as_their_documents_would(
    indexed, tmp_path, monkeypatch
):
    add_profiles(indexed, tmp_path, CUT_PEOPLE)
    before = explained(indexed, "profiles_for_listing_explained", "l-backend", 20)
    reindex_aged(indexed, monkeypatch)  # the people above are now in the index, judged by its facts
    version = store(indexed).version_dir(store(indexed).current_version())
    facts = ProfileFacts.load(version / FACTS_FOLDER)
    assert len(facts) == 6 + len(CUT_PEOPLE)

    judged = []
    original = Matcher._facts_verdicts
    monkeypatch.setattr(
        Matcher,
        "_facts_verdicts",
        lambda self, gate, unchanged: judged.append(original(self, gate, unchanged)) or judged[-1],
    )
    after = explained(indexed, "profiles_for_listing_explained", "l-backend", 20)

    assert len(judged[0]) == 6 + len(CUT_PEOPLE)  # every candidate, none by its document
    assert ids(after.matches) == ids(before.matches)
    assert after.cut == before.cut == {"kind": 1, "location": 1, "language": 2}


def test_a_person_changed_after_the_index_is_judged_by_their_new_document(
    indexed, tmp_path, monkeypatch
):
    add_profiles(indexed, tmp_path, CUT_PEOPLE)
    reindex_aged(indexed, monkeypatch)
    english = [{"code": "ru", "level": "native"}, {"code": "en", "level": "C1"}]
    add_profiles(indexed, tmp_path, [profile(external_id="p-no-english", languages=english)])

    result = explained(indexed, "profiles_for_listing_explained", "l-backend", 20)

    # The facts still say "no English"; the document, newer than the index, is what counts.
    assert "p-no-english" in ids(result.matches)
    assert result.cut == {"kind": 1, "location": 1, "language": 1}


def test_an_older_version_keeps_no_facts(indexed, tmp_path):
    add_profiles(indexed, tmp_path, CUT_PEOPLE)
    run(indexed)  # a second version: the first is kept as a fallback
    versions = store(indexed).versions()
    assert len(versions) == 2
    assert not (store(indexed).version_dir(versions[0]) / FACTS_FOLDER).exists()
    assert (store(indexed).version_dir(versions[1]) / FACTS_FOLDER).is_dir()


def test_matching_still_judges_every_candidate_without_facts(indexed, tmp_path, monkeypatch):
    add_profiles(indexed, tmp_path, CUT_PEOPLE)
    reindex_aged(indexed, monkeypatch)
    with_facts = explained(indexed, "profiles_for_listing_explained", "l-backend", 20)
    monkeypatch.setattr(Matcher, "_facts_verdicts", lambda self, gate, unchanged: {})
    without = explained(indexed, "profiles_for_listing_explained", "l-backend", 20)
    assert without == with_facts


def reindex_counting_reads(app, tmp_path, monkeypatch, module, reader: str):
    """Add people, erase one and re-index, recording each call of `module.reader`; return the
    calls' `changed_since`, the published version's folder and the reader itself."""
    reads = []
    original = getattr(module, reader)
    monkeypatch.setattr(
        module,
        reader,
        lambda session, changed_since=None: (
            reads.append(changed_since) or original(session, changed_since)
        ),
    )
    add_profiles(app, tmp_path, CUT_PEOPLE)
    with app.app_context(), database.session_scope() as session:
        session.execute(delete(Profile).where(Profile.external_id == "p-001"))  # erased
    run(app)
    return reads, store(app).version_dir(store(app).current_version()), original


def test_a_later_re_index_brings_the_last_facts_up_to_date(indexed, tmp_path, monkeypatch):
    reads, version, original = reindex_counting_reads(
        indexed, tmp_path, monkeypatch, profile_facts, "read_facts"
    )

    assert len(reads) == 1 and reads[0] is not None  # only the profiles changed since
    published = ProfileFacts.load(version / FACTS_FOLDER)
    with indexed.app_context(), database.session_scope() as session:
        afresh = original(session)
    assert published.ids.tolist() == afresh.ids.tolist()
    listing = ListingDoc(id=0, kind="job", title="x", languages=(LanguageSkill("en", "B2"),))
    assert published.cuts(listing).tolist() == afresh.cuts(listing).tolist()
    assert 1 in afresh.cuts(listing) or 3 in afresh.cuts(listing)  # some are cut
