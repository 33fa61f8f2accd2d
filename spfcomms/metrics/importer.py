"""Importing an export file into the store: one file, one batch, one transaction.

The steps: hash the file (the same bytes twice change nothing); work out the format;
stream its records through the source reader into the store, in one transaction that
is rolled back on the first bad row; then mark figures of the same scope imported
earlier as replaced, and say so.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ..model.clock import build_datetime
from ..model.content import Workspace
from ..model.exceptions import MetricsConflictError, MetricsError
from ..model.problems import Problem, Severity, sort_problems
from . import schema
from .catalog import Catalog
from .formats import FORMATS, access_log, campaigns, links, mailchimp_exports, manual, pages
from .formats.campaigns import CAMPAIGN_SKIPPED
from .formats.mailchimp_exports import is_campaign_report
from .observations import Observation, Record
from .readers import SourceFile, SourceFormatError, inspect_file, open_text, read_csv
from .store import MetricsStore

logger = logging.getLogger(__name__)


Progress = Callable[[int, int | None], None]
"""``progress(done, total)``: how far the reading is, and where it ends when known
(lines of a CSV file; bytes on disk of an access log)."""

_FLUSH_EVERY = 1000


@dataclass(frozen=True, slots=True)
class Replacement:
    """Figures of an earlier import that a newer export replaced."""

    batch_id: int
    file_name: str
    imported_at: datetime
    issue_ids: tuple[str, ...]
    figures: int

    def describe(self) -> str:
        issues = ", ".join(self.issue_ids) or "no issue"
        return (
            f"replaced {self.figures} figure(s) for {issues} imported from {self.file_name} "
            f"on {self.imported_at:%Y-%m-%d %H:%M} UTC"
        )


@dataclass(frozen=True, slots=True)
class MetricsImportResult:
    """What importing one export file did (``importers.ImportResult`` is what importing a
    document did)."""

    file: Path
    format: str
    batch_id: int | None
    rows: int
    issue_ids: tuple[str, ...] = ()
    already_imported: datetime | None = None
    replaced: tuple[Replacement, ...] = ()
    problems: tuple[Problem, ...] = ()
    """Warnings about the file (an encoding guessed, rows skipped) and notes on what the
    import decided (campaigns skipped, site pages), with file and line."""
    lines_read: int = 0
    """Lines of the file read (for throughput figures)."""

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """The warnings among ``problems``."""
        return tuple(p for p in self.problems if p.severity is Severity.WARNING)

    @property
    def skipped(self) -> tuple[Problem, ...]:
        """Campaigns left out because they match no issue (a test send, another
        newsletter): notes among ``problems``, with the file and line of each."""
        return tuple(p for p in self.problems if p.code == CAMPAIGN_SKIPPED)

    @property
    def changed(self) -> bool:
        """False when the file had been imported before and nothing was stored."""
        return self.already_imported is None

    def messages(self) -> list[str]:
        """Human-readable lines describing the result (``problems`` are reported apart)."""
        if self.already_imported is not None:
            return [
                f"{self.file.name}: already imported on "
                f"{self.already_imported:%Y-%m-%d %H:%M} UTC, nothing changed"
            ]
        issues = ", ".join(self.issue_ids) or "no issue"
        lines = [f"{self.file.name}: stored {self.rows} figure(s) as {self.format} ({issues})"]
        lines.extend(r.describe() for r in self.replaced)
        skipped = self.skipped
        if skipped:
            lines.append(
                f"skipped {len(skipped)} campaign(s) that match no issue; if one is a "
                "bulletin, name the issue in its title (such as 2023-06 or June 2023) or "
                "import its own report with --issue"
            )
        return lines


@dataclass(slots=True)
class _Run:
    problems: list[Problem] = field(default_factory=list)
    lines_read: list[int] = field(default_factory=list)


def detect_format(
    path: Path, source: SourceFile | None = None, *, column_map: Iterable[str] = ()
) -> str:
    """The format of an export from its extension and its header row or JSON keys."""
    suffix = path.suffix.lower()
    if _looks_like_log(path):
        return "access-log"
    if suffix == ".json":
        return "mailchimp-json"
    if suffix == ".toml":
        return "manual-toml"
    if source is None:
        source = inspect_file(path)
    if is_campaign_report(_first_line(source)):
        return "mailchimp-report-csv"
    table = read_csv(source, comments=True)
    table.close()
    header = {h.strip().lower() for h in table.header}
    if table.preamble or header & {"page path and screen class", "page path"}:
        return "ga4-csv"
    if mailchimp_exports.REPORTS_HEADER <= header:
        return "mailchimp-csv"
    if {"campaign name", "total recipients"} <= header:
        return "klaviyo-csv"
    if "emails_sent" in header:
        return "mailchimp-api-csv"
    if {"channel", "metric", "value"} <= header:
        return "manual-csv"
    if header & {"url", "link"} and header & {"clicks", "total clicks"}:
        return "link-clicks-csv"
    if header & {"label", "nb_hits", "pageviews"}:
        return "matomo-csv"
    mapped = {c.strip().lower() for c in column_map}
    if mapped and mapped <= header:
        return "mapped-csv"
    raise source.error(
        table.header_line,
        f"cannot tell the format from the header ({', '.join(table.header)}); "
        f"give --format ({', '.join(FORMATS)})",
    )


def _first_line(source: SourceFile) -> str:
    lines = open_text(source)
    try:
        return next((text for _, text in lines if text.strip()), "").lstrip("\ufeff")
    finally:
        lines.close()


def _looks_like_log(path: Path) -> bool:
    suffixes = [s.lower() for s in path.suffixes]
    return (
        bool(suffixes)
        and (suffixes[-1] in (".gz", ".log") or ".log" in suffixes)
        or ("access" in path.name.lower() and not suffixes)
    )


def import_file(
    store: MetricsStore,
    workspace: Workspace,
    path: Path,
    *,
    format: str | None = None,
    issue: str | None = None,
    period_start: date | None = None,
    period_end: date | None = None,
    progress: Progress | None = None,
    catalog: Catalog | None = None,
) -> MetricsImportResult:
    """Import one export into the store (see the module docstring).

    ``format`` is one of ``FORMATS`` (default: detected); ``issue`` forces the issue a
    campaign or click report belongs to; ``period_start``/``period_end`` give the days
    an analytics export covers when the file does not say. ``catalog`` is the
    workspace's ``Catalog.from_workspace(workspace)``, for a caller importing several
    files (made here when None). Raises ``MetricsError`` (``SourceFormatError`` with
    file and line for a bad row); nothing is stored then.
    """
    if format is not None and format not in FORMATS:
        raise MetricsError(f"unknown format '{format}' (formats: {', '.join(FORMATS)})")
    if not path.is_file():
        raise MetricsError(f"{path}: no such file")
    binary = format == "access-log" or (format is None and _looks_like_log(path))
    source = inspect_file(path, text=not binary)
    previous = _previous_import(store, source.sha256)
    if previous is not None:
        return MetricsImportResult(path, format or "", None, 0, already_imported=previous)
    fmt = format or detect_format(path, source, column_map=workspace.config.metrics.column_map)
    run = _Run()

    def records(catalog: Catalog) -> Iterator[Record]:
        return _records(fmt, source, catalog, issue, period_start, period_end, progress, run)

    return store_records(
        store, workspace, source, fmt, records, run=run, progress=progress, catalog=catalog
    )


def store_records(
    store: MetricsStore,
    workspace: Workspace,
    source: SourceFile,
    fmt: str,
    records: Callable[[Catalog], Iterator[Record]],
    *,
    run: _Run | None = None,
    progress: Progress | None = None,
    problems: Iterable[Problem] = (),
    catalog: Catalog | None = None,
) -> MetricsImportResult:
    """Store the records of one source (a file, or data pulled from an API) as one batch
    in one transaction, replacing older figures of the same scopes; nothing when the
    same bytes (``source.sha256``) were stored before. ``problems`` are reported with
    the result (campaigns an API pull skipped); ``catalog`` is the workspace's, made
    here when None."""
    previous = _previous_import(store, source.sha256)
    if previous is not None:
        return MetricsImportResult(source.path, fmt, None, 0, already_imported=previous)
    run = run or _Run()
    run.problems.extend(problems)
    if catalog is None:
        catalog = Catalog.from_workspace(workspace)
    # The issues and items go into each file's own transaction (a file that fails
    # leaves nothing behind), until one of them has been committed to this store.
    sync = store not in catalog.written_to
    try:
        with store.transaction() as connection:
            result = _store(connection, source, fmt, catalog, records(catalog), run, progress, sync)
    except MetricsConflictError:
        # Another process imported the same bytes while we were reading them.
        previous = _previous_import(store, source.sha256)
        if previous is None:
            raise
        return MetricsImportResult(source.path, fmt, None, 0, already_imported=previous)
    catalog.written_to.add(store)
    return result


def _previous_import(store: MetricsStore, sha256: str) -> datetime | None:
    with store.connect() as connection:
        found: datetime | None = connection.execute(
            sa.select(schema.import_batches.c.imported_at).where(
                schema.import_batches.c.sha256 == sha256
            )
        ).scalar()
    return found


def _records(
    fmt: str,
    source: SourceFile,
    catalog: Catalog,
    issue: str | None,
    start: date | None,
    end: date | None,
    progress: Progress | None,
    run: _Run,
) -> Iterator[Record]:
    if fmt == "mailchimp-csv":
        return mailchimp_exports.read_reports_csv(
            source, catalog, forced_issue=issue, skipped=run.problems
        )
    if fmt == "mailchimp-report-csv":
        return mailchimp_exports.read_campaign_report(source, catalog, forced_issue=issue)
    if fmt == "mailchimp-json":
        return campaigns.read_mailchimp_json(
            source, catalog, forced_issue=issue, skipped=run.problems
        )
    if fmt in ("mailchimp-api-csv", "klaviyo-csv", "mapped-csv"):
        return campaigns.read_campaign_csv(
            source, catalog, forced_issue=issue, layout=fmt, skipped=run.problems
        )
    if fmt == "link-clicks-csv":
        return links.read_link_clicks(
            source, catalog, forced_issue=issue, source_name=links.LINK_REPORT
        )
    if fmt in ("ga4-csv", "matomo-csv"):
        return pages.read_page_report(source, catalog, layout=fmt, start=start, end=end)
    if fmt == "manual-csv":
        return manual.read_manual_csv(source, catalog)
    if fmt == "manual-toml":
        return manual.read_manual_toml(source, catalog)
    assert fmt == "access-log"
    size = source.size
    callback = (lambda done: progress(done, size)) if progress else None
    return access_log.read_access_log(
        source.path,
        catalog,
        progress=callback,
        problems=run.problems,
        lines_read=run.lines_read,
    )


def sync_workspace(connection: Connection, catalog: Catalog) -> None:
    """Insert or update the workspace's issues and items, so figures can refer to them."""
    issue_rows = [
        {"id": i.id, "number": i.number, "title": i.title, "published": i.date, "path": i.path}
        for i in catalog.issues.values()
    ]
    item_rows = [
        {
            "id": item.id,
            "issue_id": catalog.item_issue[item.id],
            "kind": item.kind.value,
            "title": item.title,
            "path": item.path,
        }
        for item in catalog.items.values()
    ]
    for table, rows in ((schema.issues, issue_rows), (schema.items, item_rows)):
        if rows:
            _upsert(connection, table, rows)


