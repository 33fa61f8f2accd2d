"""Importing many documents in one go: each into a named issue, or into its own month.

``import_batch`` reads and recognises every source first, then plans every file it
would write, then writes them all. A source that cannot be read, recognised or filed is
reported with its name and left out; the others go ahead. Nothing is half-written: a
failed source writes nothing, each file is replaced atomically, and if writing fails
part way every file already written is put back as it was.

With ``into="auto"`` each source goes into the issue of its own publication month
(``issues/2026-03`` for a page published on 26 March 2026), and an issue folder that
does not exist yet is created with the defaults of ``spfcomms new``: the next issue
number and a title to edit.
"""

from __future__ import annotations

import logging
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from ..content import ItemKind
from ..exceptions import ImportSourceError, SpfcommsError
from ..loaders import ISSUE_FILE, ISSUE_ID
from .model import AnyImported, ImportResult
from .sources import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT
from .workspace import (
    Outcome,
    PlannedFile,
    WrittenItem,
    commit,
    default_issue_date,
    issue_date_of,
    next_issue_number,
    plan_issue_file,
    plan_item,
)

logger = logging.getLogger(__name__)

AUTO = "auto"
"""``into`` value that files each source by its own publication month."""

Progress = Callable[[int, int, str], None]
"""Called after each source is read: (done, total, source)."""


@dataclass(frozen=True, slots=True)
class SourceReport:
    """What became of one source: its result and files, or the error that stopped it."""

    source: str
    result: ImportResult | None = None
    issue_id: str = ""
    error: str = ""
    files: tuple[WrittenItem, ...] = ()

    @property
    def failed(self) -> bool:
        return bool(self.error)


@dataclass
class BatchReport:
    """Every source's report, in the order given, and every file written."""

    sources: list[SourceReport]
    files: list[WrittenItem] = field(default_factory=list)
    dry_run: bool = False

    @property
    def failed(self) -> list[SourceReport]:
        return [r for r in self.sources if r.failed]

    @property
    def imported(self) -> list[SourceReport]:
        return [r for r in self.sources if not r.failed]

    @property
    def items(self) -> list[AnyImported]:
        return [i for r in self.imported if r.result for i in r.result.items]


def import_batch(
    sources: Sequence[str | Path],
    issues_dir: Path,
    *,
    into: str,
    kind: ItemKind | str | None = None,
    force: bool = False,
    dry_run: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Progress | None = None,
) -> BatchReport:
    """Import ``sources`` into ``issues_dir/<into>`` (or each into its month with "auto")."""
    if into != AUTO and not ISSUE_ID.match(into):
        raise ImportSourceError(f"'{into}' is not an issue id: use YEAR-MONTH or 'auto'")
    reports: list[SourceReport] = []
    for done, source in enumerate(sources, start=1):
        try:
            result, issue_id = _import_one(source, issues_dir, into, kind, timeout, max_bytes)
            reports.append(SourceReport(str(source), result, issue_id))
        except SpfcommsError as exc:
            reports.append(SourceReport(str(source), error=_named(str(source), exc)))
        if progress is not None:
            progress(done, len(sources), str(source))
    planned = _plan(reports, issues_dir, force=force)
    files = [WrittenItem(p.path, p.outcome) for p in planned]
    if not dry_run and planned:
        try:
            commit(planned)
        except ImportSourceError as exc:
            reports = [r if r.failed else replace(r, error=str(exc), files=()) for r in reports]
            files = []
    for report in reports:
        if report.failed:
            logger.info("not imported: %s", report.error)
    return BatchReport(reports, files, dry_run)


def _import_one(
    source: str | Path,
    issues_dir: Path,
    into: str,
    kind: ItemKind | str | None,
    timeout: float,
    max_bytes: int,
) -> tuple[ImportResult, str]:
    from . import import_document, read_source

    document = read_source(source, timeout=timeout, max_bytes=max_bytes)
    if into != AUTO:
        folder = issues_dir / into
        result = import_document(
            document, kind=kind, issue_id=into, issue_date=issue_date_of(folder)
        )
        return result, into
    first = import_document(document, kind=kind)
    issue_id = f"{first.items[0].date:%Y-%m}"
    issue_date = issue_date_of(issues_dir / issue_id)
    if issue_date is None:
        return first, issue_id
    # An existing issue dates the items that state no date of their own, as with --into.
    return import_document(document, kind=kind, issue_id=issue_id, issue_date=issue_date), issue_id


