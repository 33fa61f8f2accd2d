"""Problems: things wrong with the content, reported and kept going.

A *Problem* is something wrong that spfcomms can report and keep going: a missing
summary, a date outside the issue's month, a placeholder link, a bad row in an export.
Loaders, validators, checks and importers collect every Problem of a run; the stage
boundary raises one ``ContentError`` (``model/exceptions.py``) that lists them all.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


@functools.total_ordering
@dataclass(frozen=True, slots=True)
class SourceLocation:
    """Where something came from: a file and, when known, a 1-based line and column.

    ``path`` is a local file, or a ``str`` naming a place that is not one (the address
    of a web page that was imported, ``<text>``).
    """

    path: Path | str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        if not self.line:
            return str(self.path)
        if self.column:
            return f"{self.path}:{self.line}:{self.column}"
        return f"{self.path}:{self.line}"

    def at_line(self, line: int | None) -> SourceLocation:
        """The same file at another line."""
        return SourceLocation(self.path, line)

    def relative_to(self, root: Path) -> SourceLocation:
        """The location with its path relative to ``root`` when it is a file inside it."""
        if isinstance(self.path, Path) and self.path.is_relative_to(root):
            return SourceLocation(self.path.relative_to(root), self.line, self.column)
        return self

    @property
    def sort_key(self) -> tuple[str, int, int]:
        """File, line and column order."""
        return (str(self.path), self.line or 0, self.column or 0)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, SourceLocation):
            return NotImplemented
        return self.sort_key < other.sort_key


class Severity(StrEnum):
    """How bad a Problem is. ``--strict`` turns warnings into errors; a note is for
    information (what an import decided) and never fails a run."""

    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing found at one place, reported in compiler style::

        issues/2024-03/news.md:9: error: placeholder link 'report' (#) [placeholder-link]

    Validation, the checks, document imports and metrics imports all report these.
    """

    location: SourceLocation
    severity: Severity
    message: str
    code: str

    def __str__(self) -> str:
        return f"{self.location}: {self.severity}: {self.message} [{self.code}]"

    @property
    def is_error(self) -> bool:
        """True for an error (a warning or a note is not)."""
        return self.severity is Severity.ERROR

    @property
    def file(self) -> str:
        """The file (or page) the problem is in, as text."""
        return str(self.location.path)

    @property
    def line(self) -> int | None:
        """The 1-based line, when known."""
        return self.location.line

    @property
    def column(self) -> int | None:
        """The 1-based column, when known."""
        return self.location.column

    def to_json(self) -> dict[str, object]:
        """A JSON-ready dict: one line of ``--json`` output."""
        return {
            "type": "problem",
            "location": str(self.location),
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "severity": str(self.severity),
            "code": self.code,
            "message": self.message,
        }


def error(location: SourceLocation, message: str, code: str) -> Problem:
    """Shorthand for an ERROR Problem."""
    return Problem(location, Severity.ERROR, message, code)


def warning(location: SourceLocation, message: str, code: str) -> Problem:
    """Shorthand for a WARNING Problem."""
    return Problem(location, Severity.WARNING, message, code)


def note(location: SourceLocation, message: str, code: str) -> Problem:
    """Shorthand for a NOTE Problem."""
    return Problem(location, Severity.NOTE, message, code)


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Problems in file, line and message order, so reports are stable."""
    return sorted(problems, key=lambda p: (*p.location.sort_key, p.code, p.message))


def count_by_severity(problems: Iterable[Problem]) -> dict[Severity, int]:
    """How many problems of each severity (every severity, zero when none)."""
    counts = dict.fromkeys(Severity, 0)
    for problem in problems:
        counts[problem.severity] += 1
    return counts
