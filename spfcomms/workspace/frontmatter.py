"""Splitting a content file into TOML front matter and a Markdown body.

Front matter sits between two ``+++`` lines at the top of the file (as in Hugo).
``FrontMatter.line_of(key)`` finds the line a key was written on, so every problem
with a field can point at it.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass
from typing import Any

from ..model.problems import Problem, SourceLocation, error

FENCE = "+++"
TOML_POSITION = re.compile(r"\(at line (\d+), column \d+\)")
"""Where tomllib says an error is; loaders move it into the file's own numbering."""
_TABLE_HEADER = re.compile(r"^\s*\[")
_DATE_VALUE = re.compile(
    r"^\s*([\w-]+)\s*=\s*(\d{4}-\d\d-\d\d(?:[Tt ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?)?"
    r"(?:[Zz]|[+-]\d\d:\d\d)?)\s*(?:#.*)?$"
)


def explain_toml_error(message: str, line: str) -> str:
    """tomllib's message, or a plainer one when the line holds an impossible date.

    ``date = 2023-12-32`` makes tomllib say "Expected newline or end of document after
    a statement", which does not tell an editor what is wrong.
    """
    match = _DATE_VALUE.match(line)
    if match is None:
        return message
    key, value = match.groups()
    try:
        if len(value) == 10:
            dt.date.fromisoformat(value)
        else:
            dt.datetime.fromisoformat(value.replace("z", "Z").replace("t", "T"))
    except ValueError:
        if len(value) == 10:
            return (
                f"'{key}': {value} is not a valid date; write it as YYYY-MM-DD, such as 2023-12-14"
            )
        return (
            f"'{key}': {value} is not a valid date and time; write it as "
            "YYYY-MM-DDTHH:MM:SS, such as 2024-01-18T10:00:00"
        )
    return message


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """Parsed front matter with enough of the text kept to locate keys."""

    data: dict[str, Any]
    lines: tuple[str, ...]
    first_line: int
    source: SourceLocation

    def line_of(self, key: str, *, table: str | None = None, index: int = 0) -> int:
        """The line ``key = ...`` is on, or where the key would belong when it is absent.

        Without ``table`` the key is looked up among the top-level keys (before the
        first ``[table]`` header); with ``table`` inside the ``index``-th ``[[table]]``
        block, so that a problem in the second contact points at the second contact.
        """
        start, end, fallback = self._block(table, index)
        pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
        for offset in range(start, end):
            if pattern.match(self.lines[offset]):
                return self.first_line + offset
        if table is None:
            header = re.compile(rf"^\s*\[\[?\s*{re.escape(key)}\s*\]\]?\s*$")
            for offset, text in enumerate(self.lines):
                if header.match(text):
                    return self.first_line + offset
        return fallback

    def _block(self, table: str | None, index: int) -> tuple[int, int, int]:
        # (first line, end line, line to point at when the key is missing), as offsets
        # into self.lines except the last, which is a file line.
        headers = [i for i, text in enumerate(self.lines) if _TABLE_HEADER.match(text)]
        if table is None:
            return 0, headers[0] if headers else len(self.lines), self.first_line - 1
        wanted = re.compile(rf"^\s*\[\[\s*{re.escape(table)}\s*\]\]\s*$")
        blocks = [i for i in headers if wanted.match(self.lines[i])]
        if index >= len(blocks):
            return 0, 0, self.first_line - 1
        start = blocks[index]
        end = next((i for i in headers if i > start), len(self.lines))
        return start + 1, end, self.first_line + start

    def at(self, key: str) -> SourceLocation:
        """Where ``key`` is, as a SourceLocation."""
        return self.source.at_line(self.line_of(key))


@dataclass(frozen=True, slots=True)
class SplitDocument:
    """A content file: its front matter, its body and the line the body starts on."""

    front: FrontMatter
    body: str
    body_line: int


def split_document(text: str, source: SourceLocation) -> SplitDocument | Problem:
    """Split ``text`` or return the Problem that stops it being read."""
    if text.startswith("\ufeff"):
        text = text[1:]
    # Only line feeds end lines, as in editors: str.splitlines() would also split on
    # form feeds and U+2028 and put every later line number off by one.
    lines = text.replace("\r\n", "\n").split("\n")
    if not lines or lines[0].strip() != FENCE:
        return error(
            source.at_line(1),
            "a content file must start with TOML front matter between two '+++' lines",
            "no-front-matter",
        )
    try:
        closing = next(i for i in range(1, len(lines)) if lines[i].strip() == FENCE)
    except StopIteration:
        return error(
            source.at_line(1),
            "the front matter opened on line 1 is never closed: add a line with '+++'",
            "unclosed-front-matter",
        )
    front_lines = lines[1:closing]
    try:
        data = tomllib.loads("\n".join(front_lines))
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = TOML_POSITION.search(message)
        if match:
            line = 1 + int(match.group(1))
        else:
            # "(at end of document)", usually an unclosed string or array: the document
            # ended on the last line before the closing '+++'.
            line = max(2, closing)
        message = TOML_POSITION.sub("", message).replace("(at end of document)", "").strip()
        message = explain_toml_error(message, lines[line - 1] if line - 1 < len(lines) else "")
        return error(
            source.at_line(line), f"invalid TOML in front matter: {message}", "bad-front-matter"
        )
    front = FrontMatter(data=data, lines=tuple(front_lines), first_line=2, source=source)
    body = "\n".join(lines[closing + 1 :])
    return SplitDocument(front=front, body=body, body_line=closing + 2)
