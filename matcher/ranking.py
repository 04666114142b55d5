"""Candidates to ranked, explained matches: one scoring used by every way of matching.

Hard constraints (`matcher.constraints`) cut candidates before anything is scored; the survivors
get one value per signal (semantic similarity, lexical score, skill overlap, language fit,
seniority fit, soft constraints met), and the signals are fused into one score whose parts the
explanation shows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from types import MappingProxyType

from matcher.constraints import (
    ConstraintResult,
    check_constraints,
    cut_by,
    cut_summary,
    language_fit,
    seniority_fit,
)
from matcher.documents import ListingDoc, ProfileDoc
from matcher.fusion import Fused, FusionConfig, fuse
from matcher.lexical import mostly_cyrillic
from matcher.sections import Section, listing_sections, profile_sections
from matcher.skills import SkillOverlap, skill_overlap

# Signals in the order the explanation lists them, with their default linear weights.
DEFAULT_WEIGHTS = {
    "semantic": 0.6,
    "lexical": 0.3,
    "skills": 0.25,
    "language": 0.1,
    "seniority": 0.1,
    "constraints": 0.15,
}
# Constraints scored by their own signal; the `constraints` signal counts only the others.
_OWN_SIGNAL = {"language", "experience"}
# With a multilingual model, a pair whose texts are in different scripts (Russian and English)
# weighs full-text matches a tenth: there they are the odd shared Latin word, while the model's
# similarity holds across languages. Fitted on the cross-lingual dev tasks (docs/quality.md).
MULTILINGUAL_CROSS_SCRIPT = MappingProxyType({"lexical": 0.1})
# Enough of a text to tell its script; a whole CV would cost time on every candidate.
_SCRIPT_SAMPLE = 600


def _default_fusion() -> FusionConfig:
    return FusionConfig(method="linear", weights=dict(DEFAULT_WEIGHTS))


@dataclass(frozen=True)
class RankingConfig:
    """How the signals of a match are fused into its score (see `matcher.fusion`)."""

    fusion: FusionConfig = field(default_factory=_default_fusion)
    # Factors on the weights of a pair where exactly one text is mostly Cyrillic; None weighs
    # every pair alike (an English-only model, whose similarity across scripts is weak anyway).
    cross_script: Mapping[str, float] | None = None

    def __post_init__(self) -> None:
        if self.fusion.weight("semantic") <= 0:
            raise ValueError("the semantic signal needs a positive weight: it scores every match")
        if any(not 0 <= factor <= 1 for factor in (self.cross_script or {}).values()):
            raise ValueError("cross-script factors must lie between 0 and 1")

    def for_model(self, multilingual: bool) -> RankingConfig:
        """Return this configuration with cross-script factors on for a multilingual model and
        off for an English-only one."""
        return replace(self, cross_script=MULTILINGUAL_CROSS_SCRIPT if multilingual else None)


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


class Ranked(list):
    """Matches best first (a plain list), and how many candidates each hard constraint cut."""

    def __init__(self, matches: Iterable[Match] = (), cut: Mapping[str, int] | None = None):
        super().__init__(matches)
        self.cut: dict[str, int] = dict(cut or {})


def _fuse_shares(
    signals: Mapping[str, Mapping[int, float]], fusion: FusionConfig
) -> dict[int, Fused]:
    total = sum(fusion.weight(name) for name in signals) or 1.0
    # Weights are shares of the signals in play, so a linear score stays on the 0..1 scale.
    weights = {name: fusion.weight(name) / total for name in signals}
    return fuse(signals, replace(fusion, weights=weights))


def fuse_signals(
    signals: Mapping[str, Mapping[int, float]],
    config: RankingConfig,
    cross_script: Iterable[int] = (),
) -> dict[int, Fused]:
    """Fuse per-candidate signals into one score each; every signal in play shows in the parts.
    Candidates in cross_script are weighed with the configuration's cross-script factors."""
    fusion = config.fusion
    if fusion.method == "rrf":
        # A signal equal for every candidate ranks nobody; in RRF its ties would be broken by id.
        signals = {
            name: values
            for name, values in signals.items()
            if name == "semantic" or len(set(values.values())) > 1
        }
    signals = {name: values for name, values in signals.items() if values}
    fused = _fuse_shares(signals, fusion)
    across = set(cross_script) & set(fused) if config.cross_script else set()
    if across:
        factors = config.cross_script
        weights = {name: fusion.weight(name) * factors.get(name, 1.0) for name in signals}
        # Both kinds of pair are shares of one total, so their scores compare directly.
        fused.update(
            (cid, item)
            for cid, item in _fuse_shares(signals, replace(fusion, weights=weights)).items()
            if cid in across
        )
    order = [*DEFAULT_WEIGHTS, *sorted(set(signals) - set(DEFAULT_WEIGHTS))]
    return {
        cid: Fused(item.score, {n: item.contributions.get(n, 0.0) for n in order if n in signals})
        for cid, item in fused.items()
    }


