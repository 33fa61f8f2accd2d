"""Small SVG charts written as text: bars, horizontal bars and lines. Pure and fast.

The charts go inline into the audit page, so they follow its rules: no script, no
external font or image, the same bytes on every run. Each is drawn at its natural size
(never scaled below it on a phone: a wide chart scrolls inside its own box), so its
text is 12 px or more; in print it shrinks to the page width. Each chart is one unit:
different units are never drawn on one axis. A missing figure is a gap, never a zero.
The chart is an image to assistive technology (``role="img"``), named by its
``<title>`` and described by its ``<desc>``; the page puts the figures in a table.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from html import escape

PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
"""Okabe and Ito's colour-blind-safe colours."""
DASHES = ("", "6 3", "2 3", "8 3 2 3")
"""Lines differ by dash pattern as well as colour, for print in black and white."""
FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif"'
TEXT = "#1d2226"
GRID = "#d8dde0"
TICK_SIZE = 12
HEIGHT = 220
TOP, BOTTOM, RIGHT = 14, 44, 16

Format = Callable[[float], str]


def number(value: float) -> str:
    """``4,146``; ``12.5``."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def percent(value: float) -> str:
    """``8.1%`` from a fraction."""
    return f"{value:.1%}" if value < 0.1 else f"{value:.0%}"


def _nice_step(top: float, ticks: int = 4) -> float:
    raw = top / ticks
    power = 10.0 ** math.floor(math.log10(raw))
    for factor in (1.0, 2.0, 2.5, 5.0, 10.0):
        if raw <= factor * power:
            return factor * power
    return 10.0 * power  # pragma: no cover - the loop always returns


def _scale(values: Sequence[float | None], *, rate: bool) -> tuple[float, list[float]]:
    known = [v for v in values if v is not None]
    top = max(known, default=0.0)
    if top <= 0:
        top = 0.01 if rate else 1.0
    step = _nice_step(top)
    if not rate and step < 1:
        step = 1.0
    count = math.ceil(top / step - 1e-9)
    return step * count, [step * n for n in range(count + 1)]


def _open(ident: str, width: int, height: int, title: str, description: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="{ident}-t {ident}-d" '
        f'class="chart-svg" {FONT} font-size="{TICK_SIZE}" fill="{TEXT}">',
        f'<title id="{ident}-t">{escape(title)}</title>',
        f'<desc id="{ident}-d">{escape(description)}</desc>',
    ]


def _label_every(step: float, widest: int) -> int:
    # A label needs about 6.6 px a character at 12 px, and some room beside it.
    room = widest * 6.6 + 8
    return max(1, math.ceil(room / max(step, 1)))


def _y_axis(
    lines: list[str], ticks: list[float], top: float, left: int, width: int, fmt: Format
) -> Callable[[float], float]:
    plot = HEIGHT - TOP - BOTTOM

    def y(value: float) -> float:
        return TOP + plot - (value / top) * plot if top else TOP + plot

    for tick in ticks:
        at = round(y(tick), 1)
        lines.append(
            f'<line x1="{left}" x2="{width - RIGHT}" y1="{at}" y2="{at}" stroke="{GRID}"/>'
        )
        lines.append(
            f'<text x="{left - 6}" y="{at + 4}" text-anchor="end">{escape(fmt(tick))}</text>'
        )
    return y


def _x_labels(lines: list[str], labels: Sequence[str], centres: list[float]) -> None:
    if not labels:
        return
    step = centres[1] - centres[0] if len(centres) > 1 else 60.0
    every = _label_every(step, max(len(label) for label in labels))
    for index, (label, x) in enumerate(zip(labels, centres, strict=True)):
        if index % every == 0:
            lines.append(
                f'<text x="{x:.1f}" y="{HEIGHT - BOTTOM + 18}" text-anchor="middle">'
                f"{escape(label)}</text>"
            )


def _left(ticks: list[float], fmt: Format) -> int:
    return 14 + 7 * max((len(fmt(t)) for t in ticks), default=1)


def bars(
    ident: str,
    title: str,
    description: str,
    labels: Sequence[str],
    values: Sequence[float | None],
    *,
    fmt: Format = number,
    rate: bool = False,
) -> str:
    """Vertical bars, one per label; a missing value leaves its place empty."""
    top, ticks = _scale(values, rate=rate)
    left = _left(ticks, fmt)
    step = max(28.0, min(56.0, 560 / max(len(labels), 1)))
    width = int(max(360, left + step * len(labels) + RIGHT))
    lines = _open(ident, width, HEIGHT, title, description)
    y = _y_axis(lines, ticks, top, left, width, fmt)
    centres = [left + step * (n + 0.5) for n in range(len(labels))]
    bar = step * 0.7
    for x, value in zip(centres, values, strict=True):
        if value is None:
            continue
        top_y = y(value)
        lines.append(
            f'<rect x="{x - bar / 2:.1f}" y="{top_y:.1f}" width="{bar:.1f}" '
            f'height="{max(y(0) - top_y, 0):.1f}" fill="{PALETTE[0]}"/>'
        )
    _x_labels(lines, labels, centres)
    lines.append("</svg>")
    return "\n".join(lines)


def stacked_bars(
    ident: str,
    title: str,
    description: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
) -> str:
    """Vertical bars stacked by series (of one unit), with a legend."""
    totals = [sum(values[n] for _, values in series) for n in range(len(labels))]
    top, ticks = _scale(totals, rate=False)
    left = _left(ticks, number)
    step = max(28.0, min(56.0, 560 / max(len(labels), 1)))
    width = int(max(360, left + step * len(labels) + RIGHT))
    legend_rows = math.ceil(len(series) / 3)
    height = HEIGHT + 20 * legend_rows
    lines = _open(ident, width, height, title, description)
    y = _y_axis(lines, ticks, top, left, width, number)
    centres = [left + step * (n + 0.5) for n in range(len(labels))]
    bar = step * 0.7
    base = [0.0] * len(labels)
    for index, (_, values) in enumerate(series):
        colour = PALETTE[index % len(PALETTE)]
        for n, (x, value) in enumerate(zip(centres, values, strict=True)):
            if value:
                lines.append(
                    f'<rect x="{x - bar / 2:.1f}" y="{y(base[n] + value):.1f}" '
                    f'width="{bar:.1f}" height="{y(base[n]) - y(base[n] + value):.1f}" '
                    f'fill="{colour}" stroke="#fff" stroke-width="0.5"/>'
                )
            base[n] += value
    _x_labels(lines, labels, centres)
    _legend(lines, [name for name, _ in series], left, HEIGHT, swatch="rect")
    lines.append("</svg>")
    return "\n".join(lines)


def _legend(lines: list[str], names: Sequence[str], left: int, top: int, *, swatch: str) -> None:
    for index, name in enumerate(names):
        row, column = divmod(index, 3)
        x, y = left + column * 150, top + row * 20 + 2
        colour = PALETTE[index % len(PALETTE)]
        if swatch == "rect":
            lines.append(f'<rect x="{x}" y="{y}" width="12" height="12" fill="{colour}"/>')
        else:
            dash = DASHES[index % len(DASHES)]
            dashed = f' stroke-dasharray="{dash}"' if dash else ""
            lines.append(
                f'<line x1="{x}" x2="{x + 16}" y1="{y + 6}" y2="{y + 6}" stroke="{colour}" '
                f'stroke-width="2.5"{dashed}/>'
            )
        lines.append(f'<text x="{x + 20}" y="{y + 11}">{escape(name)}</text>')


def lines_chart(
    ident: str,
    title: str,
    description: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    fmt: Format = number,
    rate: bool = False,
) -> str:
    """One line per series (all of one unit); a missing value breaks the line."""
    every = [v for _, values in series for v in values]
    top, ticks = _scale(every, rate=rate)
    left = _left(ticks, fmt)
    step = max(24.0, min(56.0, 560 / max(len(labels), 1)))
    width = int(max(360, left + step * len(labels) + RIGHT))
    legend_rows = math.ceil(len(series) / 3) if len(series) > 1 else 0
    height = HEIGHT + 20 * legend_rows
    lines = _open(ident, width, height, title, description)
    y = _y_axis(lines, ticks, top, left, width, fmt)
    centres = [left + step * (n + 0.5) for n in range(len(labels))]
    for index, (_, values) in enumerate(series):
        colour = PALETTE[index % len(PALETTE)]
        dash = DASHES[index % len(DASHES)]
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        run: list[str] = []
        for x, value in [*zip(centres, values, strict=True), (0.0, None)]:
            if value is None:
                if len(run) > 1:
                    lines.append(
                        f'<polyline points="{" ".join(run)}" fill="none" stroke="{colour}" '
                        f'stroke-width="2.5"{dashed}/>'
                    )
                run = []
                continue
            run.append(f"{x:.1f},{y(value):.1f}")
        for x, value in zip(centres, values, strict=True):
            if value is not None:
                lines.append(f'<circle cx="{x:.1f}" cy="{y(value):.1f}" r="3.5" fill="{colour}"/>')
    _x_labels(lines, labels, centres)
    if len(series) > 1:
        _legend(lines, [name for name, _ in series], left, HEIGHT, swatch="line")
    lines.append("</svg>")
    return "\n".join(lines)


def horizontal_bars(
    ident: str,
    title: str,
    description: str,
    labels: Sequence[str],
    values: Sequence[float],
    *,
    fmt: Format = number,
) -> str:
    """One horizontal bar per label, in the order given, its figure at its end."""
    widest = max((len(label) for label in labels), default=1)
    left = min(14 + 7 * widest, 240)
    width = 560
    row = 26
    height = TOP + row * len(labels) + 10
    lines = _open(ident, width, height, title, description)
    top = max(values, default=0.0) or 1.0
    room = width - left - RIGHT - 60
    for n, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = TOP + row * n
        shown = label if len(label) <= 34 else label[:33] + "…"
        length = room * value / top
        lines.append(f'<text x="{left - 6}" y="{y + 15}" text-anchor="end">{escape(shown)}</text>')
        lines.append(
            f'<rect x="{left}" y="{y + 3}" width="{length:.1f}" height="{row - 8}" '
            f'fill="{PALETTE[0]}"/>'
        )
        lines.append(f'<text x="{left + length + 6:.1f}" y="{y + 15}">{escape(fmt(value))}</text>')
    lines.append("</svg>")
    return "\n".join(lines)


def describe(what: str, labels: Sequence[str], values: Sequence[float | None], unit: str) -> str:
    """A chart's text alternative: its span, highest and lowest figures, and gaps."""
    from .values import format_value

    known = [(label, v) for label, v in zip(labels, values, strict=True) if v is not None]
    gaps = [label for label, v in zip(labels, values, strict=True) if v is None]
    if not known:
        return f"{what}: no figures."
    high = max(known, key=lambda kv: kv[1])
    low = min(known, key=lambda kv: kv[1])
    text = (
        f"{what}, {labels[0]} to {labels[-1]}: highest {format_value(high[1], unit)} "
        f"({high[0]}), lowest {format_value(low[1], unit)} ({low[0]})."
    )
    if gaps:
        text += f" No figure for {', '.join(gaps[:6])}{' ...' if len(gaps) > 6 else ''}."
    return text
