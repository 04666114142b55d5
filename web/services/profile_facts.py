"""Profiles' hard-constraint facts read straight from their columns, for the re-index to publish.

Loading a million profiles through the ORM (experience, education and all) would take many
minutes; the gate needs five columns and the language rows, read here in two streamed queries.
"""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from matcher.errors import IndexLoadError
from matcher.profile_facts import FactRow, ProfileFacts
from web.models import Profile, ProfileLanguage

log = logging.getLogger(__name__)

# The folder inside a profiles index version that holds the facts published with it.
FACTS_FOLDER = "facts"
_BATCH = 10_000


def read_facts(session: Session) -> ProfileFacts:
    """Return the hard-constraint facts of every profile as the database holds them now."""
    spoken: dict[int, list[tuple[str, str]]] = {}
    languages = select(ProfileLanguage.profile_id, ProfileLanguage.code, ProfileLanguage.level)
    ordered = languages.order_by(ProfileLanguage.profile_id, ProfileLanguage.position)
    for profile_id, code, level in session.execute(ordered.execution_options(yield_per=_BATCH)):
        spoken.setdefault(profile_id, []).append((code, level))
    columns = select(
        Profile.id, Profile.seeking, Profile.remote, Profile.country, Profile.work_authorization
    ).execution_options(yield_per=_BATCH)
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
