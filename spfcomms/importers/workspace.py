"""Putting imported items into an issue folder, safely and idempotently.

An item's file name is its id. Writing the same import twice changes nothing; a file
that differs from what the importer would write (because someone edited it, or the
source changed) is only replaced with ``force``. Nothing is written unless every item
can be written. The issue's ``issue.toml`` is created when missing, or gets the new
items appended to its ``items`` list.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path

from ..model.exceptions import ImportSourceError
from ..output.writers import write_file_atomic
from ..workspace.loaders import ISSUE_FILE, ISSUE_ID
from ..workspace.scaffold import _next_number
from .model import AnyImported
from .writer import render_item, toml_string


class Outcome(StrEnum):
    """What happened (or would happen) to one file."""

    CREATED = "created"
    UNCHANGED = "unchanged"
    REPLACED = "replaced"
    UPDATED = "updated"
    """issue.toml got new item names."""


@dataclass(frozen=True, slots=True)
class WrittenItem:
    """One file the import wrote or would write."""

    path: Path
    outcome: Outcome


def issue_date_of(folder: Path) -> date | None:
    """The ``date`` in an issue folder's issue.toml, when it has a readable one."""
    try:
        data = tomllib.loads((folder / ISSUE_FILE).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    value = data.get("date")
    return value if isinstance(value, date) else None


def default_issue_date(issue_id: str, candidates: list[date]) -> date:
    """A date for a new issue: the latest candidate inside the month, else its first day."""
    year, month = (int(part) for part in issue_id.split("-"))
    inside = [d for d in candidates if (d.year, d.month) == (year, month)]
    return max(inside) if inside else date(year, month, 1)


def write_items(
    items: tuple[AnyImported, ...] | list[AnyImported],
    folder: Path,
    *,
    force: bool = False,
    dry_run: bool = False,
    issue_date: date | None = None,
) -> list[WrittenItem]:
    """Write ``items`` into the issue ``folder``; refuse to replace edited files."""
    if not ISSUE_ID.match(folder.name):
        raise ImportSourceError(f"{folder}: an issue folder is named YEAR-MONTH, such as 2024-01")
    for item in items:
        elsewhere = sorted(p for p in folder.parent.glob(f"*/{item.id}.md") if p.parent != folder)
        if elsewhere:
            raise ImportSourceError(
                f"{elsewhere[0]}: '{item.id}' is already in issue {elsewhere[0].parent.name}; "
                "an item's id is its feed GUID and must be unique, so nothing was written"
            )
    planned: list[tuple[Path, str, Outcome]] = []
    conflicts: list[Path] = []
    for item in items:
        path = folder / f"{item.id}.md"
        text = render_item(item)
        if path.exists():
            current = path.read_text(encoding="utf-8", errors="replace")
            if current == text:
                planned.append((path, text, Outcome.UNCHANGED))
                continue
            if not force:
                conflicts.append(path)
                continue
            planned.append((path, text, Outcome.REPLACED))
        else:
            planned.append((path, text, Outcome.CREATED))
    if conflicts:
        names = ", ".join(str(p) for p in conflicts)
        raise ImportSourceError(
            f"{names}: already exists and differs from this import (edited since?); "
            "nothing was written. Use --force to replace it"
        )
    issue_text, issue_outcome = _issue_file(folder, [i.id for i in items], issue_date, items)
    results = [WrittenItem(path, outcome) for path, _, outcome in planned]
    if issue_outcome is not None:
        results.append(WrittenItem(folder / ISSUE_FILE, issue_outcome))
    if dry_run:
        return results
    for path, text, outcome in planned:
        if outcome is not Outcome.UNCHANGED:
            write_file_atomic(path, text)
    if issue_outcome is not None:
        write_file_atomic(folder / ISSUE_FILE, issue_text)
    return results


def _issue_file(
    folder: Path,
    names: list[str],
    issue_date: date | None,
    items: tuple[AnyImported, ...] | list[AnyImported],
) -> tuple[str, Outcome | None]:
    path = folder / ISSUE_FILE
    if not path.exists():
        when = issue_date or default_issue_date(folder.name, [i.date for i in items])
        month = when.strftime("%B %Y")
        text = (
            f"number = {_next_number(folder.parent)}\n"
            f"date = {when.isoformat()}   # the day the bulletin goes out\n"
            f"title = {toml_string(month + ' bulletin')}\n"
            'intro = """\n'
            f"This issue brings you {_listing(items)}.\n"
            '"""\n'
            f"items = [{', '.join(toml_string(n) for n in names)}]   # files in reading order\n"
        )
        return text, Outcome.CREATED
    text = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ImportSourceError(f"{path}: invalid TOML ({exc}); fix it first") from None
    existing = data.get("items", [])
    if not isinstance(existing, list):
        raise ImportSourceError(f"{path}: 'items' is not a list; fix it first")
    missing = [n for n in names if n not in existing]
    if not missing:
        return text, None
    wanted = [*existing, *missing]
    updated = _replace_items(text, wanted)
    try:
        if tomllib.loads(updated).get("items") != wanted:
            raise ValueError
    except (tomllib.TOMLDecodeError, ValueError):
        raise ImportSourceError(
            f"{path}: could not add {', '.join(missing)} to 'items'; add them by hand"
        ) from None
    return updated, Outcome.UPDATED


def _replace_items(text: str, names: list[str]) -> str:
    array = "[" + ", ".join(toml_string(n) for n in names) + "]"
    start = re.search(r"(?m)^\s*items\s*=\s*\[", text)
    if start is None:
        return text.rstrip("\n") + f"\nitems = {array}\n"
    # Find the closing bracket, skipping strings and comments inside the array.
    index, in_string, depth = start.end(), "", 1
    while index < len(text) and depth:
        char = text[index]
        if in_string:
            if char == "\\" and in_string == '"':
                index += 1
            elif char == in_string:
                in_string = ""
        elif char in "\"'":
            in_string = char
        elif char == "#":
            index = text.find("\n", index)
            if index < 0:
                break
            continue
        elif char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        index += 1
    equals = text.index("[", start.start())
    return text[:equals] + array + text[index:]


def _listing(items: tuple[AnyImported, ...] | list[AnyImported]) -> str:
    titles = [i.title for i in items]
    return titles[0] if len(titles) == 1 else ", ".join(titles[:-1]) + " and " + titles[-1]
