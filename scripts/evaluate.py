"""Measure match quality on the benchmark data: BM25, plain MiniLM, plain USE and the platform."""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Return the command-line options."""
    from scripts.evaluation.datasets import LOADERS, MAX_QUERIES

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench")
    # A per-user cache, not a fixed name in the shared /tmp another account could fill first.
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "tb-eval-cache"
    parser.add_argument("--cache", type=Path, default=cache)
    parser.add_argument("--tasks", nargs="+", choices=sorted(LOADERS), default=list(LOADERS))
    parser.add_argument("--limit", type=int, default=MAX_QUERIES, help="queries per task")
    parser.add_argument("--json", type=Path, default=ROOT / "docs" / "quality.json")
    parser.add_argument("--markdown", type=Path, default=ROOT / "docs" / "quality.md")
    parser.add_argument("--no-write", action="store_true", help="print only")
    return parser.parse_args(argv)


def evaluate_task(task, cache) -> dict:
    """Run every baseline and the platform on one task and return their scores."""
    from matcher.encoder import USE_MODEL
    from scripts.evaluation import methods
    from scripts.evaluation.fitting import halves
    from scripts.evaluation.metrics import reciprocal_rank, summarise
    from scripts.evaluation.platform import rank_platform, served_config

    result = {
        "labels": task.labels,
        "queries": len(task.queries),
        "corpus": len(task.corpus),
        "dropped": task.dropped,
        "methods": {},
        "notes": {},
        "seconds": {},
        "held_out_mrr": {},
    }
    held_out = halves(len(task.queries))[1]
    runners = {
        **{
            name: (lambda name=name: methods.rank_baseline(name, task, cache))
            for name in methods.BASELINES
        },
        "platform": lambda: rank_platform(task, cache),
        "served": lambda: rank_platform(task, cache, config=served_config()),
        "served_use": lambda: rank_platform(task, cache, config=served_config(USE_MODEL)),
    }
    for name, run in runners.items():
        started = time.perf_counter()
        try:
            rankings = run()
        except ValueError as error:
            if name in methods.BASELINES:
                raise
            # A platform that cannot rank this task says why; the table shows it.
            result["methods"][name], result["notes"][name] = None, f"not run: {error}"
            continue
        result["methods"][name] = summarise(rankings, task.relevant, gains=task.gains)
        if held_out:
            ranks = [reciprocal_rank(rankings[i], task.relevant[i]) for i in held_out]
            result["held_out_mrr"][name] = sum(ranks) / len(ranks)
        result["seconds"][name] = round(time.perf_counter() - started, 1)
    baselines = {name: result["methods"][name]["mrr"] for name in methods.BASELINES}
    best = max(baselines, key=baselines.__getitem__)
    platform_scores = result["methods"]["platform"]
    result["best_baseline"] = best
    result["platform_ratio"] = (
        platform_scores["mrr"] / baselines[best] if platform_scores and baselines[best] else None
    )
    held = result["held_out_mrr"]
    best_held = max((held[name] for name in methods.BASELINES if name in held), default=0.0)
    if held.get("platform") is not None and best_held:
        result["held_out_ratio"] = held["platform"] / best_held
    if "baselines" in task.extra:
        result["baselines"] = task.extra["baselines"]
    return result


def main(argv: list[str] | None = None) -> int:
    """Evaluate the chosen tasks, print tables and write docs/quality.json and quality.md."""
    from scripts.evaluation.datasets import LOADERS
    from scripts.evaluation.methods import EmbeddingCache
    from scripts.evaluation.report import (
        baseline_line,
        markdown_results,
        plain_table,
        replace_results,
        task_table,
    )

    args = parse_args(argv)
    cache = EmbeddingCache(args.cache)
    started = time.perf_counter()
    run = {
        "date": date.today().isoformat(),
        "machine": f"{platform.machine()} {platform.processor() or platform.system()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}",
        "command": "python -m scripts.evaluate " + " ".join(argv or sys.argv[1:]),
        "tasks": {},
    }
    for name in args.tasks:
        task = LOADERS[name](args.bench, args.limit)
        run["tasks"][name] = evaluate_task(task, cache)
        result = run["tasks"][name]
        table = plain_table(task_table(result))
        print(f"\n== {name}\n{table}\n{baseline_line(result)}", flush=True)
    run["seconds"] = time.perf_counter() - started
    print(f"\ntotal {run['seconds']:.0f} s")
    if not args.no_write:
        args.json.write_text(json.dumps(run, indent=2, ensure_ascii=False) + "\n", "utf-8")
        document = args.markdown.read_text("utf-8") if args.markdown.exists() else ""
        args.markdown.write_text(replace_results(document, markdown_results(run)), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
