"""Ranking metrics for queries that may have several relevant items (binary relevance)."""

from __future__ import annotations

import math
from collections.abc import Sequence, Set


def recall_at_k(ranking: Sequence[int], relevant: Set[int], k: int = 10) -> float:
    """Return the share of the relevant items found in the first k places."""
    if not relevant:
        raise ValueError("a query needs at least one relevant item")
    return len(set(ranking[:k]) & relevant) / len(relevant)


def reciprocal_rank(ranking: Sequence[int], relevant: Set[int]) -> float:
    """Return 1 / the place of the first relevant item, or 0 when none is ranked."""
    for place, item in enumerate(ranking, start=1):
        if item in relevant:
            return 1.0 / place
    return 0.0


def ndcg_at_k(ranking: Sequence[int], relevant: Set[int], k: int = 10) -> float:
    """Return nDCG@k with gain 1 per relevant item, against an ideal of min(|relevant|, k) hits."""
    if not relevant:
        raise ValueError("a query needs at least one relevant item")
    dcg = sum(
        1.0 / math.log2(place + 1)
        for place, item in enumerate(ranking[:k], start=1)
        if item in relevant
    )
    ideal = sum(1.0 / math.log2(place + 1) for place in range(1, min(len(relevant), k) + 1))
    return dcg / ideal


def accuracy_at_1(ranking: Sequence[int], relevant: Set[int]) -> float:
    """Return 1 when the first item is relevant, else 0."""
    return 1.0 if ranking and ranking[0] in relevant else 0.0


def graded_ndcg_at_k(ranking: Sequence[int], gains: dict[int, float], k: int) -> float:
    """Return nDCG@k with graded gains (unlisted items gain 0)."""
    dcg = sum(
        gains.get(item, 0.0) / math.log2(place + 1)
        for place, item in enumerate(ranking[:k], start=1)
    )
    best = sorted(gains.values(), reverse=True)[:k]
    ideal = sum(gain / math.log2(place + 1) for place, gain in enumerate(best, start=1))
    return dcg / ideal if ideal > 0 else 0.0


GRADED_K = 5  # the Vanetik benchmark reports nDCG@5 over its 5 vacancies


def summarise(
    rankings: Sequence[Sequence[int]],
    relevant: Sequence[Set[int]],
    k: int = 10,
    gains: Sequence[dict[int, float]] | None = None,
) -> dict[str, float]:
    """Return the mean recall@k, MRR, nDCG@k, accuracy@1 (and graded nDCG) over all queries."""
    if len(rankings) != len(relevant):
        raise ValueError("one ranking per query is needed")
    count = len(rankings)
    if count == 0:
        raise ValueError("no queries to score")
    pairs = list(zip(rankings, relevant, strict=True))
    graded = {}
    if gains is not None:
        scores = [graded_ndcg_at_k(r, g, GRADED_K) for r, g in zip(rankings, gains, strict=True)]
        graded[f"graded ndcg@{GRADED_K}"] = sum(scores) / count
    return {
        f"recall@{k}": sum(recall_at_k(r, rel, k) for r, rel in pairs) / count,
        "mrr": sum(reciprocal_rank(r, rel) for r, rel in pairs) / count,
        f"ndcg@{k}": sum(ndcg_at_k(r, rel, k) for r, rel in pairs) / count,
        "accuracy@1": sum(accuracy_at_1(r, rel) for r, rel in pairs) / count,
        **graded,
    }