def _upsert(connection: Connection, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    insert = _insert_or_update(connection.dialect.name)
    if insert is not None:
        statement = insert(table)
        connection.execute(
            statement.on_conflict_do_update(
                index_elements=["id"],
                set_={c: statement.excluded[c] for c in rows[0] if c != "id"},
            ),
            rows,
        )
    else:  # pragma: no cover - other databases: slower, portable
        for row in rows:
            updated = connection.execute(
                table.update().where(table.c.id == row["id"]).values(**row)
            )
            if updated.rowcount == 0:
                connection.execute(table.insert().values(**row))


def _insert_or_update(dialect: str) -> Callable[[sa.Table], Any] | None:
    """The dialect's INSERT that has ON CONFLICT DO UPDATE (PostgreSQL, SQLite)."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert
    if dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as lite_insert

        return lite_insert
    return None


def _store(
    connection: Connection,
    source: SourceFile,
    fmt: str,
    catalog: Catalog,
    records: Iterator[Record],
    run: _Run,
    progress: Progress | None,
    sync: bool,
) -> MetricsImportResult:
    if sync:
        sync_workspace(connection, catalog)
    batch_id: int = connection.execute(
        schema.import_batches.insert()
        .values(
            file_name=source.name,
            sha256=source.sha256,
            format=fmt,
            imported_at=build_datetime(),
            rows=0,
        )
        .returning(schema.import_batches.c.id)
    ).scalar_one()
    channels = set(connection.execute(sa.select(schema.channels.c.name)).scalars())
    # Keyed by hash to keep memory small on long files; a collision could only make a
    # false "appears twice" error, never store a duplicate.
    seen: dict[int, int | None] = {}
    issue_ids: set[str] = set()
    observations: list[dict[str, Any]] = []
    clicks: list[dict[str, Any]] = []
    count = 0

    def flush() -> None:
        if observations:
            connection.execute(schema.metrics.insert(), observations)
            observations.clear()
        if clicks:
            connection.execute(schema.link_clicks.insert(), clicks)
            clicks.clear()

    for record in records:
        key = hash((type(record).__name__, *record.key))
        if key in seen:
            first = seen[key]
            where = f" (first at line {first})" if first else ""
            raise SourceFormatError(
                source.name, record.line, f"the same figure appears twice{where}"
            )
        seen[key] = record.line
        if record.issue_id:
            issue_ids.add(record.issue_id)
        if isinstance(record, Observation):
            if record.channel not in channels:
                connection.execute(schema.channels.insert().values(name=record.channel, label=""))
                channels.add(record.channel)
            observations.append(_row(schema.metrics, record, batch_id))
        else:
            clicks.append(_row(schema.link_clicks, record, batch_id))
        count += 1
        if count % _FLUSH_EVERY == 0:
            flush()
            if progress is not None and record.line:
                progress(record.line, source.lines)
    flush()
    if progress is not None and source.encoding is not None:
        progress(source.lines, source.lines)
    replaced = _replace_older(connection, batch_id) if count else ()
    connection.execute(
        schema.import_batches.update()
        .where(schema.import_batches.c.id == batch_id)
        .values(rows=count)
    )
    if count == 0:
        source.warn(None, "no figures found", "no-figures")
    logger.info("imported %s: %d figure(s), batch %d", source.name, count, batch_id)
    return MetricsImportResult(
        source.path,
        fmt,
        batch_id,
        count,
        tuple(sorted(issue_ids)),
        None,
        replaced,
        tuple(sort_problems([*source.problems, *run.problems])),
        run.lines_read[0] if run.lines_read else source.lines,
    )


def _row(table: sa.Table, record: Record, batch_id: int) -> dict[str, Any]:
    """The row of ``table`` for a record: its fields are the table's columns."""
    row: dict[str, Any] = {"batch_id": batch_id, "replaced_by": None}
    for column in table.columns.keys():
        if column not in row and column != "id":
            row[column] = getattr(record, column)
    return row


def _replace_older(connection: Connection, batch_id: int) -> tuple[Replacement, ...]:
    """Mark current figures of earlier batches that share a scope with this batch as
    replaced by it; set-based, so a file with many scopes costs a few statements."""
    found: dict[int, tuple[int, set[str]]] = {}
    for table in (schema.metrics, schema.link_clicks):
        mine = sa.select(table.c.scope).where(table.c.batch_id == batch_id).scalar_subquery()
        active = sa.and_(
            table.c.scope.in_(mine),
            table.c.batch_id != batch_id,
            table.c.replaced_by.is_(None),
        )
        for old_batch, issue_id, figures in connection.execute(
            sa.select(table.c.batch_id, table.c.issue_id, sa.func.count())
            .where(active)
            .group_by(table.c.batch_id, table.c.issue_id)
        ):
            total, issues = found.get(old_batch, (0, set()))
            if issue_id:
                issues.add(issue_id)
            found[old_batch] = (total + figures, issues)
        if found:
            connection.execute(table.update().where(active).values(replaced_by=batch_id))
    if not found:
        return ()
    batches = {
        row.id: row
        for row in connection.execute(
            sa.select(schema.import_batches).where(schema.import_batches.c.id.in_(found))
        )
    }
    return tuple(
        Replacement(
            old,
            batches[old].file_name,
            batches[old].imported_at,
            tuple(sorted(found[old][1])),
            found[old][0],
        )
        for old in sorted(found)
    )
