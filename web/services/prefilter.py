"""Which profiles could pass a listing's hard requirements, asked of the database.

The hard-constraint gate (`matcher.constraints`) judges each candidate exactly, but only after
nearest-neighbour search found it. When a listing's requirements leave out most people, the search
pool grew until the whole index had been judged. These two requirements are plain columns, so the
database can name the profiles that might pass (never fewer than pass) before the search:
kind, languages and place, as `matcher.constraints` decides them.
"""

from __future__ import annotations

from sqlalchemy import String, cast, func, or_, select
from sqlalchemy.orm import Session

from matcher.constraints import LEVEL_ORDER, SOFT_LANGUAGE_GAP, level_rank
from matcher.documents import ListingDoc
from web.models import Profile, ProfileLanguage

# Searching among the candidates only pays when it leaves out most of the pool.
MAX_SHARE = 0.25


def _possible_query(listing: ListingDoc):
    seeking = cast(Profile.seeking, String)
    # A profile that names nothing it seeks passes the kind requirement (matcher.constraints).
    query = select(Profile.id).where(
        or_(
            Profile.seeking.is_(None),
            seeking.like(f'%"{listing.kind}"%'),
            ~seeking.like('%"%'),
        )
    )
    place = _place(listing)
    if place is not None:
        query = query.where(place)
    for required in listing.languages:
        # Cut when missing or more than SOFT_LANGUAGE_GAP levels short.
        good_enough = [
            level
            for level in LEVEL_ORDER
            if level_rank(required.level) - level_rank(level) <= SOFT_LANGUAGE_GAP
        ]
        speakers = select(ProfileLanguage.profile_id).where(
            ProfileLanguage.code == required.code, ProfileLanguage.level.in_(good_enough)
        )
        query = query.where(Profile.id.in_(speakers))
    return query


def _place(listing: ListingDoc):
    """Return who may work where the listing is, or None when everyone might."""
    may_be_remote = or_(Profile.remote.is_(None), Profile.remote.is_(True))
    if listing.country is None:
        return may_be_remote  # a fully remote role: only those who refuse remote work are cut
    if listing.visa_sponsorship:
        return None  # sponsorship lets anyone come (a wish elsewhere only scores lower)
    on_site = or_(
        Profile.country == listing.country,
        cast(Profile.work_authorization, String).like(f'%"{listing.country}"%'),
    )
    return or_(may_be_remote, on_site) if listing.remote else on_site


def possible_profiles(session: Session, listing: ListingDoc) -> set[int] | None:
    """Return the ids of the profiles that might pass the listing's kind, language and place
    requirements, or None when that would not leave out most profiles (search them all)."""
    total = session.scalar(select(func.count(Profile.id))) or 0
    possible = set(session.scalars(_possible_query(listing)))
    return possible if total and len(possible) <= MAX_SHARE * total else None
