"""What a profiles index version publishes beside its vectors, read from the database once and
then kept up to date: each publish re-reads only the profiles changed since the last one.

A companion (the profile facts, the profile documents) is a class with `saved_about(folder)`,
`load(folder)`, `updated(changed, current_ids)` and `save(folder, about)`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from matcher.errors import IndexLoadError
from web.models.base import utcnow
from web.services.embeddings import record_ids

log = logging.getLogger(__name__)

# Rows fetched at a time when streaming a whole table.
BATCH = 10_000
# Records changed within this long before a read may have been read half-done.
CLOCK_MARGIN = timedelta(seconds=60)


def companion_writer(
    session: Session,
    previous: Path | None,
    folder_name: str,
    companion: type,
    read: Callable[..., object],
) -> Callable[[Path], None]:
    """Return a writer of a companion to publish: the `previous` index version's brought up to
    date where it has a usable one, else every profile's read afresh by `read(session)`."""
    started = utcnow()
    read_at = saved_read_at(previous, folder_name, companion)
    kept = load_companion(previous, folder_name, companion) if read_at is not None else None
    if kept is None:
        fresh = read(session)
    else:
        since = datetime.fromisoformat(read_at) - CLOCK_MARGIN
        fresh = kept.updated(read(session, changed_since=since), record_ids(session, "profiles"))
    return saver(fresh, started)


def saved_read_at(version_dir: Path | None, folder_name: str, companion: type) -> str | None:
    """Return when the companion published with an index version was read, or None when it
    has none this code can bring up to date."""
    if version_dir is None:
        return None
    return companion.saved_about(version_dir / folder_name).get("read_at")


def saver(fresh, started: datetime) -> Callable[[Path], None]:
    """Return a writer of a companion read at `started` into an index version's folder."""
    return lambda folder: fresh.save(folder, about={"read_at": started.isoformat()})


def load_companion(version_dir: Path, folder_name: str, companion: type):
    """Return the companion published with an index version, or None when it has none usable."""
    folder = version_dir / folder_name
    if not folder.exists():
        return None
    try:
        return companion.load(folder)
    except IndexLoadError as error:
        # Matching stays correct without one: it asks the database instead, only slower.
        log.error("unusable %s in %s (%s); matching without them", folder_name, folder, error)
        return None
