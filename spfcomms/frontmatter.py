"""Splitting a content file into TOML front matter and a Markdown body.

Front matter sits between two ``+++`` lines at the top of the file (as in Hugo).
``FrontMatter.line_of(key)`` finds the line a key was written on, so every problem
with a field can point at it.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from typing import Any

from .exceptions import Problem, SourceLocation, error

FENCE = "+++"
_TOML_POSITION = re.compile(r"\(at line (\d+), column \d+\)")


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """Parsed front matter with enough of the text kept to locate keys."""

    data: dict[str, Any]
    lines: tuple[str, ...]
    first_line: int
    source: SourceLocation

    def line_of(self, key: str) -> int:
        """The line ``key = ...`` is on, or the opening fence when the key is absent."""
        pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
        for offset, text in enumerate(self.lines):
            if pattern.match(text):
                return self.first_line + offset
        table = re.compile(rf"^\s*\[\[?\s*{re.escape(key)}\s*\]\]?\s*$")
        for offset, text in enumerate(self.lines):
            if table.match(text):
                return self.first_line + offset
        return self.first_line - 1

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
    lines = text.splitlines()
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
        match = _TOML_POSITION.search(message)
        line = 1 + int(match.group(1)) if match else 1
        message = _TOML_POSITION.sub("", message).strip()
        return error(
            source.at_line(line), f"invalid TOML in front matter: {message}", "bad-front-matter"
        )
    front = FrontMatter(data=data, lines=tuple(front_lines), first_line=2, source=source)
    body = "\n".join(lines[closing + 1 :])
    return SplitDocument(front=front, body=body, body_line=closing + 2)
