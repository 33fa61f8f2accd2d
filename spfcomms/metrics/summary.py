"""Reading the store: per-issue summaries and plain records for scripts.

Only current figures count: those a newer export replaced are left out (``records``
can include them). When several sources measured the same thing (GA4, Matomo and the
access log for page views; Mailchimp's API and its CSV export for a campaign) the
summary takes the preferred one and lists what the others said (``measures``); it
never adds them up. Figures that belong to the site rather than one issue (feed
subscribers, partner pickups) count for the issue whose window holds them: from its
publication date to the next issue's; ``site`` shows them all.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa

from ..model.config import DEFAULT_PREFER, Config
from ..model.exceptions import MetricsError
from . import definitions, schema
from .measures import Figure, Kind, best_source, choose, choose_total, kind_of, rank
from .observations import MPP_INFLATED
from .store import MetricsStore


@dataclass(frozen=True, slots=True)
class EmailFigures:
    """An issue's email campaign figures (summed over its campaigns) and rates, from one
    source: the preferred one of those that reported on the issue's campaigns."""

    sent: float | None
    delivered: float | None
    bounces: float | None
    unique_opens: float | None
    opens_mpp_inflated: bool
    """True when the unique opens include privacy-proxy opens, as the source said."""
    unique_opens_excluding_mpp: float | None
    opens_total: float | None
    unique_clicks: float | None
    clicks_total: float | None
    unsubscribed: float | None
    abuse_reports: float | None
    open_rate: float | None
    open_rate_excluding_mpp: float | None
    click_rate: float | None
    click_to_open_rate: float | None
    unsubscribe_rate: float | None
    source: str
    """Where these figures come from (``mailchimp-api``, ``mailchimp``, ``klaviyo`` ...)."""
    others: dict[str, dict[str, float]] = field(default_factory=dict)
    """What the sources not taken said about the same campaigns: ``{source: {metric: value}}``."""


@dataclass(frozen=True, slots=True)
class ItemFigures:
    """Clicks and page views of one item of an issue."""

    item_id: str | None
    """None for clicks on links that are not in any item (footer, social links)."""
    title: str
    clicks: int
    unique_clicks: int | None
    clicks_by_anchor: dict[str, int]
    clicks_source: str | None
    """The report the clicks come from (one per issue: the preferred source)."""
    page_views: Figure | None
    """Views of the item's page, from the preferred source."""


@dataclass(frozen=True, slots=True)
class ManualFigure:
    """One hand-kept figure, with everything that says what it is."""

    channel: str
    metric: str
    value: float
    label: str | None
    period_start: datetime | None
    period_end: datetime | None
    note: str | None
    unit: str | None = None
    source: str | None = None
    """Where the figure was found (a report, an analytics page), as the file says."""
    kind: str = Kind.COUNT.value
    """``count``, ``level``, ``change``, ``rate`` or ``distinct`` (see ``measures``)."""
    issue_id: str | None = None


