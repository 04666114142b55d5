"""Which records a viewer may see: the one place access rules for matching are decided."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from web.models import Listing, Profile


def visible_ids(
    session: Session, kind: str, ids: Sequence[int], today: date, *, include_all: bool = False
) -> set[int]:
    """Return the ids among `ids` that exist and may be shown; `include_all` is operator use."""
    if not ids:
        return set()
    if kind == "profiles":
        query = select(Profile.id)
    else:
        query = select(Listing.id)
        if not include_all:
            # A listing whose deadline has passed no longer takes applications.
            query = query.where(or_(Listing.deadline.is_(None), Listing.deadline >= today))
    found: set[int] = set()
    for start in range(0, len(ids), 1000):
        chunk = list(ids[start : start + 1000])
        found.update(session.scalars(query.where(_id(kind).in_(chunk))))
    return found


def _id(kind: str):
    return Profile.id if kind == "profiles" else Listing.id
