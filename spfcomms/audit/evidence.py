"""What the metrics store knows about the months an audit looks at, read in a few queries.

``read_evidence`` asks the store for the current figures (none that a newer import
replaced) of the issues in those months, for the site-wide figures whose period
touches them, for the baselines kept by hand, and for the clicks per link, added up in
the database per item, agenda item, source and import. Which source is taken when
several measured the same thing is decided by ``metrics.measures`` and
``metrics.summary``, exactly as ``metrics show`` decides it; each figure keeps the
imports it came from (``Origin``), so the report can say which file, pull, log or
record is behind every number.

``Evidence`` is plain data: a script or a test can make one without a store.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from ..metrics.measures import Figure, Kind, best_source, choose, choose_total, kind_of
from ..metrics.summary import EmailFigures, email_figures

if TYPE_CHECKING:
    import sqlalchemy as sa

    from ..metrics.store import MetricsStore


class Origin(NamedTuple):
    """Where a stored figure came from: its import batch and, for figures kept by hand,
    the record the file names as their source (``NSPF stocktake 2019``)."""

    batch: int
    record: str = ""


@dataclass(frozen=True, slots=True)
class Batch:
    """One import: a file, a pull or a log."""

    id: int
    file_name: str
    format: str
    imported_at: datetime | None


@dataclass(frozen=True, slots=True)
class Stored:
    """One stored figure, as the audit reads it (it is a ``measures.Candidate``)."""

    channel: str
    metric: str
    value: float
    source: str
    batch_id: int
    period_start: datetime | None
    period_end: datetime | None
    issue_id: str | None = None
    item_id: str | None = None
    url: str | None = None
    label: str | None = None
    unit: str | None = None
    kind: str | None = None
    record: str | None = None
    """For a figure kept by hand: the source its file names (``origin``)."""
    note: str | None = None
    flags: str = ""

    @property
    def origin(self) -> Origin:
        return Origin(self.batch_id, (self.record or "") if self.hand_kept else "")

    @property
    def hand_kept(self) -> bool:
        return self.source == "manual"

    @property
    def combines_as(self) -> Kind:
        """How figures of this metric combine (``measures.kind_of``)."""
        return kind_of(self.metric, self.kind)


@dataclass(frozen=True, slots=True)
class Chosen:
    """The one figure taken for a measure: its value, the source taken and what the
    others said, and the imports behind it."""

    value: float
    source: str
    origins: tuple[Origin, ...]
    others: dict[str, float] = field(default_factory=dict)
    period_start: datetime | None = None
    period_end: datetime | None = None

    @classmethod
    def of(cls, figure: Figure) -> Chosen:
        return cls(
            figure.value,
            figure.source,
            tuple(Origin(b) for b in figure.batches),
            dict(figure.others),
            figure.period_start,
            figure.period_end,
        )


@dataclass(frozen=True, slots=True)
class Email:
    """An issue's email figures from the preferred source (``metrics.summary``)."""

    figures: EmailFigures
    origins: tuple[Origin, ...]
    sent_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class ItemClicks:
    """Clicks on the links of one item (or of no item: ``None``) in a click report."""

    clicks: int
    unique: int | None
    """Unique clicks added up over the item's links: an upper bound of the people."""
    anchors: dict[str, int] = field(default_factory=dict)
    """Clicks per agenda item or section (its anchor)."""


@dataclass(frozen=True, slots=True)
class Clicks:
    """An issue's click report from the preferred source."""

    source: str
    origins: tuple[Origin, ...]
    items: dict[str | None, ItemClicks]
    others: tuple[str, ...] = ()
    """Sources that also reported the clicks and were not taken."""


@dataclass(frozen=True, slots=True)
class IssueEvidence:
    """Everything stored about one issue's reach."""

    issue_id: str
    email: Email | None = None
    views: Chosen | None = None
    """Views of the issue's page and its items' pages."""
    item_views: dict[str, Chosen] = field(default_factory=dict)
    clicks: Clicks | None = None
    hand_kept: tuple[Stored, ...] = ()
    """Figures kept by hand recorded against the issue."""


