"""Screen one person or organisation against a list version with nomenklatura's logic-v2.

logic-v2 links scripts and transliterations (Дмитрий Щербаков ~ DMITRII SHCHERBAKOV) but only
lowers its score a little when birth years disagree. Screening therefore applies its own rule:
when the person's birth year and every birth year of the entry are known and more than
SANCTIONS_BIRTH_YEAR_TOLERANCE apart, the score is halved, which keeps a namesake below any
threshold above 0.5.
"""

from __future__ import annotations

import functools
import re
import uuid
from dataclasses import dataclass

from web.services.sanctions.names import clean_name, name_parts
from web.services.sanctions.parsing import (
    ORGANIZATION_SCHEMAS,
    PERSON_SCHEMAS,
    Entry,
)
from web.services.sanctions.settings import SanctionsSettings
from web.services.sanctions.store import ListStore, make_entity

ALGORITHM = "logic-v2"
BIRTH_YEAR_FACTOR = 0.5
_YEAR = re.compile(r"^(\d{4})")
# Which list schemas a query of each kind is compared with.
TARGET_SCHEMAS = {
    "Person": PERSON_SCHEMAS | {"LegalEntity"},
    "Organization": ORGANIZATION_SCHEMAS | {"LegalEntity"},
}


@dataclass(frozen=True)
class Query:
    """What is screened: a person's names and birth year, or an organisation's name."""

    schema: str
    names: tuple[str, ...]
    birth_year: int | None = None


@dataclass(frozen=True)
class Hit:
    """An entry that scored at or above the threshold."""

    entry: Entry
    score: float
    name_score: float
    birth_year_differs: bool
    explanation: str


@dataclass(frozen=True)
class Result:
    """The outcome of one screening: the best score, the hits and how many entries were compared."""

    query_id: str
    top_score: float
    hits: list[Hit]
    compared: int


@functools.cache
def _algorithm():
    # nomenklatura and its name data take seconds to load: only when something is screened.
    from nomenklatura.matching import get_algorithm
    from nomenklatura.matching.types import ScoringConfig

    return get_algorithm(ALGORITHM), ScoringConfig.defaults()


def birth_years(dates: list[str]) -> set[int]:
    """Return the years of a list of (partial) dates."""
    return {int(match.group(1)) for value in dates if (match := _YEAR.match(value))}


def years_disagree(birth_year: int | None, dates: list[str], tolerance: int) -> bool:
    """Return True if both sides know a birth year and none of the entry's is within tolerance."""
    years = birth_years(dates)
    if birth_year is None or not years:
        return False
    return all(abs(year - birth_year) > tolerance for year in years)


def _explain(result) -> str:
    lines = []
    for name, feature in result.explanations.items():
        if feature.score:
            lines.append(f"{name} {feature.score:.2f}: {feature.detail or ''}".strip())
    return "\n".join(lines)[:2000]


def query_entity(query: Query):
    """Return the query as an entity with a fresh random id.

    nomenklatura caches by entity id: a reused id (say, a list entry's) would return the cached
    analysis of another entity and a false match.
    """
    years = [str(query.birth_year)] if query.birth_year else []
    return make_entity(query.schema, f"query-{uuid.uuid4().hex}", list(query.names), years)


def screen(store: ListStore, query: Query, settings: SanctionsSettings) -> Result:
    """Compare the query with the entries that share name parts with it and return the hits."""
    names = tuple(name for name in (clean_name(value) for value in query.names) if name)
    query = Query(query.schema, names, query.birth_year)
    entity = query_entity(query)
    if not names:
        return Result(entity.id, 0.0, [], 0)
    positions = store.candidates(
        name_parts(entity), TARGET_SCHEMAS[query.schema], settings.max_candidates
    )
    if not positions:
        return Result(entity.id, 0.0, [], 0)
    algorithm, config = _algorithm()
    top, hits = 0.0, []
    for position in positions:
        entry = store.entries[position]
        result = algorithm.compare(entity, store.entity(position), config)
        differs = query.schema == "Person" and years_disagree(
            query.birth_year, entry.birth_dates, settings.birth_year_tolerance
        )
        score = result.score * BIRTH_YEAR_FACTOR if differs else result.score
        top = max(top, score)
        if score >= settings.threshold:
            hits.append(
                Hit(entry, round(score, 4), round(result.score, 4), differs, _explain(result))
            )
    hits.sort(key=lambda hit: -hit.score)
    return Result(entity.id, round(top, 4), hits, len(positions))
