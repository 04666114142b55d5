"""Profiles' documents read in batches of plain rows, for the re-index to publish beside the
index (`matcher.document_store`); loading a million profiles through the ORM would take long."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

from sqlalchemy import select
from sqlalchemy.orm import Session

from matcher.document_store import DocumentStore, StoredDoc
from web.models import Education, Experience, Profile, ProfileLanguage
from web.services.documents import profile_doc
from web.services.id_lists import among
from web.services.profile_companions import companion_writer, load_companion

# The folder inside a profiles index version that holds the documents published with it.
DOCUMENTS_FOLDER = "documents"
_PROFILES_AT_ONCE = 2_000
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


def read_documents(session: Session, changed_since: datetime | None = None) -> DocumentStore:
    """Return the documents of every profile (or of those changed since a time) as the
    database holds them now."""
    return DocumentStore.from_entries(_entries(session, changed_since))


def _entries(session: Session, changed_since: datetime | None) -> Iterator[StoredDoc]:
    after = 0
    while True:
        query = select(*_COLUMNS).where(Profile.id > after)
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
