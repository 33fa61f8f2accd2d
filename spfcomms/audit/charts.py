"""The report's charts: each drawn once (``svg.py``) with its text alternative and the key
of the table that holds its figures. A chart with no figure at all is not drawn."""

from __future__ import annotations

from collections.abc import Sequence

from . import svg
from .values import RATE, Block, Chart

FIGURES = " The figures are in the table that follows."


def _fmt(unit: str) -> svg.Format:
    return svg.percent if unit == RATE else svg.number


def bar_chart(
    key: str,
    title: str,
    labels: Sequence[str],
    values: Sequence[float | None],
    unit: str,
    table: str,
) -> Chart | None:
    """Vertical bars of one unit, one per label."""
    if all(v is None for v in values):
        return None
    description = svg.describe(title, labels, values, unit) + FIGURES
    drawn = svg.bars(f"chart-{key}", title, description, labels, values, fmt=_fmt(unit),
                     rate=unit == RATE)  # fmt: skip
    return Chart(key, title, description, drawn, table)


def line_chart(
    key: str,
    title: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    unit: str,
    table: str,
    *,
    small: bool = False,
) -> Chart | None:
    """Lines of one unit, one per series; a missing figure breaks its line."""
    if all(v is None for _, values in series for v in values):
        return None
    description = (
        " ".join(svg.describe(name, labels, values, unit) for name, values in series) + FIGURES
    )
    drawn = svg.lines_chart(
        f"chart-{key}", title, description, labels, series, fmt=_fmt(unit), rate=unit == RATE
    )
    return Chart(key, title, description, drawn, table, small=small)


def horizontal_chart(
    key: str,
    title: str,
    what: str,
    named: Sequence[tuple[str, float]],
    table: str,
) -> Chart | None:
    """Horizontal bars, one per name, in the order given; ``what`` starts the description."""
    if not named:
        return None
    description = (
        f"Horizontal bars of {what}: "
        + "; ".join(f"{name} {svg.number(value)}" for name, value in named)
        + "."
        + FIGURES
    )
    drawn = svg.horizontal_bars(
        f"chart-{key}", title, description, [n for n, _ in named], [v for _, v in named]
    )
    return Chart(key, title, description, drawn, table)


def present(*charts: Chart | None) -> list[Block]:
    """The charts that were drawn (a chart without any figure is not)."""
    return [chart for chart in charts if chart is not None]
