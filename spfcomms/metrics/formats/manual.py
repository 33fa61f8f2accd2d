"""Figures typed in by hand: podcast listens, social followers and impressions, event
attendance, partner pickups that no log can see. A CSV or a TOML file.

CSV columns: ``channel, metric, value, period_start, period_end, issue, label, note``
and optionally ``unit`` (``listens``, ``followers``), ``source`` (where the figure was
found: "LinkedIn page analytics", "NSPF stocktake 2019") and ``kind`` (``count``,
``level``, ``change``, ``rate``; by default read from the metric's name, see
``measures``). ``issue``, ``label`` and ``note`` are optional too; the period may be
left out when an issue is given: it is then the issue's window. TOML: one
``[[figure]]`` table per figure with the same keys.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator, Mapping
from datetime import date, timedelta
from typing import Any

from ..catalog import Catalog
from ..measures import KIND_NAMES
from ..observations import Observation
from ..readers import (
    SourceFile,
    check_count,
    day_start,
    find_columns,
    parse_date,
    parse_decimal,
    read_csv,
)

_CHANNEL = re.compile(r"^[a-z][a-z0-9-]{0,63}\Z")
_METRIC = re.compile(r"^[a-z][a-z0-9_]{0,63}\Z")
_COLUMNS: dict[str, tuple[str, ...]] = {
    name: (name,)
    for name in (
        "channel",
        "metric",
        "value",
        "period_start",
        "period_end",
        "issue",
        "label",
        "note",
        "unit",
        "source",
        "kind",
    )
}
_KEYS = frozenset(_COLUMNS)


def _figure(
    source: SourceFile,
    catalog: Catalog,
    line: int,
    row: Mapping[str, str],
    value: float,
    start: date | None,
    end: date | None,
) -> Observation:
    channel = row.get("channel", "").strip()
    metric = row.get("metric", "").strip()
    if not _CHANNEL.match(channel):
        raise source.error(
            line, f"channel '{channel}': use lower-case letters, digits and '-' (e.g. podcast)"
        )
    if not _METRIC.match(metric):
        raise source.error(
            line, f"metric '{metric}': use lower-case letters, digits and '_' (e.g. listens)"
        )
    issue_id = row.get("issue", "").strip() or None
    if issue_id is not None and issue_id not in catalog.issues:
        raise source.error(
            line, f"no issue '{issue_id}' (issues: {', '.join(catalog.issue_ids())})"
        )
    if start is None or end is None:
        if issue_id is None:
            raise source.error(line, "give period_start and period_end, or an issue")
        window_start, window_end = catalog.window(issue_id)
        start = start or window_start
        end = end or window_end - timedelta(days=1)
    if end < start:
        raise source.error(line, f"period_end {end} is before period_start {start}")
    tz = catalog.config.tz
    period_start = day_start(start, tz)
    period_end = day_start(end + timedelta(days=1), tz)
    label = row.get("label", "").strip() or None
    kind = row.get("kind", "").strip().lower() or None
    if kind is not None and kind not in KIND_NAMES:
        raise source.error(
            line, f"kind '{kind}': use one of {', '.join(KIND_NAMES)} (or leave it empty)"
        )
    return Observation(
        scope=f"manual|{channel}|{metric}|{issue_id or ''}|{label or ''}|"
        f"{period_start.isoformat()}|{period_end.isoformat()}",
        metric=metric,
        value=value,
        channel=channel,
        source="manual",
        issue_id=issue_id,
        label=label,
        period_start=period_start,
        period_end=period_end,
        note=row.get("note", "").strip() or None,
        line=line,
        unit=row.get("unit", "").strip() or None,
        origin=row.get("source", "").strip() or None,
        kind=kind,
    )


def read_manual_csv(source: SourceFile, catalog: Catalog) -> Iterator[Observation]:
    """Hand-kept figures from a CSV file."""
    table = read_csv(source)
    columns = find_columns(table, _COLUMNS, required=("channel", "metric", "value"))
    for line, raw in table.rows:
        row = {ours: raw.get(theirs, "") for ours, theirs in columns.items()}
        value = parse_decimal(source, line, columns["value"], row["value"])
        start = (
            parse_date(source, line, columns["period_start"], row["period_start"])
            if row.get("period_start")
            else None
        )
        end = (
            parse_date(source, line, columns["period_end"], row["period_end"])
            if row.get("period_end")
            else None
        )
        yield _figure(source, catalog, line, row, value, start, end)


def read_manual_toml(source: SourceFile, catalog: Catalog) -> Iterator[Observation]:
    """Hand-kept figures from ``[[figure]]`` tables in a TOML file."""
    assert source.encoding is not None
    text = source.path.read_text(encoding=source.encoding).lstrip("\ufeff")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+)", str(exc))
        raise source.error(int(match.group(1)) if match else None, f"invalid TOML: {exc}") from None
    header_lines = [n for n, t in enumerate(text.splitlines(), 1) if t.strip() == "[[figure]]"]
    unknown_top = sorted(set(data) - {"figure"})
    if unknown_top:
        raise source.error(None, f"unknown key(s) {', '.join(unknown_top)}: use [[figure]] tables")
    figures = data.get("figure", [])
    for index, table in enumerate(figures):
        line = header_lines[index] if index < len(header_lines) else 1
        unknown = sorted(set(table) - _KEYS)
        if unknown:
            raise source.error(line, f"unknown key(s) {', '.join(unknown)} in [[figure]]")
        missing = [k for k in ("channel", "metric", "value") if k not in table]
        if missing:
            raise source.error(line, f"[[figure]] is missing {', '.join(missing)}")
        value: Any = table["value"]
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise source.error(line, f"value {value!r} is not a number")
        dates: list[date | None] = []
        for key in ("period_start", "period_end"):
            given = table.get(key)
            if given is not None and not isinstance(given, date):
                raise source.error(line, f"{key} {given!r} is not a date (write 2023-06-01)")
            dates.append(given)
        row = {
            k: str(v)
            for k, v in table.items()
            if k in ("channel", "metric", "issue", "label", "note", "unit", "source", "kind")
        }
        check_count(source, line, "value", value)
        yield _figure(source, catalog, line, row, float(value), dates[0], dates[1])
