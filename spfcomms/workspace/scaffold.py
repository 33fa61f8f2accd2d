"""Creating a new issue folder for the editor to fill in.

Every sentence the editor must replace starts with ``PLACEHOLDER_MARKER``. The marker
alone makes the text unfinished (the ``todo`` rule), and ``placeholder_sentences``
lists the text that follows each marker, so that the same sentence is still caught
when only the marker was deleted (``placeholder-text``). Both rules run in ``check``
and ``build``: a scaffold that was never written cannot be published.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..model.config import Config
from ..model.dates import MONTHS, format_date
from ..model.exceptions import SpfcommsError
from ..output.writers import write_file_atomic
from .loaders import ISSUE_FILE, ISSUE_ID

PLACEHOLDER_MARKER = "TODO:"
"""Written in front of every sentence of the scaffold that the editor must replace."""

_ISSUE_TEMPLATE = '''number = {number}
date = {date}   # the day the bulletin goes out
title = "{month} bulletin"
intro = """
TODO: A sentence or two that introduces this month's bulletin.
"""
items = [{items}]   # item files (without .md) in reading order
'''

_ITEM_TEMPLATE = """+++
kind = "news"
id = "{item}"      # never change this once published: it is the feed GUID
title = "TODO: A news headline"
date = {date}
summary = "TODO: One or two sentences that say what this is about."
tags = []
+++

TODO: Write the story here.

TODO: Link to sources with descriptive text, such as [the NHS Staff Council's guidance](https://www.nhsemployers.org/).
"""

_SENTENCE = re.compile(rf"{re.escape(PLACEHOLDER_MARKER)}\s*([^\n\"]+)")


@functools.cache
def placeholder_sentences() -> tuple[str, ...]:
    """The text that follows each marker in the scaffold ``new`` writes."""
    found = _SENTENCE.findall(_ISSUE_TEMPLATE + _ITEM_TEMPLATE)
    return tuple(dict.fromkeys(" ".join(sentence.split()) for sentence in found))


@dataclass(frozen=True, slots=True)
class NewIssue:
    """What ``new_issue`` wrote: the files it created and the items it found there."""

    created: tuple[Path, ...]
    listed: tuple[str, ...] = ()
    """Item files that were already in the folder, now listed in the new issue.toml."""


def _next_number(issues_dir: Path) -> int:
    highest = 0
    for issue_file in issues_dir.glob(f"*/{ISSUE_FILE}"):
        try:
            number = tomllib.loads(issue_file.read_text(encoding="utf-8")).get("number")
        except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError):
            continue
        if isinstance(number, int) and not isinstance(number, bool):
            highest = max(highest, number)
    return highest + 1


def start_issue(config: Config, issue_id: str) -> NewIssue:
    """Create ``issues/<issue_id>/issue.toml``, and a first news item when it has none.

    A folder that exists without an issue.toml (made by hand, or by an import) is filled
    in: the item files already there are listed, by name, and no placeholder is added.
    A folder that has an issue.toml is refused.
    """
    if not ISSUE_ID.match(issue_id):
        raise SpfcommsError(f"'{issue_id}' is not an issue id: use YEAR-MONTH, such as 2024-01")
    folder = config.issues_dir / issue_id
    issue_path = folder / ISSUE_FILE
    if issue_path.exists():
        raise SpfcommsError(f"{issue_path} already exists; edit it instead")
    if folder.exists() and not folder.is_dir():
        raise SpfcommsError(f"{folder} is a file, not an issue folder; move it away first")
    year, month = (int(part) for part in issue_id.split("-"))
    first = date(year, month, 1)
    existing = tuple(sorted(p.stem for p in folder.glob("*.md"))) if folder.is_dir() else ()
    item = f"news-{issue_id}-" + MONTHS[month - 1].lower()
    names = existing or (item,)
    created: list[Path] = []
    if not existing:
        item_path = folder / f"{item}.md"
        write_file_atomic(item_path, _ITEM_TEMPLATE.format(item=item, date=first.isoformat()))
        created.append(item_path)
    write_file_atomic(
        issue_path,
        _ISSUE_TEMPLATE.format(
            number=_next_number(config.issues_dir),
            date=first.isoformat(),
            month=format_date(first, "month"),
            items=", ".join(f'"{name}"' for name in names),
        ),
    )
    created.insert(0, issue_path)
    return NewIssue(created=tuple(created), listed=existing)


def new_issue(config: Config, issue_id: str) -> list[Path]:
    """Create an issue folder (see ``start_issue``); the paths of the files written."""
    return list(start_issue(config, issue_id).created)
