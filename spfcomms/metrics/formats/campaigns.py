"""Campaign reports of mailing tools: Mailchimp's API JSON (and its field names as CSV
columns, ``mailchimp-api-csv``), Klaviyo's CSV, and any other tool's CSV through
``[metrics].column_map``; Mailchimp's own CSV exports are in ``mailchimp_exports``.

Every layout is turned into ``Campaign``s with Mailchimp's report field names
(``emails_sent``, ``hard_bounces``, ``unique_opens`` ...), which are also the metric
names stored, and matched to issues here, so every reader skips or refuses a campaign
that matches no issue the same way.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ...model.exceptions import MetricsError
from ...model.problems import Problem, SourceLocation, note
from ..catalog import Catalog, describe_campaign
from ..observations import MPP_INFLATED, Observation
from ..readers import (
    MAX_COUNT,
    SourceFile,
    SourceFormatError,
    find_columns,
    parse_datetime,
    parse_whole,
    read_csv,
)

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
MAILCHIMP_API = "mailchimp-api"
"""The source of figures from Mailchimp's API (a pull, or its JSON saved to a file)."""
MAILCHIMP_CSV = "mailchimp"
"""The source of figures from Mailchimp's CSV exports."""
CAMPAIGN_SKIPPED = "campaign-skipped"
"""The code of the note that a campaign matching no issue was left out."""
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


@dataclass(frozen=True, slots=True)
class Campaign:
    """One campaign as a report gives it, before it is matched to an issue."""

    figures: Mapping[str, int]
    title: str
    subject: str
    sent: datetime | None
    file: str
    """The file it was read from (``reports.csv``), or the API (``Mailchimp API``)."""
    line: int | None = None
    place: str = ""
    """Where it is in a file without lines (``reports[2]``, ``campaign 4f1a2b3c9d``)."""
    origin: str | None = None
    """The tool's id of the campaign, when the report gives one."""
    subjects: tuple[str, ...] = ()
    """More subject lines (the combinations of an A/B test)."""
    campaign_id: str = ""
    """Mailchimp's id of the campaign (API reports give it)."""

    @property
    def where(self) -> str:
        """Where it is, for messages (``reports.csv:4``, ``reports.json: reports[2]``)."""
        if self.line:
            return f"{self.file}:{self.line}"
        return f"{self.file}: {self.place}" if self.place else self.file


def campaign_scope(source: str, issue_id: str, sent: datetime | None, title: str) -> str:
    """What a newer report of the same campaign replaces: source, issue and send time to
    the minute (exports write minutes; the API writes seconds)."""
    when = sent.replace(second=0, microsecond=0).isoformat() if sent else title
    return f"{source}|{issue_id}|{when}"


# (part, whole): a report where the part is larger than the whole is broken.
_NO_MORE_THAN = (
    ("hard_bounces", "bounces"),
    ("soft_bounces", "bounces"),
    ("bounces", "emails_sent"),
    ("delivered", "emails_sent"),
    ("unique_opens", "delivered"),
    ("unique_clicks", "delivered"),
    ("unsubscribed", "delivered"),
    ("unique_opens", "opens_total"),
    ("unique_clicks", "clicks_total"),
    ("proxy_excluded_unique_opens", "unique_opens"),
)
_BOUNCES = ("hard_bounces", "soft_bounces", "syntax_errors")


def check_campaign(campaign: Campaign) -> None:
    """Refuse a campaign whose counts are beyond any real count, or contradict each
    other (more bounces than sends, more unique opens than deliveries): stored, they
    would show "Delivered -43". The error names the file and line (or place)."""
    where = f"{campaign.place}: " if campaign.place and not campaign.line else ""
    known = dict(campaign.figures)
    for name, value in known.items():
        if value > MAX_COUNT:
            raise SourceFormatError(
                campaign.file,
                campaign.line,
                f"{where}{name}: {value:,} is larger than any real count (the limit is "
                f"{MAX_COUNT:,}); check the export",
            )
    if "bounces" not in known and any(f in known for f in _BOUNCES):
        known["bounces"] = sum(known.get(f, 0) for f in _BOUNCES)
    if "delivered" not in known and "emails_sent" in known:
        known["delivered"] = known["emails_sent"] - known.get("bounces", 0)
    for part, whole in _NO_MORE_THAN:
        if part in known and whole in known and known[part] > known[whole]:
            raise SourceFormatError(
                campaign.file,
                campaign.line,
                f"{where}{part.replace('_', ' ')} ({known[part]:,}) is more than "
                f"{whole.replace('_', ' ')} ({known[whole]:,}); the export is inconsistent: "
                "export it again from the mailing tool",
            )


def campaign_observations(
    campaign: Campaign, *, source: str, issue_id: str
) -> Iterator[Observation]:
    """The observations of one campaign (refused by ``check_campaign`` when its counts
    are impossible); raw opens are flagged when the report also gives the figure without
    privacy-proxy opens."""
    check_campaign(campaign)
    figures = campaign.figures
    scope = campaign_scope(source, issue_id, campaign.sent, campaign.title)
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
            period_start=campaign.sent,
            period_end=campaign.sent,
            flags=flags,
            label=campaign.title or campaign.subject or None,
            line=campaign.line,
            origin=campaign.origin,
        )