def _cross_script(
    config: RankingConfig, query: list[Section] | str, candidates: Mapping[int, list[Section]]
) -> set[int]:
    """Return the candidates whose text is in another script than the query's (none unless the
    configuration weighs such pairs apart)."""
    if not config.cross_script:
        return set()
    query_text = query if isinstance(query, str) else _leading_text(query)
    russian = mostly_cyrillic(query_text, _SCRIPT_SAMPLE)
    return {
        cid
        for cid, sections in candidates.items()
        if mostly_cyrillic(_leading_text(sections), _SCRIPT_SAMPLE) != russian
    }


def _leading_text(sections: list[Section]) -> str:
    """Return the sections' text as far as it decides the script: no more sections are joined
    once _SCRIPT_SAMPLE characters are reached (a CV's later sections are not copied)."""
    parts, length = [], 0
    for section in sections:
        if length >= _SCRIPT_SAMPLE:
            break
        parts.append(section.text)
        length += len(section.text) + 1
    return " ".join(parts)


def _text_of(sections: list[Section]) -> str:
    return " ".join(section.text for section in sections)


def _label(sections: list[Section], key: str) -> str:
    base = key.split("#", 1)[0]
    for section in sections:
        if section.key == base:
            part = f" (part {key.split('#', 1)[1]})" if "#" in key else ""
            return section.label + part
    return key


def _soft_constraints_met(constraints: list[ConstraintResult]) -> float | None:
    scored = [result.met for result in constraints if result.name not in _OWN_SIGNAL]
    return sum(scored) / len(scored) if scored else None


def _lexical(lexical: Mapping[int, float] | None, ids: Iterable[int]) -> dict[int, float] | None:
    """Return the caller's lexical scores of these candidates; one it did not find is absent."""
    if lexical is None:
        return None
    return {cid: float(lexical[cid]) for cid in ids if cid in lexical}


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
        "parts": {name: round(value, 4) for name, value in parts.items()},
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


@dataclass(frozen=True)
class _Scored:
    """What is known about one eligible candidate before fusion."""

    hit: SemanticHit
    sections: list[Section]
    skills: SkillOverlap
    constraints: list[ConstraintResult]
    language: float | None
    seniority: float | None


def _or_full(value: float | None) -> float:
    return 1.0 if value is None else value


def _skills_signal(scored: Mapping[int, _Scored]) -> dict[int, float]:
    """Return skill overlap per candidate; a listing naming no skills gets the query's average."""
    known = {cid: item.skills.score for cid, item in scored.items()}
    values = [value for value in known.values() if value is not None]
    if not values:
        return {}
    # Saying less is neither rewarded nor punished: an unknown overlap counts as a typical one.
    typical = sum(values) / len(values)
    return {cid: typical if value is None else value for cid, value in known.items()}


