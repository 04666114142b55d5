"""Erasure: a person deletes their account and every trace goes, from every table, the search index
and the upload folder; the audit log keeps one pseudonymous tombstone; hosts shown private details
are told."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import JSON, String, Text, cast, func, select

from matcher.index_store import IndexStore
from web import database
from web.models import (
    ApiToken,
    Attestation,
    AuditEvent,
    Base,
    ContactRequest,
    DocumentReview,
    EmailConfirmation,
    ExternalIdentity,
    Listing,
    OutboxMessage,
    SanctionsListVersion,
    Screening,
    ScreeningHit,
    SecurityEvent,
    ShortlistEntry,
    User,
    Vouch,
    utcnow,
)
from web.services import audit, uploads
from web.services.matching import Matcher
from web.services.settings import settings_from_config

from .contact_helpers import Person, add_person, outbox, set_organization
from .hosts import create_listing
from .records import profile
from .test_reindex import run

pytestmark = pytest.mark.slow

MARKER = "zqxmark"
ACCOUNT = f"{MARKER}-account@example.org"
PURPOSE = f"We would like to offer you a research post ({MARKER} project)."
PASSWORD_FORM = {"password": "correct horse battery staple"}


def marked_record() -> dict:
    """Return a profile with the marker in every text field, private ones included."""
    return profile(
        external_id="p-erased",
        display_name=f"Z. {MARKER}",
        full_name=f"Zelda {MARKER}ova",
        name_variants=[f"{MARKER.upper()} ZELDA"],
        birth_year=1988,
        email=f"{MARKER}-private@example.org",
        headline=f"Glaciologist, sea ice and {MARKER} studies",
        summary=f"Arctic sea ice research; the {MARKER} method.",
        skills=["glaciology", f"{MARKER} modelling"],
        experience=[
            {
                "title": f"Researcher in {MARKER}",
                "organization": f"{MARKER} Institute",
                "start": "2015-01",
                "description": f"Sea ice {MARKER}.",
            }
        ],
        education=[
            {"degree": f"PhD {MARKER}", "field": f"{MARKER} physics", "institution": MARKER}
        ],
        city=f"{MARKER}grad",
    )


def text_columns():
    """Yield every text and JSON column of every table."""
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, String | Text | JSON):
                yield table, column


def columns_referring_to(table_name: str):
    """Yield every column with a foreign key to `table_name`.id."""
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            if any(key.column.table.name == table_name for key in column.foreign_keys):
                yield table, column


def traces(app, user_id: int, profile_id: int) -> list[str]:
    """Return where the marker or the person's ids are still stored, scanning every table."""
    found = []
    with app.app_context(), database.session_scope() as session:
        for table, column in text_columns():
            hits = session.scalar(
                select(func.count())
                .select_from(table)
                .where(func.lower(cast(column, Text)).like(f"%{MARKER}%"))
            )
            if hits:
                found.append(f"{table.name}.{column.name} holds the marker")
        for name, record_id in (("users", user_id), ("profiles", profile_id)):
            for table, column in columns_referring_to(name):
                if session.scalar(
                    select(func.count()).select_from(table).where(column == record_id)
                ):
                    found.append(f"{table.name}.{column.name} holds {name} #{record_id}")
            primary = Base.metadata.tables[name].c.id
            if session.scalar(select(func.count()).where(primary == record_id)):
                found.append(f"{name} #{record_id} still exists")
    return found