@dataclass(frozen=True, slots=True)
class IssueSummary:
    """Everything the store knows about one issue's reach."""

    issue_id: str
    title: str
    published: date | None
    email: EmailFigures | None
    web_views: Figure | None = None
    """Views of the issue page and its item pages, from the preferred source."""
    web_visitors: Figure | None = None
    feed_subscribers: float | None = None
    """Subscribers reported by feed aggregators (latest count per aggregator and feed)."""
    direct_feed_readers: float | None = None
    feed_fetches: float | None = None
    partner_pickups: dict[str, float] = field(default_factory=dict)
    manual: tuple[ManualFigure, ...] = ()
    items: tuple[ItemFigures, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """Plain data (JSON-ready apart from dates)."""
        return asdict(self)


Source = MetricsStore | Config


def preference(source: Source, prefer: Sequence[str] | None) -> tuple[str, ...]:
    """The source precedence: given, else the workspace's ``[metrics].prefer``."""
    if prefer is not None:
        return tuple(prefer)
    if isinstance(source, Config):
        return source.metrics.prefer
    return DEFAULT_PREFER


@contextmanager
def opened(source: Source) -> Iterator[sa.Connection]:
    """A connection to the store; a store opened here from a Config is closed after."""
    store = MetricsStore.open(source) if isinstance(source, Config) else source
    try:
        with store.connect() as connection:
            yield connection
    finally:
        if store is not source:
            store.close()


@contextmanager
def _issue_rows(source: Source) -> Iterator[tuple[sa.Connection, list[Any]]]:
    """A connection and the store's issues, oldest first."""
    with opened(source) as connection:
        query = sa.select(schema.issues).order_by(schema.issues.c.published, schema.issues.c.id)
        yield connection, list(connection.execute(query))


def issue_summaries(source: Source, *, prefer: Sequence[str] | None = None) -> list[IssueSummary]:
    """A summary of every issue in the store, oldest first."""
    order = preference(source, prefer)
    with _issue_rows(source) as (connection, issues):
        return [_summary(connection, issues, row.id, order) for row in issues]


def issue_summary(
    source: Source, issue_id: str, *, prefer: Sequence[str] | None = None
) -> IssueSummary:
    """The summary of one issue; ``MetricsError`` lists the issues if it is unknown."""
    order = preference(source, prefer)
    with _issue_rows(source) as (connection, issues):
        if issue_id not in {row.id for row in issues}:
            known = ", ".join(row.id for row in issues) or "none yet: import some figures"
            raise MetricsError(f"no issue '{issue_id}' in the metrics store (issues: {known})")
        return _summary(connection, issues, issue_id, order)


def _window(issues: list[Any], issue_id: str) -> tuple[datetime, datetime] | None:
    dated = [row for row in issues if row.published is not None]
    for index, row in enumerate(dated):
        if row.id == issue_id:
            end = (
                dated[index + 1].published
                if index + 1 < len(dated)
                else (row.published + timedelta(days=31))
            )
            return (
                datetime.combine(row.published, time(0), tzinfo=UTC),
                datetime.combine(end, time(0), tzinfo=UTC),
            )
    return None


def current_metrics(connection: sa.Connection, *where: Any) -> list[Any]:
    """Current (not replaced) observations matching ``where``, oldest import first."""
    m = schema.metrics
    query = sa.select(m).where(m.c.replaced_by.is_(None), *where).order_by(m.c.id)
    return list(connection.execute(query))


def _summary(
    connection: sa.Connection, issues: list[Any], issue_id: str, prefer: tuple[str, ...]
) -> IssueSummary:
    m = schema.metrics
    row = next(r for r in issues if r.id == issue_id)
    mine = current_metrics(connection, m.c.issue_id == issue_id)
    email_rows = [obs for obs in mine if obs.channel == "email"]
    views = [obs for obs in mine if obs.channel == "web" and obs.metric == "page_views"]
    visitors = [obs for obs in mine if obs.channel == "web" and obs.metric == "visitors"]
    manual = [manual_figure(obs) for obs in mine if obs.source == "manual"]

    feed_subscribers = direct = fetches = None
    pickups: dict[str, float] = defaultdict(float)
    window = _window(issues, issue_id)
    if window is not None:
        in_window = current_metrics(
            connection,
            m.c.issue_id.is_(None),
            m.c.period_start >= window[0],
            m.c.period_start < window[1],
        )
        latest: dict[tuple[str | None, str | None, str], tuple[datetime, float]] = {}
        for obs in in_window:
            if obs.source == "manual":
                manual.append(manual_figure(obs))
                continue
            if obs.metric in ("feed_subscribers", "direct_feed_readers"):
                key = (obs.label, obs.url, obs.metric)
                when = obs.period_end or obs.period_start
                if key not in latest or when >= latest[key][0]:
                    latest[key] = (when, obs.value)
            elif obs.metric == "feed_fetches":
                fetches = (fetches or 0.0) + obs.value
            elif obs.metric == "partner_pickups":
                pickups[obs.label or "?"] += obs.value
        subs = [v for (_, _, metric), (_, v) in latest.items() if metric == "feed_subscribers"]
        readers = [
            v for (_, _, metric), (_, v) in latest.items() if metric == "direct_feed_readers"
        ]
        feed_subscribers = sum(subs) if subs else None
        direct = sum(readers) if readers else None

    return IssueSummary(
        issue_id=issue_id,
        title=row.title,
        published=row.published,
        email=_email(email_rows, prefer),
        web_views=choose_total(views, Kind.COUNT, prefer, subject=_page_of),
        web_visitors=choose_total(visitors, Kind.DISTINCT, prefer, subject=_page_of),
        feed_subscribers=feed_subscribers,
        direct_feed_readers=direct,
        feed_fetches=fetches,
        partner_pickups=dict(sorted(pickups.items())),
        manual=tuple(sorted(manual, key=_manual_order)),
        items=_items(connection, issue_id, views, prefer),
    )


def _page_of(obs: Any) -> str:
    """Which of an issue's pages a page-view figure is about ("" for the issue page)."""
    return str(obs.item_id or "")


def _manual_order(figure: ManualFigure) -> tuple[object, ...]:
    return (figure.channel, figure.metric, figure.label or "", figure.period_start or _EPOCH)


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def manual_figure(obs: Any) -> ManualFigure:
    """A stored hand-kept figure with its unit, source, kind and period."""
    return ManualFigure(
        channel=obs.channel,
        metric=obs.metric,
        value=obs.value,
        label=obs.label,
        period_start=obs.period_start,
        period_end=obs.period_end,
        note=obs.note,
        unit=obs.unit,
        source=obs.origin,
        kind=kind_of(obs.metric, obs.kind).value,
        issue_id=obs.issue_id,
    )


def _email(rows: list[Any], prefer: tuple[str, ...]) -> EmailFigures | None:
    """The issue's campaigns according to the preferred source; the others beside them."""
    chosen = best_source(rows, prefer)
    if chosen is None:
        return None
    totals: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    mpp = False
    for obs in rows:
        # Each campaign (scope) of a source counts once: a resend adds its own figures.
        totals[obs.source][obs.metric] += obs.value
        if obs.source == chosen and obs.metric == "unique_opens":
            mpp = mpp or MPP_INFLATED in obs.flags.split(",")
    figures = totals[chosen]
    return EmailFigures(
        sent=figures.get("emails_sent"),
        delivered=definitions.delivered(figures),
        bounces=definitions.bounces(figures),
        unique_opens=figures.get("unique_opens"),
        opens_mpp_inflated=mpp,
        unique_opens_excluding_mpp=figures.get("proxy_excluded_unique_opens"),
        opens_total=figures.get("opens_total"),
        unique_clicks=figures.get("unique_clicks"),
        clicks_total=figures.get("clicks_total"),
        unsubscribed=figures.get("unsubscribed"),
        abuse_reports=figures.get("abuse_reports"),
        open_rate=definitions.open_rate(figures),
        open_rate_excluding_mpp=definitions.open_rate(figures, exclude_mpp=True),
        click_rate=definitions.click_rate(figures),
        click_to_open_rate=definitions.click_to_open_rate(figures),
        unsubscribe_rate=definitions.unsubscribe_rate(figures),
        source=chosen,
        others={
            source: dict(sorted(values.items()))
            for source, values in sorted(totals.items(), key=lambda t: (rank(t[0], prefer), t[0]))
            if source != chosen
        },
    )


def _items(
    connection: sa.Connection, issue_id: str, views: list[Any], prefer: tuple[str, ...]
) -> tuple[ItemFigures, ...]:
    lc = schema.link_clicks
    titles: dict[str, str] = {
        row.id: row.title
        for row in connection.execute(
            sa.select(schema.items.c.id, schema.items.c.title).where(
                schema.items.c.issue_id == issue_id
            )
        )
    }
    rows = list(
        connection.execute(
            sa.select(lc).where(lc.c.issue_id == issue_id, lc.c.replaced_by.is_(None))
        )
    )
    # Two reports of the same clicks (the API and a CSV export) are alternatives.
    clicks_source = best_source(rows, prefer)
    clicks: dict[str | None, int] = defaultdict(int)
    unique: dict[str | None, int | None] = {}
    anchors: dict[str | None, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        if row.source != clicks_source:
            continue
        clicks[row.item_id] += row.clicks
        if row.unique_clicks is not None:
            # Unique clicks per link cannot be added up into unique readers per item
            # exactly (one reader may click two links); the sum is an upper bound.
            unique[row.item_id] = (unique.get(row.item_id) or 0) + row.unique_clicks
        else:
            unique.setdefault(row.item_id, None)
        if row.anchor:
            anchors[row.item_id][row.anchor] += row.clicks
    item_views: dict[str, list[Any]] = defaultdict(list)
    for obs in views:
        if obs.item_id:
            item_views[obs.item_id].append(obs)
    ids: list[str | None] = [i for i in titles if i in clicks or i in item_views]
    ordered = sorted(ids, key=lambda i: (-clicks.get(i, 0), i or ""))
    if None in clicks:
        ordered.append(None)
    return tuple(
        ItemFigures(
            item_id=i,
            title=titles.get(i, "") if i else "(links outside our items)",
            clicks=clicks.get(i, 0),
            unique_clicks=unique.get(i),
            clicks_by_anchor=dict(sorted(anchors[i].items())) if i in anchors else {},
            clicks_source=clicks_source if i in clicks else None,
            page_views=choose(item_views[i], Kind.COUNT, prefer) if i in item_views else None,
        )
        for i in ordered
    )


def records(
    source: Source,
    *,
    issue: str | None = None,
    metric: str | None = None,
    channel: str | None = None,
    include_replaced: bool = False,
) -> list[dict[str, Any]]:
    """Every stored observation as a plain dict (with the file it came from), for
    scripts and notebooks; filters are optional."""
    m, b = schema.metrics, schema.import_batches
    query = (
        sa.select(m, b.c.file_name, b.c.format, b.c.imported_at)
        .join(b, b.c.id == m.c.batch_id)
        .order_by(m.c.id)
    )
    if issue is not None:
        query = query.where(m.c.issue_id == issue)
    if metric is not None:
        query = query.where(m.c.metric == metric)
    if channel is not None:
        query = query.where(m.c.channel == channel)
    if not include_replaced:
        query = query.where(m.c.replaced_by.is_(None))
    with opened(source) as connection:
        return [dict(row._mapping) for row in connection.execute(query)]
