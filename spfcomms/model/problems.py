"""Problems: things wrong with the content, reported and kept going.

A *Problem* is something wrong that spfcomms can report and keep going: a missing
summary, a date outside the issue's month, a placeholder link, a bad row in an export.
Loaders, validators, checks and importers collect every Problem of a run; the stage
boundary raises one ``ContentError`` (``model/exceptions.py``) that lists them all.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


@dataclass(frozen=True, slots=True, order=True)
class SourceLocation:
    """Where something came from: a file and, when known, a 1-based line."""

    path: Path
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else str(self.path)

    def at_line(self, line: int | None) -> SourceLocation:
        """The same file at another line."""
        return SourceLocation(self.path, line)


class Severity(StrEnum):
    """How bad a Problem is. ``--strict`` turns warnings into errors."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the content, reported in compiler style."""

    location: SourceLocation
    severity: Severity
    message: str
    code: str

    def __str__(self) -> str:
        return f"{self.location}: {self.severity}: {self.message} [{self.code}]"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def error(location: SourceLocation, message: str, code: str) -> Problem:
    """Shorthand for an ERROR Problem."""
    return Problem(location, Severity.ERROR, message, code)


def warning(location: SourceLocation, message: str, code: str) -> Problem:
    """Shorthand for a WARNING Problem."""
    return Problem(location, Severity.WARNING, message, code)


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Problems in file, line and message order, so reports are stable."""
    return sorted(
        problems,
        key=lambda p: (str(p.location.path), p.location.line or 0, p.code, p.message),
    )
