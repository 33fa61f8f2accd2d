"""Mailchimp's own CSV exports, as its web app writes them.

Two layouts:

- **The Reports page's "Export as CSV"** (``mailchimp-csv``): one row per campaign, with
  the header ``Title,Subject,List,"Send Date","Send Weekday","Total Recipients",
  "Successful Deliveries","Soft Bounces","Hard Bounces","Total Bounces",...,
  "Unique Opens","Open Rate","Total Opens","Unique Clicks","Click Rate","Total Clicks",
  Unsubscribes,"Abuse Complaints",...,"Unique Id",...`` and columns of e-commerce and
  analytics figures that say ``n/a`` when unused. Dates read ``Jun 09, 2018 09:30 pm``
  in the account's time zone; rates ``27.78%``.
- **One campaign's report** (``mailchimp-report-csv``): the line ``Email Campaign Report``
  (``Campaign Report`` for an A/B test), key/value lines (``"Title:","..."``,
  ``"Delivery Date/Time:","Mon, Apr 26, 2021 12:25"``), then blocks separated by blank
  lines: ``Overall Stats`` (or one ``Combination N Stats`` block per A/B combination)
  with lines such as ``"Recipients Who Opened:","1,777 (43.61%)"``, and
  ``Clicks by URL`` (``Combination N Clicks by URL``) tables of
  ``"URL","Total Clicks","Unique Clicks"``.

Campaigns are matched to issues by their title or subject and send date; in the
Reports export one that matches no issue (a test send, another newsletter) is skipped
and listed. An A/B campaign's figures are the sum of its combinations (each went to
different recipients), and its clicks per URL are added up over the combinations.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from ...model.problems import Problem
from ..catalog import Catalog
from ..observations import LinkClick, Observation, Record
from ..readers import (
    SourceFile,
    detect_delimiter,
    find_columns,
    open_text,
    parse_count_cell,
    parse_datetime,
    read_csv,
)
from .campaigns import (
    COUNT_FIELDS,
    MAILCHIMP_CSV,
    REQUIRED,
    Campaign,
    campaign_observations,
    match_campaign_issue,
    observe_campaigns,
)
from .links import ClickRow, merged_link_clicks

REPORT_TITLES = ("email campaign report", "campaign report")
"""The first line of a single campaign's report (the second for A/B tests)."""

_REPORTS: dict[str, tuple[str, ...]] = {
    "campaign_title": ("Title",),
    "subject_line": ("Subject",),
    "send_time": ("Send Date",),
    "emails_sent": ("Total Recipients",),
    "delivered": ("Successful Deliveries",),
    "soft_bounces": ("Soft Bounces",),
    "hard_bounces": ("Hard Bounces",),
    "bounces": ("Total Bounces",),
    "unique_opens": ("Unique Opens",),
    "opens_total": ("Total Opens",),
    "unique_clicks": ("Unique Clicks",),
    "clicks_total": ("Total Clicks",),
    "unsubscribed": ("Unsubscribes",),
    "abuse_reports": ("Abuse Complaints",),
    "campaign_id": ("Unique Id",),
}
_REPORTS_REQUIRED = ("campaign_title", "send_time", *REQUIRED)
REPORTS_HEADER = frozenset({"title", "send date", "total recipients", "successful deliveries"})
"""Columns that tell the Reports export apart from every other layout."""

# Lines of a stats block, by their label without the colon, lower-case.
_STATS: dict[str, str] = {
    "total recipients": "emails_sent",
    "successful deliveries": "delivered",
    "bounces": "bounces",
    "hard bounces": "hard_bounces",
    "soft bounces": "soft_bounces",
    "recipients who opened": "unique_opens",
    "total opens": "opens_total",
    "recipients who clicked": "unique_clicks",
    "total clicks": "clicks_total",
    "total unsubs": "unsubscribed",
    "unsubscribes": "unsubscribed",
    "total abuse complaints": "abuse_reports",
}
_STATS_BLOCK = re.compile(r"^(?:overall|combination \d+) stats$")
_CLICKS_BLOCK = re.compile(r"^(?:combination \d+ )?clicks by url$")


def is_campaign_report(first_line: str) -> bool:
    """True when a file's first line says it is one campaign's report."""
    return first_line.strip().strip('"').strip().lower() in REPORT_TITLES


def read_reports_csv(
    source: SourceFile, catalog: Catalog, *, forced_issue: str | None, skipped: list[Problem]
) -> Iterator[Observation]:
    """Figures of every campaign in the Reports page's export that matches an issue."""
    table = read_csv(source)
    columns = find_columns(table, _REPORTS, required=_REPORTS_REQUIRED)
    tz = catalog.mailchimp_tz

    def campaigns() -> Iterator[Campaign]:
        for line, row in table.rows:
            figures: dict[str, int] = {}
            for name in COUNT_FIELDS:
                column = columns.get(name)
                if column is None:
                    continue
                value = parse_count_cell(
                    source, line, column, row.get(column, ""), delimiter=table.delimiter
                )
                if value is None:
                    if name in REQUIRED:
                        raise source.error(line, f"column '{column}' is empty")
                    continue
                figures[name] = value
            sent_column = columns["send_time"]
            campaign_id = row.get(columns.get("campaign_id", ""), "").strip()
            yield Campaign(
                figures=figures,
                title=row.get(columns["campaign_title"], ""),
                subject=row.get(columns.get("subject_line", ""), ""),
                sent=parse_datetime(source, line, sent_column, row.get(sent_column, ""), tz=tz),
                file=source.name,
                line=line,
                origin=f"campaign {campaign_id}" if campaign_id else None,
            )

    yield from observe_campaigns(
        campaigns(), catalog, source=MAILCHIMP_CSV, forced=forced_issue, skipped=skipped
    )


