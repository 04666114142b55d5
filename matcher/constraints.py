"""Facts between a profile and a listing: languages, right to work, experience, kind, deadline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from matcher.documents import LanguageSkill, ListingDoc, ProfileDoc

LEVEL_ORDER = ("A1", "A2", "B1", "B2", "C1", "C2", "native")
KIND_NAMES = {
    "job": "jobs",
    "fellowship": "fellowships",
    "grant": "grants",
    "investment": "investment",
}


@dataclass(frozen=True)
class ConstraintResult:
    """Whether one constraint is met, with a sentence saying why."""

    name: str
    met: bool
    detail: str


def level_rank(level: str) -> int:
    """Return the position of a CEFR level (or `native`) on the scale, A1 lowest."""
    return LEVEL_ORDER.index(level)


def _languages(profile: ProfileDoc, listing: ListingDoc) -> list[ConstraintResult]:
    spoken = {item.code: item.level for item in profile.languages}
    results = []
    for required in listing.languages:
        has = spoken.get(required.code)
        need = _language_name(required)
        if has is None:
            results.append(ConstraintResult("language", False, f"needs {need}, not listed"))
        elif level_rank(has) >= level_rank(required.level):
            results.append(ConstraintResult("language", True, f"needs {need}, has {has}"))
        else:
            results.append(ConstraintResult("language", False, f"needs {need}, has {has}"))
    return results


def _language_name(item: LanguageSkill) -> str:
    return f"{item.code} {item.level}"


def _location(profile: ProfileDoc, listing: ListingDoc) -> ConstraintResult | None:
    if listing.country is None or listing.remote:
        if profile.remote is False:
            return ConstraintResult("location", False, "remote role; profile prefers on-site")
        return ConstraintResult("location", True, "remote")
    where = listing.country
    if where in profile.work_authorization:
        return ConstraintResult("location", True, f"may work in {where}")
    if listing.visa_sponsorship:
        return ConstraintResult("location", True, f"visa sponsorship offered for {where}")
    if profile.country == where:
        return ConstraintResult("location", True, f"lives in {where}")
    if where in profile.relocate_to:
        return ConstraintResult(
            "location",
            False,
            f"would move to {where}, but has no right to work there and no sponsorship is offered",
        )
    return ConstraintResult(
        "location", False, f"based in {where}; no right to work there, no sponsorship offered"
    )


def _experience(profile: ProfileDoc, listing: ListingDoc) -> ConstraintResult | None:
    need = listing.min_years_experience
    if not need:
        return None
    has = profile.years_experience
    if has is None:
        return ConstraintResult("experience", False, f"needs {need}+ years, not stated")
    return ConstraintResult("experience", has >= need, f"needs {need}+ years, has {has}")


def _kind(profile: ProfileDoc, listing: ListingDoc) -> ConstraintResult | None:
    if not profile.seeking:
        return None
    wanted = listing.kind in profile.seeking
    verb = "seeks" if wanted else "does not seek"
    return ConstraintResult("kind", wanted, f"{verb} {KIND_NAMES[listing.kind]}")


def _deadline(listing: ListingDoc, today: date) -> ConstraintResult | None:
    if listing.deadline is None:
        return None
    if listing.deadline < today:
        return ConstraintResult("deadline", False, f"closed on {listing.deadline.isoformat()}")
    return ConstraintResult("deadline", True, f"open until {listing.deadline.isoformat()}")


def check_constraints(
    profile: ProfileDoc, listing: ListingDoc, today: date
) -> list[ConstraintResult]:
    """Return every constraint that applies between a profile and a listing."""
    results = [
        _kind(profile, listing),
        *_languages(profile, listing),
        _location(profile, listing),
        _experience(profile, listing),
        _deadline(listing, today),
    ]
    return [result for result in results if result is not None]
