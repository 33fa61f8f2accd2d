"""Web analytics page reports: GA4 and Matomo CSV exports, matched to our pages.

Every page of the export is stored: issue and item pages with their issue and item,
the site's other pages (a case-studies page, the home page) by their path.

GA4's "Pages and screens" export starts with ``#`` comment lines (property, dates)
before the header; its columns include ``Page path and screen class``, ``Views`` and
``Users`` or ``Active users``. Matomo's page URL export has ``Label`` (or ``label``),
``Pageviews`` (``nb_hits``) and ``Unique Pageviews`` or ``nb_visits``; its file says
nothing about the dates it covers, so ``--from``/``--to`` are needed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta

from ...model.exceptions import MetricsError
from ..catalog import Catalog
from ..observations import Observation
from ..readers import SourceFile, day_start, find_columns, parse_whole, read_csv
from ..urls import page_key

_GA4: dict[str, tuple[str, ...]] = {
    "page": (
        "Page path and screen class",
        "Page path",
        "Page path + query string",
        "pagePath",
        "Page location",
    ),
    "page_views": ("Views", "Screen page views", "screenPageViews", "Pageviews"),
    "visitors": ("Users", "Active users", "Total users", "activeUsers"),
}
_MATOMO: dict[str, tuple[str, ...]] = {
    "page": ("url", "Label", "label"),
    "page_views": ("Pageviews", "nb_hits", "Page views"),
    "visitors": ("Unique Pageviews", "nb_visits", "Unique pageviews", "nb_uniq_visitors"),
}
_GA4_DATE = re.compile(r"^(start|end) date:\s*(\d{8})\s*$", re.IGNORECASE)


def _period(
    source: SourceFile,
    catalog: Catalog,
    start: date | None,
    end: date | None,
    what: str,
) -> tuple[datetime, datetime]:
    if start is None or end is None:
        raise MetricsError(
            f"{source.name}: {what} does not say which days it covers; give --from and --to "
            "(for example --from 2023-06-01 --to 2023-06-30)"
        )
    if end < start:
        raise MetricsError(f"{source.name}: the period ends ({end}) before it starts ({start})")
    tz = catalog.config.tz
    return day_start(start, tz), day_start(end + timedelta(days=1), tz)


def read_page_report(
    source: SourceFile,
    catalog: Catalog,
    *,
    layout: str,
    start: date | None,
    end: date | None,
) -> Iterator[Observation]:
    """Page views and visitors of every page: our issue and item pages are tied to their
    issue and item; the site's other pages are stored by their path (and a note on
    ``source`` says how many)."""
    is_ga4 = layout == "ga4-csv"
    table = read_csv(source, comments=is_ga4, stop_at_blank=is_ga4)
    if is_ga4:
        for comment in table.preamble:
            match = _GA4_DATE.match(comment)
            if match:
                day = datetime.strptime(match.group(2), "%Y%m%d").date()
                if match.group(1).lower() == "start":
                    start = start or day
                else:
                    end = end or day
    columns = find_columns(table, _GA4 if is_ga4 else _MATOMO, required=("page", "page_views"))
    period_start, period_end = _period(
        source,
        catalog,
        start,
        end,
        "a GA4 export without Start date/End date lines" if is_ga4 else "a Matomo export",
    )
    source_name = "ga4" if is_ga4 else "matomo"
    scope = f"{source_name}|{period_start.isoformat()}|{period_end.isoformat()}"
    others: set[str] = set()
    totals: dict[tuple[str, str, str], tuple[float, int]] = {}
    for line, row in table.rows:
        page = row.get(columns["page"], "")
        if not page or page.lower() in ("total", "grand total", "totals"):
            continue
        located = catalog.locate_page(page)
        if located is None:
            located = ("page", page_key(page))
            others.add(located[1])
        for metric in ("page_views", "visitors"):
            column = columns.get(metric)
            if column is None or not row.get(column, "").strip():
                continue
            value = parse_whole(source, line, column, row[column], delimiter=table.delimiter)
            # "/items/x/" and "/items/x/index.html" are one page: add them up.
            key = (located[0], located[1], metric)
            before, first_line = totals.get(key, (0.0, line))
            totals[key] = (before + value, first_line)
    if others:
        source.note(
            None,
            f"{len(others)} page(s) are not issue or item pages: stored as site pages",
            "site-pages",
        )
    for (kind, ident, metric), (total, first) in sorted(totals.items()):
        issue_id = (
            ident if kind == "issue" else catalog.issue_of_item(ident) if kind == "item" else None
        )
        yield Observation(
            scope=scope,
            metric=metric,
            value=total,
            channel="web",
            source=source_name,
            issue_id=issue_id,
            item_id=ident if kind == "item" else None,
            url=ident if kind == "page" else catalog.page_path(kind, ident),
            period_start=period_start,
            period_end=period_end,
            line=first,
        )
