"""The site section of a summary: figures about the whole site rather than one issue.

Feed subscribers per aggregator and feed over time (the latest count of each month,
never a sum of polls), feed fetches and direct feed readers per feed, pickups per
partner, views of every page of the site (bulletin pages and the rest) and every
hand-kept figure that belongs to no issue, with its unit, label, period, note and
source. Each figure comes from one source, by the precedence of ``measures``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from . import schema
from .measures import Figure, Kind, choose
from .summary import (
    ManualFigure,
    Source,
    current_metrics,
    manual_figure,
    opened,
    preference,
)


@dataclass(frozen=True, slots=True)
class SubscriberCount:
    """What one aggregator said about one feed's subscribers, at one time."""

    aggregator: str
    """The aggregator, with its own feed id when it gives one (``NewsBlur 6021234``)."""
    feed: str
    """The feed, by its path below the site root (``feed.xml``)."""
    month: str
    """``2023-12``: the month of the report (UTC)."""
    subscribers: float
    reported_at: datetime | None
    source: str


@dataclass(frozen=True, slots=True)
class NamedFigure:
    """A figure about one feed, partner or page."""

    name: str
    figure: Figure


@dataclass(frozen=True, slots=True)
class PageFigure:
    """Views of one page of the site, from the preferred source."""

    page: str
    """The page's URL path (``/bulletin/issues/2023-12/``, ``/case-studies``)."""
    issue_id: str | None
    item_id: str | None
    views: Figure
    visitors: Figure | None


@dataclass(frozen=True, slots=True)
class SiteSummary:
    """Everything the store knows about the site as a whole (see the module docstring)."""

    feed_subscribers: tuple[SubscriberCount, ...]
    """The latest count of each month, per aggregator and feed, oldest month first."""
    latest_feed_subscribers: tuple[SubscriberCount, ...]
    """The latest count of all, per aggregator and feed."""
    feed_fetches: tuple[NamedFigure, ...]
    direct_feed_readers: tuple[NamedFigure, ...]
    partner_pickups: tuple[NamedFigure, ...]
    pages: tuple[PageFigure, ...]
    """Every page with views, most viewed first."""
    manual: tuple[ManualFigure, ...]
    """Hand-kept figures that belong to no issue, by channel, metric and period."""

    def as_dict(self) -> dict[str, Any]:
        """Plain data (JSON-ready apart from dates)."""
        return asdict(self)

    @property
    def is_empty(self) -> bool:
        return not any(
            (
                self.feed_subscribers,
                self.feed_fetches,
                self.direct_feed_readers,
                self.partner_pickups,
                self.pages,
                self.manual,
            )
        )


