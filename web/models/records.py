"""Typed SQLAlchemy models for everything the data contract describes, plus users and vectors."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from web.models.base import Base, utcnow

# SQLite only autoincrements an INTEGER PRIMARY KEY; PostgreSQL gets a real 64-bit key.
BigId = BigInteger().with_variant(Integer, "sqlite")


class User(Base):
    """Someone who signs in: an exile, a host, a moderator or an admin."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    locale: Mapped[str] = mapped_column(String(8), default="en")
    # Bumped on logout-everywhere and password change so older session cookies stop working.
    session_version: Mapped[int] = mapped_column(default=0)
    is_active: Mapped[bool] = mapped_column(default=True)
    # A suspended host may sign in but may not see talent until a moderator reviews the reason.
    suspended_at: Mapped[datetime | None]
    suspension_reason: Mapped[str | None] = mapped_column(String(300))
    # TOTP second factor: the base32 secret, when it was turned on, and the last time step used
    # (a code is accepted once, so a shoulder-surfed code cannot be replayed).
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_enabled_at: Mapped[datetime | None]
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)
    # Hashes of single-use recovery codes.
    recovery_codes: Mapped[list] = mapped_column(default=list)
    # Part of the signed vouch link; a new value ends every link given out before.
    vouch_link_nonce: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )
    profile: Mapped[Profile | None] = relationship(back_populates="user")

    __table_args__ = (
        CheckConstraint("role IN ('exile', 'host', 'moderator', 'admin')", name="role"),
    )


class Organization(Base):
    """A host organisation: employer, university, newsroom, fund or investor."""

    __tablename__ = "organizations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)
    kind: Mapped[str | None] = mapped_column(String(16))
    country: Mapped[str | None] = mapped_column(String(2))
    website: Mapped[str | None] = mapped_column(String(500))
    description: Mapped[str | None] = mapped_column(Text)
    # pending -> approved | rejected; approved -> suspended. Only approved organisations see talent.
    approval_status: Mapped[str] = mapped_column(String(16), default="pending")
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    approved_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="organization", cascade="all, delete-orphan"
    )
    listings: Mapped[list[Listing]] = relationship(back_populates="organization")

    __table_args__ = (
        CheckConstraint(
            "approval_status IN ('pending', 'approved', 'rejected', 'suspended')",
            name="approval_status",
        ),
    )


class Membership(Base):
    """A user's membership of a host organisation."""

    __tablename__ = "memberships"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(16), default="member")

    user: Mapped[User] = relationship(back_populates="memberships")
    organization: Mapped[Organization] = relationship(back_populates="memberships")

    __table_args__ = (UniqueConstraint("user_id", "organization_id"),)


class Profile(Base):
    """An exile's profile: the part a host may see once access rules allow it."""

    __tablename__ = "profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str] = mapped_column(String(200), unique=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), unique=True
    )
    display_name: Mapped[str] = mapped_column(String(200))
    headline: Mapped[str] = mapped_column(String(500))
    field: Mapped[str | None] = mapped_column(String(16))
    summary: Mapped[str | None] = mapped_column(Text)
    skills: Mapped[list] = mapped_column(default=list)
    country: Mapped[str | None] = mapped_column(String(2))
    seeking: Mapped[list] = mapped_column(default=list)
    remote: Mapped[bool | None]
    relocate_to: Mapped[list] = mapped_column(default=list)
    work_authorization: Mapped[list] = mapped_column(default=list)
    years_experience: Mapped[int | None]
    # Whether hosts may see employer and institution names before a reveal (off by default).
    show_employers: Mapped[bool] = mapped_column(default=False)
    # ISO country codes: hosts whose organisation is registered there never see this profile.
    blocked_host_countries: Mapped[list] = mapped_column(default=list)
    # A decoy only moderators know about; a host who opens it is suspended pending review.
    is_canary: Mapped[bool] = mapped_column(default=False, index=True)
    # Hash of the text the embeddings come from; a vector row with another hash is stale.
    content_hash: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    user: Mapped[User | None] = relationship(back_populates="profile")
    private: Mapped[ProfilePrivate | None] = relationship(
        back_populates="profile", cascade="all, delete-orphan", passive_deletes=True
    )
    experience: Mapped[list[Experience]] = relationship(
        order_by="Experience.position", cascade="all, delete-orphan", passive_deletes=True
    )
    education: Mapped[list[Education]] = relationship(
        order_by="Education.position", cascade="all, delete-orphan", passive_deletes=True
    )
    languages: Mapped[list[ProfileLanguage]] = relationship(
        order_by="ProfileLanguage.position", cascade="all, delete-orphan", passive_deletes=True
    )

    __mapper_args__ = {"version_id_col": version}


class ProfilePrivate(Base):
    """The private part of a profile, kept apart so host-facing queries cannot reach it."""

    __tablename__ = "profile_private"

    profile_id: Mapped[int] = mapped_column(
        ForeignKey("profiles.id", ondelete="CASCADE"), primary_key=True
    )
    full_name: Mapped[str | None] = mapped_column(String(300))
    name_variants: Mapped[list] = mapped_column(default=list)
    birth_year: Mapped[int | None]
    email: Mapped[str | None] = mapped_column(String(320))
    city: Mapped[str | None] = mapped_column(String(200))

    profile: Mapped[Profile] = relationship(back_populates="private")


