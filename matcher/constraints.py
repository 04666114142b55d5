"""Facts between a profile and a listing: languages, right to work, experience, kind, deadline.

Some facts cut a candidate before ranking (a missed result with `cuts`): a kind of opening the
person does not seek, a place they may not work in, a required language they lack or fall two or
more levels short of. The rest only lower the score: a language one level short, too few years,
sponsorship to a country they did not name, a closed deadline (shown to operators only).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
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
# One level short of a required language is a gap a person can close; two or more is not a fit.
SOFT_LANGUAGE_GAP = 1
# Order in which a cut candidate is counted: the first hard constraint it misses.
CUT_ORDER = ("kind", "location", "language")


@dataclass(frozen=True)
class ConstraintResult:
    """Whether one constraint is met, with a sentence saying why; `cuts` if it excludes."""

    name: str
    met: bool
    detail: str
    cuts: bool = False


def level_rank(level: str) -> int:
    """Return the position of a CEFR level (or `native`) on the scale, A1 lowest."""
    return LEVEL_ORDER.index(level)


def _language_gap(spoken: dict[str, str], required: LanguageSkill) -> int | None:
    """Return how many levels short of the requirement a person is; None if they lack it."""
    has = spoken.get(required.code)
    if has is None:
        return None
    return max(0, level_rank(required.level) - level_rank(has))


def _languages(profile: ProfileDoc, listing: ListingDoc) -> list[ConstraintResult]:
    spoken = {item.code: item.level for item in profile.languages}
    results = []
    for required in listing.languages:
        need = f"{required.code} {required.level}"
        gap = _language_gap(spoken, required)
        if gap is None:
            results.append(ConstraintResult("language", False, f"needs {need}, not listed", True))
            continue
        detail = f"needs {need}, has {spoken[required.code]}"
        results.append(ConstraintResult("language", gap == 0, detail, gap > SOFT_LANGUAGE_GAP))
    return results


def _on_site(profile: ProfileDoc, listing: ListingDoc, where: str) -> ConstraintResult:
    if where in profile.work_authorization:
        return ConstraintResult("location", True, f"may work in {where}")
    if profile.country == where:
        return ConstraintResult("location", True, f"lives in {where}")
    if listing.visa_sponsorship:
        sponsored = f"visa sponsorship offered for {where}"
        if not profile.relocate_to or where in profile.relocate_to:
            return ConstraintResult("location", True, sponsored)
        # They named other countries to move to: a wish, not a refusal, so it only scores lower.
        return ConstraintResult(
            "location", False, f"{sponsored}, not among the countries they would move to"
        )
    if where in profile.relocate_to:
        return ConstraintResult(
            "location",
            False,
            f"would move to {where}, but has no right to work there and no sponsorship is offered",
            True,
        )
    return ConstraintResult(
        "location", False, f"based in {where}; no right to work there, no sponsorship offered", True
    )


def _location(profile: ProfileDoc, listing: ListingDoc) -> ConstraintResult:
    where = listing.country
    if where is None:
        if profile.remote is False:
            return ConstraintResult("location", False, "remote role; profile prefers on-site", True)
        return ConstraintResult("location", True, "remote")
    if listing.remote and profile.remote is not False:
        return ConstraintResult("location", True, "remote")
    # On-site, or remote possible for someone who will only work on-site: the place decides.
    return _on_site(profile, listing, where)


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
    return ConstraintResult("kind", wanted, f"{verb} {KIND_NAMES[listing.kind]}", not wanted)


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


def cut_by(results: Iterable[ConstraintResult]) -> str | None:
    """Return the name of the hard constraint that excludes a candidate, or None if none does."""
    cutting = {result.name for result in results if result.cuts}
    return next((name for name in CUT_ORDER if name in cutting), None)


def cut_summary(reasons: Iterable[str | None]) -> dict[str, int]:
    """Return how many candidates each hard constraint excluded, in a fixed order."""
    counts = Counter(reason for reason in reasons if reason is not None)
    return {name: counts[name] for name in CUT_ORDER if counts[name]}


def language_fit(profile: ProfileDoc, listing: ListingDoc) -> float | None:
    """Return 0..1 for how well required languages are met (by CEFR distance); None if none."""
    if not listing.languages:
        return None
    spoken = {item.code: item.level for item in profile.languages}
    fits = []
    for required in listing.languages:
        gap = _language_gap(spoken, required)
        fits.append(0.0 if gap is None else max(0.0, 1.0 - gap / (SOFT_LANGUAGE_GAP + 1)))
    return sum(fits) / len(fits)


def seniority_fit(profile: ProfileDoc, listing: ListingDoc) -> float | None:
    """Return 0..1 for years of experience against the listing's minimum; None if it sets none."""
    need = listing.min_years_experience
    if not need:
        return None
    has = profile.years_experience
    if has is None:
        # Not stated is not zero: halfway, above a large stated shortfall, below meeting it.
        return 0.5
    return min(1.0, max(0.0, has / need))
