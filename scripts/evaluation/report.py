"""Result tables for the terminal and for docs/quality.md."""

from __future__ import annotations

import re

COLUMNS = ("recall@10", "mrr", "ndcg@10", "accuracy@1")
BEGIN, END = "<!-- results:begin -->", "<!-- results:end -->"
# MELO's trec_eval names for the metrics we compute the same way.
MELO_METRICS = {"recall@10": "recall_10", "mrr": "recip_rank", "accuracy@1": "success_1"}


def _cell(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def _columns(result: dict) -> list[str]:
    extra = {c for scores in result["methods"].values() if scores for c in scores}
    return [*COLUMNS, *sorted(extra - set(COLUMNS))]


def task_table(result: dict) -> list[list[str]]:
    """Return the rows of one task's table, header first."""
    columns = _columns(result)
    rows = [["method", *columns, "queries", "corpus"]]
    for method, scores in result["methods"].items():
        if scores is None:
            note = result["notes"].get(method, "")
            rows.append([method, *([note] + [""] * (len(columns) - 1)), "", ""])
            continue
        rows.append(
            [
                method,
                *(_cell(scores.get(c)) for c in columns),
                str(result["queries"]),
                str(result["corpus"]),
            ]
        )
    for name, metrics in result.get("baselines", {}).items():
        cells = [_cell(metrics.get(MELO_METRICS[c])) if c in MELO_METRICS else "—" for c in columns]
        rows.append([f"published: {name}", *cells, "all", "same"])
    return rows


def baseline_line(result: dict) -> str:
    """Return the sentence naming the best baseline by MRR and the platform's ratio to it."""
    best = result["best_baseline"]
    line = f"Best baseline by MRR: {best} ({result['methods'][best]['mrr']:.3f})"
    ratio = result.get("platform_ratio")
    if ratio is None:
        return line + "; platform not measured."
    line += f"; platform / best baseline = {ratio:.2f} (target ≥ 1.10)"
    served = result["methods"].get("served")
    if served and result["methods"][best]["mrr"]:
        line += f"; served / best baseline = {served['mrr'] / result['methods'][best]['mrr']:.2f}"
    held_out = result.get("held_out_ratio")
    if held_out is not None:
        # The queries `scripts.fit_fusion` did not fit the platform's weights on.
        line += f"; on the held-out half (odd queries) platform / best baseline = {held_out:.2f}"
    return line + "."


def plain_table(rows: list[list[str]]) -> str:
    """Return rows as aligned plain text."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in rows
    )


def markdown_table(rows: list[list[str]]) -> str:
    """Return rows as a GitHub markdown table."""
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])]
    lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
    return "\n".join(lines)


def markdown_results(run: dict) -> str:
    """Return the generated results section of docs/quality.md."""
    parts = [
        f"Run {run['date']} on {run['machine']} in {run['seconds']:.0f} s:",
        f"`{run['command']}`",
    ]
    for name, result in run["tasks"].items():
        parts.append(
            f"### {name}\n\nLabels: {result['labels']}. Dropped before sampling: "
            f"{result['dropped']}.\n\n{markdown_table(task_table(result))}\n\n"
            f"{baseline_line(result)}"
        )
    return "\n\n".join(parts)


def replace_results(document: str, generated: str) -> str:
    """Return document with the text between the result markers replaced."""
    block = f"{BEGIN}\n{generated}\n{END}"
    if BEGIN not in document:
        return document.rstrip("\n") + "\n\n" + block + "\n"
    pattern = re.compile(re.escape(BEGIN) + ".*?" + re.escape(END), re.DOTALL)
    return pattern.sub(lambda _: block, document)
