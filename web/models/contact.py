"""Contact models: a host's request to an exile, what the exile revealed, views and blocks."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from web.models.base import Base, utcnow

# Private fields an exile may choose to reveal to a host after accepting a request.
REVEALABLE_FIELDS = ("full_name", "email", "city", "employers")


class ContactRequest(Base):
    """A host organisation asking an exile for contact, with a stated purpose."""

    __tablename__ = "contact_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("profiles.id", ondelete="CASCADE"), index=True
    )
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    listing_id: Mapped[int | None] = mapped_column(ForeignKey("listings.id", ondelete="SET NULL"))
    purpose: Mapped[str] = mapped_column(Text)
    # pending -> accepted | declined | withdrawn; accepted -> revoked (the exile takes it back)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    # The private fields revealed while accepted (a subset of REVEALABLE_FIELDS).
    revealed_fields: Mapped[list] = mapped_column(default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    answered_at: Mapped[datetime | None]

    __table_args__ = (
        CheckConstraint(
            "status IN ('pending', 'accepted', 'declined', 'withdrawn', 'revoked')", name="status"
        ),
    )


class RevealEvent(Base):
    """One entry of the reveal log: fields shown to (or taken back from) an organisation."""

    __tablename__ = "reveal_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_request_id: Mapped[int] = mapped_column(
        ForeignKey("contact_requests.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[str] = mapped_column(String(16))
    fields: Mapped[list] = mapped_column(default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (CheckConstraint("action IN ('reveal', 'revoke')", name="action"),)


class ProfileView(Base):
    """A host organisation seeing a profile's card: what "who viewed me" lists."""

    __tablename__ = "profile_views"

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"))
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE")
    )
    viewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    viewed_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (Index("ix_profile_views_profile_viewed", "profile_id", "viewed_at"),)


class BlockedOrganization(Base):
    """An organisation an exile hides their profile from."""

    __tablename__ = "blocked_organizations"

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("profiles.id", ondelete="CASCADE"), index=True
    )
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        UniqueConstraint(
            "profile_id", "organization_id", name="uq_blocked_organizations_profile_organization"
        ),
    )
