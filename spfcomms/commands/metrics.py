"""``spfcomms metrics`` as library calls: import export files, pull from a mailing tool's
API, summarise, write CSV/JSON.

``import_files`` imports each file in its own transaction (a bad file stores nothing
and the others still import) and says what happened to each; ``pull`` reads a mailing
tool's reports through its API into the store by the same path; ``show`` (or
``summaries``) reads the figures back, per issue and for the site as a whole;
``summary_csv``, ``site_csv`` and ``summary_json`` write them as ``metrics show
--csv/--json`` does. The CSV columns are the fields of ``IssueRow``, ``ItemRow`` and
``SiteRow``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import astuple, dataclass, fields
from datetime import date, datetime
from pathlib import Path

from ..metrics.catalog import Catalog
from ..metrics.formats import PULL_TOOLS
from ..metrics.importer import MetricsImportResult, Progress, import_file
from ..metrics.measures import Figure
from ..metrics.readers import SourceFormatError
from ..metrics.site import SiteSummary, site_summary
from ..metrics.store import MetricsStore
from ..metrics.summary import EmailFigures, IssueSummary, issue_summaries, issue_summary
from ..model.content import Workspace
from ..model.exceptions import MetricsError, SpfcommsError
from ..model.problems import Problem, SourceLocation, error
from ..output.csvfile import csv_text


@dataclass(frozen=True, slots=True)
class FileImport:
    """What happened to one file of ``import_files``: its result, or why nothing was
    stored from it."""

    path: Path
    result: MetricsImportResult | None
    failure: SpfcommsError | None = None
    seconds: float = 0.0

    @property
    def problems(self) -> tuple[Problem, ...]:
        """The file's warnings, or the error that stopped it."""
        if self.failure is None:
            return self.result.problems if self.result is not None else ()
        if isinstance(self.failure, SourceFormatError):
            return (self.failure.problem,)
        return (error(SourceLocation(self.path.name), str(self.failure), "import-failed"),)

    @property
    def lines_per_second(self) -> float:
        """Lines read per second (0 when nothing was read)."""
        lines = self.result.lines_read if self.result is not None else 0
        return lines / self.seconds if self.seconds > 0 else 0.0


def import_files(
    store: MetricsStore,
    workspace: Workspace,
    paths: Sequence[Path],
    *,
    format: str | None = None,
    issue: str | None = None,
    period_start: date | None = None,
    period_end: date | None = None,
    progress: Callable[[Path], Progress | None] | None = None,
) -> list[FileImport]:
    """Import every file, one transaction each; a failed file does not stop the others.

    ``progress(path)`` may return a callback that follows the reading of that file.
    The workspace is indexed once for all the files.
    """
    catalog = Catalog.from_workspace(workspace)
    done = []
    for path in paths:
        started = time.perf_counter()
        try:
            result = import_file(
                store,
                workspace,
                path,
                format=format,
                issue=issue,
                period_start=period_start,
                period_end=period_end,
                progress=progress(path) if progress is not None else None,
                catalog=catalog,
            )
        except SpfcommsError as exc:
            done.append(FileImport(path, None, exc, time.perf_counter() - started))
            continue
        done.append(FileImport(path, result, None, time.perf_counter() - started))
    return done


def pull(
    store: MetricsStore,
    workspace: Workspace,
    tool: str,
    *,
    since: date | None = None,
    progress: Progress | None = None,
    environ: Mapping[str, str] | None = None,
) -> MetricsImportResult:
    """Pull ``tool``'s campaign reports sent since ``since`` (every one when None) into
    the store, as one batch; ``progress(done, total)`` counts campaigns.

    The API key is read from the environment variable the workspace's
    ``[mailchimp].api_key_env`` names (``environ`` instead of ``os.environ``).
    Everything is fetched before anything is stored: a refused key or a broken answer
    half-way raises ``MetricsError`` and stores nothing.
    """
    if tool not in PULL_TOOLS:
        raise MetricsError(f"cannot pull from '{tool}' (tools: {', '.join(PULL_TOOLS)})")
    from ..metrics.mailchimp_api import MailchimpClient
    from ..metrics.pull import pull_mailchimp

    client = MailchimpClient.from_config(workspace.config, environ)
    try:
        return pull_mailchimp(store, workspace, client=client, since=since, progress=progress)
    finally:
        client.close()


def summaries(
    store: MetricsStore, issue_id: str | None = None, *, prefer: Sequence[str] | None = None
) -> list[IssueSummary]:
    """One issue's summary, or every issue's; ``MetricsError`` when the store is empty.
    ``prefer`` is the source precedence (default: ``[metrics].prefer``'s default)."""
    found = (
        [issue_summary(store, issue_id, prefer=prefer)]
        if issue_id
        else issue_summaries(store, prefer=prefer)
    )
    if not found:
        raise _empty(store)
    return found


