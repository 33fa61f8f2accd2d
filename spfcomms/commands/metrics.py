"""``spfcomms metrics`` as library calls: import export files, summarise, write CSV/JSON.

``import_files`` imports each file in its own transaction (a bad file stores nothing
and the others still import) and says what happened to each; ``summaries`` reads the
figures back; ``summary_csv`` and ``summary_json`` write them as ``metrics show
--csv/--json`` does. The CSV columns are the fields of ``IssueRow`` and ``ItemRow``.
"""

from __future__ import annotations

import csv
import io
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import astuple, dataclass, fields
from datetime import date, datetime
from pathlib import Path

from ..metrics.importer import MetricsImportResult, Progress, import_file
from ..metrics.readers import SourceFormatError
from ..metrics.store import MetricsStore
from ..metrics.summary import EmailFigures, IssueSummary, issue_summaries, issue_summary
from ..model.content import Workspace
from ..model.exceptions import MetricsError, SpfcommsError
from ..model.problems import Problem, SourceLocation, error


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
    """
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
            )
        except SpfcommsError as exc:
            done.append(FileImport(path, None, exc, time.perf_counter() - started))
            continue
        done.append(FileImport(path, result, None, time.perf_counter() - started))
    return done


def summaries(store: MetricsStore, issue_id: str | None = None) -> list[IssueSummary]:
    """One issue's summary, or every issue's; ``MetricsError`` when the store is empty."""
    found = [issue_summary(store, issue_id)] if issue_id else issue_summaries(store)
    if not found:
        raise MetricsError(
            f"the metrics store {store.url} is empty: import some figures with "
            "'spfcomms metrics import FILE'"
        )
    return found


@dataclass(frozen=True, slots=True)
class IssueRow:
    """One issue in ``metrics show --csv``: the fields are the columns, in order."""

    issue: str
    title: str
    published: str
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
    web_views: str
    web_views_by_source: str
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
        return cls(
            issue=summary.issue_id,
            title=summary.title,
            published=summary.published.isoformat() if summary.published else "",
            opens_mpp_inflated="yes" if email is not None and email.opens_mpp_inflated else "",
            web_views=number(max(summary.web_views.values())) if summary.web_views else "",
            web_views_by_source=_pairs(summary.web_views),
            feed_subscribers=number(summary.feed_subscribers),
            direct_feed_readers=number(summary.direct_feed_readers),
            partner_pickups=(
                number(sum(summary.partner_pickups.values())) if summary.partner_pickups else ""
            ),
            manual="; ".join(
                f"{f.channel}/{f.metric}{'/' + f.label if f.label else ''}={number(f.value)}"
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
    page_views: str

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
                page_views=_pairs(item.page_views),
            )
            for item in summary.items
        ]


ISSUE_COLUMNS = tuple(f.name for f in fields(IssueRow))
ITEM_COLUMNS = tuple(f.name for f in fields(ItemRow))
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


def _pairs(values: dict[str, float]) -> str:
    return "; ".join(f"{key}={number(value)}" for key, value in values.items())


def summary_csv(found: Sequence[IssueSummary], *, items: bool = False) -> str:
    """``metrics show --csv``: one row per issue, or with ``items`` one per item."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if items:
        writer.writerow(ITEM_COLUMNS)
        writer.writerows(astuple(row) for s in found for row in ItemRow.rows_of(s))
    else:
        writer.writerow(ISSUE_COLUMNS)
        writer.writerows(astuple(IssueRow.of(s)) for s in found)
    return buffer.getvalue()


def summary_json(found: Sequence[IssueSummary]) -> str:
    """``metrics show --json``: every summary with every figure, dates as ISO 8601."""
    data = [s.as_dict() for s in found]
    return json.dumps(data, indent=2, default=_json_value, ensure_ascii=False) + "\n"


def _json_value(value: object) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")
