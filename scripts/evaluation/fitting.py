"""Fit the platform's linear fusion weights on one half of the dev queries, check on the other.

Queries at even positions of each task fit the weights; odd positions are held out. The objective
is the mean over tasks of the platform's MRR divided by the best baseline's MRR on the same
queries, the ratio issue 5's target is stated in. Weights are searched one at a time over a grid
(coordinate ascent), from the current ones, until a whole round changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from scripts.evaluation.methods import DEPTH
from scripts.evaluation.metrics import reciprocal_rank
from scripts.evaluation.platform import QuerySignals, order, shares

GRID = (0.0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.8, 1.0, 1.5, 2.0)
MAX_ROUNDS = 5


def halves(count: int) -> tuple[list[int], list[int]]:
    """Return the query positions that fit (even) and those held out (odd)."""
    return list(range(0, count, 2)), list(range(1, count, 2))


@dataclass(frozen=True)
class FitTask:
    """One task's weighable signals and labels on the queries used, and its best baseline MRR."""

    name: str
    queries: list[QuerySignals]
    relevant: list[frozenset[int]]
    baseline_mrr: float


@dataclass(frozen=True)
class Weights:
    """Weights per signal name for pairs in one script (same) and across scripts (cross)."""

    same: dict[str, float]
    cross: dict[str, float]

    def vectors(self, names: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Return both weight vectors in the order of names (a signal not named weighs 0), each
        as shares of the signals in play, as the platform ranks."""
        return (
            shares(np.array([self.same.get(name, 0.0) for name in names])),
            shares(np.array([self.cross.get(name, 0.0) for name in names])),
        )

    def with_value(self, pair: str, name: str, value: float) -> Weights:
        """Return a copy with one weight changed."""
        same, cross = dict(self.same), dict(self.cross)
        (same if pair == "same" else cross)[name] = value
        return Weights(same, cross)


def mrr(task: FitTask, weights: Weights, depth: int = DEPTH) -> float:
    """Return the task's MRR with these weights."""
    total = 0.0
    for query, relevant in zip(task.queries, task.relevant, strict=True):
        total += reciprocal_rank(order(query, *weights.vectors(query.names), depth), relevant)
    return total / len(task.queries)


def objective(tasks: Iterable[FitTask], weights: Weights) -> float:
    """Return the mean over tasks of MRR / best baseline MRR."""
    ratios = [mrr(task, weights) / task.baseline_mrr for task in tasks]
    return sum(ratios) / len(ratios)


def fit(
    tasks: Sequence[FitTask],
    start: Weights,
    free: Sequence[tuple[str, str]],
    grid: Sequence[float] = GRID,
) -> tuple[Weights, float]:
    """Return the weights coordinate ascent reaches from start, moving only the free
    (pair, signal) weights over grid, and their objective."""
    best, score = start, objective(tasks, start)
    for _ in range(MAX_ROUNDS):
        improved = False
        for pair, name in free:
            for value in grid:
                trial = best.with_value(pair, name, value)
                if not any(trial.same.values()) or not any(trial.cross.values()):
                    continue
                trial_score = objective(tasks, trial)
                if trial_score > score + 1e-9:
                    best, score, improved = trial, trial_score, True
        if not improved:
            break
    return best, score
