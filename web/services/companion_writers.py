"""The companions a profiles index version publishes beside its vectors (the profile facts and
documents): each brought up to date from the previous version's, or both read in one pass."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy.orm import Session

from matcher.document_store import DocumentStore
from matcher.profile_facts import ProfileFacts
from web.models.base import utcnow
from web.services.profile_companions import saved_read_at, saver
from web.services.profile_documents import (
    DOCUMENTS_FOLDER,
    documents_writer,
    read_documents_and_facts,
)
from web.services.profile_facts import FACTS_FOLDER, facts_writer

# Each companion's folder in an index version and the class that reads and writes it.
COMPANIONS = {FACTS_FOLDER: ProfileFacts, DOCUMENTS_FOLDER: DocumentStore}


def companion_writers(session: Session, previous: Path | None) -> dict[str, Callable[[Path], None]]:
    """Return a writer for each companion to publish, by folder: the `previous` index
    version's brought up to date where it has one, else every profile's read afresh."""
    if any(saved_read_at(previous, name, companion) for name, companion in COMPANIONS.items()):
        return {
            FACTS_FOLDER: facts_writer(session, previous),
            DOCUMENTS_FOLDER: documents_writer(session, previous),
        }
    # Neither can be kept: one read gives both, since a document holds every fact (reading the
    # facts on their own took 33 s of a rebuild at a million profiles).
    started = utcnow()
    documents, facts = read_documents_and_facts(session)
    return {FACTS_FOLDER: saver(facts, started), DOCUMENTS_FOLDER: saver(documents, started)}
