"""Audit models: security events and the audit trail around personal data."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from web.models.base import Base, utcnow


class SecurityEvent(Base):
    """Something moderators must look at: a quota exceeded, a canary opened, a failed MFA burst.

    `details` never holds personal data (no names, e-mails or search text).
    """

    __tablename__ = "security_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="SET NULL")
    )
    details: Mapped[dict] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]

    __table_args__ = (Index("ix_security_events_kind_created", "kind", "created_at"),)


class AuditEvent(Base):
    """Who did what to whose personal data, keyed by pseudonymous references.

    `subject_ref` is an HMAC of the subject's id under the secret key, so an erased person leaves a
    tombstone that cannot be traced back once their rows are gone.
    """

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    action: Mapped[str] = mapped_column(String(32))
    actor_ref: Mapped[str | None] = mapped_column(String(64))
    subject_ref: Mapped[str | None] = mapped_column(String(64), index=True)
    details: Mapped[dict] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