@dataclass(slots=True)
class _Block:
    """One block of a campaign report: its title, line and lines of values or rows."""

    title: str
    line: int
    values: dict[str, tuple[str, int]] = field(default_factory=dict)
    rows: list[tuple[int, list[str]]] = field(default_factory=list)


@dataclass(slots=True)
class _Report:
    heading: dict[str, tuple[str, int]] = field(default_factory=dict)
    blocks: list[_Block] = field(default_factory=list)
    delimiter: str = ","


def _parse_report(source: SourceFile) -> _Report:
    """Split a campaign report into its heading lines and its blocks."""
    report = _Report()
    block: _Block | None = None
    delimiter: str | None = None
    for number, text in open_text(source):
        stripped = text.strip().lstrip("\ufeff")
        if not stripped:
            block = None
            continue
        if delimiter is None and number > 1:
            delimiter = detect_delimiter(stripped)
            report.delimiter = delimiter
        try:
            cells = [c.strip() for c in next(csv.reader([stripped], delimiter=delimiter or ","))]
        except csv.Error as exc:
            raise source.error(number, f"bad CSV: {exc}") from None
        filled = [c for c in cells if c]
        if number == 1 or not filled:
            continue
        label = filled[0]
        if len(filled) == 1 and not label.endswith(":"):
            block = _Block(label.lower(), number)
            report.blocks.append(block)
        elif label.endswith(":"):
            key = label[:-1].strip().lower()
            value = cells[cells.index(label) + 1] if cells.index(label) + 1 < len(cells) else ""
            target = report.heading if block is None else block.values
            target.setdefault(key, (value, number))
        elif block is not None:
            block.rows.append((number, cells))
    return report


def read_campaign_report(
    source: SourceFile, catalog: Catalog, *, forced_issue: str | None
) -> Iterator[Record]:
    """The figures and clicks per URL of one campaign's report (A/B tests included)."""
    report = _parse_report(source)
    stats = [b for b in report.blocks if _STATS_BLOCK.match(b.title)]
    overall = [b for b in stats if b.title == "overall stats"]
    # An A/B report has a block per combination; were there an overall block too, it
    # would already hold their sum.
    used = overall or stats
    if not used:
        raise source.error(
            None,
            "no 'Overall Stats' or 'Combination N Stats' block: is this a Mailchimp "
            "campaign report?",
        )
    figures: dict[str, int] = {}
    for block in used:
        for key, (text, line) in block.values.items():
            name = _STATS.get(key)
            if name is None:
                continue
            value = parse_count_cell(source, line, key, text, delimiter=report.delimiter)
            if value is not None:
                figures[name] = figures.get(name, 0) + value
        missing = [label for label in _REQUIRED_LABELS if label not in block.values]
        if missing:
            raise source.error(
                block.line,
                f"the '{block.title.title()}' block has no "
                + ", ".join(f"'{m.title()}:'" for m in missing)
                + " line",
            )
    subjects = tuple(b.values["subject line"][0] for b in stats if "subject line" in b.values)
    title = _heading(report, "title")
    subject = _heading(report, "subject line") or (subjects[0] if subjects else "")
    campaign = Campaign(
        figures=figures,
        title=title,
        subject=subject,
        sent=_sent(source, catalog, report),
        file=source.name,
        origin=None,
        subjects=tuple(s for s in subjects if s != subject),
    )
    issue_id = match_campaign_issue(campaign, catalog, forced=forced_issue, skipped=None)
    assert issue_id is not None  # a single campaign that matches nothing is an error
    yield from campaign_observations(campaign, source=MAILCHIMP_CSV, issue_id=issue_id)
    yield from _clicks(source, catalog, report, issue_id)


_REQUIRED_LABELS = ("total recipients", "recipients who opened", "recipients who clicked")


def _heading(report: _Report, key: str) -> str:
    return report.heading.get(key, ("", 0))[0]


def _sent(source: SourceFile, catalog: Catalog, report: _Report) -> datetime | None:
    for key in ("delivery date/time", "send date", "sent"):
        if key in report.heading:
            text, line = report.heading[key]
            return parse_datetime(source, line, key.title(), text, tz=catalog.mailchimp_tz)
    return None


def _clicks(
    source: SourceFile, catalog: Catalog, report: _Report, issue_id: str
) -> Iterator[LinkClick]:
    """Clicks per URL, added up over the A/B combinations."""
    rows: list[ClickRow] = []
    for block in report.blocks:
        if not _CLICKS_BLOCK.match(block.title) or not block.rows:
            continue
        header_line, header = block.rows[0]
        names = [h.lower() for h in header]
        try:
            url_at, total_at = names.index("url"), names.index("total clicks")
        except ValueError:
            raise source.error(
                header_line,
                f"the '{block.title.title()}' table needs the columns URL and Total Clicks "
                f"(it has: {', '.join(header)})",
            ) from None
        unique_at = names.index("unique clicks") if "unique clicks" in names else None
        for line, cells in block.rows[1:]:
            url = cells[url_at] if url_at < len(cells) else ""
            if not url:
                continue
            clicks = parse_count_cell(
                source, line, "Total Clicks", _cell(cells, total_at), delimiter=report.delimiter
            )
            unique = (
                parse_count_cell(
                    source,
                    line,
                    "Unique Clicks",
                    _cell(cells, unique_at),
                    delimiter=report.delimiter,
                )
                if unique_at is not None
                else None
            )
            rows.append((issue_id, url, clicks or 0, unique, line))
    yield from merged_link_clicks(catalog, rows, source_name=MAILCHIMP_CSV)


def _cell(cells: list[str], index: int | None) -> str:
    return cells[index] if index is not None and index < len(cells) else ""
