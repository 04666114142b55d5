"""Profiles' hard-constraint facts read straight from their columns, for the re-index to publish.

Loading a million profiles through the ORM (experience, education and all) would take many
minutes; the gate needs five columns and the language rows, read here in two streamed queries.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from matcher.profile_facts import FactRow, ProfileFacts
from web.models import Profile, ProfileLanguage
from web.services.profile_companions import BATCH, companion_writer, load_companion

# The folder inside a profiles index version that holds the facts published with it.
FACTS_FOLDER = "facts"


def facts_writer(session: Session, previous: Path | None) -> Callable[[Path], None]:
    """Return a writer of the facts to publish: those of the `previous` index version brought
    up to date where it has usable ones, else every profile's read afresh."""
    return companion_writer(session, previous, FACTS_FOLDER, ProfileFacts, read_facts)


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
    for profile_id, code, level in session.execute(ordered.execution_options(yield_per=BATCH)):
        spoken.setdefault(profile_id, []).append((code, level))
    columns = columns.execution_options(yield_per=BATCH)
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
    # Matching stays correct without them: the gate judges every candidate's document.
    return load_companion(version_dir, FACTS_FOLDER, ProfileFacts)