def site_summary(source: Source, *, prefer: Sequence[str] | None = None) -> SiteSummary:
    """The site section from the store (see the module docstring)."""
    order = preference(source, prefer)
    m = schema.metrics
    with opened(source) as connection:
        rows = current_metrics(
            connection,
            m.c.metric.in_(
                (
                    "feed_subscribers",
                    "feed_fetches",
                    "direct_feed_readers",
                    "partner_pickups",
                    "page_views",
                    "visitors",
                )
            )
            | (m.c.source == "manual"),
        )
        paths = _page_paths(connection)
    by_metric: dict[str, list[Any]] = defaultdict(list)
    manual: list[ManualFigure] = []
    for obs in rows:
        if obs.source == "manual":
            if obs.issue_id is None:
                manual.append(manual_figure(obs))
        else:
            by_metric[obs.metric].append(obs)
    monthly, latest = _subscribers(by_metric["feed_subscribers"])
    return SiteSummary(
        feed_subscribers=monthly,
        latest_feed_subscribers=latest,
        feed_fetches=_named(by_metric["feed_fetches"], Kind.COUNT, order, lambda o: o.url),
        direct_feed_readers=_named(
            by_metric["direct_feed_readers"], Kind.DISTINCT, order, lambda o: o.url
        ),
        partner_pickups=_named(by_metric["partner_pickups"], Kind.COUNT, order, lambda o: o.label),
        pages=_pages(by_metric["page_views"], by_metric["visitors"], paths, order),
        manual=tuple(
            sorted(
                manual,
                key=lambda f: (f.channel, f.metric, f.label or "", f.period_start or _EPOCH),
            )
        ),
    )


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _subscribers(
    rows: list[Any],
) -> tuple[tuple[SubscriberCount, ...], tuple[SubscriberCount, ...]]:
    """Latest count per aggregator, feed and month; and latest of all per aggregator and
    feed. A count is a level: polls are never added up."""
    monthly: dict[tuple[str, str, str], Any] = {}
    for obs in rows:
        when = obs.period_end or obs.period_start
        key = (obs.label or "?", obs.url or "?", f"{when:%Y-%m}" if when else "")
        seen = monthly.get(key)
        if seen is None or (when, obs.batch_id) >= (
            seen.period_end or seen.period_start,
            seen.batch_id,
        ):
            monthly[key] = obs

    def count(key: tuple[str, str, str], obs: Any) -> SubscriberCount:
        return SubscriberCount(
            aggregator=key[0],
            feed=key[1],
            month=key[2],
            subscribers=obs.value,
            reported_at=obs.period_end or obs.period_start,
            source=obs.source,
        )

    history = tuple(
        count(k, o) for k, o in sorted(monthly.items(), key=lambda kv: (kv[0][2], kv[0]))
    )
    last: dict[tuple[str, str], SubscriberCount] = {}
    for entry in history:  # oldest month first, so the last one written wins
        last[(entry.aggregator, entry.feed)] = entry
    return history, tuple(last[k] for k in sorted(last))


def _named(
    rows: list[Any], kind: Kind, prefer: tuple[str, ...], name: Any
) -> tuple[NamedFigure, ...]:
    groups: dict[str, list[Any]] = defaultdict(list)
    for obs in rows:
        groups[name(obs) or "?"].append(obs)
    found = [(key, choose(group, kind, prefer)) for key, group in groups.items()]
    return tuple(NamedFigure(key, figure) for key, figure in sorted(found) if figure is not None)


def _page_paths(connection: sa.Connection) -> dict[tuple[str, str], str]:
    """The URL paths of the bulletin's issue and item pages, for figures stored without."""
    paths: dict[tuple[str, str], str] = {}
    for table, kind in ((schema.issues, "issue"), (schema.items, "item")):
        for row in connection.execute(sa.select(table.c.id, table.c.path)):
            paths[(kind, row.id)] = row.path
    return paths


def _pages(
    views: list[Any],
    visitors: list[Any],
    paths: dict[tuple[str, str], str],
    prefer: tuple[str, ...],
) -> tuple[PageFigure, ...]:
    def page(obs: Any) -> tuple[str | None, str | None, str]:
        if obs.item_id:
            return None, obs.item_id, obs.url or paths.get(("item", obs.item_id), "")
        if obs.issue_id:
            return obs.issue_id, None, obs.url or paths.get(("issue", obs.issue_id), "")
        return None, None, obs.url or "?"

    def key(obs: Any) -> tuple[str, str]:
        issue_id, item_id, url = page(obs)
        if item_id:
            return ("item", item_id)
        if issue_id:
            return ("issue", issue_id)
        return ("page", url)

    grouped: dict[tuple[str, str], list[Any]] = defaultdict(list)
    seen: dict[tuple[str, str], Any] = {}
    for obs in views:
        grouped[key(obs)].append(obs)
        seen.setdefault(key(obs), obs)
    people: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for obs in visitors:
        people[key(obs)].append(obs)
    found: list[PageFigure] = []
    for k, group in grouped.items():
        figure = choose(group, Kind.COUNT, prefer)
        if figure is None:
            continue
        issue_id, item_id, url = page(seen[k])
        found.append(
            PageFigure(
                page=url,
                issue_id=issue_id,
                item_id=item_id,
                views=figure,
                visitors=choose(people[k], Kind.DISTINCT, prefer) if k in people else None,
            )
        )
    return tuple(sorted(found, key=lambda p: (-p.views.value, p.page)))
