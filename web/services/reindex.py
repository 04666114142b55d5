"""Batch re-indexing: embed what changed, then build (web.services.index_build) and publish indexes.

This is a batch edge like a CLI command: it owns its transactions and commits once per batch, so
a run killed at any moment loses at most the batch in flight, and the next run resumes there.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import delete, or_
from sqlalchemy.orm import sessionmaker

from matcher.encoder import Encoder, load_encoder
from matcher.errors import IndexBuildError, IndexLoadError
from matcher.fitting_pool import FittingPool
from matcher.index import IndexConfig, VectorIndex
from matcher.index_store import IndexStore
from web.errors import IndexWriteError
from web.models import SectionVector, utcnow
from web.services.companion_writers import COMPANIONS, companion_writers
from web.services.embeddings import (
    KINDS,
    EmbedStats,
    embed_records,
    load_records,
    pending_ids,
)
from web.services.full_text import index_is_current, lexical_beside
from web.services.index_build import build_index, can_change, change_index, vector_fingerprint
from web.services.index_reader import LEXICAL_FOLDER
from web.services.locking import ProcessLock
from web.services.profile_companions import saved_read_at
from web.services.progress import Progress
from web.services.search_words import store_words
from web.services.settings import Settings

log = logging.getLogger(__name__)

STATE_FILE = "reindex-state.json"


@dataclass
class KindReport:
    """What a run did for one kind of record."""

    embedded: EmbedStats = field(default_factory=EmbedStats)
    vectors: int = 0
    version: int | None = None
    rebuilt: bool = False
    changed_in_place: bool = False
    build_seconds: float = 0.0


@dataclass
class ReindexReport:
    """What a whole run did."""

    model: str
    previous_model: str | None
    kinds: dict[str, KindReport] = field(default_factory=dict)
    embed_seconds: float = 0.0
    seconds: float = 0.0

    def lines(self) -> list[str]:
        """Return a human summary, one line per fact."""
        out = [
            f"model: {self.model}"
            + (
                f" (moved from {self.previous_model})"
                if self.previous_model and self.previous_model != self.model
                else ""
            )
        ]
        for kind, report in self.kinds.items():
            stats = report.embedded
            rate = stats.encoded / stats.encode_seconds if stats.encode_seconds else 0.0
            out.append(
                f"{kind}: {stats.records} records embedded ({stats.encoded} sections encoded, "
                f"{stats.reused} reused); index "
                + (
                    f"version {report.version} "
                    + ("changed in place to" if report.changed_in_place else "built with")
                    + f" {report.vectors} vectors in {report.build_seconds:.2f} s"
                    if report.rebuilt
                    else f"version {report.version} already up to date ({report.vectors} vectors)"
                )
                + (f"; encoding ran at {rate:.1f} sections/s" if stats.encoded else "")
            )
        out.append(f"finished in {self.seconds:.1f} s")
        return out


def stores(settings: Settings) -> dict[str, IndexStore]:
    """Return the index store of each kind of record."""
    return {kind: IndexStore(settings.index_root / kind) for kind in KINDS}


def serving_model(settings: Settings) -> str | None:
    """Return the model of the index being served, or None if there is none."""
    for store in stores(settings).values():
        try:
            # Mapped: only the manifest is wanted, not a private copy of the vectors.
            index = store.load_current(verify=False, mmap=True)
        except IndexLoadError as error:
            log.warning("%s", error)  # rebuilt from the stored vectors by this run
            continue
        if index is not None:
            return index.manifest.model
    return None


def usable_current(kind: str, store: IndexStore) -> VectorIndex | None:
    """Return a kind's current index, memory-mapped, if it loads and its checksums match, else
    None.

    A corrupt or missing current version is rebuilt from the stored vectors (nothing is
    embedded again), even when the vectors have not changed since it was built.
    """
    try:
        # Mapped: a private copy would hold a second corpus in memory beside a fresh build.
        return store.load_current(fallback=False, mmap=True)
    except IndexLoadError as error:
        log.warning(
            "%s: the current index is unusable (%s); rebuilding it from the stored vectors",
            kind,
            error,
        )
        return None


def _read_state(path: Path) -> dict:
    try:
        return json.loads(path.read_text())
    except FileNotFoundError:
        return {}
    except (OSError, ValueError):
        log.warning("ignoring unreadable re-index state file %s", path)
        return {}


def _write_state(path: Path, state: dict) -> None:
    temp = path.with_suffix(".tmp")
    temp.write_text(json.dumps(state))
    with temp.open("rb") as handle:
        os.fsync(handle.fileno())
    os.replace(temp, path)


def _index_config(settings: Settings) -> IndexConfig:
    return IndexConfig(
        kind=settings.index_kind,
        approximate_threshold=settings.approximate_threshold,
        threads=settings.index_threads,
    )


class Reindexer:
    """One re-index run."""

    def __init__(self, sessions: sessionmaker, settings: Settings) -> None:
        self.sessions, self.settings = sessions, settings
        self.stores = stores(settings)
        self.state_path = settings.index_root / STATE_FILE
        self._encoder: Encoder | None = None
        self._fitting: FittingPool | None = None

    def encoder(self, model: str) -> Encoder:
        """Return the encoder for the target model, loading it on first use."""
        if self._encoder is None:
            self._encoder = load_encoder(self.settings.encoder_for(model))
        return self._encoder

    def fitting(self, encoder: Encoder) -> FittingPool | None:
        """Return the worker pool that cuts and tokenises texts, if one is configured."""
        if self.settings.fit_workers < 1 or encoder.tokenizer_folder is None:
            return None
        if self._fitting is None:
            self._fitting = FittingPool(encoder, self.settings.fit_workers)
        return self._fitting

    def run(self, *, full: bool = False, model: str | None = None) -> ReindexReport:
        """Bring vectors and indexes up to date; see the module docstring for the guarantees."""
        started = time.monotonic()
        self.settings.index_root.mkdir(parents=True, exist_ok=True)
        with ProcessLock(self.settings.index_root / "reindex.lock"):
            current = serving_model(self.settings)
            state = _read_state(self.state_path)
            target = model or state.get("model") or current or self.settings.encoder.model
            if full and not state.get("full_since"):
                state["full_since"] = utcnow().isoformat()
            if target != current or full:
                # Remembered so that a killed run is resumed by a plain `reindex`.
                _write_state(self.state_path, {**state, "model": target})
            since = datetime.fromisoformat(state["full_since"]) if state.get("full_since") else None
            report = ReindexReport(model=target, previous_model=current)
            embed_started = time.monotonic()
            try:
                snapshots = self._embed_all(target, since, full, report)
            finally:
                if self._fitting is not None:
                    self._fitting.close()
                    self._fitting = None
            report.embed_seconds = time.monotonic() - embed_started
            for kind in KINDS:
                self._publish(
                    kind, target, snapshots[kind], report.kinds[kind], force=target != current
                )
            self._drop_other_models(target)
            self.state_path.unlink(missing_ok=True)
            for store in self.stores.values():
                store.cleanup(keep=2)
        report.seconds = time.monotonic() - started
        return report

    def _embed_all(
        self, model: str, since: datetime | None, full: bool, report: ReindexReport
    ) -> dict[str, datetime]:
        """Embed every pending record; return, per kind, when its last (empty) scan began."""
        snapshots = {}
        for kind in KINDS:
            report.kinds[kind] = KindReport()
            progress = None
            while True:
                snapshots[kind] = utcnow()
                # One scan a pass: finding each batch by its own scan took 26 s of a run that
                # embedded 1% of a million profiles.
                with self.sessions() as session:
                    pending = pending_ids(session, kind, model, since=since)
                if not pending:
                    break
                if progress is None:
                    progress = Progress(len(pending), f"embedding {kind}")
                self._embed_batches(kind, model, pending, full, report.kinds[kind], progress)
            if progress is not None:
                progress.close()
        return snapshots

    def _embed_batches(
        self,
        kind: str,
        model: str,
        pending: list[int],
        full: bool,
        report: KindReport,
        progress: Progress,
    ) -> None:
        """Embed these records batch by batch, committing each batch."""
        batch_size = self.settings.reindex_batch_size
        for start in range(0, len(pending), batch_size):
            ids = pending[start : start + batch_size]
            with self.sessions() as session:
                records = load_records(session, kind, ids)
                encoder = self.encoder(model)
                stats = embed_records(
                    session, kind, records, encoder, reuse=not full, fitting=self.fitting(encoder)
                )
                store_words(session, kind, records)
                session.commit()
            report.embedded.records += stats.records
            report.embedded.encoded += stats.encoded
            report.embedded.reused += stats.reused
            report.embedded.encode_seconds += stats.encode_seconds
            progress.update(len(ids))

    def _publish(
        self, kind: str, model: str, snapshot: datetime, report: KindReport, force: bool
    ) -> None:
        """Build a kind's index from stored vectors and switch to it, if anything changed."""
        store = self.stores[kind]
        with self.sessions() as session:
            fingerprint = vector_fingerprint(session, kind, model)
            current = usable_current(kind, store)
            if (
                current is not None
                and not force
                and current.manifest.model == model
                and current.manifest.extra.get("fingerprint") == fingerprint
                and _companions_current(kind, store.version_dir(current.manifest.version))
            ):
                report.version, report.vectors = current.manifest.version, len(current)
                return
            started = time.monotonic()
            # The full text and the companions depend on the records' texts, not on the model.
            previous = store.version_dir(current.manifest.version) if current else None
            lexical_before = previous and previous / LEXICAL_FOLDER
            with lexical_beside(session, kind, lexical_before, store.root) as lexical_writer:
                index = self._new_index(session, kind, model, snapshot, fingerprint, current, force)
                report.changed_in_place = index.manifest.extra.get("changed_from") is not None
                records = index.payload_for(index.ids)["records"] if len(index) else []
                attachments = {LEXICAL_FOLDER: lexical_writer(records)}
            if kind == "profiles":
                # Read after the snapshot: a record changed since is judged by its document.
                attachments.update(companion_writers(session, previous))
            session.commit()  # the search words it had to make serve the next build too
        try:
            store.publish(index, attachments)
        except IndexBuildError as error:
            kept = f"version {current.manifest.version}" if current else "the previous version"
            raise IndexWriteError(
                f"cannot write the {kind} index to {store.root}: {error}; {kept} is still served"
            ) from error
        drop_older_texts(store, index.manifest.version)
        report.rebuilt, report.version, report.vectors = True, index.manifest.version, len(index)
        report.build_seconds = time.monotonic() - started
        log.info("%s: published index version %s (%s vectors)", kind, report.version, len(index))

    def _new_index(
        self,
        session,
        kind: str,
        model: str,
        snapshot: datetime,
        fingerprint: list[int],
        current: VectorIndex | None,
        force: bool,
    ) -> VectorIndex:
        """Return the next index of a kind: the current one changed where little changed, else
        one built afresh from the stored vectors."""
        store, config = self.stores[kind], _index_config(self.settings)
        if not force and can_change(current, model, config, fingerprint[0]):
            # Only what changed is assigned to lists: the cost follows the change, not the corpus.
            private = VectorIndex.load(
                store.version_dir(current.manifest.version), mmap=False, verify=False
            )
            changed = change_index(
                session, kind, config, private, store.next_version(), snapshot, fingerprint
            )
            if changed is not None:
                return changed
            del private  # the whole corpus at a million profiles: freed before building afresh

        def empty_dimension() -> int:
            # With no vector left (the last person erased) the index is still built, empty.
            if current is not None and current.manifest.model == model:
                return current.manifest.dimension
            return self.encoder(model).dimension

        return build_index(
            session,
            kind,
            model,
            config,
            store.next_version(),
            snapshot,
            fingerprint,
            empty_dimension,
            # Its k-means centroids serve again while the corpus changed little.
            trained=current if current is not None and current.manifest.model == model else None,
            scratch=store.root,
        )

    def _drop_other_models(self, model: str) -> None:
        with self.sessions() as session:
            # Two ranges of the (model, id) index instead of `!=`, which scans every vector.
            other = or_(SectionVector.model < model, SectionVector.model > model)
            removed = session.execute(delete(SectionVector).where(other))
            session.commit()
        if removed.rowcount:
            log.info("removed %s vectors of models no longer served", removed.rowcount)


def _companions_current(kind: str, folder: Path) -> bool:
    """Return whether a version's companions are what this code would publish with it."""
    # A new taxonomy changes the skill names in search texts: rebuild for it too.
    if not index_is_current(folder / LEXICAL_FOLDER):
        return False
    # Versions without profile facts and documents this code reads get them with the next build.
    return kind != "profiles" or all(
        saved_read_at(folder, name, companion) for name, companion in COMPANIONS.items()
    )


def drop_older_texts(store: IndexStore, current: int) -> None:
    """Remove the full-text index, profile facts and documents of every version older than
    `current`.

    The vocabulary holds words of the texts it was built from, the facts the countries and
    languages of each profile and the documents all they say, so a person erased since would
    still be in them; an older version kept as a fallback is served without full text and reads
    candidates from the database instead.
    """
    for version in store.versions():
        if version < current:
            for folder in (LEXICAL_FOLDER, *COMPANIONS):
                shutil.rmtree(store.version_dir(version) / folder, ignore_errors=True)