def seed_everything(app, auth, exile: Person) -> tuple[int, Person]:
    """Give the person a trace of every kind; return the profile id and the revealed-to host."""
    profile_id = add_person(app, exile.id, marked_record())
    # Someone else stays in the pool.
    add_person(app, None, profile(external_id="p-stays", headline="Oceanographer, sea ice"))
    host = Person(app, type(auth), "hr@org-a.example", role="host", organization="Org A")
    set_organization(app, "hr@org-a.example", country="DE")
    listing_id = create_listing(host.client)
    host.post(
        f"/host/listings/{listing_id}/shortlist",
        data={"external_id": "p-erased", "note": f"call {MARKER}"},
    )
    assert host.get("/host/talent/p-erased").status_code == 200
    host.post("/host/talent/p-erased/contact", data={"purpose": PURPOSE})
    with app.app_context(), database.session_scope() as session:
        request_id = session.scalar(select(ContactRequest.id))
    exile.post(f"/me/contact-requests/{request_id}/accept", data={"fields": ["email", "city"]})
    blocked = Person(app, type(auth), "b@org-b.example", role="host", organization="Org B")
    organization_id = set_organization(app, blocked.email, country="FR")
    exile.post("/me/privacy/block", data={"organization_id": organization_id})
    exile.post("/me/privacy", data={"blocked_countries": ["FR"], "show_employers": "y"})
    voucher = auth.create("voucher@example.org")
    friend = auth.create("friend@example.org")
    with app.app_context(), database.session_scope() as session:
        stored = uploads.store(io.BytesIO(b"%PDF-1.4\n% diploma of " + MARKER.encode() + b"\n"))
        session.add(
            DocumentReview(
                user_id=exile.id,
                document_type=f"{MARKER} diploma",
                stored_name=stored.name,
                content_type=stored.content_type,
                size=stored.size,
                delete_after=utcnow() + timedelta(days=30),
            )
        )
        session.add_all(
            [
                Vouch(voucher_user_id=voucher, subject_user_id=exile.id),
                Vouch(voucher_user_id=exile.id, subject_user_id=friend),
                Attestation(
                    kind="document",
                    user_id=exile.id,
                    status="verified",
                    evidence=f"{MARKER} certificate",
                    checked_by="moderators #1 and #2",
                ),
                ExternalIdentity(
                    user_id=exile.id, provider="orcid", subject=f"0000-{MARKER}", display=MARKER
                ),
                EmailConfirmation(
                    user_id=exile.id,
                    purpose="work",
                    email=f"{MARKER}@uni.example",
                    token_hash=f"{MARKER}-hash",
                    expires_at=utcnow() + timedelta(days=1),
                ),
                # The confirmation mail sent to that work address.
                OutboxMessage(to_address=f"{MARKER}@uni.example", subject="Confirm", body="link"),
                ApiToken(user_id=exile.id, name=f"{MARKER} token", token_hash=f"{MARKER}-tok"),
                SecurityEvent(kind="quota_exceeded", user_id=exile.id, details={}),
            ]
        )
        version = SanctionsListVersion(
            version="v1",
            list_date="2026-11-20",
            sha256="0" * 64,
            source_name="test list",
            entity_count=1,
        )
        session.add(version)
        session.flush()
        screening = Screening(user_id=exile.id, list_version_id=version.id, status="review")
        session.add(screening)
        session.flush()
        session.add(
            ScreeningHit(
                screening_id=screening.id,
                entity_id=f"Q-{MARKER}",
                entity_caption=f"{MARKER} caption",
                score=0.9,
                entry={"names": [MARKER]},
            )
        )
        audit.record(
            session,
            "document_uploaded",
            actor_user_id=exile.id,
            subject_user_id=exile.id,
            details={"note": MARKER},
        )
        audit.record(session, "vouch_given", actor_user_id=exile.id, subject_user_id=friend)
    return profile_id, host


def served_record_ids(app) -> set[int]:
    """Return the record ids in the published profile index."""
    with app.app_context():
        index = IndexStore(settings_from_config(app.config).index_root / "profiles").load_current()
        return set(np.unique(index.payload_for(index.ids)["records"]).tolist())


def search(app, text: str) -> list[str]:
    """Return what an operator search finds (every record, no visibility rule)."""
    with app.app_context(), database.session_scope() as session:
        matcher = Matcher(session, settings_from_config(app.config), include_all=True)
        return [match["external_id"] for match in matcher.search(text, "profiles", 20)]