@dataclass(frozen=True, slots=True)
class Shown:
    """What ``metrics show`` shows: the issues asked for, and the site section."""

    issues: tuple[IssueSummary, ...] | None
    """None when only the site section was asked for."""
    site: SiteSummary | None
    """None when one issue was asked for."""


def show(
    store: MetricsStore,
    *,
    issue_id: str | None = None,
    site_only: bool = False,
    prefer: Sequence[str] | None = None,
) -> Shown:
    """One issue, or every issue and the site section, or (``site_only``) the site
    section alone; ``MetricsError`` when the store holds nothing to show."""
    if site_only and issue_id:
        raise MetricsError("give an issue or --site, not both")
    issues = None
    if not site_only:
        issues = tuple(
            [issue_summary(store, issue_id, prefer=prefer)]
            if issue_id
            else issue_summaries(store, prefer=prefer)
        )
    site = None if issue_id else site_summary(store, prefer=prefer)
    if not issues and (site is None or site.is_empty):
        raise _empty(store)
    return Shown(issues, site)


def _empty(store: MetricsStore) -> MetricsError:
    return MetricsError(
        f"the metrics store {store.url} is empty: import some figures with "
        "'spfcomms metrics import FILE'"
    )


@dataclass(frozen=True, slots=True)
class IssueRow:
    """One issue in ``metrics show --csv``: the fields are the columns, in order."""

    issue: str
    title: str
    published: str
    email_source: str
    sent: str
    delivered: str
    bounces: str
    unique_opens: str
    opens_mpp_inflated: str
    unique_opens_excluding_mpp: str
    open_rate: str
    open_rate_excluding_mpp: str
    unique_clicks: str
    click_rate: str
    click_to_open_rate: str
    unsubscribed: str
    unsubscribe_rate: str
    abuse_reports: str
    email_other_sources: str
    """What the sources not taken said about the same campaigns (never added)."""
    web_views: str
    web_views_source: str
    web_views_other_sources: str
    feed_subscribers: str
    direct_feed_readers: str
    partner_pickups: str
    manual: str

    @classmethod
    def of(cls, summary: IssueSummary) -> IssueRow:
        """The row of one issue's summary."""
        email = summary.email
        figures = {
            name: number(getattr(email, name) if email is not None else None)
            for name in _EMAIL_COLUMNS
        }
        views = summary.web_views
        return cls(
            issue=summary.issue_id,
            title=summary.title,
            published=summary.published.isoformat() if summary.published else "",
            email_source=email.source if email is not None else "",
            opens_mpp_inflated="yes" if email is not None and email.opens_mpp_inflated else "",
            email_other_sources="; ".join(
                f"{source}: " + " ".join(f"{k}={number(v)}" for k, v in said.items())
                for source, said in (email.others.items() if email is not None else ())
            ),
            web_views=number(views.value) if views else "",
            web_views_source=views.source if views else "",
            web_views_other_sources=_others(views),
            feed_subscribers=number(summary.feed_subscribers),
            direct_feed_readers=number(summary.direct_feed_readers),
            partner_pickups=(
                number(sum(summary.partner_pickups.values())) if summary.partner_pickups else ""
            ),
            manual="; ".join(
                f"{f.channel}/{f.metric}{'/' + f.label if f.label else ''}={number(f.value)}"
                + (f" {f.unit}" if f.unit else "")
                for f in summary.manual
            ),
            **figures,
        )


@dataclass(frozen=True, slots=True)
class ItemRow:
    """One item in ``metrics show --csv --items``: the fields are the columns, in order."""

    issue: str
    item: str
    title: str
    clicks: str
    unique_clicks: str
    clicks_by_anchor: str
    clicks_source: str
    page_views: str
    page_views_source: str
    page_views_other_sources: str

    @classmethod
    def rows_of(cls, summary: IssueSummary) -> list[ItemRow]:
        """The rows of every item of one issue's summary."""
        return [
            cls(
                issue=summary.issue_id,
                item=item.item_id or "",
                title=item.title,
                clicks=str(item.clicks),
                unique_clicks="" if item.unique_clicks is None else str(item.unique_clicks),
                clicks_by_anchor="; ".join(f"{k}={v}" for k, v in item.clicks_by_anchor.items()),
                clicks_source=item.clicks_source or "",
                page_views=number(item.page_views.value) if item.page_views else "",
                page_views_source=item.page_views.source if item.page_views else "",
                page_views_other_sources=_others(item.page_views),
            )
            for item in summary.items
        ]


