"""Campaign reports of mailing tools: Mailchimp (JSON or CSV), Klaviyo's CSV, and any
other tool's CSV through ``[metrics].column_map``.

Every layout is turned into Mailchimp's report field names (``emails_sent``,
``hard_bounces``, ``unique_opens`` ...), which are also the metric names stored.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

from ...model.exceptions import MetricsError
from ..catalog import Catalog
from ..observations import MPP_INFLATED, Observation
from ..readers import SourceFile, find_columns, parse_datetime, parse_whole, read_csv

COUNT_FIELDS = (
    "emails_sent",
    "hard_bounces",
    "soft_bounces",
    "syntax_errors",
    "bounces",
    "delivered",
    "opens_total",
    "unique_opens",
    "proxy_excluded_opens",
    "proxy_excluded_unique_opens",
    "clicks_total",
    "unique_clicks",
    "unique_subscriber_clicks",
    "unsubscribed",
    "abuse_reports",
)
"""Counts a campaign report may carry, in Mailchimp's names."""
TEXT_FIELDS = ("campaign_title", "subject_line", "send_time")
TARGET_FIELDS = COUNT_FIELDS + TEXT_FIELDS
"""Names a ``[metrics].column_map`` may map columns to."""
REQUIRED = ("emails_sent", "unique_opens", "unique_clicks")

# Raw open counts and the figure the same report gives without privacy-proxy opens.
_MPP_PAIRS = {"unique_opens": "proxy_excluded_unique_opens", "opens_total": "proxy_excluded_opens"}

# Mailchimp's nested JSON, flattened.
_JSON_PATHS: dict[str, tuple[str, ...]] = {
    "emails_sent": ("emails_sent",),
    "hard_bounces": ("bounces", "hard_bounces"),
    "soft_bounces": ("bounces", "soft_bounces"),
    "syntax_errors": ("bounces", "syntax_errors"),
    "opens_total": ("opens", "opens_total"),
    "unique_opens": ("opens", "unique_opens"),
    "proxy_excluded_opens": ("opens", "proxy_excluded_opens"),
    "proxy_excluded_unique_opens": ("opens", "proxy_excluded_unique_opens"),
    "clicks_total": ("clicks", "clicks_total"),
    "unique_clicks": ("clicks", "unique_clicks"),
    "unique_subscriber_clicks": ("clicks", "unique_subscriber_clicks"),
    "unsubscribed": ("unsubscribed",),
    "abuse_reports": ("abuse_reports",),
}

_KLAVIYO: dict[str, tuple[str, ...]] = {
    "campaign_title": ("Campaign Name",),
    "subject_line": ("Subject",),
    "send_time": ("Send Time",),
    "emails_sent": ("Total Recipients",),
    "delivered": ("Successful Deliveries",),
    "bounces": ("Bounces",),
    "unique_opens": ("Unique Opens",),
    "opens_total": ("Total Opens",),
    "unique_clicks": ("Unique Clicks",),
    "clicks_total": ("Total Clicks",),
    "unsubscribed": ("Unsubscribes",),
    "abuse_reports": ("Spam Complaints",),
    "channel": ("Campaign Channel",),
}
_KLAVIYO_REQUIRED = (
    "campaign_title",
    "send_time",
    "emails_sent",
    "unique_opens",
    "unique_clicks",
    "unsubscribed",
)


def campaign_observations(
    figures: Mapping[str, int],
    *,
    source: str,
    issue_id: str,
    sent: datetime | None,
    title: str,
    line: int | None,
) -> Iterator[Observation]:
    """The observations of one campaign; raw opens are flagged when the report also
    gives the figure without privacy-proxy opens."""
    scope = f"{source}|{issue_id}|{sent.isoformat() if sent else title}"
    for name in COUNT_FIELDS:
        if name not in figures:
            continue
        flags = MPP_INFLATED if _MPP_PAIRS.get(name) in figures else ""
        yield Observation(
            scope=scope,
            metric=name,
            value=float(figures[name]),
            channel="email",
            source=source,
            issue_id=issue_id,
            period_start=sent,
            period_end=sent,
            flags=flags,
            label=title or None,
            line=line,
        )


