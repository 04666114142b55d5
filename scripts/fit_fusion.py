"""Fit the platform ranking's fusion weights on half the dev queries and check them on the rest.

Prints, per task, the best baseline's, the current weights' and the fitted weights' MRR on the
fitting half and on the held-out half, and the fitted weights; writes them to docs/fusion_fit.json.
The fitted weights are not applied by this script: `scripts/evaluation/platform.py` holds them.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Tasks the weights are fitted on; the Vanetik tasks (5 and 29 queries, labels close to noise)
# are left out.
FIT_TASKS = (
    "jobbert_titles",
    "melo_en",
    "esco_skills_to_occupation",
    "hh_ru_role",
    "cross_lingual_dev",
    "cross_lingual_reverse",
)
# Skills stay fixed: the only task with skill lists is a proxy that punishes overlap.
FREE = (
    ("same", "semantic"),
    ("same", "multilingual"),
    ("same", "lexical"),
    ("cross", "multilingual"),
    ("cross", "lexical"),
)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Return the command-line options."""
    from scripts.evaluate import parse_args as evaluate_args

    defaults = evaluate_args([])
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bench", type=Path, default=defaults.bench)
    parser.add_argument("--cache", type=Path, default=defaults.cache)
    parser.add_argument("--tasks", nargs="+", choices=FIT_TASKS, default=list(FIT_TASKS))
    parser.add_argument("--limit", type=int, default=defaults.limit, help="queries per task")
    parser.add_argument("--json", type=Path, default=ROOT / "docs" / "fusion_fit.json")
    parser.add_argument(
        "--per-task",
        action="store_true",
        help="also fit every weight, skills too, on each task alone: the most any weights reach",
    )
    return parser.parse_args(argv)


def _baseline_ranks(task, cache) -> dict[str, list[float]]:
    """Return each baseline's reciprocal rank of every query."""
    from scripts.evaluation.methods import BASELINES, rank_baseline
    from scripts.evaluation.metrics import reciprocal_rank

    return {
        name: [
            reciprocal_rank(ranking, relevant)
            for ranking, relevant in zip(
                rank_baseline(name, task, cache), task.relevant, strict=True
            )
        ]
        for name in BASELINES
    }


def split_task(task, cache):
    """Return the task's fitting half and held-out half as FitTasks."""
    from scripts.evaluation.fitting import FitTask, halves
    from scripts.evaluation.platform import PlatformConfig, query_signals

    signals = query_signals(task, cache, PlatformConfig())
    baselines = _baseline_ranks(task, cache)
    parts = []
    for positions in halves(len(task.queries)):
        best = max(sum(rr[i] for i in positions) / len(positions) for rr in baselines.values())
        parts.append(
            FitTask(
                task.name,
                [signals[i] for i in positions],
                [task.relevant[i] for i in positions],
                best,
            )
        )
    return parts


def per_task_table(fitting, held_out, start, results: dict) -> list[list[str]]:
    """Fit all weights on each task's fit half alone; return the rows and note them in results."""
    from scripts.evaluation.fitting import fit, mrr

    signals = ("semantic", "multilingual", "lexical", "skills")
    free = [(pair, name) for pair in ("same", "cross") for name in signals]
    rows = [["task", "fit/base", "held out/base", "weights (same | cross)"]]
    for fit_half, held_half in zip(fitting, held_out, strict=True):
        own, _ = fit([fit_half], start, free)
        ratios = [mrr(task, own) / task.baseline_mrr for task in (fit_half, held_half)]
        results[fit_half.name]["own_weights"] = {"same": own.same, "cross": own.cross}
        results[fit_half.name]["own_ratio"] = {"fit": ratios[0], "held out": ratios[1]}
        rows.append(
            [fit_half.name, f"{ratios[0]:.2f}", f"{ratios[1]:.2f}", f"{own.same} | {own.cross}"]
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    """Fit the weights, print the table and write the JSON."""
    from scripts.evaluation.datasets import LOADERS
    from scripts.evaluation.fitting import Weights, fit, mrr
    from scripts.evaluation.methods import EmbeddingCache
    from scripts.evaluation.platform import PlatformConfig
    from scripts.evaluation.report import plain_table

    args = parse_args(argv)
    cache = EmbeddingCache(args.cache)
    started = time.perf_counter()
    fitting, held_out = [], []
    for name in args.tasks:
        fit_half, held_half = split_task(LOADERS[name](args.bench, args.limit), cache)
        fitting.append(fit_half)
        held_out.append(held_half)
    config = PlatformConfig()
    start = Weights(
        dict(config.fusion.weights), dict(config.cross_weights or config.fusion.weights)
    )
    fitted, _ = fit(fitting, start, FREE)
    rows = [["task", "half", "best baseline", "current", "fitted", "current/base", "fitted/base"]]
    results = {}
    for half, tasks in (("fit", fitting), ("held out", held_out)):
        for task in tasks:
            current, new = mrr(task, start), mrr(task, fitted)
            base = task.baseline_mrr
            results.setdefault(task.name, {})[half] = {
                "queries": len(task.queries),
                "best_baseline": base,
                "current": current,
                "fitted": new,
            }
            rows.append(
                [task.name, half, f"{base:.3f}", f"{current:.3f}", f"{new:.3f}"]
                + [f"{current / base:.2f}", f"{new / base:.2f}"]
            )
    print(plain_table(rows))
    if args.per_task:
        print("\nEach task's own weights (every weight free), fitted on its fit half:")
        print(plain_table(per_task_table(fitting, held_out, start, results)))
    print(f"\ncurrent: same {start.same}, cross {start.cross}")
    print(f"fitted:  same {fitted.same}, cross {fitted.cross}")
    run = {
        "date": date.today().isoformat(),
        "command": "python -m scripts.fit_fusion " + " ".join(argv or sys.argv[1:]),
        "seconds": round(time.perf_counter() - started),
        "free": [list(pair) for pair in FREE],
        "current": {"same": start.same, "cross": start.cross},
        "fitted": {"same": fitted.same, "cross": fitted.cross},
        "tasks": results,
    }
    args.json.write_text(json.dumps(run, indent=2) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
