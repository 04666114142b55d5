"""Fusion of signals: reciprocal ranks, linear sums, contributions and stable ties."""

from __future__ import annotations

import pytest

from matcher.fusion import FusionConfig, fuse, ranked

SIGNALS = {
    "semantic": {1: 0.9, 2: 0.5, 4: 0.2},
    "lexical": {2: 12.0, 3: 4.0},
}


def test_rrf_adds_weight_over_k_plus_rank_per_signal():
    fused = fuse(SIGNALS, FusionConfig(rrf_k=60))
    assert fused[2].contributions == {"semantic": pytest.approx(1 / 62), "lexical": 1 / 61}
    assert fused[2].score == pytest.approx(1 / 62 + 1 / 61)
    assert fused[3].contributions == {"lexical": pytest.approx(1 / 62)}
    assert ranked(fused) == [2, 1, 3, 4]


def test_rrf_weights_scale_each_signal():
    config = FusionConfig(weights={"semantic": 3.0, "lexical": 0.5}, rrf_k=0)
    fused = fuse(SIGNALS, config)
    assert fused[1].score == pytest.approx(3.0)
    assert fused[3].score == pytest.approx(0.25)
    assert ranked(fused, k=2) == [1, 2]


def test_linear_scales_bm25_by_its_best_score_and_keeps_cosine():
    fused = fuse(SIGNALS, FusionConfig(method="linear"))
    assert fused[2].contributions == {"semantic": 0.5, "lexical": 1.0}
    assert fused[3].score == pytest.approx(4.0 / 12.0)
    assert ranked(fused) == [2, 1, 3, 4]


def test_linear_saturating_scale_does_not_depend_on_other_candidates():
    config = FusionConfig(method="linear", scales={"lexical": "saturate"}, saturation=4.0)
    alone = fuse({"lexical": {3: 4.0}}, config)
    together = fuse(SIGNALS, config)
    assert alone[3].score == together[3].score == pytest.approx(0.5)


def test_unnamed_signal_gets_the_default_weight_and_zero_weight_drops_it():
    fused = fuse(
        {"skills": {5: 1.0}, "other": {5: 1.0}},
        FusionConfig(method="linear", weights={"skills": 0.0}, default_weight=2.0),
    )
    assert fused[5].contributions == {"other": 2.0, "skills": 0.0}


def test_ties_are_broken_by_id_whatever_the_input_order():
    forward = fuse({"semantic": {9: 0.5, 3: 0.5, 6: 0.5}}, FusionConfig())
    backward = fuse({"semantic": {6: 0.5, 3: 0.5, 9: 0.5}}, FusionConfig())
    assert ranked(forward) == ranked(backward) == [3, 6, 9]
    assert forward[3].score == forward[6].score == forward[9].score


def test_no_signals_give_no_candidates():
    assert fuse({}, FusionConfig()) == {}
    assert fuse({"semantic": {}}, FusionConfig(method="linear")) == {}


@pytest.mark.parametrize(
    "kwargs",
    [
        {"method": "mean"},
        {"rrf_k": -1},
        {"weights": {"semantic": -1.0}},
        {"weights": {"semantic": float("nan")}},
        {"scales": {"lexical": "log"}},
        {"saturation": 0.0},
    ],
)
def test_bad_configurations_are_rejected(kwargs):
    with pytest.raises(ValueError):
        FusionConfig(**kwargs)


def test_rrf_gives_equal_scores_an_equal_share():
    config = FusionConfig(method="rrf", weights={"skills": 1.0}, rrf_k=60)

    fused = fuse({"skills": {7: 0.5, 3: 0.5, 9: 1.0, 4: 0.2}}, config)

    assert fused[7].score == fused[3].score == 1 / 62
    assert fused[9].score == 1 / 61
    assert fused[4].score == 1 / 64
