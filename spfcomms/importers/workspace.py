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


def next_issue_number(issues_dir: Path) -> int:
    """The number the next new issue gets (as 'spfcomms new' gives it)."""
    return _next_number(issues_dir)


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


@dataclass(frozen=True, slots=True)
class PlannedFile:
    """A file an import will write, with its new text and what happens to it."""

    path: Path
    text: str
    outcome: Outcome


def id_elsewhere(item_id: str, folder: Path) -> Path | None:
    """The file of ``item_id`` in another issue folder of the workspace, if there is one."""
    elsewhere = sorted(p for p in folder.parent.glob(f"*/{item_id}.md") if p.parent != folder)
    return elsewhere[0] if elsewhere else None


def refuse_elsewhere(item_id: str, folder: Path) -> None:
    """ImportSourceError when ``item_id`` is already in another issue folder."""
    other = id_elsewhere(item_id, folder)
    if other is not None:
        raise ImportSourceError(
            f"{other}: '{item_id}' is already in issue {other.parent.name}; an item's id is "
            "its feed GUID and must be unique, so nothing was written"
        )


def plan_item(item: AnyImported, folder: Path, *, force: bool) -> PlannedFile:
    """What writing ``item`` into ``folder`` does; ImportSourceError if it must not."""
    refuse_elsewhere(item.id, folder)
    path = folder / f"{item.id}.md"
    text = render_item(item)
    if not path.exists():
        return PlannedFile(path, text, Outcome.CREATED)
    current = path.read_text(encoding="utf-8", errors="replace")
    if current == text:
        return PlannedFile(path, text, Outcome.UNCHANGED)
    if not force:
        raise ImportSourceError(
            f"{path}: already exists and differs from this import (edited since?); "
            "nothing was written. Use --force to replace it"
        )
    return PlannedFile(path, text, Outcome.REPLACED)


def plan_issue_file(
    folder: Path,
    items: tuple[AnyImported, ...] | list[AnyImported],
    issue_date: date | None = None,
    *,
    number: int | None = None,
) -> PlannedFile | None:
    """issue.toml created for, or extended with, ``items``; None when it already lists them.

    A new issue gets ``number``, or the next number after those in the workspace.
    """
    text, outcome = _issue_file(folder, [i.id for i in items], issue_date, items, number)
    return PlannedFile(folder / ISSUE_FILE, text, outcome) if outcome is not None else None


def commit(planned: list[PlannedFile]) -> None:
    """Write every planned file (each atomically); on a failure, put back what was there."""
    previous: list[tuple[Path, bytes | None]] = []
    new_folders = sorted({p.path.parent for p in planned if not p.path.parent.exists()})
    try:
        for entry in planned:
            if entry.outcome is Outcome.UNCHANGED:
                continue
            previous.append((entry.path, entry.path.read_bytes() if entry.path.exists() else None))
            write_file_atomic(entry.path, entry.text)
    except OSError as exc:
        for path, data in reversed(previous):
            if data is None:
                path.unlink(missing_ok=True)
            else:
                write_file_atomic(path, data)
        for folder in new_folders:
            if folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
        where = previous[-1][0] if previous else planned[0].path
        raise ImportSourceError(
            f"{where}: could not write ({exc.strerror or exc}); nothing was changed"
        ) from None


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
        refuse_elsewhere(item.id, folder)
    planned: list[PlannedFile] = []
    conflicts: list[Path] = []
    for item in items:
        try:
            planned.append(plan_item(item, folder, force=force))
        except ImportSourceError:
            conflicts.append(folder / f"{item.id}.md")
    if conflicts:
        names = ", ".join(str(p) for p in conflicts)
        raise ImportSourceError(
            f"{names}: already exists and differs from this import (edited since?); "
            "nothing was written. Use --force to replace it"
        )
    issue = plan_issue_file(folder, items, issue_date)
    if issue is not None:
        planned.append(issue)
    if not dry_run:
        commit(planned)
    return [WrittenItem(p.path, p.outcome) for p in planned]


def _issue_file(
    folder: Path,
    names: list[str],
    issue_date: date | None,
    items: tuple[AnyImported, ...] | list[AnyImported],
    number: int | None = None,
) -> tuple[str, Outcome | None]:
    path = folder / ISSUE_FILE
    if not path.exists():
        # The defaults of 'spfcomms new': the next number and "<Month> <Year> bulletin".
        when = issue_date or default_issue_date(folder.name, [i.date for i in items])
        month = when.strftime("%B %Y")
        text = (
            f"number = {number if number is not None else _next_number(folder.parent)}\n"
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
