"""Aggregates of the talent pool for its overview page, safe to show: no group under five people.

Every count here is a number of profiles. A group smaller than MIN_GROUP could point to a person
(two violinists in Armenia), so it is folded into a combined group or withheld. When the combined
group would itself be small, the smallest shown group joins it, or its size could be worked out by
subtracting the others from the total.
"""

from __future__ import annotations

import threading
import time
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
from babel import Locale
from flask_babel import gettext as _
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from matcher.constraints import level_rank
from web.charts import Chart, Row, Series
from web.models import Listing, Profile, ProfileLanguage
from web.services.index_reader import reader_for

MIN_GROUP = 5
TOP_COUNTRIES = 12
TOP_SKILLS = 15
TOP_LISTINGS = 20
# Figures are reused while the pool is unchanged, and never for longer than this.
CACHE_SECONDS = 60


@dataclass(frozen=True)
class Grouped:
    """Profiles per group once small groups are folded; `other` counts the folded ones."""

    groups: list[tuple[str | None, int]]
    other: int = 0


@dataclass(frozen=True)
class SkillDemand:
    """How many profiles offer a skill and how many open listings want it."""

    skill: str
    profiles: int
    listings: int


@dataclass(frozen=True)
class ListingReach:
    """How many profiles meet an open listing's hard requirements (None: fewer than MIN_GROUP)."""

    external_id: str
    title: str
    organization: str
    profiles: int | None


@dataclass(frozen=True)
class PoolFigures:
    """Everything the overview shows, computed together."""

    total: int
    open_listings: int
    fields: Grouped
    countries: Grouped
    skills: list[SkillDemand]
    reach: list[ListingReach]


def fold_small_groups(
    counts: Mapping[str | None, int], *, top: int | None = None, minimum: int = MIN_GROUP
) -> Grouped:
    """Keep the groups of at least `minimum` (the `top` largest), folding the rest together."""
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0] is None, item[0] or ""))
    kept = [(key, count) for key, count in ranked if count >= minimum][:top]
    other = sum(counts.values()) - sum(count for _key, count in kept)
    while 0 < other < minimum and kept:
        other += kept.pop()[1]
    if 0 < other < minimum:
        # Fewer than `minimum` profiles in all: there is nothing that can be shown.
        return Grouped([])
    return Grouped(kept, other)


def profile_total(session: Session) -> int:
    """Return the number of profiles in the pool."""
    return session.scalar(select(func.count()).select_from(Profile))


def profiles_by(session: Session, column, *, top: int | None = None) -> Grouped:
    """Return profiles counted by one column (field, country), small groups folded."""
    rows = session.execute(select(column, func.count()).group_by(column))
    return fold_small_groups(dict(rows.all()), top=top)


def _open(today: date):
    return or_(Listing.deadline.is_(None), Listing.deadline >= today)


def skill_demand(session: Session, today: date, *, top: int = TOP_SKILLS) -> list[SkillDemand]:
    """Return the skills most profiles offer, each with how many open listings want it.

    Skills compare case-insensitively and are named by their most common spelling; a skill fewer
    than MIN_GROUP profiles offer is left out.
    """
    offered: Counter[str] = Counter()
    spellings: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for skills in session.scalars(select(Profile.skills)):
        for key, spelling in {skill.casefold(): skill for skill in skills or []}.items():
            offered[key] += 1
            spellings[key][spelling] += 1
    wanted: Counter[str] = Counter()
    for skills in session.scalars(select(Listing.skills).where(_open(today))):
        wanted.update({skill.casefold() for skill in skills or []})
    ranked = sorted(
        (key for key, count in offered.items() if count >= MIN_GROUP),
        key=lambda key: (-offered[key], key),
    )[:top]
    return [
        SkillDemand(_common_spelling(spellings[key]), offered[key], wanted[key]) for key in ranked
    ]


def _common_spelling(spellings: Counter[str]) -> str:
    return min(spellings, key=lambda spelling: (-spellings[spelling], spelling))