def test_erasure_leaves_no_trace_in_any_table_the_index_or_the_upload_folder(app, auth):
    exile = Person(app, type(auth), ACCOUNT)
    profile_id, host = seed_everything(app, auth, exile)
    run(app)
    assert profile_id in served_record_ids(app)
    assert "p-erased" in search(app, "glaciology arctic sea ice")
    before = set(traces(app, exile.id, profile_id))
    # The scan sees every kind of trace: text, JSON, private, uploads, mail, audit, screening.
    assert {
        "profiles.display_name holds the marker",
        "profiles.skills holds the marker",
        "profile_private.full_name holds the marker",
        "profile_private.name_variants holds the marker",
        "profile_private.city holds the marker",
        "profile_experience.organization holds the marker",
        "profile_education.institution holds the marker",
        "contact_requests.purpose holds the marker",
        "shortlist_entries.note holds the marker",
        "document_reviews.document_type holds the marker",
        "attestations.evidence holds the marker",
        "external_identities.display holds the marker",
        "screening_hits.entry holds the marker",
        "audit_events.details holds the marker",
        "outbox_messages.to_address holds the marker",
        "users.email holds the marker",
        f"vouches.voucher_user_id holds users #{exile.id}",
        f"vouches.subject_user_id holds users #{exile.id}",
        f"screenings.user_id holds users #{exile.id}",
        f"security_events.user_id holds users #{exile.id}",
        f"section_vectors.profile_id holds profiles #{profile_id}",
        f"profile_views.profile_id holds profiles #{profile_id}",
        f"blocked_organizations.profile_id holds profiles #{profile_id}",
    } <= before, before
    reference = None
    with app.app_context():
        reference = audit.pseudonym("user", exile.id)
    upload_root = Path(app.config["HOME"]) / "uploads"
    assert any(MARKER.encode() in path.read_bytes() for path in upload_root.iterdir())

    wrong = exile.post("/me/erase", data={"password": "not my password"})
    assert wrong.status_code == 422
    assert traces(app, exile.id, profile_id)

    erased = exile.post("/me/erase", data=PASSWORD_FORM)

    assert erased.status_code == 302
    assert traces(app, exile.id, profile_id) == []
    assert [path for path in upload_root.iterdir() if path.is_file()] == []
    with app.app_context(), database.session_scope() as session:
        about = session.scalars(select(AuditEvent).where(AuditEvent.subject_ref == reference))
        assert [(e.action, e.details) for e in about] == [("account_erased", {})]
        assert session.scalar(select(func.count()).where(AuditEvent.actor_ref == reference)) == 0
        assert session.scalar(select(func.count()).select_from(ShortlistEntry)) == 0
        assert session.scalar(select(func.count()).select_from(Listing)) == 1
        assert session.scalar(select(User.id).where(User.email == ACCOUNT)) is None
    told = outbox(app, host.email)
    assert any("deleted their account" in subject for _to, subject, _body in told)
    assert all(MARKER not in subject + body for _to, subject, body in told)
    # Signed out, and the account is gone for good.
    assert exile.get("/me/profile").status_code == 302
    assert exile.auth.login(ACCOUNT).status_code != 302

    # Before the next re-index the index still holds the vectors, but nothing returns them.
    assert profile_id in served_record_ids(app)
    assert "p-erased" not in search(app, "glaciology arctic sea ice")
    assert "Z. " + MARKER not in host.page("/host/search?q=glaciology+arctic+sea+ice")

    run(app)

    assert profile_id not in served_record_ids(app)
    assert "p-erased" not in search(app, "glaciology arctic sea ice")
    index_root = Path(app.config["INDEX_ROOT"])
    for path in index_root.rglob("*"):
        if path.is_file():
            assert MARKER.encode() not in path.read_bytes(), path


def test_erasure_needs_the_password_and_an_exile(app, auth):
    exile = Person(app, type(auth), ACCOUNT)
    host = Person(app, type(auth), "hr@org-a.example", role="host", organization="Org A")

    assert exile.post("/me/erase", data={"password": ""}).status_code == 422
    assert host.get("/me/erase").status_code == 403
    assert "Delete my account and all my data" in exile.page("/me/erase")
    with app.app_context(), database.session_scope() as session:
        assert session.get(User, exile.id) is not None
