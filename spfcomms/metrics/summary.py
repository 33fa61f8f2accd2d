"""Reading the store: per-issue summaries and plain records for scripts.

Only current figures count: those a newer export replaced are left out (``records``
can include them). Figures that belong to the site rather than one issue (feed
subscribers, partner pickups) count for the issue whose window holds them: from its
publication date to the next issue's.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa

from ..model.config import Config
from ..model.exceptions import MetricsError
from . import definitions, schema
from .observations import MPP_INFLATED
from .store import MetricsStore


@dataclass(frozen=True, slots=True)
class EmailFigures:
    """An issue's email campaign figures (summed over its campaigns) and rates."""

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
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ItemFigures:
    """Clicks and page views of one item of an issue."""

    item_id: str | None
    """None for clicks on links that are not in any item (footer, social links)."""
    title: str
    clicks: int
    unique_clicks: int | None
    clicks_by_anchor: dict[str, int]
    page_views: dict[str, float]
    """Page views by source (``ga4``, ``matomo``, ``access-log``)."""


@dataclass(frozen=True, slots=True)
class ManualFigure:
    """One hand-kept figure."""

    channel: str
    metric: str
    value: float
    label: str | None
    period_start: datetime | None
    period_end: datetime | None
    note: str | None


@dataclass(frozen=True, slots=True)
class IssueSummary:
    """Everything the store knows about one issue's reach."""

    issue_id: str
    title: str
    published: date | None
    email: EmailFigures | None
    web_views: dict[str, float] = field(default_factory=dict)
    """Views of the issue page and its item pages, by source."""
    web_visitors: dict[str, float] = field(default_factory=dict)
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


@contextmanager
def _opened(source: Source) -> Iterator[sa.Connection]:
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
    with _opened(source) as connection:
        query = sa.select(schema.issues).order_by(schema.issues.c.published, schema.issues.c.id)
        yield connection, list(connection.execute(query))


def issue_summaries(source: Source) -> list[IssueSummary]:
    """A summary of every issue in the store, oldest first."""
    with _issue_rows(source) as (connection, issues):
        return [_summary(connection, issues, row.id) for row in issues]


def issue_summary(source: Source, issue_id: str) -> IssueSummary:
    """The summary of one issue; ``MetricsError`` lists the issues if it is unknown."""
    with _issue_rows(source) as (connection, issues):
        if issue_id not in {row.id for row in issues}:
            known = ", ".join(row.id for row in issues) or "none yet: import some figures"
            raise MetricsError(f"no issue '{issue_id}' in the metrics store (issues: {known})")
        return _summary(connection, issues, issue_id)


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


def _summary(connection: sa.Connection, issues: list[Any], issue_id: str) -> IssueSummary:
    m = schema.metrics
    row = next(r for r in issues if r.id == issue_id)
    current = m.c.replaced_by.is_(None)
    mine = list(connection.execute(sa.select(m).where(current, m.c.issue_id == issue_id)))

    email: dict[str, float] = defaultdict(float)
    mpp = False
    email_sources: set[str] = set()
    web_views: dict[str, float] = defaultdict(float)
    web_visitors: dict[str, float] = defaultdict(float)
    item_views: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    manual: list[ManualFigure] = []
    for obs in mine:
        if obs.channel == "email":
            email[obs.metric] += obs.value
            email_sources.add(obs.source)
            mpp = mpp or (obs.metric == "unique_opens" and MPP_INFLATED in obs.flags.split(","))
        elif obs.channel == "web" and obs.metric == "page_views":
            web_views[obs.source] += obs.value
            if obs.item_id:
                item_views[obs.item_id][obs.source] += obs.value
        elif obs.channel == "web" and obs.metric == "visitors":
            web_visitors[obs.source] += obs.value
        if obs.source == "manual":
            manual.append(_manual(obs))

    feed_subscribers = direct = fetches = None
    pickups: dict[str, float] = defaultdict(float)
    window = _window(issues, issue_id)
    if window is not None:
        in_window = sa.and_(
            current,
            m.c.issue_id.is_(None),
            m.c.period_start >= window[0],
            m.c.period_start < window[1],
        )
        latest: dict[tuple[str | None, str | None, str], tuple[datetime, float]] = {}
        for obs in connection.execute(sa.select(m).where(in_window).order_by(m.c.id)):
            if obs.source == "manual":
                manual.append(_manual(obs))
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
        email=_email(email, mpp, email_sources) if email else None,
        web_views=dict(sorted(web_views.items())),
        web_visitors=dict(sorted(web_visitors.items())),
        feed_subscribers=feed_subscribers,
        direct_feed_readers=direct,
        feed_fetches=fetches,
        partner_pickups=dict(sorted(pickups.items())),
        manual=tuple(sorted(manual, key=lambda f: (f.channel, f.metric, f.label or ""))),
        items=_items(connection, issue_id, item_views),
    )


def _manual(obs: Any) -> ManualFigure:
    return ManualFigure(
        obs.channel, obs.metric, obs.value, obs.label, obs.period_start, obs.period_end, obs.note
    )


def _email(figures: dict[str, float], mpp: bool, sources: set[str]) -> EmailFigures:
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
        sources=tuple(sorted(sources)),
    )


def _items(
    connection: sa.Connection, issue_id: str, views: dict[str, dict[str, float]]
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
    clicks: dict[str | None, int] = defaultdict(int)
    unique: dict[str | None, int | None] = {}
    anchors: dict[str | None, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in connection.execute(
        sa.select(lc).where(lc.c.issue_id == issue_id, lc.c.replaced_by.is_(None))
    ):
        clicks[row.item_id] += row.clicks
        if row.unique_clicks is not None:
            # Unique clicks per link cannot be added up into unique readers per item
            # exactly (one reader may click two links); the sum is an upper bound.
            unique[row.item_id] = (unique.get(row.item_id) or 0) + row.unique_clicks
        else:
            unique.setdefault(row.item_id, None)
        if row.anchor:
            anchors[row.item_id][row.anchor] += row.clicks
    ids: list[str | None] = [i for i in titles if i in clicks or i in views]
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
            page_views=dict(sorted(views[i].items())) if i in views else {},
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
    with _opened(source) as connection:
        return [dict(row._mapping) for row in connection.execute(query)]
