"""Per-link click reports (``url, clicks, unique clicks``), mapped to our items.

Which issue: ``--issue``, else the issue named by ``utm_campaign`` in the links, else an
``issue`` column. The file is read twice when the issue must be found from the links:
once to look at the URLs, once to store them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ...model.exceptions import MetricsError
from ..catalog import Catalog
from ..observations import LinkClick
from ..readers import SourceFile, find_columns, parse_whole, read_csv
from ..urls import strip_tracking

_COLUMNS: dict[str, tuple[str, ...]] = {
    "url": ("url", "link", "link url", "clicked url", "address"),
    "clicks": ("clicks", "total clicks", "clicks_total", "total"),
    "unique_clicks": ("unique clicks", "unique_clicks", "unique"),
    "issue": ("issue", "issue id", "issue_id"),
}
LINK_REPORT = "link-clicks"
"""The source of clicks from a generic per-link report."""


def read_link_clicks(
    source: SourceFile, catalog: Catalog, *, forced_issue: str | None, source_name: str
) -> Iterator[LinkClick]:
    """Clicks per link; each link is matched to the item and agenda item it is in."""
    issue_id = catalog.require_issue(forced_issue) if forced_issue else None
    if issue_id is None:
        table = read_csv(source)
        columns = find_columns(table, _COLUMNS, required=("url", "clicks"))
        if "issue" not in columns:
            issue_id = catalog.issue_from_urls(row.get(columns["url"], "") for _, row in table.rows)
            if issue_id is None:
                raise MetricsError(
                    f"{source.name}: cannot tell which issue these clicks belong to (no "
                    f"utm_campaign naming one issue, no 'issue' column); give --issue "
                    f"(issues: {catalog.describe_issues()})"
                )
    table = read_csv(source)
    columns = find_columns(table, _COLUMNS, required=("url", "clicks"))
    for line, row in table.rows:
        raw = row.get(columns["url"], "")
        if not raw:
            raise source.error(line, f"column '{columns['url']}' is empty")
        row_issue = issue_id
        if row_issue is None:
            row_issue = row.get(columns["issue"], "").strip()
            if row_issue not in catalog.issues:
                raise source.error(
                    line,
                    f"column '{columns['issue']}': no issue '{row_issue}' "
                    f"(issues: {', '.join(catalog.issue_ids())})",
                )
        clicks = parse_whole(
            source,
            line,
            columns["clicks"],
            row.get(columns["clicks"], ""),
            delimiter=table.delimiter,
        )
        unique: int | None = None
        unique_column = columns.get("unique_clicks")
        if unique_column and row.get(unique_column, "").strip():
            unique = parse_whole(
                source, line, unique_column, row[unique_column], delimiter=table.delimiter
            )
        yield link_click(
            catalog,
            issue_id=row_issue,
            raw_url=raw,
            clicks=clicks,
            unique_clicks=unique,
            source_name=source_name,
            line=line,
        )


def link_click(
    catalog: Catalog,
    *,
    issue_id: str,
    raw_url: str,
    clicks: int,
    unique_clicks: int | None,
    source_name: str,
    line: int | None,
) -> LinkClick:
    """Clicks on one link of an issue's email, credited to the item (and agenda item or
    section) that holds the link."""
    url = strip_tracking(raw_url)
    target = catalog.locate_link(url, issue_id)
    return LinkClick(
        scope=f"{source_name}|links|{issue_id}",
        source=source_name,
        issue_id=issue_id,
        item_id=target.item_id if target else None,
        anchor=target.anchor if target else None,
        url=url,
        raw_url=raw_url,
        clicks=clicks,
        unique_clicks=unique_clicks,
        line=line,
    )


ClickRow = tuple[str, str, int, int | None, int | None]
"""``(issue id, URL as reported, clicks, unique clicks or None, line or None)``."""


def merged_link_clicks(
    catalog: Catalog, rows: Iterable[ClickRow], *, source_name: str
) -> Iterator[LinkClick]:
    """Clicks per link of each issue, added up over rows whose URLs differ only in
    tracking parameters (the combinations of an A/B test, a resend: Mailchimp tags each
    with its own ``mc_cid``); the first URL and line are kept."""
    totals: dict[tuple[str, str], tuple[str, int, int | None, int | None]] = {}
    for issue_id, raw, clicks, unique, line in rows:
        key = (issue_id, strip_tracking(raw))
        first, before, before_unique, at = totals.get(key, (raw, 0, None, line))
        summed = before_unique if unique is None else (before_unique or 0) + unique
        totals[key] = (first, before + clicks, summed, at)
    for (issue_id, _url), (raw, clicks, unique, line) in totals.items():
        yield link_click(
            catalog,
            issue_id=issue_id,
            raw_url=raw,
            clicks=clicks,
            unique_clicks=unique,
            source_name=source_name,
            line=line,
        )
