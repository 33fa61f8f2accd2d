"""Pulling campaign reports from a mailing tool's API into the store.

``pull_mailchimp`` reads every campaign report since a month (``/3.0/reports``),
matches each campaign to an issue as an import does (a test send or another
newsletter is skipped and listed), reads the clicks per URL of the matched ones
(``/3.0/reports/{id}/click-details``) and stores it all through the same path as a
file import: one batch, one transaction, figures of source ``mailchimp-api``.

Everything is fetched before anything is stored, so a refused key or a broken answer
half-way stores nothing. The batch is identified by a digest of the figures pulled:
pulling again when nothing changed says so and stores nothing; a pull with newer
figures replaces the older ones of the same campaigns and says so.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from ..model.content import Workspace
from ..model.problems import Problem
from .catalog import Catalog
from .formats.campaigns import (
    MAILCHIMP_API,
    Campaign,
    api_campaign,
    campaign_observations,
    match_campaign_issue,
)
from .formats.links import merged_link_clicks
from .importer import MetricsImportResult, store_records
from .mailchimp_api import MailchimpApiError, MailchimpClient
from .observations import Record
from .readers import SourceFile
from .store import MetricsStore

PULL_FORMAT = "mailchimp-api"
"""The format recorded for batches pulled from Mailchimp's API."""
PULL_NAME = "Mailchimp API"


@dataclass(frozen=True, slots=True)
class _Pulled:
    campaign: Campaign
    campaign_id: str
    issue_id: str
    clicks: tuple[tuple[str, int, int | None], ...]


def pull_mailchimp(
    store: MetricsStore,
    workspace: Workspace,
    *,
    client: MailchimpClient,
    since: date | None = None,
    progress: Callable[[int, int | None], None] | None = None,
) -> MetricsImportResult:
    """Pull Mailchimp's reports of campaigns sent since ``since`` (all when None) through
    ``client`` and store them (see the module docstring). ``progress(done, total)``
    counts campaigns. ``commands.metrics.pull`` makes the client from the workspace's
    settings."""
    catalog = Catalog.from_workspace(workspace)
    skipped: list[Problem] = []
    pulled = _fetch(client, catalog, since, skipped, progress)
    snapshot = json.dumps(
        [_canonical(p) for p in pulled], sort_keys=True, separators=(",", ":")
    ).encode("utf-8")
    name = PULL_NAME + (f" (since {since:%Y-%m})" if since else "")
    source = SourceFile(
        path=Path(name),
        sha256=hashlib.sha256(snapshot).hexdigest(),
        size=len(snapshot),
        lines=len(pulled),
        encoding=None,
    )

    def records(catalog: Catalog) -> Iterator[Record]:
        for item in pulled:
            yield from campaign_observations(
                item.campaign, source=MAILCHIMP_API, issue_id=item.issue_id
            )
        yield from _link_clicks(catalog, pulled)

    return store_records(
        store, workspace, source, PULL_FORMAT, records, problems=skipped, catalog=catalog
    )


def _fetch(
    client: MailchimpClient,
    catalog: Catalog,
    since: date | None,
    skipped: list[Problem],
    progress: Callable[[int, int | None], None] | None,
) -> list[_Pulled]:
    start = None
    if since is not None:
        start = datetime.combine(since, time(0), tzinfo=catalog.config.tz).isoformat()
    reports = list(client.reports(since=start))
    pulled: list[_Pulled] = []
    for index, report in enumerate(reports, start=1):
        campaign_id = str(report.get("id") or "")
        place = f"campaign {campaign_id or index}"
        where = f"{PULL_NAME}: {place}"
        campaign = api_campaign(report, PULL_NAME, place, parse_sent=_sent_parser(where))
        issue_id = match_campaign_issue(campaign, catalog, forced=None, skipped=skipped)
        if issue_id is not None:
            if not campaign_id:
                raise MailchimpApiError(f"{where}: the report has no campaign 'id'")
            clicks = tuple(_clicks(client.click_details(campaign_id), where))
            pulled.append(_Pulled(campaign, campaign_id, issue_id, clicks))
        if progress is not None:
            progress(index, len(reports))
    return pulled


def _sent_parser(where: str) -> Callable[[str], datetime]:
    return lambda text: _sent(text, where)


def _sent(text: str, where: str) -> datetime:
    try:
        sent = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise MailchimpApiError(f"{where}: send_time {text!r} is not an ISO 8601 time") from None
    if sent.tzinfo is None:
        raise MailchimpApiError(f"{where}: send_time {text!r} has no UTC offset")
    return sent


def _clicks(rows: Iterator[dict[str, Any]], where: str) -> Iterator[tuple[str, int, int | None]]:
    for row in rows:
        url, total, unique = (
            row.get("url"),
            _count(row.get("total_clicks")),
            row.get("unique_clicks"),
        )
        if (
            not isinstance(url, str)
            or total is None
            or (unique is not None and _count(unique) is None)
        ):
            raise MailchimpApiError(
                f"{where}: a click-details entry without a 'url' and whole-number "
                f"'total_clicks' ({row!r:.200})"
            )
        yield url, total, _count(unique)


def _count(value: Any) -> int | None:
    """``value`` when it is a whole number of at least 0, else None."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    return None


def _canonical(item: _Pulled) -> dict[str, Any]:
    """What the digest of a pull is made of: the figures stored, nothing volatile."""
    campaign = item.campaign
    return {
        "id": item.campaign_id,
        "issue": item.issue_id,
        "title": campaign.title,
        "subject": campaign.subject,
        "sent": campaign.sent.isoformat() if campaign.sent else None,
        "figures": dict(campaign.figures),
        "clicks": sorted(item.clicks),
    }


def _link_clicks(catalog: Catalog, pulled: list[_Pulled]) -> Iterator[Record]:
    """Clicks per URL and issue, added up over the issue's campaigns (a resend)."""
    rows = [
        (item.issue_id, url, total, unique, None)
        for item in pulled
        for url, total, unique in item.clicks
    ]
    yield from merged_link_clicks(catalog, rows, source_name=MAILCHIMP_API)
