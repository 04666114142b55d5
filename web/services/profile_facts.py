"""Profiles' hard-constraint facts read straight from their columns, for the re-index to publish.

Loading a million profiles through the ORM (experience, education and all) would take many
minutes; the gate needs five columns and the language rows, read here in two streamed queries.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from matcher.errors import IndexLoadError
from matcher.profile_facts import FactRow, ProfileFacts
from web.models import Profile, ProfileLanguage
from web.models.base import utcnow

log = logging.getLogger(__name__)

# The folder inside a profiles index version that holds the facts published with it.
FACTS_FOLDER = "facts"
_BATCH = 10_000
CLOCK_MARGIN = timedelta(seconds=60)


def facts_writer(session: Session, previous: Path | None) -> Callable[[Path], None]:
    """Return a writer of the facts to publish: those of the `previous` index version brought
    up to date where it has usable ones, else every profile's read afresh."""
    started = utcnow()
    read_at = ProfileFacts.saved_about(previous / FACTS_FOLDER).get("read_at") if previous else None
    facts = load_facts(previous) if read_at is not None else None
    if facts is None:
        facts = read_facts(session)
    else:
        # Profiles changed within a minute before the last read may have been read half-done.
        since = datetime.fromisoformat(read_at) - CLOCK_MARGIN
        profile_ids = select(Profile.id).execution_options(yield_per=_BATCH)
        current = np.fromiter(session.scalars(profile_ids), dtype=np.int64)
        facts = facts.updated(read_facts(session, changed_since=since), current)
    return lambda folder: facts.save(folder, about={"read_at": started.isoformat()})


def read_facts(session: Session, changed_since: datetime | None = None) -> ProfileFacts:
    """Return the hard-constraint facts of every profile (or of those changed since a time)
    as the database holds them now."""
    spoken: dict[int, list[tuple[str, str]]] = {}
    languages = select(ProfileLanguage.profile_id, ProfileLanguage.code, ProfileLanguage.level)
    columns = select(
        Profile.id, Profile.seeking, Profile.remote, Profile.country, Profile.work_authorization
    )
    if changed_since is not None:
        changed = select(Profile.id).where(Profile.updated_at >= changed_since)
        languages = languages.where(ProfileLanguage.profile_id.in_(changed))
        columns = columns.where(Profile.updated_at >= changed_since)
    ordered = languages.order_by(ProfileLanguage.profile_id, ProfileLanguage.position)
    for profile_id, code, level in session.execute(ordered.execution_options(yield_per=_BATCH)):
        spoken.setdefault(profile_id, []).append((code, level))
    columns = columns.execution_options(yield_per=_BATCH)
    return ProfileFacts.from_rows(
        FactRow(
            profile_id,
            tuple(seeking or ()),
            remote,
            country,
            tuple(authorised or ()),
            tuple(spoken.get(profile_id, ())),
        )
        for profile_id, seeking, remote, country, authorised in session.execute(columns)
    )


def load_facts(version_dir: Path) -> ProfileFacts | None:
    """Return the facts published with a profiles index version, or None when it has none."""
    folder = version_dir / FACTS_FOLDER
    if not folder.exists():
        return None
    try:
        return ProfileFacts.load(folder)
    except IndexLoadError as error:
        # Matching stays correct without them: the gate judges every candidate's document.
        log.error("unusable profile facts in %s (%s); judging candidates one by one", folder, error)
        return None
