"""Verification models: attestations and the evidence behind them (identities, vouches, reviews)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from web.models.base import Base, utcnow

ATTESTATION_KINDS = (
    "email",
    "domain",
    "orcid",
    "github",
    "vouch",
    "document",
    "sanctions",
    "approval",
)
ATTESTATION_STATUSES = ("verified", "pending", "review", "rejected", "revoked")


class Attestation(Base):
    """The outcome of one verification check about a person or an organisation.

    A badge is the current attestation of a kind: `verified` and not expired. `evidence` is the
    short, host-safe summary the badge shows; it never holds a private field.
    """

    __tablename__ = "attestations"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE")
    )
    status: Mapped[str] = mapped_column(String(16))
    evidence: Mapped[str] = mapped_column(String(500))
    # Who or what checked: "system", "ORCID OAuth", "moderators #3 and #7", "sanctions screening".
    checked_by: Mapped[str] = mapped_column(String(200))
    checked_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime | None]

    __table_args__ = (
        CheckConstraint("(user_id IS NULL) <> (organization_id IS NULL)", name="one_subject"),
        UniqueConstraint("user_id", "kind", name="uq_attestations_user_kind"),
        UniqueConstraint("organization_id", "kind", name="uq_attestations_organization_kind"),
    )


class OutboxMessage(Base):
    """An e-mail the platform sent: the development and test mail backend writes here."""

    __tablename__ = "outbox_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    to_address: Mapped[str] = mapped_column(String(320), index=True)
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class EmailConfirmation(Base):
    """A pending confirmation of an address: the account e-mail or a work (domain) e-mail.

    The link carries a signed token; only its hash is stored, and `used_at` makes it single-use.
    """

    __tablename__ = "email_confirmations"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(16))
    email: Mapped[str] = mapped_column(String(320))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]

    __table_args__ = (CheckConstraint("purpose IN ('account', 'work')", name="purpose"),)


class AllowedDomain(Base):
    """A domain moderators trust: addresses at it (or its subdomains) prove an affiliation."""

    __tablename__ = "allowed_domains"

    id: Mapped[int] = mapped_column(primary_key=True)
    # IDNA (punycode) form, lower case, no trailing dot.
    domain: Mapped[str] = mapped_column(String(253), unique=True)
    label: Mapped[str] = mapped_column(String(300))
    category: Mapped[str] = mapped_column(String(16))
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ExternalIdentity(Base):
    """An external account linked through OAuth, bound by its immutable identifier."""

    __tablename__ = "external_identities"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    provider: Mapped[str] = mapped_column(String(16))
    # The ORCID iD, or GitHub's numeric user id (never the login, which can be recycled).
    subject: Mapped[str] = mapped_column(String(64))
    # What the badge shows: the ORCID iD, or the GitHub login at link time.
    display: Mapped[str] = mapped_column(String(200))
    linked_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        UniqueConstraint("provider", "subject", name="uq_external_identities_provider_subject"),
        UniqueConstraint("user_id", "provider", name="uq_external_identities_user_provider"),
    )


class Vouch(Base):
    """A member or a partner organisation vouching for a person. Never shown to hosts."""

    __tablename__ = "vouches"

    id: Mapped[int] = mapped_column(primary_key=True)
    voucher_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    voucher_organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    subject_user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        CheckConstraint(
            "(voucher_user_id IS NULL) <> (voucher_organization_id IS NULL)", name="one_voucher"
        ),
        CheckConstraint(
            "voucher_user_id IS NULL OR voucher_user_id <> subject_user_id", name="self"
        ),
        UniqueConstraint("voucher_user_id", "subject_user_id", name="uq_vouches_user_subject"),
        UniqueConstraint(
            "voucher_organization_id", "subject_user_id", name="uq_vouches_organization_subject"
        ),
    )


class DocumentReview(Base):
    """A document a person uploaded for moderators to check, four-eyes.

    The file lives outside the web root under a random name until `delete_after`; after that only
    the type, the outcome, the reviewers and the times remain.
    """

    __tablename__ = "document_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    document_type: Mapped[str] = mapped_column(String(32))
    # pending -> approved | rejected (two moderators agree) | disputed (they disagree).
    status: Mapped[str] = mapped_column(String(16), default="pending")
    stored_name: Mapped[str | None] = mapped_column(String(64), unique=True)
    content_type: Mapped[str | None] = mapped_column(String(64))
    size: Mapped[int | None]
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)
    delete_after: Mapped[datetime]
    decided_at: Mapped[datetime | None]


class DocumentVote(Base):
    """One moderator's decision on a document review."""

    __tablename__ = "document_votes"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(
        ForeignKey("document_reviews.id", ondelete="CASCADE"), index=True
    )
    moderator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decision: Mapped[str] = mapped_column(String(16))
    voted_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        UniqueConstraint("review_id", "moderator_id", name="uq_document_votes_review_moderator"),
        CheckConstraint("decision IN ('approve', 'reject')", name="decision"),
    )


class SanctionsListVersion(Base):
    """One loaded sanctions list file: its checksum, size and whether it is the one in use."""

    __tablename__ = "sanctions_list_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[str] = mapped_column(String(64), unique=True)
    # The date of the data itself ("list of 2026-11-20"), shown on screening badges.
    list_date: Mapped[str] = mapped_column(String(10))
    sha256: Mapped[str] = mapped_column(String(64))
    source_name: Mapped[str] = mapped_column(String(300))
    entity_count: Mapped[int]
    loaded_at: Mapped[datetime] = mapped_column(default=utcnow)
    is_current: Mapped[bool] = mapped_column(default=False)


class Screening(Base):
    """The result of screening one person or organisation against one list version."""

    __tablename__ = "screenings"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    list_version_id: Mapped[int] = mapped_column(
        ForeignKey("sanctions_list_versions.id", ondelete="CASCADE")
    )
    # clear | review (a hit awaits a moderator) | match (a moderator confirmed a hit)
    status: Mapped[str] = mapped_column(String(16))
    top_score: Mapped[float] = mapped_column(default=0.0)
    screened_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        CheckConstraint("(user_id IS NULL) <> (organization_id IS NULL)", name="one_subject"),
    )


class ScreeningHit(Base):
    """A list entry that scored above the threshold, queued for a moderator."""

    __tablename__ = "screening_hits"

    id: Mapped[int] = mapped_column(primary_key=True)
    screening_id: Mapped[int] = mapped_column(
        ForeignKey("screenings.id", ondelete="CASCADE"), index=True
    )
    entity_id: Mapped[str] = mapped_column(String(200))
    entity_caption: Mapped[str] = mapped_column(String(500))
    score: Mapped[float]
    # The matched entry as the moderator needs it: names, birth dates, programmes, datasets.
    entry: Mapped[dict] = mapped_column(default=dict)
    # pending -> false_positive | true_match
    decision: Mapped[str] = mapped_column(String(16), default="pending")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None]

    __table_args__ = (Index("ix_screening_hits_decision", "decision"),)
