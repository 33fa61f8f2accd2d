"""The record of link results on disk: the link-check cache and the link-health history.

Every network result is stored with its time (``[linkcheck].cache_path``, an SQLite
file reached through SQLAlchemy, as the metrics store is); a result younger than
``[linkcheck].cache_hours`` is reused without a request, and the stored rows are the
link-health history the audit report reads (``link_history``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from .linkstatus import LinkResult, LinkStatus

logger = logging.getLogger(__name__)

# Statuses worth trusting for cache_hours; transient ones are asked again next run.
_CACHEABLE = ("ok", "redirected", "broken")


_metadata = sa.MetaData()
link_results = sa.Table(
    "link_results",
    _metadata,
    sa.Column("uri", sa.Text, nullable=False),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("code", sa.Integer, nullable=False),
    sa.Column("message", sa.Text, nullable=False),
    sa.Column("new_uri", sa.Text, nullable=False),
    sa.Column("checked_at", sa.Text, nullable=False),  # ISO 8601, UTC: sorts as text
    sa.Index("link_results_uri", "uri", "checked_at"),
)
"""The one table: a row per link checked over the network, never updated."""


class LinkStore:
    """The record of link results in an SQLite file: the cache and the link-health history.

    The table is the one earlier versions wrote with the ``sqlite3`` module, so their
    files are read as they are. A file that is not an SQLite database, or whose table
    lacks a column, is set aside as ``<name>.unreadable`` and a new record started: it
    is a cache, and the next ``check --links`` fills it again.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self.engine = self._open()

    def _open(self) -> sa.Engine:
        engine = sa.create_engine(f"sqlite:///{self.path}")
        try:
            _metadata.create_all(engine)
            columns = {c["name"] for c in sa.inspect(engine).get_columns("link_results")}
            if columns >= set(link_results.c.keys()):
                return engine
            reason = f"its table lacks {', '.join(sorted(set(link_results.c.keys()) - columns))}"
        except sa.exc.DatabaseError as exc:
            reason = str(exc.orig) if exc.orig is not None else str(exc)
        engine.dispose()
        aside = self.path.with_name(self.path.name + ".unreadable")
        logger.warning(
            "%s: cannot use it (%s); kept as %s, starting anew", self.path, reason, aside
        )
        self.path.replace(aside)
        engine = sa.create_engine(f"sqlite:///{self.path}")
        _metadata.create_all(engine)
        return engine

    def close(self) -> None:
        """Release the file."""
        self.engine.dispose()

    def fresh(self, uris: Iterable[str], since: datetime) -> dict[str, LinkResult]:
        """The newest trustworthy result of each of ``uris`` checked at or after ``since``."""
        wanted = set(uris)
        query = (
            sa.select(link_results)
            .where(link_results.c.checked_at >= since.isoformat())
            .where(link_results.c.status.in_(_CACHEABLE))
            .order_by(link_results.c.checked_at)
        )
        found: dict[str, LinkResult] = {}
        with self.engine.connect() as connection:
            for row in connection.execute(query):
                if row.uri in wanted:
                    found[row.uri] = _from_row(row)  # later rows win: the newest is kept
        return found

    def record(self, results: Iterable[LinkResult]) -> None:
        """Append results to the history."""
        rows = [
            {
                "uri": r.uri,
                "status": str(r.status),
                "code": r.code,
                "message": r.message,
                "new_uri": r.new_uri,
                "checked_at": r.checked_at.isoformat(),
            }
            for r in results
        ]
        if rows:
            with self.engine.begin() as connection:
                connection.execute(link_results.insert(), rows)

    def history(self, uri: str | None = None) -> list[LinkResult]:
        """Every recorded result, oldest first (only those for ``uri`` when given)."""
        query = sa.select(link_results).order_by(link_results.c.checked_at, link_results.c.uri)
        if uri is not None:
            query = query.where(link_results.c.uri == uri)
        with self.engine.connect() as connection:
            return [_from_row(row) for row in connection.execute(query)]


def _from_row(row: sa.Row[Any]) -> LinkResult:
    return LinkResult(
        row.uri,
        LinkStatus(row.status),
        row.code,
        row.message,
        (),
        datetime.fromisoformat(row.checked_at),
        row.new_uri,
    )


def link_history(store_path: Path, uri: str | None = None) -> list[LinkResult]:
    """The dated results recorded at ``store_path``, oldest first, for the audit report."""
    if not store_path.is_file():
        return []
    store = LinkStore(store_path)
    try:
        return store.history(uri)
    finally:
        store.close()


def link_health(store_path: Path) -> list[tuple[str, dict[LinkStatus, int]]]:
    """Per day checked: how many links were in each status (the last result of the day)."""
    last: dict[tuple[str, str], LinkStatus] = {}
    for result in link_history(store_path):
        last[(result.checked_at.date().isoformat(), result.uri)] = result.status
    days: dict[str, dict[LinkStatus, int]] = {}
    for (day, _), status in sorted(last.items()):
        counts = days.setdefault(day, {})
        counts[status] = counts.get(status, 0) + 1
    return sorted(days.items())
