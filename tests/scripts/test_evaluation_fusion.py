"""The platform ranking's weights by language pair and their fitting on half the queries."""

import numpy as np
import pytest

from scripts.evaluation.datasets import Task
from scripts.evaluation.fitting import FitTask, Weights, fit, halves, mrr, objective
from scripts.evaluation.methods import EmbeddingCache
from scripts.evaluation.platform import (
    PlatformConfig,
    QuerySignals,
    order,
    pair_weights,
    query_signals,
    rank_platform,
)
from scripts.evaluation.report import baseline_line

NAMES = ("lexical", "multilingual")


def _query(parts, cross, items=None):
    items = np.arange(len(parts)) if items is None else np.array(items)
    return QuerySignals(items, NAMES, np.array(parts, dtype=float), np.array(cross, dtype=bool))


def test_order_weighs_same_script_and_cross_script_pairs_apart():
    # Rows 0 and 1 share the query's script, rows 2 and 3 do not.
    query = _query([[1.0, 0.1], [0.2, 0.9], [1.0, 0.1], [0.2, 0.9]], [0, 0, 1, 1])
    same, cross = np.array([1.0, 0.0]), np.array([0.0, 1.0])
    # Same-script pairs by the lexical part, cross-script pairs by the multilingual one.
    assert order(query, same, cross, depth=4) == [0, 3, 1, 2]
    assert order(query, same, cross, depth=2) == [0, 3]


def test_order_breaks_ties_by_ascending_row():
    query = _query([[0.5, 0.0], [0.5, 0.0], [0.5, 0.0]], [0, 0, 0], items=[9, 2, 5])
    assert order(query, np.array([1.0, 1.0]), np.array([1.0, 1.0]), depth=3) == [2, 5, 9]


def test_pair_weights_fall_back_to_the_fusion_weights_without_cross_weights():
    config = PlatformConfig(cross_weights=None)
    same, cross = pair_weights(config, ("lexical", "semantic"))
    # Shares of the signals in play, as matcher.ranking fuses.
    assert same == pytest.approx([0.2 / 0.7, 0.5 / 0.7]) and cross.tolist() == same.tolist()
    same, cross = pair_weights(PlatformConfig(), ("lexical", "multilingual", "semantic"))
    # The English-only encoder has no weight across scripts.
    assert cross == pytest.approx([0.045 / 0.955, 0.91 / 0.955, 0.0])


def test_halves_split_even_and_odd_positions():
    assert halves(5) == ([0, 2, 4], [1, 3])
    assert halves(1) == ([0], [])


def _task(baseline_mrr=0.5):
    # Query 0 (same script) needs lexical, query 1 (cross script) needs multilingual.
    queries = [
        _query([[0.9, 0.2], [0.1, 0.9]], [0, 0]),
        _query([[0.9, 0.2], [0.1, 0.9]], [1, 1]),
    ]
    return FitTask("toy", queries, [frozenset({0}), frozenset({1})], baseline_mrr)


def test_fit_moves_only_the_free_weights_and_reaches_the_best_order():
    start = Weights({"lexical": 0.1, "multilingual": 1.0}, {"lexical": 1.0, "multilingual": 0.1})
    task = _task()
    assert mrr(task, start) == pytest.approx(0.5)  # both queries get their item second
    fitted, score = fit([task], start, [("same", "lexical"), ("cross", "multilingual")])
    assert mrr(task, fitted) == 1.0 and score == pytest.approx(objective([task], fitted)) == 2.0
    assert fitted.same["multilingual"] == 1.0 and fitted.cross["lexical"] == 1.0
    # The first grid values that put the relevant item first: 0.8 w > 0.7 and 0.7 w > 0.8.
    assert fitted.same["lexical"] == 1.0 and fitted.cross["multilingual"] == 1.5


def test_fit_keeps_the_start_when_nothing_is_better():
    start = Weights({"lexical": 1.0, "multilingual": 0.0}, {"lexical": 0.0, "multilingual": 1.0})
    fitted, score = fit([_task()], start, [("same", "lexical")])
    assert fitted == start and score == 2.0


def test_query_signals_scale_like_the_fusion_and_mark_cross_script_pairs(tmp_path, encoder):
    task = Task(
        "toy",
        queries=["Пекарь", "baker"],
        relevant=[frozenset({0}), frozenset({0})],
        corpus=["baker bakes bread", "welder joins metal", "Сварщик"],
        labels="toy",
    )
    cache = EmbeddingCache(tmp_path)
    signals = query_signals(task, cache, PlatformConfig(candidates=3))
    russian, english = signals
    # A signal that scores no candidate is not in play: the English-only encoder scores only
    # pairs where neither text is mostly Cyrillic, and BM25 finds no word of «Пекарь».
    assert russian.names == ("multilingual",)
    assert english.names == ("lexical", "multilingual", "semantic")
    assert russian.items.tolist() == english.items.tolist() == [0, 1, 2]
    assert russian.cross.tolist() == [True, True, False]
    assert english.cross.tolist() == [False, False, True]
    assert english.parts[2, english.names.index("semantic")] == 0.0
    lexical = english.parts[:, english.names.index("lexical")]
    assert lexical.max() == pytest.approx(1.0)  # BM25 divided by the query's best, as fused
    assert rank_platform(task, cache, config=PlatformConfig(candidates=3))[1][0] == 0


def test_baseline_line_gives_the_held_out_ratio_when_measured():
    plain = {"recall@10": 1.0, "mrr": 0.5, "ndcg@10": 0.6, "accuracy@1": 0.2}
    result = {
        "methods": {"bm25": plain, "platform": {**plain, "mrr": 0.6}},
        "best_baseline": "bm25",
        "platform_ratio": 1.2,
        "held_out_ratio": 1.15,
    }
    assert baseline_line(result).endswith(
        "; on the held-out half (odd queries) platform / best baseline = 1.15."
    )