@dataclass(frozen=True, slots=True)
class Evidence:
    """What the store knows about the audit's months (see the module docstring)."""

    issues: dict[str, IssueEvidence] = field(default_factory=dict)
    site: tuple[Stored, ...] = ()
    """Figures about the site rather than one issue (feeds, partners, other pages, and
    figures kept by hand without an issue) whose period touches the months."""
    baselines: tuple[Stored, ...] = ()
    """Figures kept by hand from ``[audit].baseline_sources``, whatever their period."""
    batches: dict[int, Batch] = field(default_factory=dict)
    hand_kept_channels: frozenset[str] = frozenset()
    """Channels with figures kept by hand anywhere in the store."""
    read: frozenset[Origin] = frozenset()
    """Every import whose figures were read, taken or not (one source may be preferred
    to another that measured the same thing)."""
    spans: dict[Origin, tuple[datetime, datetime]] = field(default_factory=dict)
    """The first and last moment the figures read from each import cover."""
    store: str = ""
    """The store the figures were read from (its URL, without a password)."""

    @property
    def is_empty(self) -> bool:
        return not (
            any(
                e.email or e.views or e.clicks or e.hand_kept or e.item_views
                for e in self.issues.values()
            )
            or self.site
        )

    def origins(self) -> set[Origin]:
        """Every import read: those figures were taken from and the others."""
        return self.taken() | set(self.read)

    def taken(self) -> set[Origin]:
        """The imports whose figures were taken (not only named as alternatives)."""
        found: set[Origin] = {s.origin for s in (*self.site, *self.baselines)}
        for issue in self.issues.values():
            if issue.email is not None:
                found.update(issue.email.origins)
            if issue.views is not None:
                found.update(issue.views.origins)
            for views in issue.item_views.values():
                found.update(views.origins)
            if issue.clicks is not None:
                found.update(issue.clicks.origins)
            found.update(s.origin for s in issue.hand_kept)
        return found


_SITE_METRICS = (
    "feed_subscribers",
    "feed_fetches",
    "direct_feed_readers",
    "partner_pickups",
    "page_views",
)
_UNUSED = ("visitors",)
"""Stored figures no part of the audit shows (readers per page: distinct people, which
never add up over pages or months); left in the store, not read."""


def read_evidence(
    store: MetricsStore,
    issue_ids: Iterable[str],
    window: tuple[datetime, datetime],
    *,
    prefer: Sequence[str],
    baseline_sources: Sequence[str] = (),
) -> Evidence:
    """The store's figures for ``issue_ids`` and for the site between ``window`` (UTC,
    start included, end excluded), and the baselines (see the module docstring)."""
    import sqlalchemy as sa

    from ..metrics import schema

    ids = sorted(set(issue_ids))
    m, lc, b = schema.metrics, schema.link_clicks, schema.import_batches
    start, end = window
    site_rows = (
        m.c.issue_id.is_(None)
        & m.c.period_start.is_not(None)
        & (m.c.period_start < end)
        & (sa.func.coalesce(m.c.period_end, m.c.period_start) >= start)
        & (m.c.metric.in_(_SITE_METRICS) | (m.c.source == "manual"))
    )
    wanted = (m.c.issue_id.in_(ids) & m.c.metric.not_in(_UNUSED)) | site_rows
    if baseline_sources:
        wanted = wanted | ((m.c.source == "manual") & m.c.origin.in_(list(baseline_sources)))
    columns = [m.c[name] for name in _COLUMNS]
    with store.connect() as connection:
        query = sa.select(*columns).where(m.c.replaced_by.is_(None), wanted).order_by(m.c.id)
        rows = [Stored(*row) for row in connection.execute(query).all()]
        clicks = connection.execute(
            sa.select(
                lc.c.issue_id,
                lc.c.item_id,
                lc.c.anchor,
                lc.c.source,
                lc.c.batch_id,
                sa.func.sum(lc.c.clicks),
                sa.func.sum(lc.c.unique_clicks),
                sa.func.count(lc.c.unique_clicks),
            )
            .where(lc.c.replaced_by.is_(None), lc.c.issue_id.in_(ids))
            .group_by(lc.c.issue_id, lc.c.item_id, lc.c.anchor, lc.c.source, lc.c.batch_id)
        ).all()
        channels = frozenset(
            name
            for (name,) in connection.execute(
                sa.select(m.c.channel)
                .where(m.c.source == "manual", m.c.replaced_by.is_(None))
                .distinct()
            )
        )
        used = sorted({r.batch_id for r in rows} | {row[4] for row in clicks})
        batches = _batches(connection, b, used)
    baseline_records = set(baseline_sources)
    baselines = tuple(r for r in rows if r.hand_kept and r.record in baseline_records)
    rest = [r for r in rows if not (r.hand_kept and r.record in baseline_records)]
    return Evidence(
        issues=_issues(ids, rest, clicks, prefer),
        site=tuple(r for r in rest if r.issue_id is None),
        baselines=baselines,
        batches=batches,
        hand_kept_channels=channels,
        read=frozenset({r.origin for r in rows} | {Origin(row[4]) for row in clicks}),
        spans=_spans(rows),
        store=store.url,
    )


# The columns read, in the order of Stored's fields (``origin`` is its ``record``).
_COLUMNS = (
    "channel",
    "metric",
    "value",
    "source",
    "batch_id",
    "period_start",
    "period_end",
    "issue_id",
    "item_id",
    "url",
    "label",
    "unit",
    "kind",
    "origin",
    "note",
    "flags",
)