@dataclass(frozen=True, slots=True)
class SiteRow:
    """One figure of the site section in ``metrics show --site --csv``: the fields are
    the columns, in order."""

    section: str
    """``feed_subscribers``, ``feed_fetches``, ``direct_feed_readers``,
    ``partner_pickups``, ``page_views`` or ``manual``."""
    name: str
    detail: str
    period_start: str
    period_end: str
    value: str
    unit: str
    source: str
    other_sources: str
    note: str

    @classmethod
    def of_figure(cls, section: str, name: str, detail: str, figure: Figure, unit: str) -> SiteRow:
        """The row of one figure taken from the preferred source."""
        return cls(
            section=section,
            name=name,
            detail=detail,
            period_start=_when(figure.period_start),
            period_end=_when(figure.period_end),
            value=number(figure.value),
            unit=unit,
            source=figure.source,
            other_sources=_others(figure),
            note="",
        )

    @classmethod
    def rows_of(cls, site: SiteSummary) -> list[SiteRow]:
        """Every figure of the site section, in a stable order."""
        rows = [
            cls(
                section="feed_subscribers",
                name=count.aggregator,
                detail=count.feed,
                period_start=_when(count.reported_at),
                period_end=_when(count.reported_at),
                value=number(count.subscribers),
                unit="subscribers",
                source=count.source,
                other_sources="",
                note=f"latest count of {count.month}",
            )
            for count in site.feed_subscribers
        ]
        for section, group, unit in (
            ("feed_fetches", site.feed_fetches, "requests"),
            ("direct_feed_readers", site.direct_feed_readers, "readers"),
            ("partner_pickups", site.partner_pickups, "requests"),
        ):
            rows.extend(cls.of_figure(section, n.name, "", n.figure, unit) for n in group)
        for page in site.pages:
            detail = page.item_id or page.issue_id or ""
            rows.append(cls.of_figure("page_views", page.page, detail, page.views, "views"))
        rows.extend(
            cls(
                section="manual",
                name=f"{manual.channel}/{manual.metric}",
                detail=manual.label or "",
                period_start=_when(manual.period_start),
                period_end=_when(manual.period_end),
                value=number(manual.value),
                unit=manual.unit or "",
                source=manual.source or "",
                other_sources="",
                note=manual.note or "",
            )
            for manual in site.manual
        )
        return rows


ISSUE_COLUMNS = tuple(f.name for f in fields(IssueRow))
ITEM_COLUMNS = tuple(f.name for f in fields(ItemRow))
SITE_COLUMNS = tuple(f.name for f in fields(SiteRow))
# The IssueRow columns that are EmailFigures figures of the same name (the flag is
# written as "yes" instead).
_EMAIL_COLUMNS = tuple(
    name
    for name in ISSUE_COLUMNS
    if name in {f.name for f in fields(EmailFigures)} and name != "opens_mpp_inflated"
)


def number(value: float | None) -> str:
    """A figure for CSV: whole numbers without a decimal point, rates to 4 places."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:.4f}"


def _others(figure: Figure | None) -> str:
    """``access-log=34; matomo=1502``: what the sources not taken said."""
    if figure is None:
        return ""
    return "; ".join(f"{source}={number(value)}" for source, value in figure.others.items())


def _when(moment: datetime | None) -> str:
    return moment.isoformat() if moment is not None else ""


def summary_csv(found: Sequence[IssueSummary], *, items: bool = False) -> str:
    """``metrics show --csv``: one row per issue, or with ``items`` one per item."""
    if items:
        return csv_text(ITEM_COLUMNS, (astuple(row) for s in found for row in ItemRow.rows_of(s)))
    return csv_text(ISSUE_COLUMNS, (astuple(IssueRow.of(s)) for s in found))


def site_csv(site: SiteSummary) -> str:
    """``metrics show --site --csv``: one row per figure of the site section."""
    return csv_text(SITE_COLUMNS, (astuple(row) for row in SiteRow.rows_of(site)))


def summary_json(shown: Shown) -> str:
    """``metrics show --json``: ``{"issues": [...], "site": {...}}`` with every figure,
    dates as ISO 8601; a part that was not asked for is left out."""
    data: dict[str, object] = {}
    if shown.issues is not None:
        data["issues"] = [s.as_dict() for s in shown.issues]
    if shown.site is not None:
        data["site"] = shown.site.as_dict()
    return json.dumps(data, indent=2, default=_json_value, ensure_ascii=False) + "\n"


def _json_value(value: object) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")