class _Pool:
    """The facts of every profile that listings require, as arrays for fast counting."""

    def __init__(self, session: Session) -> None:
        rows = session.execute(
            select(
                Profile.id, Profile.country, Profile.work_authorization, Profile.years_experience
            ).order_by(Profile.id)
        ).all()
        position = {row.id: i for i, row in enumerate(rows)}
        self.size = len(rows)
        self.years = np.array(
            [-1 if row.years_experience is None else row.years_experience for row in rows],
            dtype=np.int64,
        )
        self.country = np.array([r.country or "" for r in rows], dtype=object)
        self._authorized: defaultdict[str, list[int]] = defaultdict(list)
        for i, row in enumerate(rows):
            for code in set(row.work_authorization or []):
                self._authorized[code].append(i)
        self.levels: dict[str, np.ndarray] = {}
        languages = session.execute(
            select(ProfileLanguage.profile_id, ProfileLanguage.code, ProfileLanguage.level)
        )
        for profile_id, code, level in languages:
            ranks = self.levels.setdefault(code, np.full(self.size, -1, dtype=np.int8))
            i = position.get(profile_id)
            if i is not None:
                ranks[i] = max(ranks[i], level_rank(level))
        self._may_work: dict[str, np.ndarray] = {}

    def may_work_in(self, country: str) -> np.ndarray:
        """Return which profiles live in a country or may work there."""
        if country not in self._may_work:
            mask = self.country == country
            mask[self._authorized.get(country, [])] = True
            self._may_work[country] = mask
        return self._may_work[country]

    def meeting(self, listing: Listing) -> int:
        """Return how many profiles meet the listing's languages, right to work and experience."""
        mask = np.ones(self.size, dtype=bool)
        for required in listing.languages:
            ranks = self.levels.get(required.code)
            if ranks is None:
                return 0
            mask &= ranks >= level_rank(required.level)
        if listing.country and not listing.remote and not listing.visa_sponsorship:
            mask &= self.may_work_in(listing.country)
        if listing.min_years_experience:
            mask &= self.years >= listing.min_years_experience
        return int(mask.sum())


def listing_reach(session: Session, today: date, *, top: int = TOP_LISTINGS) -> list[ListingReach]:
    """Return the open listings most profiles qualify for, counted from the database's facts.

    A profile qualifies when it speaks every required language at the level asked, may work where
    the listing is (lives there, holds a work permit, or the listing is remote, sponsors visas or
    names no country) and has the years of experience asked. Counts under MIN_GROUP are withheld
    and rank as zero, so that their order says nothing either.
    """
    pool = _Pool(session)
    listings = session.scalars(
        select(Listing)
        .where(_open(today))
        .options(selectinload(Listing.languages), selectinload(Listing.organization))
    )
    reach = []
    for listing in listings:
        count = pool.meeting(listing)
        shown = count if count >= MIN_GROUP else None
        reach.append(
            ListingReach(listing.external_id, listing.title, listing.organization.name, shown)
        )
    reach.sort(key=lambda item: (-(item.profiles or 0), item.title.casefold(), item.external_id))
    return reach[:top]


class _FiguresCache:
    """The last figures computed in this process, keyed by a fingerprint of the pool."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entry: tuple[tuple, float, PoolFigures] | None = None

    def get(self, key: tuple) -> PoolFigures | None:
        """Return the stored figures if they were computed for this key not long ago."""
        entry = self._entry
        if entry and entry[0] == key and time.monotonic() - entry[1] < CACHE_SECONDS:
            return entry[2]
        return None

    def put(self, key: tuple, figures: PoolFigures) -> None:
        """Remember the figures computed for a key."""
        with self._lock:
            self._entry = (key, time.monotonic(), figures)


_cache = _FiguresCache()


def _fingerprint(session: Session) -> tuple:
    # Every change of a record bumps its version and its updated_at; a deletion changes the count.
    return tuple(
        session.execute(
            select(func.count(), func.sum(model.version), func.max(model.updated_at))
        ).one()
        for model in (Profile, Listing)
    )


def pool_figures(session: Session, today: date) -> PoolFigures:
    """Return the overview's figures, reusing the last ones while the pool has not changed."""
    key = (session.get_bind().url.render_as_string(), today, _fingerprint(session))
    figures = _cache.get(key)
    if figures is None:
        figures = PoolFigures(
            total=profile_total(session),
            open_listings=session.scalar(
                select(func.count()).select_from(Listing).where(_open(today))
            ),
            fields=profiles_by(session, Profile.field),
            countries=profiles_by(session, Profile.country, top=TOP_COUNTRIES),
            skills=skill_demand(session, today),
            reach=listing_reach(session, today),
        )
        _cache.put(key, figures)
    return figures


