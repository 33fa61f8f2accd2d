"""Recording in issue.toml which campaign carries the issue, changing nothing else.

``spfcomms publish`` writes::

    [campaign]
    tool = "mailchimp"
    id = "42694e9e57"

at the end of issue.toml, or rewrites the lines of an existing ``[campaign]`` table in
place. Every other byte of the file stays as the editor left it (comments, order,
spacing, line endings); the result is parsed again and must hold exactly the old
values plus the new table, or nothing is written. The file is replaced atomically.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from ..model.content import CampaignRecord
from ..model.exceptions import SpfcommsError
from ..output.writers import write_file_atomic

_HEADER = re.compile(r"^[ \t]*\[[ \t]*campaign[ \t]*\][ \t]*(?:#.*)?$")
_ANY_HEADER = re.compile(r"^[ \t]*\[")


def _toml_string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    escaped = "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in escaped)
    return f'"{escaped}"'


def _blank_or_comment(line: str) -> bool:
    text = line.strip(" \t\r\n")
    return not text or text.startswith("#")


def with_campaign(text: str, record: CampaignRecord) -> str:
    """``text`` (an issue.toml) with its ``[campaign]`` table set to ``record``."""
    newline = "\r\n" if "\r\n" in text else "\n"
    table = [
        "[campaign]",
        f"tool = {_toml_string(record.tool)}",
        f"id = {_toml_string(record.id)}",
    ]
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if _HEADER.match(line.rstrip("\r\n"))), None)
    if start is None:
        ending = "" if not text or text.endswith(("\n", "\r")) else newline
        return text + ending + newline + newline.join(table) + newline
    end = next((i for i in range(start + 1, len(lines)) if _ANY_HEADER.match(lines[i])), len(lines))
    # Keep blank lines and comments that sit between this table and the next one.
    while end - 1 > start and _blank_or_comment(lines[end - 1]):
        end -= 1
    block = [line + newline for line in table]
    return "".join(lines[:start] + block + lines[end:])


def record_campaign(issue_file: Path, record: CampaignRecord) -> None:
    """Write ``record`` into ``issue_file`` (see the module docstring)."""
    raw = issue_file.read_bytes()
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    before = tomllib.loads(text)
    after_text = with_campaign(text, record)
    expected = {**before, "campaign": {"tool": record.tool, "id": record.id}}
    try:
        after = tomllib.loads(after_text)
    except tomllib.TOMLDecodeError:
        after = None
    if after != expected:
        raise SpfcommsError(
            f"{issue_file}: could not add the [campaign] table without changing the rest "
            f"of the file; add it by hand: [campaign] tool = {_toml_string(record.tool)}, "
            f"id = {_toml_string(record.id)}"
        )
    data = after_text.encode("utf-8")
    write_file_atomic(issue_file, (b"\xef\xbb\xbf" if bom else b"") + data)
