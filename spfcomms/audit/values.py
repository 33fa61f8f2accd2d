"""The parts an audit report is made of: figures with their sources, tables, charts.

Every number the report shows is a ``Value``: the figure, its unit, the sources it
comes from (``SourceNote`` ids, listed in the data-quality section) and, when there is
no figure, why not. A missing figure is ``None`` with a reason, never 0. The HTML, the
CSV and the JSON are all written from these values, so they cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

RATE = "rate"
"""The unit of a share (a click rate): the value is a fraction, shown as a percentage."""
CHANGE = "change"
"""The unit of a relative change: a fraction, shown with its sign (``+12.5%``)."""
POINTS = "points"
"""The unit of a change between two rates, in percentage points (a fraction of 1)."""


@dataclass(frozen=True, slots=True)
class SourceNote:
    """Where figures come from: one export, API pull, log, record kept by hand, or the
    workspace itself, with the period its figures cover and when it was imported."""

    id: str
    """``S3``: what tables and figures refer to."""
    kind: str
    """``export``, ``API pull``, ``access log``, ``kept by hand``, ``workspace``,
    ``link checks``, ``site build``."""
    name: str
    """The file or record: ``mailchimp-reports-2023.csv``."""
    detail: str = ""
    """What it is: ``Mailchimp Reports page export``, ``as recorded from NSPF stocktake 2019``."""
    period: str = ""
    """The days its figures in this report cover: ``2023-06-01 to 2023-12-31``."""
    imported: str = ""
    """When it was imported (UTC), for stored figures."""
    taken: bool = True
    """False for an import no figure was taken from: another source of the same figures
    was preferred."""

    @property
    def anchor(self) -> str:
        """The HTML id of its entry in the list of sources."""
        return f"source-{self.id.lower()}"

    def describe(self) -> str:
        """One line: ``S3: mailchimp-reports-2023.csv (export: ...), 2023-06-09 ...``."""
        parts = [f"{self.kind}: {self.detail}" if self.detail else self.kind]
        if self.period:
            parts.append(f"figures for {self.period}")
        if self.imported:
            parts.append(f"imported {self.imported}")
        return f"{self.id}: {self.name} ({'; '.join(parts)})"


@dataclass(frozen=True, slots=True)
class Value:
    """One figure of the report, or the reason there is none."""

    key: str
    """Stable and unique in the report (``reach.email.2024-01.delivered``): the same
    figure has the same key in the HTML (``data-figure``), the CSV and the JSON."""
    value: float | None
    unit: str
    sources: tuple[str, ...] = ()
    missing: str = ""
    """Why there is no figure (``no campaign report for this issue``)."""
    note: str = ""
    """A caveat that goes with the figure (``includes opens by mail privacy proxies``)."""

    def __post_init__(self) -> None:
        if self.value is None and not self.missing:
            raise ValueError(f"{self.key}: a missing figure needs a reason")

    @property
    def is_missing(self) -> bool:
        return self.value is None

    def shown(self) -> str:
        """The figure as the report prints it: ``4,146``, ``8.1%``, ``12.5`` or ``no data``."""
        return format_value(self.value, self.unit)


def format_value(value: float | None, unit: str) -> str:
    """``4,146``, ``8.1%``, ``12.5``, ``no data``."""
    if value is None:
        return "no data"
    if unit == RATE:
        return f"{value:.1%}"
    if unit == CHANGE:
        return f"{value:+.1%}"
    if unit == POINTS:
        return f"{value * 100:+.1f} points"
    if unit == "number":
        return str(int(value)) if float(value).is_integer() else str(value)
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.1f}"


def plain_number(value: float | None) -> str:
    """The figure for a CSV cell: ``4146``, ``0.0812``; empty when missing."""
    if value is None:
        return ""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.6g}" if abs(value) < 1 else f"{value:.4f}".rstrip("0").rstrip(".")


@dataclass(frozen=True, slots=True)
class Text:
    """A cell of words (a title, an issue id), optionally a link within the report."""

    text: str
    href: str = ""
    anchor: str = ""
    """An HTML id for the cell, so that links can point at its row."""


Cell = Value | Text


@dataclass(frozen=True, slots=True)
class Column:
    """A table column: its heading and whether it holds figures (right-aligned)."""

    heading: str
    numeric: bool = False


@dataclass(frozen=True, slots=True)
class Table:
    """A table of the report: every row starts with the cell that names it."""

    key: str
    """Unique in the report (``reach-email``); the HTML id is ``table-<key>``."""
    caption: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    empty: str = "nothing to show"
    """What the report says instead of an empty table."""
    notes: tuple[str, ...] = ()
    """Sentences printed under the table (what a mark means, what was left out)."""

    def values(self) -> Iterator[tuple[int, int, Value]]:
        """Every figure of the table with its row and column."""
        for r, row in enumerate(self.rows):
            for c, cell in enumerate(row):
                if isinstance(cell, Value):
                    yield r, c, cell


@dataclass(frozen=True, slots=True)
class Chart:
    """An inline SVG chart, its text alternative and the table that holds its figures."""

    key: str
    title: str
    description: str
    """The text alternative: what the chart shows, in one or two sentences."""
    svg: str
    table: str
    """The key of the table with the chart's figures."""
    small: bool = False
    """One of a set of small charts shown side by side where there is room."""


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of words."""

    text: str


@dataclass(frozen=True, slots=True)
class Heading:
    """A subheading within a section (``Email``, ``Web pages``)."""

    text: str
    key: str


Block = Table | Chart | Paragraph | Heading


@dataclass(frozen=True, slots=True)
class Section:
    """One numbered section of the report."""

    number: int
    key: str
    title: str
    blocks: tuple[Block, ...] = field(default_factory=tuple)

    @property
    def heading(self) -> str:
        return f"{self.number}. {self.title}"

    def tables(self) -> Iterator[Table]:
        return (b for b in self.blocks if isinstance(b, Table))

    def charts(self) -> Iterator[Chart]:
        return (b for b in self.blocks if isinstance(b, Chart))


def slug(text: str) -> str:
    """``nhs-employers``: a key part made of a name."""
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split()) or "root"


def unique_slug(text: str, used: set[str]) -> str:
    """A key part for ``text``, made unique among ``used`` (which it joins)."""
    base = found = slug(text)
    n = 1
    while found in used:
        n += 1
        found = f"{base}-{n}"
    used.add(found)
    return found
