"""Creating a new issue folder for the editor to fill in."""

from __future__ import annotations

import re
import tomllib
from datetime import date
from pathlib import Path

from ..model.config import Config
from ..model.exceptions import SpfcommsError
from ..output.writers import write_file_atomic
from .loaders import ISSUE_FILE, ISSUE_ID

_ISSUE_TEMPLATE = '''number = {number}
date = {date}   # the day the bulletin goes out
title = "{month} bulletin"
intro = """
A sentence or two that introduces this month's bulletin.
"""
items = ["{item}"]   # item files (without .md) in reading order
'''

_ITEM_TEMPLATE = """+++
kind = "news"
id = "{item}"      # never change this once published: it is the feed GUID
title = "A news headline"
date = {date}
summary = "One or two sentences that say what this is about."
tags = []
+++

TODO: write the story here. Link to sources with descriptive text, for example
[the NHS Staff Council's guidance](https://www.nhsemployers.org/).
"""


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


def new_issue(config: Config, issue_id: str) -> list[Path]:
    """Create ``issues/<issue_id>/`` with issue.toml and a first news item."""
    if not ISSUE_ID.match(issue_id):
        raise SpfcommsError(f"'{issue_id}' is not an issue id: use YEAR-MONTH, such as 2024-01")
    folder = config.issues_dir / issue_id
    if folder.exists():
        raise SpfcommsError(f"{folder} already exists; edit it instead")
    year, month = (int(part) for part in issue_id.split("-"))
    first = date(year, month, 1)
    item = f"news-{issue_id}-" + re.sub(r"[^a-z]", "", first.strftime("%B").lower())
    issue_path = folder / ISSUE_FILE
    item_path = folder / f"{item}.md"
    write_file_atomic(
        issue_path,
        _ISSUE_TEMPLATE.format(
            number=_next_number(config.issues_dir),
            date=first.isoformat(),
            month=first.strftime("%B %Y"),
            item=item,
        ),
    )
    write_file_atomic(item_path, _ITEM_TEMPLATE.format(item=item, date=first.isoformat()))
    return [issue_path, item_path]