def _spans(rows: list[Stored]) -> dict[Origin, tuple[datetime, datetime]]:
    found: dict[Origin, tuple[datetime, datetime]] = {}
    for row in rows:
        moments = [m for m in (row.period_start, row.period_end) if m is not None]
        if not moments:
            continue
        first, last = found.get(row.origin, (min(moments), max(moments)))
        found[row.origin] = (min(first, *moments), max(last, *moments))
    return found


def _batches(connection: sa.Connection, table: sa.Table, ids: list[int]) -> dict[int, Batch]:
    import sqlalchemy as sa

    found: dict[int, Batch] = {}
    for chunk in range(0, len(ids), 500):
        query = sa.select(table.c.id, table.c.file_name, table.c.format, table.c.imported_at).where(
            table.c.id.in_(ids[chunk : chunk + 500])
        )
        for row in connection.execute(query):
            found[row.id] = Batch(row.id, row.file_name, row.format, row.imported_at)
    return found


class _ClickRow(NamedTuple):
    """What precedence needs of a click report's row (``measures.Candidate``)."""

    source: str
    batch_id: int
    value: float = 0.0
    period_start: datetime | None = None
    period_end: datetime | None = None


def _issues(
    ids: list[str], rows: list[Stored], clicks: Sequence[Any], prefer: Sequence[str]
) -> dict[str, IssueEvidence]:
    per_issue: dict[str, list[Stored]] = defaultdict(list)
    for row in rows:
        if row.issue_id is not None:
            per_issue[row.issue_id].append(row)
    click_rows: dict[str, list[Any]] = defaultdict(list)
    for row in clicks:
        click_rows[row[0]].append(row)
    found: dict[str, IssueEvidence] = {}
    for issue_id in ids:
        mine = per_issue.get(issue_id, [])
        evidence = IssueEvidence(
            issue_id=issue_id,
            email=_email([r for r in mine if r.channel == "email" and not r.hand_kept], prefer),
            views=_views(mine, prefer),
            item_views=_item_views(mine, prefer),
            clicks=_clicks(click_rows.get(issue_id, []), prefer),
            hand_kept=tuple(r for r in mine if r.hand_kept),
        )
        if evidence.email or evidence.views or evidence.clicks or evidence.hand_kept:
            found[issue_id] = evidence
    return found


def _email(rows: list[Stored], prefer: Sequence[str]) -> Email | None:
    figures = email_figures(rows, prefer)
    if figures is None:
        return None
    mine = [r for r in rows if r.source == figures.source]
    origins = tuple(sorted({r.origin for r in mine}))
    sent = [r.period_start for r in mine if r.period_start is not None]
    return Email(figures, origins, min(sent) if sent else None)


def _page_views(rows: list[Stored]) -> list[Stored]:
    return [r for r in rows if r.channel == "web" and r.metric == "page_views" and not r.hand_kept]


def _views(rows: list[Stored], prefer: Sequence[str]) -> Chosen | None:
    figure = choose_total(
        _page_views(rows), Kind.COUNT, prefer, subject=lambda r: str(r.item_id or "")
    )
    return Chosen.of(figure) if figure is not None else None


def _item_views(rows: list[Stored], prefer: Sequence[str]) -> dict[str, Chosen]:
    per_item: dict[str, list[Stored]] = defaultdict(list)
    for row in _page_views(rows):
        if row.item_id:
            per_item[row.item_id].append(row)
    found: dict[str, Chosen] = {}
    for item_id, group in sorted(per_item.items()):
        figure = choose(group, Kind.COUNT, prefer)
        if figure is not None:
            found[item_id] = Chosen.of(figure)
    return found


def _clicks(rows: list[Any], prefer: Sequence[str]) -> Clicks | None:
    # Two reports of the same clicks (the API and a CSV export) are alternatives: one
    # source is taken, as metrics.summary takes it.
    source = best_source((_ClickRow(row[3], row[4]) for row in rows), prefer)
    if source is None:
        return None
    totals: dict[str | None, list[int]] = {}
    anchors: dict[str | None, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    unique_known: dict[str | None, bool] = defaultdict(bool)
    origins: set[Origin] = set()
    for _issue, item, anchor, row_source, batch, total, unique, counted in rows:
        if row_source != source:
            continue
        origins.add(Origin(batch))
        entry = totals.setdefault(item, [0, 0])
        entry[0] += int(total or 0)
        entry[1] += int(unique or 0)
        unique_known[item] = unique_known[item] or bool(counted)
        if anchor:
            anchors[item][anchor] += int(total or 0)
    items = {
        item: ItemClicks(
            clicks,
            unique if unique_known[item] else None,
            dict(sorted(anchors[item].items())) if item in anchors else {},
        )
        for item, (clicks, unique) in totals.items()
    }
    others = tuple(sorted({row[3] for row in rows} - {source}))
    return Clicks(source, tuple(sorted(origins)), items, others)