def read_mailchimp_json(
    source: SourceFile, catalog: Catalog, *, forced_issue: str | None
) -> Iterator[Observation]:
    """``/3.0/reports`` (``{"reports": [...]}``) or one ``/3.0/reports/{id}`` object."""
    assert source.encoding is not None
    try:
        with source.path.open(encoding=source.encoding) as handle:
            data = json.load(handle)
    except json.JSONDecodeError as exc:
        raise source.error(exc.lineno, f"invalid JSON: {exc.msg}") from None
    if isinstance(data, dict) and isinstance(data.get("reports"), list):
        reports: list[Any] = data["reports"]
        prefix = "reports"
    elif isinstance(data, dict) and "emails_sent" in data:
        reports, prefix = [data], ""
    else:
        raise source.error(
            None,
            "not a Mailchimp report: expected an object with 'emails_sent' or a 'reports' list",
        )
    for index, report in enumerate(reports):
        where = f"{prefix}[{index}]" if prefix else "report"
        if not isinstance(report, dict):
            raise source.error(None, f"{where}: expected an object")
        figures: dict[str, int] = {}
        for name, path in _JSON_PATHS.items():
            value: Any = report
            for key in path:
                value = value.get(key) if isinstance(value, dict) else None
            if value is None:
                if name in REQUIRED:
                    raise source.error(None, f"{where}: missing '{'.'.join(path)}'")
                continue
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise source.error(
                    None, f"{where}: '{'.'.join(path)}': {value!r} is not a whole number"
                )
            figures[name] = value
        title = str(report.get("campaign_title") or "")
        subject = str(report.get("subject_line") or "")
        sent_text = str(report.get("send_time") or "")
        sent, issue_id = _campaign_issue(
            source,
            catalog,
            line=None,
            field=f"{where}.send_time",
            sent_text=sent_text,
            title=title,
            subject=subject,
            forced=forced_issue,
            where=f"{source.name}: {where}",
        )
        yield from campaign_observations(
            figures,
            source="mailchimp",
            issue_id=issue_id,
            sent=sent,
            title=title or subject,
            line=None,
        )


def _campaign_issue(
    source: SourceFile,
    catalog: Catalog,
    *,
    line: int | None,
    field: str,
    sent_text: str,
    title: str,
    subject: str,
    forced: str | None,
    where: str,
) -> tuple[datetime | None, str]:
    """The campaign's send time (in the workspace time zone) and the issue it belongs to."""
    sent = (
        parse_datetime(source, line, field, sent_text, tz=catalog.config.tz) if sent_text else None
    )
    issue_id = catalog.match_campaign(
        title=title, subject=subject, sent=sent, forced=forced, where=where
    )
    return sent, issue_id


def read_campaign_csv(
    source: SourceFile,
    catalog: Catalog,
    *,
    forced_issue: str | None,
    layout: str,
) -> Iterator[Observation]:
    """A CSV of campaign reports: ``mailchimp-csv``, ``klaviyo-csv`` or ``mapped-csv``."""
    table = read_csv(source)
    if layout == "klaviyo-csv":
        columns = find_columns(table, _KLAVIYO, required=_KLAVIYO_REQUIRED)
        source_name = "klaviyo"
    elif layout == "mapped-csv":
        mapping = catalog.config.metrics.column_map
        if not mapping:
            raise source.error(
                None,
                "mapped-csv needs [metrics].column_map in spfcomms.toml "
                '(for example column_map = { "Sent" = "emails_sent" })',
            )
        wanted: dict[str, tuple[str, ...]] = {}
        unknown = sorted(t for t in mapping.values() if t not in TARGET_FIELDS)
        if unknown:
            raise MetricsError(
                f"[metrics].column_map: unknown field(s) {', '.join(unknown)} "
                f"(known: {', '.join(TARGET_FIELDS)})"
            )
        for column, target in mapping.items():
            wanted.setdefault(target, ())
            wanted[target] += (column,)
        columns = find_columns(table, wanted, required=[r for r in REQUIRED])
        source_name = catalog.config.metrics.column_map_source
    else:
        wanted = {
            name: (name, f"bounces.{name}", f"opens.{name}", f"clicks.{name}")
            for name in TARGET_FIELDS
        }
        columns = find_columns(table, wanted, required=REQUIRED)
        source_name = "mailchimp"
    for line, row in table.rows:
        channel = row.get(columns.get("channel", ""), "")
        if channel and channel.strip().lower() != "email":
            continue  # Klaviyo mixes SMS campaigns into the same export.
        figures: dict[str, int] = {}
        for name in COUNT_FIELDS:
            if name not in columns:
                continue
            column = columns[name]
            text = row.get(column, "")
            if not text.strip():
                if name in REQUIRED:
                    raise source.error(line, f"column '{column}' is empty")
                continue
            figures[name] = parse_whole(source, line, column, text, delimiter=table.delimiter)
        title = row.get(columns.get("campaign_title", ""), "")
        subject = row.get(columns.get("subject_line", ""), "")
        sent_column = columns.get("send_time")
        sent_text = row.get(sent_column, "") if sent_column else ""
        sent, issue_id = _campaign_issue(
            source,
            catalog,
            line=line,
            field=sent_column or "send_time",
            sent_text=sent_text,
            title=title,
            subject=subject,
            forced=forced_issue,
            where=f"{source.name}:{line}",
        )
        yield from campaign_observations(
            figures,
            source=source_name,
            issue_id=issue_id,
            sent=sent,
            title=title or subject,
            line=line,
        )