def _named(source: str, exc: Exception) -> str:
    message = str(exc)
    return message if source in message else f"{source}: {message}"


def _date_like_new_issues(reports: list[SourceReport], issues_dir: Path) -> None:
    """Items that state no date of their own take the date a new issue will get.

    An existing issue already dates them (``issue_date`` of the import); a new one gets
    the latest date of its items, so importing the same sources again writes the same
    files.
    """
    dates: dict[str, list[date]] = {}
    for report in reports:
        if report.result is not None and not report.failed:
            dates.setdefault(report.issue_id, []).extend(i.date for i in report.result.items)
    for index, report in enumerate(reports):
        if report.result is None or report.failed:
            continue
        if (issues_dir / report.issue_id / ISSUE_FILE).exists():
            continue
        when = default_issue_date(report.issue_id, dates[report.issue_id])
        items = tuple(
            i if i.date_stated or i.date == when else replace(i, date=when)
            for i in report.result.items
        )
        reports[index] = replace(report, result=replace(report.result, items=items))


def _plan(reports: list[SourceReport], issues_dir: Path, *, force: bool) -> list[PlannedFile]:
    """Every file to write, item files first; failing sources are marked in ``reports``."""
    _date_like_new_issues(reports, issues_dir)
    items_planned: list[PlannedFile] = []
    claimed: dict[str, tuple[str, str, str]] = {}  # id -> (issue, text, source)
    accepted: dict[str, list[tuple[int, AnyImported]]] = {}
    per_report: dict[int, list[PlannedFile]] = {}
    for index, report in enumerate(reports):
        if report.failed or report.result is None:
            continue
        folder = issues_dir / report.issue_id
        try:
            mine = []
            for item in report.result.items:
                entry = plan_item(item, folder, force=force)
                earlier = claimed.get(item.id)
                if earlier is not None:
                    if earlier[0] != report.issue_id or earlier[1] != entry.text:
                        raise ImportSourceError(
                            f"'{item.id}' is also what {earlier[2]} gives (into "
                            f"{earlier[0]}); an id must be unique, so this one was left out"
                        )
                    entry = replace(entry, outcome=Outcome.UNCHANGED)
                mine.append(entry)
        except ImportSourceError as exc:
            reports[index] = replace(report, error=_named(report.source, exc))
            continue
        for item, entry in zip(report.result.items, mine, strict=True):
            if item.id not in claimed:
                claimed[item.id] = (report.issue_id, entry.text, report.source)
                accepted.setdefault(report.issue_id, []).append((index, item))
        per_report[index] = mine
        items_planned.extend(e for e in mine if e.outcome is not Outcome.UNCHANGED)
    issue_files: dict[str, PlannedFile] = {}
    # New issues are numbered in date order, after those already in the workspace.
    number = next_issue_number(issues_dir)
    for issue_id, entries in sorted(accepted.items()):
        new = not (issues_dir / issue_id / ISSUE_FILE).exists()
        try:
            issue = plan_issue_file(
                issues_dir / issue_id,
                [item for _, item in entries],
                number=number if new else None,
            )
        except ImportSourceError as exc:
            for index, _ in entries:
                reports[index] = replace(reports[index], error=_named(reports[index].source, exc))
            items_planned = [p for p in items_planned if p.path.parent.name != issue_id]
            continue
        if issue is not None:
            issue_files[issue_id] = issue
            number += 1 if new else 0
    for index, mine in per_report.items():
        if reports[index].failed:
            continue
        extra = issue_files.get(reports[index].issue_id)
        own = [WrittenItem(p.path, p.outcome) for p in mine]
        if extra is not None and any(i.id in _gained_by(extra) for i in _items(reports[index])):
            own.append(WrittenItem(extra.path, extra.outcome))
        reports[index] = replace(reports[index], files=tuple(own))
    return [*items_planned, *issue_files.values()]


def _items(report: SourceReport) -> tuple[AnyImported, ...]:
    return report.result.items if report.result else ()


def _gained_by(issue: PlannedFile) -> set[str]:
    """The ids an issue.toml gains: listed in its new text, not in the file on disk."""

    new = tomllib.loads(issue.text).get("items", [])
    try:
        old = tomllib.loads(issue.path.read_text(encoding="utf-8")).get("items", [])
    except (OSError, tomllib.TOMLDecodeError):
        old = []
    return {str(n) for n in new} - {str(n) for n in old}