def match_campaign_issue(
    campaign: Campaign, catalog: Catalog, *, forced: str | None, skipped: list[Problem] | None
) -> str | None:
    """The issue of a campaign. A campaign that matches no issue is noted in ``skipped``
    (files of many campaigns: a test send or another newsletter is not an error) or,
    when ``skipped`` is None (a file of one campaign), refused with the issues listed.

    A campaign whose id an issue recorded (``[campaign]``, written by ``spfcomms
    publish``) is that issue's, whatever its title or subject says.
    """
    recorded = catalog.campaigns.get(("mailchimp", campaign.campaign_id))
    if recorded is not None and not forced:
        return recorded
    if forced or skipped is None:
        return catalog.match_campaign(
            title=campaign.title,
            subject=" / ".join((campaign.subject, *campaign.subjects)).strip(" /"),
            sent=campaign.sent,
            forced=forced,
            where=campaign.where,
        )
    for subject in (campaign.subject, *campaign.subjects):
        found = catalog.find_campaign_issue(
            title=campaign.title, subject=subject, sent=campaign.sent
        )
        if found is not None:
            return found
    described = describe_campaign(campaign.title, campaign.subject, campaign.sent)
    skipped.append(
        note(
            SourceLocation(campaign.file, campaign.line),
            (f"{campaign.place}: " if campaign.place else "")
            + f"skipped the campaign {described}: it matches no issue",
            CAMPAIGN_SKIPPED,
        )
    )
    return None


def observe_campaigns(
    campaigns: Iterable[Campaign],
    catalog: Catalog,
    *,
    source: str,
    forced: str | None,
    skipped: list[Problem] | None,
) -> Iterator[Observation]:
    """Observations of every campaign that matches an issue (see ``match_campaign_issue``)."""
    for campaign in campaigns:
        issue_id = match_campaign_issue(campaign, catalog, forced=forced, skipped=skipped)
        if issue_id is not None:
            yield from campaign_observations(campaign, source=source, issue_id=issue_id)


def report_figures(report: Mapping[str, Any], where: str) -> dict[str, int]:
    """The counts of one Mailchimp API report object (``/3.0/reports/{id}``)."""
    figures: dict[str, int] = {}
    for name, path in _JSON_PATHS.items():
        value: Any = report
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        if value is None:
            if name in REQUIRED:
                raise MetricsError(f"{where}: missing '{'.'.join(path)}'")
            continue
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise MetricsError(f"{where}: '{'.'.join(path)}': {value!r} is not a whole number")
        figures[name] = value
    return figures


def api_campaign(
    report: Mapping[str, Any], file: str, place: str, *, parse_sent: Callable[[str], datetime]
) -> Campaign:
    """A Campaign from a Mailchimp API report object, found at ``place`` in ``file``."""
    sent_text = str(report.get("send_time") or "")
    campaign_id = str(report.get("id") or "")
    return Campaign(
        figures=report_figures(report, f"{file}: {place}"),
        title=str(report.get("campaign_title") or ""),
        subject=str(report.get("subject_line") or ""),
        sent=parse_sent(sent_text) if sent_text else None,
        file=file,
        place=place,
        origin=f"campaign {campaign_id}" if campaign_id else None,
        campaign_id=campaign_id,
    )


def read_mailchimp_json(
    source: SourceFile, catalog: Catalog, *, forced_issue: str | None, skipped: list[Problem]
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

    def campaigns() -> Iterator[Campaign]:
        for index, report in enumerate(reports):
            place = f"{prefix}[{index}]" if prefix else "report"
            if not isinstance(report, dict):
                raise MetricsError(f"{source.name}: {place}: expected an object")
            field = f"{prefix}[{index}].send_time" if prefix else "report.send_time"

            def parse_sent(text: str, field: str = field) -> datetime:
                return parse_datetime(source, None, field, text, tz=catalog.config.tz)

            yield api_campaign(report, source.name, place, parse_sent=parse_sent)

    yield from observe_campaigns(
        campaigns(),
        catalog,
        source=MAILCHIMP_API,
        forced=forced_issue,
        skipped=skipped if prefix else None,
    )


def read_campaign_csv(
    source: SourceFile,
    catalog: Catalog,
    *,
    forced_issue: str | None,
    layout: str,
    skipped: list[Problem],
) -> Iterator[Observation]:
    """A CSV of campaign reports: ``mailchimp-api-csv``, ``klaviyo-csv`` or ``mapped-csv``."""
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
        source_name = MAILCHIMP_CSV

    def campaigns() -> Iterator[Campaign]:
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
            sent_column = columns.get("send_time")
            sent_text = row.get(sent_column, "") if sent_column else ""
            sent = (
                parse_datetime(
                    source, line, sent_column or "send_time", sent_text, tz=catalog.config.tz
                )
                if sent_text
                else None
            )
            yield Campaign(
                figures=figures,
                title=row.get(columns.get("campaign_title", ""), ""),
                subject=row.get(columns.get("subject_line", ""), ""),
                sent=sent,
                file=source.name,
                line=line,
            )

    yield from observe_campaigns(
        campaigns(), catalog, source=source_name, forced=forced_issue, skipped=skipped
    )
