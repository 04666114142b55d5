"""Profiles' documents read in batches of plain rows, for the re-index to publish beside the
index (`matcher.document_store`); loading a million profiles through the ORM would take long."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from matcher.document_store import DocumentStore, StoredDoc
from matcher.profile_facts import FactRow, ProfileFacts, fact_row
from web.database import make_engine
from web.models import Education, Experience, Profile, ProfileLanguage
from web.services.documents import profile_doc
from web.services.id_lists import among
from web.services.profile_companions import companion_writer, load_companion

# The folder inside a profiles index version that holds the documents published with it.
DOCUMENTS_FOLDER = "documents"
_PROFILES_AT_ONCE = 2_000
# A full read of at least this many profiles is split in two by id: a spawned process builds the
# upper half's documents while this one builds the lower half's. Building them is Python on one
# core (150-170 s of a rebuild at a million profiles), with the database serving rows on the other.
SPLIT_FROM = 100_000
_COLUMNS = (
    Profile.id,
    Profile.external_id,
    Profile.headline,
    Profile.field,
    Profile.summary,
    Profile.skills,
    Profile.country,
    Profile.seeking,
    Profile.remote,
    Profile.relocate_to,
    Profile.work_authorization,
    Profile.years_experience,
)
# Each child table with the columns `profile_doc` reads of its rows, in their order.
_CHILDREN = {
    "experience": (
        Experience,
        (
            Experience.title,
            Experience.organization,
            Experience.start,
            Experience.end,
            Experience.description,
        ),
    ),
    "education": (
        Education,
        (Education.degree, Education.field, Education.institution, Education.year),
    ),
    "languages": (ProfileLanguage, (ProfileLanguage.code, ProfileLanguage.level)),
}


def documents_writer(session: Session, previous: Path | None) -> Callable[[Path], None]:
    """Return a writer of the documents to publish: those of the `previous` index version
    brought up to date where it has usable ones, else every profile's read afresh."""
    return companion_writer(session, previous, DOCUMENTS_FOLDER, DocumentStore, read_documents)


def read_documents(
    session: Session, changed_since: datetime | None = None, split_from: int = SPLIT_FROM
) -> DocumentStore:
    """Return the documents of every profile (or of those changed since a time) as the
    database holds them now."""
    if changed_since is not None:
        return DocumentStore.from_entries(_entries(session, changed_since))
    return _read_all(session, split_from, with_facts=False)[0]


def read_documents_and_facts(
    session: Session, split_from: int = SPLIT_FROM
) -> tuple[DocumentStore, ProfileFacts]:
    """Return the documents and the hard-constraint facts of every profile, read in one pass
    (a document holds every fact)."""
    return _read_all(session, split_from, with_facts=True)


def _read_all(
    session: Session, split_from: int, with_facts: bool
) -> tuple[DocumentStore, ProfileFacts | None]:
    middle = _middle_id(session, split_from)
    if middle is None:
        return _read_range(session, with_facts)
    # Spawned, not forked: the re-indexer may hold threads (ONNX Runtime, OpenMP) and
    # connections that a forked child would inherit half-way. A child that dies raises here.
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=spawn) as child:
        url = session.get_bind().url.render_as_string(hide_password=False)
        upper = child.submit(_read_above, url, middle, with_facts)
        documents, facts = _read_range(session, with_facts, until=middle)
        documents_above, facts_above = upper.result()
    documents = DocumentStore.joined([documents, documents_above])
    if facts is None or facts_above is None:
        return documents, None
    # The halves hold different profiles, so an update that keeps every id joins them.
    return documents, facts.updated(facts_above, np.concatenate([facts.ids, facts_above.ids]))


def _read_range(
    session: Session, with_facts: bool, after: int = 0, until: int | None = None
) -> tuple[DocumentStore, ProfileFacts | None]:
    """Return the documents of the profiles with ids in (after, until], and their facts when
    asked."""
    entries = _entries(session, None, after, until)
    if not with_facts:
        return DocumentStore.from_entries(entries), None
    rows: list[FactRow] = []
    documents = DocumentStore.from_entries(_noting_facts(entries, rows))
    return documents, ProfileFacts.from_rows(rows)


def _noting_facts(entries: Iterator[StoredDoc], rows: list[FactRow]) -> Iterator[StoredDoc]:
    """Yield these entries, appending each one's facts to `rows` on the way."""
    for entry in entries:
        rows.append(fact_row(entry.doc))
        yield entry


def _middle_id(session: Session, split_from: int) -> int | None:
    """Return the id that halves the profiles, or None when a read should not be split: too
    few profiles, or a database another process cannot open."""
    if session.get_bind().url.database in (None, "", ":memory:"):
        return None
    count = session.scalar(select(func.count(Profile.id)))
    if count < max(split_from, 2):
        return None
    return session.scalar(select(Profile.id).order_by(Profile.id).offset(count // 2).limit(1))


def _read_above(
    url: str, after: int, with_facts: bool
) -> tuple[DocumentStore, ProfileFacts | None]:
    """Return what `_read_range` returns for the profiles above an id, read through an engine
    of its own (in the spawned process)."""
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            return _read_range(session, with_facts, after=after)
    finally:
        engine.dispose()


def _entries(
    session: Session, changed_since: datetime | None, after: int = 0, until: int | None = None
) -> Iterator[StoredDoc]:
    """Yield the documents of the profiles with ids in (after, until], changed since a time."""
    while True:
        query = select(*_COLUMNS).where(Profile.id > after)
        if until is not None:
            query = query.where(Profile.id <= until)
        if changed_since is not None:
            query = query.where(Profile.updated_at >= changed_since)
        rows = session.execute(query.order_by(Profile.id).limit(_PROFILES_AT_ONCE)).all()
        if not rows:
            return
        ids = [row.id for row in rows]
        # Without a filter the batch holds every profile from its first id to its last: a range
        # reads their children through the index without binding 2,000 ids three times.
        among_ids = ids if changed_since is not None else range(ids[0], ids[-1] + 1)
        children = {
            name: _children(session, *table, among_ids) for name, table in _CHILDREN.items()
        }
        for row in rows:
            parts = {name: found.get(row.id, []) for name, found in children.items()}
            profile = SimpleNamespace(**row._asdict(), **parts)
            yield StoredDoc(row.external_id, row.headline, profile_doc(profile))
        after = ids[-1]


def _children(session: Session, table, columns: tuple, ids: list[int] | range) -> dict[int, list]:
    """Return the rows of a child table that belong to these profiles, by profile, in order."""
    if isinstance(ids, range):
        owned = table.profile_id.between(ids.start, ids.stop - 1)
    else:
        owned = among(session, table.profile_id, ids)
    query = (
        select(table.profile_id, *columns).where(owned).order_by(table.profile_id, table.position)
    )
    found: dict[int, list] = {}
    for row in session.execute(query):
        found.setdefault(row.profile_id, []).append(row)
    return found


def load_documents(version_dir: Path) -> DocumentStore | None:
    """Return the documents published with a profiles index version, or None when it has none."""
    return load_companion(version_dir, DOCUMENTS_FOLDER, DocumentStore)
