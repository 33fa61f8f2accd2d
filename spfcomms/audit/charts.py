"""SVG charts for the audit report, byte-identical on every run.

matplotlib writes random ids and a creation date into SVG unless told otherwise: the
hash salt is fixed and the date left out. Text stays text (``svg.fonttype = none``) so
screen readers and search can read the labels, and the file stays small.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import matplotlib

matplotlib.use("Agg")  # no display; must precede any pyplot import elsewhere
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

# Colour-blind-safe palette (Okabe and Ito), dark enough for text on white.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")

_RC: Any = {
    "svg.hashsalt": "spfcomms",
    "svg.fonttype": "none",
    "font.family": "sans-serif",
    "font.size": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def _to_svg(figure: Figure, title: str) -> str:
    buffer = io.StringIO()
    with matplotlib.rc_context(_RC):
        figure.savefig(
            buffer, format="svg", metadata={"Date": None, "Creator": None, "Title": title}
        )
    return buffer.getvalue()


def _figure(width: float = 7.0, height: float = 3.2) -> Figure:
    with matplotlib.rc_context(_RC):
        return Figure(figsize=(width, height), layout="constrained")


def stacked_bars(
    title: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    *,
    ylabel: str = "",
) -> str:
    """Vertical bars per label, stacked by series."""
    with matplotlib.rc_context(_RC):
        figure = _figure()
        axes = figure.add_subplot()
        bottoms = [0.0] * len(labels)
        for index, (name, values) in enumerate(series):
            axes.bar(
                labels, values, bottom=bottoms, label=name, color=PALETTE[index % len(PALETTE)]
            )
            bottoms = [b + v for b, v in zip(bottoms, values, strict=True)]
        axes.set_title(title, loc="left")
        axes.set_ylabel(ylabel)
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        if len(series) > 1:
            figure.legend(loc="outside lower center", frameon=False, ncols=min(4, len(series)))
        axes.tick_params(axis="x", labelrotation=45 if len(labels) > 8 else 0)
        return _to_svg(figure, title)


def horizontal_bars(title: str, labels: Sequence[str], values: Sequence[float]) -> str:
    """One horizontal bar per label, largest at the top."""
    with matplotlib.rc_context(_RC):
        figure = _figure(height=max(1.6, 0.4 * len(labels) + 0.8))
        axes = figure.add_subplot()
        axes.barh(list(reversed(labels)), list(reversed(values)), color=PALETTE[0])
        axes.set_title(title, loc="left")
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        return _to_svg(figure, title)


def lines(
    title: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    percent: bool = False,
) -> str:
    """One line per series over the labels; gaps where a value is missing."""
    with matplotlib.rc_context(_RC):
        figure = _figure()
        axes = figure.add_subplot()
        for index, (name, values) in enumerate(series):
            points = [float("nan") if v is None else v * (100 if percent else 1) for v in values]
            axes.plot(labels, points, marker="o", label=name, color=PALETTE[index % len(PALETTE)])
        axes.set_title(title, loc="left")
        if percent:
            axes.set_ylabel("per cent")
            axes.set_ylim(bottom=0)
        figure.legend(loc="outside lower center", frameon=False, ncols=min(4, len(series)))
        axes.tick_params(axis="x", labelrotation=45 if len(labels) > 8 else 0)
        return _to_svg(figure, title)
