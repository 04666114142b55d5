"""Horizontal bar charts drawn on the server as inline SVG: no script, no style attribute.

Colours come from presentation attributes (so a chart reads even without the stylesheet) and from
classes styled in style.css; every text is escaped. Each chart carries a <title> and a <desc> that
screen readers announce, and the page shows the same numbers in a table.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH = 760
LABEL_WIDTH = 290
VALUE_WIDTH = 90
MARGIN = 8
LEGEND_HEIGHT = 26
ROW_GAP = 10
BAR_HEIGHT = {1: 18, 2: 12}
MAX_LABEL_CHARS = 38
# Fallback fills when the stylesheet is missing; style.css sets the same colours by class.
FILLS = ("#1f5fa8", "#c46a00")


@dataclass(frozen=True)
class Series:
    """One measured quantity of a chart (one bar per row).

    With a `total`, bars show each value's share of it, so that series of different sizes (all
    profiles, all listings) compare fairly; the count is printed with its percentage.
    """

    label: str
    css_class: str
    total: int | None = None

    def share(self, value: int | None) -> float:
        """Return the length a value's bar stands for: its share of the total, or the value."""
        if not value:
            return 0.0
        if self.total is None:
            return float(value)
        return value / self.total if self.total else 0.0


@dataclass(frozen=True)
class Row:
    """One labelled group; a value of None was withheld because the group is too small."""

    label: str
    values: tuple[int | None, ...]


@dataclass(frozen=True)
class Chart:
    """A bar chart's data and the words that describe it."""

    key: str
    title: str
    note: str
    series: tuple[Series, ...]
    rows: tuple[Row, ...]
    withheld: str

    def cells(self, row: Row) -> list[str]:
        """Return a row's values as the chart and its table print them."""
        return [
            self._shown(series, value)
            for series, value in zip(self.series, row.values, strict=True)
        ]

    def _shown(self, series: Series, value: int | None) -> str:
        if value is None:
            return self.withheld
        if series.total is None:
            return str(value)
        return f"{value} ({series.share(value):.0%})"

    def description(self) -> str:
        """Return every number of the chart as one sentence, for screen readers."""
        parts = []
        for row in self.rows:
            values = ", ".join(
                f"{series.label} {cell}"
                for series, cell in zip(self.series, self.cells(row), strict=True)
            )
            parts.append(f"{row.label}: {values}")
        return "; ".join(parts) + "." if parts else ""


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL_CHARS else label[: MAX_LABEL_CHARS - 1] + "…"


def _text(
    x: float, y: float, content: str, css_class: str, anchor: str = "start", tooltip: str = ""
) -> str:
    hint = f"<title>{escape(tooltip)}</title>" if tooltip else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" class="{css_class}" text-anchor="{anchor}" '
        f'dominant-baseline="middle">{escape(content)}{hint}</text>'
    )


def _legend(chart: Chart) -> list[str]:
    parts, x = [], LABEL_WIDTH
    for number, series in enumerate(chart.series):
        parts.append(
            f'<rect x="{x}" y="{MARGIN}" width="12" height="12" class="bar {series.css_class}" '
            f'fill="{FILLS[number % len(FILLS)]}"/>'
        )
        parts.append(_text(x + 18, MARGIN + 6, series.label, "legend"))
        x += 30 + 8 * len(series.label)
    return parts


def bar_chart(chart: Chart) -> Markup:
    """Return the chart as an inline <svg> element, labelled by its own title and description."""
    count = len(chart.series)
    bar = BAR_HEIGHT.get(count, 10)
    row_height = bar * count + ROW_GAP
    top = MARGIN + (LEGEND_HEIGHT if count > 1 else 0)
    height = top + row_height * len(chart.rows) + MARGIN
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH - MARGIN
    largest = max(
        (s.share(v) for row in chart.rows for s, v in zip(chart.series, row.values, strict=True)),
        default=0.0,
    )
    largest = largest or 1.0
    title_id, desc_id = f"chart-{chart.key}-title", f"chart-{chart.key}-desc"
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" aria-labelledby="{title_id} {desc_id}">',
        f'<title id="{title_id}">{escape(chart.title)}</title>',
        f'<desc id="{desc_id}">{escape(chart.description())}</desc>',
    ]
    if count > 1:
        parts.extend(_legend(chart))
    for index, row in enumerate(chart.rows):
        y = top + index * row_height
        short = _short(row.label)
        # A cut label keeps its full text as a tooltip; the table below has it too.
        tooltip = row.label if short != row.label else ""
        parts.append(
            _text(LABEL_WIDTH - MARGIN, y + bar * count / 2, short, "label", "end", tooltip)
        )
        cells = chart.cells(row)
        for number, (series, value) in enumerate(zip(chart.series, row.values, strict=True)):
            bar_y = y + number * bar
            length = 0.0 if not value else max(1.0, span * series.share(value) / largest)
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{bar_y}" width="{length:.1f}" height="{bar - 1}" '
                f'class="bar {series.css_class}" fill="{FILLS[number % len(FILLS)]}"/>'
            )
            parts.append(_text(LABEL_WIDTH + length + 4, bar_y + bar / 2, cells[number], "value"))
    parts.append(
        f'<line x1="{LABEL_WIDTH}" y1="{top - 2}" x2="{LABEL_WIDTH}" '
        f'y2="{height - MARGIN + 2}" class="axis" stroke="#d8dde4"/>'
    )
    parts.append("</svg>")
    # Every text above went through escape(); the rest are numbers and constants.
    return Markup("".join(parts))  # nosec B704 # every text part went through escape()