def _rank_pairs(
    pairs: list[tuple[ProfileDoc, ListingDoc, int, SemanticHit, list[Section], str]],
    query_sections: list[Section],
    *,
    today: date,
    config: RankingConfig,
    k: int | None,
    lexical: Mapping[int, float] | None,
) -> Ranked:
    """Cut, score, fuse and explain pairs: (profile, listing, candidate id, hit, candidate
    sections, profile text)."""
    scored: dict[int, _Scored] = {}
    reasons = []
    for profile, listing, cid, hit, sections, profile_text in pairs:
        constraints = check_constraints(profile, listing, today)
        reason = cut_by(constraints)
        reasons.append(reason)
        if reason is not None:
            continue
        skills = skill_overlap(listing.skills, profile.skills, profile_text)
        fits = language_fit(profile, listing), seniority_fit(profile, listing)
        scored[cid] = _Scored(hit, sections, skills, constraints, *fits)
    signals: dict[str, dict[int, float]] = {
        "semantic": {cid: item.hit.score for cid, item in scored.items()}
    }
    lexical_values = _lexical(lexical, scored)
    if lexical_values is not None:
        signals["lexical"] = lexical_values
    signals["skills"] = _skills_signal(scored)
    # Nothing required is a full fit: a listing asking for less must not score lower for it.
    signals["language"] = {cid: _or_full(item.language) for cid, item in scored.items()}
    signals["seniority"] = {cid: _or_full(item.seniority) for cid, item in scored.items()}
    signals["constraints"] = {
        cid: _or_full(_soft_constraints_met(item.constraints)) for cid, item in scored.items()
    }
    candidate_sections = {cid: item.sections for cid, item in scored.items()}
    across = _cross_script(config, query_sections, candidate_sections)
    fused = fuse_signals(signals, config, across)
    matches = [
        Match(
            cid,
            score,
            _explain(
                scored[cid].hit,
                query_sections,
                scored[cid].sections,
                scored[cid].skills,
                scored[cid].constraints,
                fused[cid].contributions,
            ),
        )
        for cid, score in _best(fused, k)
    ]
    return Ranked(matches, cut_summary(reasons))


def _best(fused: Mapping[int, Fused], k: int | None) -> list[tuple[int, float]]:
    """Return the k best candidates (all without k) and their rounded scores, best first.

    Only these are explained: a query ranks five to ten times more candidates than it shows.
    """
    scores = sorted(
        ((cid, round(item.score, 6)) for cid, item in fused.items()),
        key=lambda pair: (-pair[1], pair[0]),
    )
    return scores if k is None else scores[:k]


def rank_profiles(
    listing: ListingDoc,
    candidates: list[tuple[ProfileDoc, SemanticHit]],
    *,
    today: date,
    config: RankingConfig = RankingConfig(),
    k: int | None = None,
    lexical: Mapping[int, float] | None = None,
) -> Ranked:
    """Rank profiles for a listing, leaving out those a hard constraint cuts (see `.cut`)."""
    pairs = []
    for profile, hit in candidates:
        sections = profile_sections(profile)
        pairs.append((profile, listing, profile.id, hit, sections, _text_of(sections)))
    return _rank_pairs(
        pairs, listing_sections(listing), today=today, config=config, k=k, lexical=lexical
    )


def rank_listings(
    profile: ProfileDoc,
    candidates: list[tuple[ListingDoc, SemanticHit]],
    *,
    today: date,
    config: RankingConfig = RankingConfig(),
    k: int | None = None,
    lexical: Mapping[int, float] | None = None,
) -> Ranked:
    """Rank listings for a profile, leaving out those a hard constraint cuts (see `.cut`)."""
    query_sections = profile_sections(profile)
    profile_text = _text_of(query_sections)
    pairs = [
        (profile, listing, listing.id, hit, listing_sections(listing), profile_text)
        for listing, hit in candidates
    ]
    return _rank_pairs(pairs, query_sections, today=today, config=config, k=k, lexical=lexical)


def rank_for_text(
    text: str,
    candidates: list[tuple[ProfileDoc | ListingDoc, SemanticHit]],
    *,
    config: RankingConfig = RankingConfig(),
    k: int | None = None,
    lexical: Mapping[int, float] | None = None,
) -> Ranked:
    """Rank profiles or listings for a free-text query by meaning; name the skills it mentions."""
    ids = [doc.id for doc, _ in candidates]
    signals: dict[str, dict[int, float]] = {
        "semantic": {doc.id: hit.score for doc, hit in candidates}
    }
    lexical_values = _lexical(lexical, ids)
    if lexical_values is not None:
        signals["lexical"] = lexical_values
    sections_of = {
        doc.id: profile_sections(doc) if isinstance(doc, ProfileDoc) else listing_sections(doc)
        for doc, _ in candidates
    }
    fused = fuse_signals(signals, config, _cross_script(config, text, sections_of))
    by_id = {doc.id: (doc, hit) for doc, hit in candidates}
    matches = []
    for cid, score in _best(fused, k):
        doc, hit = by_id[cid]
        # A query names no list of wanted skills, so skills explain the match but do not score.
        named = skill_overlap(doc.skills, [], text)
        explanation = _explain(
            hit,
            None,
            sections_of[cid],
            SkillOverlap(named.matched, ()),
            [],
            fused[cid].contributions,
        )
        matches.append(Match(cid, score, explanation))
    return Ranked(matches)
