"""Web server access logs: the parser lives in ``spfcomms.metrics.accesslog``; this
module hands it our page map and turns its summary into observations.

Figures cover the log's own period (first to last request seen), except subscriber
counts, which are stored as the latest count of each month at the moment it was
reported. A log imported again after it grew (same first request) replaces the figures
of the shorter copy.
"""

from __future__ import annotations

import logging
import os
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ...model.problems import Problem, SourceLocation, warning
from ..accesslog import SitePaths, summarise_access_log
from ..catalog import Catalog
from ..observations import Observation

logger = logging.getLogger(__name__)

MAX_SKIPPED_SHOWN = 5


def site_paths(catalog: Catalog) -> SitePaths:
    """The parser's map of our URL paths: issue pages, item pages, feeds, snippets."""
    return SitePaths.from_workspace(catalog.config, catalog.issues.values())


def hash_key(catalog: Catalog) -> bytes:
    """The key for hashing IP addresses: from the environment, or a fresh random one.

    Hashes are only compared within one import and never stored, so a random key per
    run gives the same unique counts."""
    name = catalog.config.metrics.hash_key_env
    value = os.environ.get(name, "")
    if value:
        return value.encode("utf-8")
    logger.info("%s is not set: hashing addresses with a one-off random key", name)
    return secrets.token_bytes(32)


def read_access_log(
    path: Path,
    catalog: Catalog,
    *,
    progress: Callable[[int], None] | None,
    problems: list[Problem],
    lines_read: list[int],
) -> Iterator[Observation]:
    """Observations from one access log (plain or .gz); ``progress`` gets the bytes of
    the file read so far, ``lines_read`` the number of lines once done."""
    summary = summarise_access_log(
        path, site_paths=site_paths(catalog), hash_key=hash_key(catalog), progress=progress
    )
    lines_read.append(summary.lines)
    for number, why in summary.skipped[:MAX_SKIPPED_SHOWN]:
        problems.append(
            warning(SourceLocation(path.name, number), f"not understood: {why}", "unreadable-line")
        )
    if summary.skipped_count > MAX_SKIPPED_SHOWN:
        problems.append(
            warning(
                SourceLocation(path.name),
                f"{summary.skipped_count} line(s) not understood in all; "
                f"the first {MAX_SKIPPED_SHOWN} are listed",
                "unreadable-lines",
            )
        )
    if summary.first_seen is None:
        problems.append(
            warning(SourceLocation(path.name), "no requests found; nothing stored", "empty-log")
        )
        return
    start, end = summary.first_seen, summary.last_seen
    scope = f"access-log|{start.isoformat()}"

    def observe(metric: str, value: int, channel: str, **where: Any) -> Observation:
        where.setdefault("period_start", start)
        where.setdefault("period_end", end)
        return Observation(
            scope=scope,
            metric=metric,
            value=float(value),
            channel=channel,
            source="access-log",
            **where,
        )

    for metric, counts in (
        ("page_views", summary.page_views),
        ("visitors", summary.unique_readers),
    ):
        for (kind, ident), value in sorted(counts.items()):
            url = catalog.page_path(kind, ident)
            if kind == "issue":
                yield observe(metric, value, "web", issue_id=ident, url=url)
            else:
                issue_id = catalog.issue_of_item(ident)
                yield observe(metric, value, "web", item_id=ident, issue_id=issue_id, url=url)
    for page, value in sorted(summary.site_page_views.items()):
        yield observe("page_views", value, "web", url=page)
    for feed, value in sorted(summary.feed_fetches.items()):
        yield observe("feed_fetches", value, "feed", url=feed)
    # A subscriber count is a level at the moment it was reported: one per month.
    monthly = summary.feed_subscribers_monthly
    for (aggregator, feed_id, feed, _month), (value, seen) in sorted(monthly.items()):
        label = f"{aggregator} {feed_id}".strip()
        yield observe(
            "feed_subscribers",
            value,
            "feed",
            url=feed,
            label=label,
            period_start=seen,
            period_end=seen,
        )
    for feed, value in sorted(summary.direct_feed_readers.items()):
        yield observe("direct_feed_readers", value, "feed", url=feed)
    for partner, value in sorted(summary.partner_pickups.items()):
        yield observe("partner_pickups", value, "partner", label=partner)
