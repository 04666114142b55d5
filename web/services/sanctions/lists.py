"""Load a sanctions list file as a version: check it, build it beside the current one, swap it in.

Nothing changes until the new version is complete: a rejected file, a failed build or a failed
check leaves the current version in use. The database flag `SanctionsListVersion.is_current` is
what screening reads; the CURRENT file in HOME/sanctions mirrors it for operators and tools.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from web.models import Attestation, SanctionsListVersion, Screening, ScreeningHit, utcnow
from web.services.sanctions import issuers
from web.services.sanctions.parsing import SanctionsListError, read_file
from web.services.sanctions.settings import SanctionsSettings
from web.services.sanctions.store import (
    ListStore,
    build_version,
    open_store,
    prune,
    read_manifest,
    read_pointer,
    write_pointer,
)

FIXTURE = Path(__file__).resolve().parents[2] / "data" / "sanctions" / "targets.simple.csv"
DEFAULT_LISTS = "UN, EU, UK, US"
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class LoadReport:
    """What a load did: the version in use afterwards and what the file held."""

    version: SanctionsListVersion
    changed: bool
    rows: int
    entries: int
    excluded: int
    skipped: int


def fixture_path() -> Path:
    """Return the synthetic list shipped for tests and the demo (clearly fake names)."""
    return FIXTURE


def current_version(session: Session) -> SanctionsListVersion | None:
    """Return the list version screening uses now, if any was loaded."""
    return session.scalar(
        select(SanctionsListVersion).where(SanctionsListVersion.is_current.is_(True)).limit(1)
    )


def current_store(
    session: Session, settings: SanctionsSettings
) -> tuple[SanctionsListVersion, ListStore] | None:
    """Return the current version and its entries in memory, or None if no list is loaded."""
    version = current_version(session)
    if version is None:
        return None
    return version, open_store(settings.root / version.version)


def lists_label(settings: SanctionsSettings, version: SanctionsListVersion) -> str:
    """Return which lists a version covers, as a badge names them ("UN, EU, UK, US")."""
    try:
        return read_manifest(settings.root / version.version).get("lists") or DEFAULT_LISTS
    except SanctionsListError:
        return DEFAULT_LISTS


def _list_date(value: str | None, parsed: str | None) -> str:
    day = value or parsed or date.today().isoformat()
    if not _DAY.match(day):
        raise SanctionsListError(f"the list date {day!r} is not a date in the form YYYY-MM-DD")
    try:
        date.fromisoformat(day)
    except ValueError:
        raise SanctionsListError(f"the list date {day!r} is not a real date") from None
    return day


def load_file(
    session: Session,
    path: Path,
    settings: SanctionsSettings,
    *,
    list_date: str | None = None,
    expected_count: int | None = None,
    allow_shrink: bool = False,
) -> LoadReport:
    """Check a list file whole, build it as a version and make it current.

    Raises SanctionsListError, changing nothing, if the file is empty, cut off, malformed, does
    not match `<file>.sha256` or `expected_count`, or is much smaller than the current version
    (a truncated download that happens to end on a line break) unless `allow_shrink`.
    """
    parsed = read_file(path, expected_count)
    kept = [
        entry
        for entry in parsed.entries
        if not issuers.is_excluded(
            entry.datasets, entry.programs, settings.excluded_issuers, settings.excluded_datasets
        )
    ]
    if not kept:
        raise SanctionsListError(f"{path.name} holds no entry left to screen against")
    day = _list_date(list_date, parsed.list_date)
    name = f"{day}-{parsed.sha256[:12]}"
    current = current_version(session)
    counts = dict(
        rows=parsed.rows,
        entries=len(kept),
        excluded=len(parsed.entries) - len(kept),
        skipped=parsed.skipped,
    )
    if current is not None and current.version == name and (settings.root / name).is_dir():
        return LoadReport(current, False, **counts)
    if (
        current is not None
        and not allow_shrink
        and len(kept) < current.entity_count * settings.min_keep_ratio
    ):
        raise SanctionsListError(
            f"{path.name} has {len(kept)} entries to screen against, under "
            f"{settings.min_keep_ratio:.0%} of the {current.entity_count} in use: a truncated "
            "file? Load it with --allow-shrink if the list really shrank"
        )
    codes = {code for entry in kept for code in map(issuers.dataset_issuer, entry.datasets) if code}
    manifest = {
        "list_date": day,
        "source_name": path.name,
        "source_sha256": parsed.sha256,
        "format": parsed.format,
        "rows": parsed.rows,
        "excluded": counts["excluded"],
        "skipped": parsed.skipped,
        "issuers": sorted(codes),
        "lists": issuers.badge_lists(codes),
        "excluded_issuers": sorted(settings.excluded_issuers),
    }
    directory = build_version(settings.root, name, kept, manifest)
    open_store(directory)  # checks the built version against its manifest before it is used
    version = session.scalar(
        select(SanctionsListVersion).where(SanctionsListVersion.version == name)
    )
    if version is None:
        version = SanctionsListVersion(version=name)
        session.add(version)
    version.list_date = day
    version.sha256 = parsed.sha256
    version.source_name = path.name[:300]
    version.entity_count = len(kept)
    version.loaded_at = utcnow()
    session.execute(
        update(SanctionsListVersion)
        .where(SanctionsListVersion.is_current.is_(True))
        .values(is_current=False)
    )
    version.is_current = True
    session.flush()
    # A screening badge holds until a newer list lands; re-screening records the new ones.
    session.execute(
        update(Attestation)
        .where(Attestation.kind == "sanctions", Attestation.status == "verified")
        .values(expires_at=utcnow())
    )
    write_pointer(settings.root, name)
    keep = {name} | ({current.version} if current is not None else set())
    prune(settings.root, keep, settings.keep_versions)
    return LoadReport(version, True, **counts)


def status(session: Session, settings: SanctionsSettings) -> dict:
    """Return the loaded versions, the one in use, and how screenings and hits stand."""
    versions = session.scalars(
        select(SanctionsListVersion).order_by(SanctionsListVersion.loaded_at.desc()).limit(10)
    ).all()
    current = next((version for version in versions if version.is_current), None)
    by_status = {}
    if current is not None:
        by_status = dict(
            session.execute(
                select(Screening.status, func.count())
                .where(Screening.list_version_id == current.id)
                .group_by(Screening.status)
            ).all()
        )
    pending = session.scalar(
        select(func.count()).select_from(ScreeningHit).where(ScreeningHit.decision == "pending")
    )
    return {
        "current": current,
        "pointer": read_pointer(settings.root),
        "lists": lists_label(settings, current) if current is not None else None,
        "versions": versions,
        "screenings": by_status,
        "pending_hits": pending or 0,
    }