def index_versions(index_root: Path) -> dict[str, int | None]:
    """Return the index version this process serves for profiles and listings (None: no index)."""
    versions = {}
    for kind in ("profiles", "listings"):
        index = reader_for(index_root / kind).current()
        versions[kind] = index.manifest.version if index is not None else None
    return versions


# Charts ---------------------------------------------------------------------------------------


def field_names() -> dict[str, str]:
    """Return the interface names of the contract's fields."""
    return {
        "it": _("IT and engineering"),
        "academia": _("Academia and research"),
        "media": _("Media and journalism"),
        "arts": _("Arts and culture"),
        "education": _("Education"),
        "business": _("Business"),
        "other": _("Another field"),
    }


def pool_charts(figures: PoolFigures, locale: str) -> list[Chart]:
    """Return the overview's four charts, labelled in the interface language."""
    territories = Locale.parse(locale).territories
    fields = field_names()
    profiles = (Series(_("Profiles"), "profiles"),)
    withheld = _("fewer than %(n)s", n=MIN_GROUP)
    return [
        Chart(
            key="fields",
            title=_("Profiles by field"),
            note=_("Fields with fewer than %(n)s profiles are combined.", n=MIN_GROUP),
            series=profiles,
            rows=_grouped_rows(figures.fields, fields.get),
            withheld=withheld,
        ),
        Chart(
            key="countries",
            title=_("Profiles by country of residence"),
            note=_(
                "The %(top)s largest countries; countries with fewer than %(n)s profiles are"
                " combined.",
                top=TOP_COUNTRIES,
                n=MIN_GROUP,
            ),
            series=profiles,
            rows=_grouped_rows(figures.countries, territories.get),
            withheld=withheld,
        ),
        Chart(
            key="skills",
            title=_("Skills offered and skills wanted"),
            note=_(
                "The %(top)s skills most profiles offer, against how many open listings ask for"
                " them, as shares of all profiles and of all open listings; skills fewer than"
                " %(n)s profiles offer are left out.",
                top=TOP_SKILLS,
                n=MIN_GROUP,
            ),
            series=(
                Series(_("Profiles"), "profiles", total=figures.total),
                Series(_("Open listings"), "listings", total=figures.open_listings),
            ),
            rows=tuple(Row(item.skill, (item.profiles, item.listings)) for item in figures.skills),
            withheld=withheld,
        ),
        Chart(
            key="reach",
            title=_("Profiles meeting each open listing's requirements"),
            note=_(
                "Profiles that speak the required languages at the level asked, may work where"
                " the listing is and have the years of experience asked. Counts under %(n)s are"
                " not shown.",
                n=MIN_GROUP,
            ),
            series=profiles,
            rows=tuple(
                Row(f"{item.title} — {item.organization}", (item.profiles,))
                for item in figures.reach
            ),
            withheld=withheld,
        ),
    ]


def _grouped_rows(grouped: Grouped, name) -> tuple[Row, ...]:
    rows = [
        Row(_("Not stated") if key is None else (name(key) or key), (count,))
        for key, count in grouped.groups
    ]
    if grouped.other:
        rows.append(Row(_("Others combined"), (grouped.other,)))
    return tuple(rows)
