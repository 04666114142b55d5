"""Candidates to ranked, explained matches: one scoring used by every way of matching."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from matcher.constraints import ConstraintResult, check_constraints
from matcher.documents import ListingDoc, ProfileDoc
from matcher.sections import Section, listing_sections, profile_sections
from matcher.skills import SkillOverlap, skill_overlap


@dataclass(frozen=True)
class RankingConfig:
    """Weights of the parts of a match score; a part that does not apply is left out."""

    semantic_weight: float = 0.6
    skills_weight: float = 0.25
    constraints_weight: float = 0.15

    def __post_init__(self) -> None:
        weights = (self.semantic_weight, self.skills_weight, self.constraints_weight)
        if min(weights) < 0 or sum(weights) <= 0:
            raise ValueError("ranking weights must be non-negative and not all zero")


@dataclass(frozen=True)
class SemanticHit:
    """The best similarity between a query and a candidate, and which sections gave it."""

    score: float
    query_section: str
    candidate_section: str


@dataclass(frozen=True)
class Match:
    """A ranked candidate: its id, its score (higher is better) and why."""

    id: int
    score: float
    explanation: dict = field(compare=False)


def _text_of(sections: list[Section]) -> str:
    return " ".join(section.text for section in sections)


def _label(sections: list[Section], key: str) -> str:
    base = key.split("#", 1)[0]
    for section in sections:
        if section.key == base:
            part = f" (part {key.split('#', 1)[1]})" if "#" in key else ""
            return section.label + part
    return key


def _combine(
    config: RankingConfig,
    semantic: float,
    skills: SkillOverlap | None,
    constraints: list[ConstraintResult],
) -> tuple[float, dict[str, float]]:
    parts = {"semantic": (config.semantic_weight, semantic)}
    if skills is not None and skills.score is not None:
        parts["skills"] = (config.skills_weight, skills.score)
    if constraints:
        met = sum(result.met for result in constraints) / len(constraints)
        parts["constraints"] = (config.constraints_weight, met)
    total_weight = sum(weight for weight, _ in parts.values()) or 1.0
    contributions = {
        name: round(weight * value / total_weight, 4) for name, (weight, value) in parts.items()
    }
    return sum(weight * value for weight, value in parts.values()) / total_weight, contributions


def _explain(
    hit: SemanticHit,
    query_sections: list[Section] | None,
    candidate_sections: list[Section],
    skills: SkillOverlap | None,
    constraints: list[ConstraintResult],
    parts: dict[str, float],
) -> dict:
    explanation: dict = {
        "semantic": {
            "similarity": round(hit.score, 4),
            "matched_section": _label(candidate_sections, hit.candidate_section),
        },
        "parts": parts,
    }
    if query_sections is not None:
        explanation["semantic"]["query_section"] = _label(query_sections, hit.query_section)
    if skills is not None:
        explanation["skills"] = {"matched": list(skills.matched), "missing": list(skills.missing)}
    explanation["constraints"] = [
        {"name": result.name, "met": result.met, "detail": result.detail} for result in constraints
    ]
    explanation["constraints_missed"] = sum(not result.met for result in constraints)
    return explanation


def _sorted(matches: list[Match], k: int | None) -> list[Match]:
    matches.sort(key=lambda match: (-match.score, match.id))
    return matches if k is None else matches[:k]


def rank_profiles(
    listing: ListingDoc,
    candidates: list[tuple[ProfileDoc, SemanticHit]],
    *,
    today: date,
    config: RankingConfig = RankingConfig(),
    k: int | None = None,
) -> list[Match]:
    """Rank profiles for a listing."""
    query_sections = listing_sections(listing)
    matches = []
    for profile, hit in candidates:
        sections = profile_sections(profile)
        skills = skill_overlap(listing.skills, profile.skills, _text_of(sections))
        constraints = check_constraints(profile, listing, today)
        score, parts = _combine(config, hit.score, skills, constraints)
        explanation = _explain(hit, query_sections, sections, skills, constraints, parts)
        matches.append(Match(profile.id, round(score, 6), explanation))
    return _sorted(matches, k)


def rank_listings(
    profile: ProfileDoc,
    candidates: list[tuple[ListingDoc, SemanticHit]],
    *,
    today: date,
    config: RankingConfig = RankingConfig(),
    k: int | None = None,
) -> list[Match]:
    """Rank listings for a profile."""
    query_sections = profile_sections(profile)
    profile_text = _text_of(query_sections)
    matches = []
    for listing, hit in candidates:
        sections = listing_sections(listing)
        skills = skill_overlap(listing.skills, profile.skills, profile_text)
        constraints = check_constraints(profile, listing, today)
        score, parts = _combine(config, hit.score, skills, constraints)
        explanation = _explain(hit, query_sections, sections, skills, constraints, parts)
        matches.append(Match(listing.id, round(score, 6), explanation))
    return _sorted(matches, k)


def rank_for_text(
    text: str,
    candidates: list[tuple[ProfileDoc | ListingDoc, SemanticHit]],
    *,
    config: RankingConfig = RankingConfig(),
    k: int | None = None,
) -> list[Match]:
    """Rank profiles or listings for a free-text query by meaning; name the skills it mentions."""
    matches = []
    for doc, hit in candidates:
        sections = profile_sections(doc) if isinstance(doc, ProfileDoc) else listing_sections(doc)
        # A query names no list of wanted skills, so skills explain the match but do not score.
        named = skill_overlap(doc.skills, [], text)
        score, parts = _combine(config, hit.score, None, [])
        explanation = _explain(hit, None, sections, SkillOverlap(named.matched, ()), [], parts)
        matches.append(Match(doc.id, round(score, 6), explanation))
    return _sorted(matches, k)
