"""The full-text (BM25) side of the index: record texts as search sees them, built at re-index."""

from __future__ import annotations

import logging
import multiprocessing
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from matcher.errors import IndexLoadError
from matcher.lexical import LexicalIndex, LexicalScores
from web.database import make_engine
from web.models.base import utcnow
from web.services.embeddings import record_ids, record_model
from web.services.profile_companions import CLOCK_MARGIN
from web.services.search_words import analyser, current_words, refresh_stale

log = logging.getLogger(__name__)

# A full-text build afresh of at least this many records runs in a spawned process beside the
# vector index's build: it is Python on one core (45-60 s at a million profiles) while reading
# the vectors leaves the other core idle.
SPAWN_FROM = 100_000


def index_is_current(folder) -> bool:
    """Return whether a saved full-text index was built with this code's analyser (tokeniser
    and taxonomy), so that a re-index can change it."""
    return _read_at(folder) is not None


def lexical_writer(
    session: Session, kind: str, records: Sequence[int], previous: Path | None = None
) -> Callable[[Path], None]:
    """Return a writer of the BM25 index of these records' current texts (records gone since
    are left out): the `previous` one changed where only some texts changed, else one built
    afresh.

    Words come from the database (stored when a record is embedded); those of records whose
    stored words are stale, or were never stored, are made and stored first, for the caller to
    commit.
    """
    started = utcnow()
    index = _built(session, kind, records, previous, refresh=True)
    return _saver(index, started)


@contextmanager
def lexical_beside(
    session: Session, kind: str, previous: Path | None, scratch: Path
) -> Iterator[Callable[[Sequence[int]], Callable[[Path], None]]]:
    """Yield a function that returns `lexical_writer`'s writer for the records the new vector
    index holds, which the caller knows only once it is built.

    Where the full text must be built afresh for a large corpus, a spawned process builds it
    for every record meanwhile, in a folder under `scratch`; the writer then starts from that.
    """
    folder = None
    if not index_is_current(previous):
        folder = _spawned_folder(session, kind, scratch)
    if folder is None:
        yield lambda records: lexical_writer(session, kind, records, previous)
        return
    spawn = multiprocessing.get_context("spawn")
    try:
        with ProcessPoolExecutor(max_workers=1, mp_context=spawn) as child:
            url = session.get_bind().url.render_as_string(hide_password=False)
            built = child.submit(_build_all, url, kind, folder)

            def finish(records: Sequence[int]) -> Callable[[Path], None]:
                try:
                    built.result()
                except Exception as error:  # the child only saves time: build here instead
                    log.warning("the spawned full-text build failed (%r): building it here", error)
                    return lexical_writer(session, kind, records, None)
                return lexical_writer(session, kind, records, folder)

            yield finish
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _spawned_folder(session: Session, kind: str, scratch: Path) -> Path | None:
    """Return a new folder for a spawned build, or None where one is not worth it: too few
    records, or a database another process cannot open."""
    if session.get_bind().url.database in (None, "", ":memory:"):
        return None
    record = record_model(kind)
    if session.scalar(select(func.count(record.id))) < max(SPAWN_FROM, 1):
        return None
    scratch.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f"tmp-{os.getpid()}-lexical-", dir=scratch))


def _build_all(url: str, kind: str, folder: Path) -> None:
    """Build and save the full-text index of every record of a kind (in a spawned process)."""
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            started = utcnow()
            # Records with stale words are left out: the parent makes theirs when it finishes.
            index = _built(session, kind, None, None, refresh=False)
        _saver(index, started)(folder)
    finally:
        engine.dispose()


def _saver(index: LexicalIndex, started: datetime) -> Callable[[Path], None]:
    """Return a writer of a full-text index whose texts were read from `started` on."""
    about = {"analyser": analyser(), "read_at": started.isoformat()}
    return lambda folder: index.save(folder, about=about)


def _built(
    session: Session,
    kind: str,
    records: Sequence[int] | None,
    previous: Path | None,
    refresh: bool,
) -> LexicalIndex:
    """Return the BM25 index of these records' (every record's, for None) current texts:
    `previous` changed where it can be, else built afresh."""
    wanted = present = record_ids(session, kind)
    if records is not None:
        wanted = np.intersect1d(np.asarray(records, dtype=np.int64), present)
    kept = _changeable(previous)
    if kept is None:
        if refresh:
            refresh_stale(session, kind, wanted)
        return LexicalIndex.from_words(current_words(session, kind, wanted))
    index, read_at = kept
    edited = record_ids(session, kind, changed_since=read_at - CLOCK_MARGIN)
    same = np.isin(index.ids, wanted) & ~np.isin(index.ids, edited)
    changed = np.setdiff1d(wanted, index.ids[same])
    if refresh:
        refresh_stale(session, kind, changed)
    return index.changed(index.ids[~same], current_words(session, kind, changed))


def _read_at(folder: Path | None) -> datetime | None:
    """Return when the texts of a saved full-text index were read, or None when there is none
    this code can change (none at all, or one made by another analyser)."""
    about = LexicalIndex.saved_about(folder) if folder is not None else None
    if not about or about.get("analyser") != analyser():
        return None
    try:
        return datetime.fromisoformat(about["read_at"])
    except (KeyError, TypeError, ValueError):
        return None


def _changeable(folder: Path | None) -> tuple[LexicalIndex, datetime] | None:
    read_at = _read_at(folder)
    if read_at is None:
        return None
    try:
        return LexicalIndex.load_changeable(folder), read_at
    except IndexLoadError as error:
        log.warning(
            "cannot change the full-text index in %s (%s): building it afresh", folder, error
        )
        return None


@dataclass(frozen=True)
class LexicalScorer:
    """One query's BM25 scores: from the index for unchanged records, from the current text
    (with the index's statistics) for records changed since it was built."""

    scores: LexicalScores
    index: LexicalIndex
    texts: list[str]
    load_texts: Callable[[list[int]], dict[int, str]]

    def top(self, k: int, fresh: list[int]) -> dict[int, float]:
        """Return the best k unchanged records and every changed one that scores."""
        stale = set(fresh)
        best = {rid: s for rid, s in self.scores.top(k + len(stale)).items() if rid not in stale}
        best = dict(list(best.items())[:k])
        return best | self.index.score_texts(self.texts, self.load_texts(list(fresh)))

    def scores_of(self, ids: set[int], fresh: list[int]) -> dict[int, float]:
        """Return the scores of these records, by their current text."""
        stale = ids & set(fresh)
        return self.scores.of(ids - stale) | self.index.score_texts(
            self.texts, self.load_texts(sorted(stale))
        )
