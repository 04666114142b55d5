"""Import JSON Lines record files: every valid line stored, every bad line reported."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from web.records.jsonl import LineError, read_file
from web.records.schemas import ListingRecord, ProfileRecord
from web.services.records import upsert_listing, upsert_profile

SCHEMAS = {"profiles": ProfileRecord, "listings": ListingRecord}
UPSERTS = {"profiles": upsert_profile, "listings": upsert_listing}


@dataclass
class ImportReport:
    """What an import stored and what it rejected."""

    kind: str
    outcomes: Counter = field(default_factory=Counter)
    errors: list[LineError] = field(default_factory=list)

    @property
    def stored(self) -> int:
        """Return how many lines were stored (created, updated or already identical)."""
        return sum(self.outcomes.values())

    @property
    def ok(self) -> bool:
        """Return True if every line was valid."""
        return not self.errors


def import_file(session: Session, kind: str, path: Path) -> ImportReport:
    """Validate a file and upsert its valid records; the caller commits."""
    parsed = read_file(path, SCHEMAS[kind])
    report = ImportReport(kind, errors=list(parsed.errors))
    upsert = UPSERTS[kind]
    for line, record in parsed.records:
        # A savepoint per line: a line the database refuses leaves nothing half-stored.
        savepoint = session.begin_nested()
        try:
            _, outcome = upsert(session, record)
            session.flush()
        except IntegrityError as error:
            savepoint.rollback()
            report.errors.append(LineError(line, f"refused by the database: {error.orig}"))
            continue
        savepoint.commit()
        report.outcomes[outcome] += 1
    report.errors.sort(key=lambda error: error.line)
    return report
