"""Account erasure: a person deletes their account and every trace of it goes.

The database cascades from the user row to everything keyed by it (profile, private part,
experience, education, languages, vectors, attestations, identities, vouches given and received,
document reviews, screenings and their hits, contact requests and their reveal log, profile views,
blocks, confirmations, tokens). This module adds what a cascade cannot reach: uploaded files, mail
in the outbox, the audit trail (kept as one pseudonymous tombstone), vouch badges of others that
depended on this person, and a word to the organisations that were shown private details.

The search index keeps an erased profile's vectors (numbers, no text) until the next re-index
rebuilds it; until then the matcher skips every id that has no row, so the profile is never
returned.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from web.models import AuditEvent, OutboxMessage, Profile, User
from web.services import audit, contact, email_verification, mail, uploads, vouching

TOMBSTONE = "account_erased"


@dataclass(frozen=True)
class ErasureReport:
    """What an erasure removed beyond the database cascade."""

    files: int
    notified_organizations: int


def erase_account(session: Session, user: User) -> ErasureReport:
    """Delete the account with everything about it; leave only a pseudonymous tombstone."""
    user_id = user.id
    reference = audit.pseudonym("user", user_id)
    profile = session.scalar(select(Profile).where(Profile.user_id == user_id))
    # Mail to every address the person confirmed goes too, work addresses included.
    addresses = {user.email.lower(), *email_verification.addresses_of(session, user_id)}
    told: list[int] = []
    if profile is not None:
        told = contact.revealing_organizations(session, profile)
        if profile.private is not None and profile.private.email:
            addresses.add(profile.private.email.lower())
    files = uploads.delete_user_files(session, user_id)
    if profile is not None:
        # Deleted first and explicitly: the ORM would otherwise only unlink it from the user.
        session.delete(profile)
        session.flush()
    session.delete(user)
    session.flush()
    session.execute(
        delete(OutboxMessage).where(func.lower(OutboxMessage.to_address).in_(addresses))
    )
    _leave_tombstone(session, reference)
    # Others' vouch badges may have rested on this person's vouches.
    vouching.recompute(session)
    for organization_id in told:
        _tell_organization(session, organization_id)
    session.flush()
    return ErasureReport(files=files, notified_organizations=len(told))


def _leave_tombstone(session: Session, reference: str) -> None:
    """Replace every audit event about the person by one tombstone without details."""
    session.execute(delete(AuditEvent).where(AuditEvent.subject_ref == reference))
    # What the person did to others stays in their history, without naming who did it.
    session.execute(
        update(AuditEvent).where(AuditEvent.actor_ref == reference).values(actor_ref=None)
    )
    session.add(AuditEvent(action=TOMBSTONE, subject_ref=reference, details={}))
    session.flush()


def _tell_organization(session: Session, organization_id: int) -> None:
    """Ask an organisation that was shown private details to delete what it kept."""
    for address, locale in contact.member_addresses(session, organization_id):
        with force_locale(locale):
            mail.send(
                session,
                address,
                _("A person who shared contact details with you deleted their account"),
                _(
                    "A person who revealed their contact details to your organisation on Talent "
                    "Bridge has deleted their account.\n\nPlease delete what you kept about them "
                    "(names, e-mail addresses, notes) unless you have a legal duty to keep it."
                ),
            )