class Experience(Base):
    """One position in a profile's work history."""

    __tablename__ = "profile_experience"

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("profiles.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    title: Mapped[str] = mapped_column(String(300))
    organization: Mapped[str | None] = mapped_column(String(300))
    start: Mapped[str | None] = mapped_column(String(7))
    end: Mapped[str | None] = mapped_column(String(7))
    description: Mapped[str | None] = mapped_column(Text)


class Education(Base):
    """One degree in a profile's education."""

    __tablename__ = "profile_education"

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("profiles.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    degree: Mapped[str] = mapped_column(String(200))
    field: Mapped[str | None] = mapped_column(String(300))
    institution: Mapped[str | None] = mapped_column(String(300))
    year: Mapped[int | None]


class ProfileLanguage(Base):
    """A language a profile speaks, with its CEFR level."""

    __tablename__ = "profile_languages"

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("profiles.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    code: Mapped[str] = mapped_column(String(2))
    level: Mapped[str] = mapped_column(String(6))


class Listing(Base):
    """A job, fellowship, grant or investment posted by a host organisation."""

    __tablename__ = "listings"

    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str] = mapped_column(String(200), unique=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(500))
    description: Mapped[str | None] = mapped_column(Text)
    skills: Mapped[list] = mapped_column(default=list)
    field: Mapped[str | None] = mapped_column(String(16))
    country: Mapped[str | None] = mapped_column(String(2))
    city: Mapped[str | None] = mapped_column(String(200))
    remote: Mapped[bool | None]
    visa_sponsorship: Mapped[bool | None]
    min_years_experience: Mapped[int | None]
    deadline: Mapped[date | None] = mapped_column(Date)
    compensation: Mapped[str | None] = mapped_column(String(300))
    content_hash: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    organization: Mapped[Organization] = relationship(back_populates="listings")
    languages: Mapped[list[ListingLanguage]] = relationship(
        order_by="ListingLanguage.position", cascade="all, delete-orphan", passive_deletes=True
    )

    __table_args__ = (
        CheckConstraint("kind IN ('job', 'fellowship', 'grant', 'investment')", name="kind"),
    )
    __mapper_args__ = {"version_id_col": version}


class ListingLanguage(Base):
    """A language a listing requires, with the minimum CEFR level."""

    __tablename__ = "listing_languages"

    id: Mapped[int] = mapped_column(primary_key=True)
    listing_id: Mapped[int] = mapped_column(
        ForeignKey("listings.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    code: Mapped[str] = mapped_column(String(2))
    level: Mapped[str] = mapped_column(String(6))


class SectionVector(Base):
    """The embedding of one section of a profile or listing, under one model.

    The database is the source of truth for vectors; every search index is derived from these rows
    and can be rebuilt from them without re-embedding.
    """

    __tablename__ = "section_vectors"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    profile_id: Mapped[int | None] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"))
    listing_id: Mapped[int | None] = mapped_column(ForeignKey("listings.id", ondelete="CASCADE"))
    model: Mapped[str] = mapped_column(String(500))
    content_hash: Mapped[str] = mapped_column(String(64))
    section: Mapped[str] = mapped_column(String(64))
    text_hash: Mapped[str] = mapped_column(String(64))
    vector: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        CheckConstraint("(profile_id IS NULL) <> (listing_id IS NULL)", name="exactly_one_owner"),
        Index("ix_section_vectors_profile", "profile_id", "model", "content_hash"),
        Index("ix_section_vectors_listing", "listing_id", "model", "content_hash"),
        Index("ix_section_vectors_model", "model", "id"),
    )


class SearchWords(Base):
    """A record's words as full-text search indexes them (stemmed, function words dropped).

    Derived like section vectors and kept for the same reason: a full-text index is rebuilt from
    these rows without reading and splitting every record again. A row is current while its
    content hash and analyser match the record's hash and the running code's analyser.
    """

    __tablename__ = "search_words"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    profile_id: Mapped[int | None] = mapped_column(
        ForeignKey("profiles.id", ondelete="CASCADE"), unique=True
    )
    listing_id: Mapped[int | None] = mapped_column(
        ForeignKey("listings.id", ondelete="CASCADE"), unique=True
    )
    content_hash: Mapped[str] = mapped_column(String(64))
    analyser: Mapped[str] = mapped_column(String(64))
    words: Mapped[str] = mapped_column(Text)

    __table_args__ = (
        CheckConstraint("(profile_id IS NULL) <> (listing_id IS NULL)", name="exactly_one_owner"),
    )


class ApiToken(Base):
    """A bearer token for API clients; only its hash is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()


class ShortlistEntry(Base):
    """A profile a host keeps on the shortlist of one of their listings."""

    __tablename__ = "shortlist_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    listing_id: Mapped[int] = mapped_column(ForeignKey("listings.id", ondelete="CASCADE"))
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"))
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    note: Mapped[str | None] = mapped_column(String(1000))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (UniqueConstraint("listing_id", "profile_id"),)
