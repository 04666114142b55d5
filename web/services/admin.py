"""The back office: accounts and organisations listed page by page, accounts disabled or enabled."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session, object_session

from web.errors import MessageError
from web.models import Listing, Membership, Organization, User
from web.services import vouching
from web.services.accounts import end_all_sessions

PER_PAGE = 50


class AdminError(MessageError):
    """A back-office action that cannot be done, with a message for the admin."""


@dataclass(frozen=True)
class Page:
    """One page of a list, with where it sits among all pages."""

    items: list[Any]
    number: int
    pages: int
    total: int

    @property
    def has_previous(self) -> bool:
        """Return True if a page comes before this one."""
        return self.number > 1

    @property
    def has_next(self) -> bool:
        """Return True if a page comes after this one."""
        return self.number < self.pages


@dataclass(frozen=True)
class OrganizationRow:
    """An organisation as the back office lists it."""

    id: int
    name: str
    kind: str | None
    country: str | None
    members: int
    listings: int


def _page_bounds(total: int, number: int, per_page: int) -> tuple[int, int]:
    pages = max(1, -(-total // per_page))
    return min(max(1, number), pages), pages


def users_page(session: Session, number: int, per_page: int = PER_PAGE) -> Page:
    """Return one page of accounts, oldest first."""
    total = session.scalar(select(func.count()).select_from(User))
    number, pages = _page_bounds(total, number, per_page)
    users = session.scalars(
        select(User)
        .order_by(User.created_at, User.id)
        .limit(per_page)
        .offset((number - 1) * per_page)
    ).all()
    return Page(list(users), number, pages, total)


def organizations_page(session: Session, number: int, per_page: int = PER_PAGE) -> Page:
    """Return one page of organisations by name, with their member and listing counts."""
    total = session.scalar(select(func.count()).select_from(Organization))
    number, pages = _page_bounds(total, number, per_page)
    members = (
        select(func.count(Membership.id))
        .where(Membership.organization_id == Organization.id)
        .scalar_subquery()
    )
    listings = (
        select(func.count(Listing.id))
        .where(Listing.organization_id == Organization.id)
        .scalar_subquery()
    )
    rows = session.execute(
        select(
            Organization.id,
            Organization.name,
            Organization.kind,
            Organization.country,
            members.label("members"),
            listings.label("listings"),
        )
        .order_by(Organization.name, Organization.id)
        .limit(per_page)
        .offset((number - 1) * per_page)
    )
    return Page([OrganizationRow(*row) for row in rows], number, pages, total)


def get_user(session: Session, user_id: int) -> User | None:
    """Return the account with this id, if any."""
    return session.get(User, user_id)


def set_active(actor: User, user: User, active: bool) -> None:
    """Enable or disable an account; disabling ends every session it has."""
    if not active and user.id == actor.id:
        raise AdminError(_l("You cannot disable your own account."))
    user.is_active = active
    if not active:
        end_all_sessions(user)
    # A disabled account neither vouches nor keeps a vouch badge.
    vouching.recompute(object_session(user))
