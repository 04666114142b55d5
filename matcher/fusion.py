"""Fuse per-signal candidate scores into one score, keeping each signal's part for explanations."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

METHODS = ("rrf", "linear")
SCALES = ("none", "max", "saturate")

_DEFAULT_WEIGHTS = MappingProxyType({"semantic": 1.0, "lexical": 1.0, "skills": 1.0})
# BM25 has no fixed range; only "lexical" is rescaled by default, other signals are 0..1 already.
_DEFAULT_SCALES = MappingProxyType({"lexical": "max"})


@dataclass(frozen=True)
class FusionConfig:
    """How signals are combined: method, weight per signal name, and (linear) how each is scaled.

    "rrf": a candidate gets weight / (rrf_k + rank) from each signal that lists it (rank 1 = best).
    "linear": a candidate gets weight * scaled score from each signal that lists it, where the
    scale of a signal is "none" (as is: cosine, overlap share), "max" (divided by the best score of
    that signal for this query) or "saturate" (s / (s + saturation), a query-independent 0..1 map).
    A signal not named in weights gets default_weight; a candidate missing from a signal gets 0.
    """

    method: str = "rrf"
    weights: Mapping[str, float] = field(default_factory=lambda: dict(_DEFAULT_WEIGHTS))
    rrf_k: int = 60
    scales: Mapping[str, str] = field(default_factory=lambda: dict(_DEFAULT_SCALES))
    saturation: float = 10.0
    default_weight: float = 1.0

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise ValueError(f"fusion method must be one of {METHODS}, not {self.method!r}")
        if self.rrf_k < 0:
            raise ValueError("rrf_k must be non-negative")
        if self.saturation <= 0:
            raise ValueError("saturation must be positive")
        weights = [*self.weights.values(), self.default_weight]
        if any(not math.isfinite(w) or w < 0 for w in weights):
            raise ValueError("fusion weights must be finite and non-negative")
        bad = sorted(set(self.scales.values()) - set(SCALES))
        if bad:
            raise ValueError(f"unknown scale {bad[0]!r}; use one of {SCALES}")

    def weight(self, signal: str) -> float:
        """Return the weight of a signal."""
        return float(self.weights.get(signal, self.default_weight))


@dataclass(frozen=True)
class Fused:
    """A fused score and the part of it each signal gave."""

    score: float
    contributions: dict[str, float]


def _ranks(scores: Mapping[int, float]) -> dict[int, int]:
    # Equal scores share a rank (1 + how many score strictly better): ordering ties by id would
    # give tied candidates different, arbitrary shares of a mostly tied signal such as skills.
    ranks: dict[int, int] = {}
    previous, rank = None, 0
    for position, item in enumerate(sorted(scores, key=lambda item: -scores[item]), start=1):
        if scores[item] != previous:
            previous, rank = scores[item], position
        ranks[item] = rank
    return ranks


def _scaled(scores: Mapping[int, float], scale: str, saturation: float) -> dict[int, float]:
    if scale == "max":
        best = max(scores.values(), default=0.0)
        return {i: (s / best if best > 0 else 0.0) for i, s in scores.items()}
    if scale == "saturate":
        return {i: (max(s, 0.0) / (max(s, 0.0) + saturation)) for i, s in scores.items()}
    return dict(scores)


def fuse(signals: Mapping[str, Mapping[int, float]], config: FusionConfig) -> dict[int, Fused]:
    """Combine candidate scores from several signals into one score per candidate."""
    parts: dict[int, dict[str, float]] = {}
    for name in sorted(signals):
        scores = signals[name]
        weight = config.weight(name)
        if config.method == "rrf":
            values = {i: weight / (config.rrf_k + r) for i, r in _ranks(scores).items()}
        else:
            scale = config.scales.get(name, "none")
            scaled = _scaled(scores, scale, config.saturation)
            values = {i: weight * s for i, s in scaled.items()}
        for item, value in values.items():
            parts.setdefault(int(item), {})[name] = value
    return {item: Fused(math.fsum(contrib.values()), contrib) for item, contrib in parts.items()}


def ranked(fused: Mapping[int, Fused], k: int | None = None) -> list[int]:
    """Return candidate ids by fused score, best first; equal scores by ascending id."""
    order = sorted(fused, key=lambda item: (-fused[item].score, item))
    return order if k is None else order[:k]
