"""The record of link results on disk: the link-check cache and the link-health history.

Every network result is stored with its time (``[linkcheck].cache_path``); a result
younger than ``[linkcheck].cache_hours`` is reused without a request, and the stored
rows are the link-health history the audit report reads (``link_history``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from contextlib import closing
from datetime import datetime
from pathlib import Path

from .linkstatus import LinkResult, LinkStatus

# Statuses worth trusting for cache_hours; transient ones are asked again next run.
_CACHEABLE = ("ok", "redirected", "broken")


class LinkStore:
    """The SQLite record of link results: the cache and the link-health history."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(path)) as con, con:
            con.execute(
                "CREATE TABLE IF NOT EXISTS link_results (uri TEXT NOT NULL, status TEXT NOT "
                "NULL, code INTEGER NOT NULL, message TEXT NOT NULL, new_uri TEXT NOT NULL, "
                "checked_at TEXT NOT NULL)"
            )
            con.execute(
                "CREATE INDEX IF NOT EXISTS link_results_uri ON link_results (uri, checked_at)"
            )

    def fresh(self, uris: Iterable[str], since: datetime) -> dict[str, LinkResult]:
        """The newest trustworthy result of each of ``uris`` checked at or after ``since``."""
        wanted = set(uris)
        found: dict[str, LinkResult] = {}
        with closing(sqlite3.connect(self.path)) as con:
            rows = con.execute(
                "SELECT uri, status, code, message, new_uri, checked_at FROM link_results "
                f"WHERE checked_at >= ? AND status IN {_CACHEABLE} ORDER BY checked_at",
                (since.isoformat(),),
            )
            for row in rows:
                if row[0] in wanted:
                    found[row[0]] = _from_row(row)  # later rows win: the newest is kept
        return found

    def record(self, results: Iterable[LinkResult]) -> None:
        """Append results to the history."""
        rows = [
            (r.uri, str(r.status), r.code, r.message, r.new_uri, r.checked_at.isoformat())
            for r in results
        ]
        with closing(sqlite3.connect(self.path)) as con, con:
            con.executemany("INSERT INTO link_results VALUES (?, ?, ?, ?, ?, ?)", rows)

    def history(self, uri: str | None = None) -> list[LinkResult]:
        """Every recorded result, oldest first (only those for ``uri`` when given)."""
        query = "SELECT uri, status, code, message, new_uri, checked_at FROM link_results"
        params: tuple[str, ...] = ()
        if uri is not None:
            query += " WHERE uri = ?"
            params = (uri,)
        with closing(sqlite3.connect(self.path)) as con:
            rows = con.execute(query + " ORDER BY checked_at, uri", params).fetchall()
        return [_from_row(row) for row in rows]


def _from_row(row: tuple[str, str, int, str, str, str]) -> LinkResult:
    uri, status, code, message, new_uri, checked_at = row
    return LinkResult(
        uri, LinkStatus(status), code, message, (), datetime.fromisoformat(checked_at), new_uri
    )


def link_history(store_path: Path, uri: str | None = None) -> list[LinkResult]:
    """The dated results recorded at ``store_path``, oldest first, for the audit report."""
    if not store_path.is_file():
        return []
    return LinkStore(store_path).history(uri)


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
