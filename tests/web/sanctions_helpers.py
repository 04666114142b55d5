"""Helpers for the sanctions and organisation-approval tests: list files, exiles, screenings."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

from sqlalchemy import select

from web import database
from web.models import Attestation, Screening, ScreeningHit, User
from web.records.schemas import ProfileRecord
from web.services import profiles, sanctions

HEADER = [
    "id", "schema", "name", "aliases", "birth_date", "countries", "addresses", "identifiers",
    "sanctions", "phones", "emails", "program_ids", "dataset", "first_seen", "last_seen",
    "last_change",
]  # fmt: skip


def fixture_rows() -> list[list[str]]:
    """Return the shipped fixture's rows (without the header)."""
    with sanctions.fixture_path().open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))[1:]


def row(entry_id: str, name: str, *, schema="Person", born="", dataset="UK FCDO Sanctions List"):
    """Return one targets.simple.csv row."""
    values = dict.fromkeys(HEADER, "")
    values.update(
        id=entry_id, schema=schema, name=name, birth_date=born, dataset=dataset,
        last_seen="2026-12-01T06:00:00",
    )  # fmt: skip
    return [values[column] for column in HEADER]


def write_list(path: Path, rows: list[list[str]], *, checksum: str | None = None) -> Path:
    """Write a targets.simple.csv as OpenSanctions does (every field quoted, "\\n" endings)."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, dialect=csv.unix_dialect)
        writer.writerow(HEADER)
        writer.writerows(rows)
    if checksum == "right":
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        path.with_name(path.name + ".sha256").write_text(f"{digest}  {path.name}\n")
    elif checksum is not None:
        path.with_name(path.name + ".sha256").write_text(f"{checksum}  {path.name}\n")
    return path


def settings(app):
    """Return the app's sanctions settings."""
    return sanctions.settings_from_config(app.config)


def load(app, path: Path | None = None, **options):
    """Load a list (the fixture by default) and re-screen everyone, as the CLI does."""
    with app.app_context():
        with database.session_scope() as session:
            report = sanctions.load_file(
                session, path or sanctions.fixture_path(), settings(app), **options
            )
            version = report.version.version
        with database.session_scope() as session:
            sanctions.screen_everyone(session, settings(app))
    return version


def exile(app, auth, email: str, full_name: str | None, *variants: str, born: int | None = None):
    """Create an exile and save their profile through the profile service; return the user id."""
    user_id = auth.create(email)
    save_names(app, user_id, full_name, *variants, born=born)
    return user_id


def save_names(app, user_id: int, full_name: str | None, *variants: str, born=None) -> None:
    """Save the exile's profile with these private names, as the profile page does."""
    record = ProfileRecord.model_validate(
        {
            "external_id": f"u-{user_id}",
            "display_name": f"Person {user_id}",
            "headline": "Historian of the Soviet Union",
            "full_name": full_name,
            "name_variants": list(variants),
            "birth_year": born,
        }
    )
    with app.app_context(), database.session_scope() as session:
        profiles.save_own_profile(session, session.get(User, user_id), record)


def latest(app, *, user_id=None, organization_id=None) -> dict | None:
    """Return the subject's newest screening as plain data: status, score, hits, badge."""
    with app.app_context(), database.session_scope() as session:
        query = select(Screening).order_by(Screening.id.desc()).limit(1)
        if user_id is not None:
            query = query.where(Screening.user_id == user_id)
        else:
            query = query.where(Screening.organization_id == organization_id)
        screening = session.scalar(query)
        if screening is None:
            return None
        hits = session.scalars(
            select(ScreeningHit).where(ScreeningHit.screening_id == screening.id)
        ).all()
        badge = session.scalar(
            select(Attestation).where(
                Attestation.kind == "sanctions",
                Attestation.user_id == user_id
                if user_id is not None
                else Attestation.organization_id == organization_id,
            )
        )
        return {
            "id": screening.id,
            "status": screening.status,
            "top_score": screening.top_score,
            "version_id": screening.list_version_id,
            "hits": {hit.entity_id: (hit.score, hit.decision, hit.id) for hit in hits},
            "badge": (badge.status, badge.evidence) if badge else None,
        }
