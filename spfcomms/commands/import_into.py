"""``spfcomms import`` as a library call: documents into issue folders of the workspace.

``import_batch`` imports many documents (``import_into`` one, raising when it cannot).
It reads and recognises every source first, then plans every file it would write,
then writes them all. A source that cannot be read, recognised or filed is reported
with its name and left out; the others go ahead. Nothing is half-written: a failed
source writes nothing, each file is replaced atomically, and if writing fails part way
every file already written is put back as it was.

With ``into="auto"`` each source goes into the issue of its own publication month
(``issues/2026-03`` for a page published on 26 March 2026), and an issue folder that
does not exist yet is created with the defaults of ``spfcomms new``: the next issue
number and a title to edit.
"""

from __future__ import annotations

import logging
import tomllib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from ..importers.importer import import_document, read_source
from ..importers.limits import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT
from ..importers.model import AnyImported, ImportResult
from ..importers.workspace import (
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
from ..model.config import Config
from ..model.content import ItemKind
from ..model.exceptions import ImportSourceError, SpfcommsError
from ..model.problems import Problem, SourceLocation, error
from ..workspace.loaders import ISSUE_FILE, ISSUE_ID

logger = logging.getLogger(__name__)

AUTO = "auto"
"""``into`` value that files each source by its own publication month."""

Progress = Callable[[int, int, str], None]
"""Called after each source is read: (done, total, source)."""


@dataclass(frozen=True, slots=True)
class ImportIntoResult:
    """What was recognised in the document, and what was (or would be) written."""

    imported: ImportResult
    folder: Path
    written: tuple[WrittenItem, ...]
    dry_run: bool = False

    @property
    def changed(self) -> bool:
        """True when a file was (or would be) created or replaced."""
        return any(entry.outcome is not Outcome.UNCHANGED for entry in self.written)


def import_into(
    config: Config,
    source: str | Path,
    issue_id: str,
    *,
    kind: ItemKind | str | None = None,
    force: bool = False,
    dry_run: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> ImportIntoResult:
    """Import ``source`` (a file or an http(s) address) into the issue ``issue_id``.

    ``issue_id`` may be "auto": the issue of the item's own publication month. A batch
    of one: importing the same document again changes nothing, and a file edited since
    the last import is only replaced with ``force``. Raises ``ImportSourceError`` when
    the document cannot be read, holds no item or cannot be written.
    """
    done = import_batch(
        config,
        [source],
        issue_id,
        kind=kind,
        force=force,
        dry_run=dry_run,
        timeout=timeout,
        max_bytes=max_bytes,
    )
    (report,) = done.sources
    if report.result is None or report.failed:
        raise ImportSourceError(report.error)
    return ImportIntoResult(
        report.result, config.issues_dir / report.issue_id, report.files, dry_run
    )


@dataclass(frozen=True, slots=True)
class SourceReport:
    """What became of one source of a batch: its result and files, or what stopped it."""

    source: str
    result: ImportResult | None = None
    issue_id: str = ""
    error: str = ""
    """Why nothing of this source was written, naming the source; empty when imported."""
    files: tuple[WrittenItem, ...] = ()

    @property
    def failed(self) -> bool:
        """True when nothing of this source was (or would be) written."""
        return bool(self.error)

    @property
    def items(self) -> tuple[AnyImported, ...]:
        """The items recognised in the source (none when it could not be read)."""
        return self.result.items if self.result is not None else ()

    @property
    def problems(self) -> tuple[Problem, ...]:
        """The import's warnings and notes, then the error that stopped it, if any."""
        found = self.result.problems if self.result is not None else ()
        if not self.failed:
            return found
        prefix = f"{self.source}: "
        message = self.error[len(prefix) :] if self.error.startswith(prefix) else self.error
        return (*found, error(SourceLocation(self.source), message, "import-failed"))


@dataclass(frozen=True, slots=True)
class BatchImportResult:
    """Every source's report, in the order given, and every file (to be) written."""

    sources: tuple[SourceReport, ...]
    files: tuple[WrittenItem, ...] = ()
    dry_run: bool = False

    @property
    def failed(self) -> list[SourceReport]:
        """The sources of which nothing was written."""
        return [r for r in self.sources if r.failed]

    @property
    def imported(self) -> list[SourceReport]:
        """The sources whose items were (or would be) written."""
        return [r for r in self.sources if not r.failed]

    @property
    def items(self) -> list[AnyImported]:
        """Every item imported, in the order of the sources."""
        return [i for r in self.imported for i in r.items]

    @property
    def warnings(self) -> int:
        """How many warnings the imported sources gave."""
        return sum(len(r.result.warnings) for r in self.imported if r.result is not None)

    @property
    def issues(self) -> list[str]:
        """The issues the imported sources went into, sorted."""
        return sorted({r.issue_id for r in self.imported})

    @property
    def item_outcomes(self) -> dict[str, int]:
        """How many item files were created, left unchanged or replaced, by outcome."""
        counts = Counter(
            f.outcome.value for r in self.imported for f in r.files if f.path.name != ISSUE_FILE
        )
        return dict(sorted(counts.items()))

    @property
    def changed(self) -> bool:
        """True when a file was (or would be) created, replaced or updated."""
        return any(f.outcome is not Outcome.UNCHANGED for f in self.files)

    @property
    def problems(self) -> list[Problem]:
        """Every source's problems, in the order of the sources."""
        return [p for r in self.sources for p in r.problems]


def import_batch(
    config: Config,
    sources: Sequence[str | Path],
    into: str,
    *,
    kind: ItemKind | str | None = None,
    force: bool = False,
    dry_run: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Progress | None = None,
) -> BatchImportResult:
    """Import ``sources`` into the issue ``into`` (or each into its own month with "auto").

    ``progress`` is called after each source is read. A bad source does not stop the
    others; raises ``ImportSourceError`` only when ``into`` is neither an issue id nor
    "auto".
    """
    if into != AUTO and not ISSUE_ID.match(into):
        raise ImportSourceError(f"'{into}' is not an issue id: use YEAR-MONTH or 'auto'")
    issues_dir = config.issues_dir
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
    return BatchImportResult(tuple(reports), tuple(files), dry_run)


def _import_one(
    source: str | Path,
    issues_dir: Path,
    into: str,
    kind: ItemKind | str | None,
    timeout: float,
    max_bytes: int,
) -> tuple[ImportResult, str]:
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
        if extra is not None and any(i.id in _gained_by(extra) for i in reports[index].items):
            own.append(WrittenItem(extra.path, extra.outcome))
        reports[index] = replace(reports[index], files=tuple(own))
    return [*items_planned, *issue_files.values()]


def _gained_by(issue: PlannedFile) -> set[str]:
    """The ids an issue.toml gains: listed in its new text, not in the file on disk."""

    new = tomllib.loads(issue.text).get("items", [])
    try:
        old = tomllib.loads(issue.path.read_text(encoding="utf-8")).get("items", [])
    except (OSError, tomllib.TOMLDecodeError):
        old = []
    return {str(n) for n in new} - {str(n) for n in old}
