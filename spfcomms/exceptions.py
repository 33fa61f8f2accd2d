"""Problems (reported values) and errors (raised) of spfcomms.

A *Problem* is something wrong with the content that spfcomms can report and keep
going: a missing summary, a date outside the issue's month, a placeholder link.
Loaders and validators collect every Problem of a run; the stage boundary raises one
``ContentError`` that lists them all.

An *error* stops the work. The hierarchy::

    * SpfcommsError
      x ConfigError      - spfcomms.toml unreadable or invalid (lists every bad key)
      x ContentError     - one or more ERROR problems in issues/ (carries .problems)
      x RenderError      - a template or renderer failed (carries .template, .line)
        + TemplateError  - Jinja syntax or undefined-variable errors, translated
        + MJMLError      - mjml2html refused the markup
        + FeedError      - the feed library refused the data
      x WriteError       - a write outside the output directory, a double write, disk errors
      x ImportSourceError - a document to import could not be read or understood
      x MetricsError     - the metrics store or a metrics import failed
      x DeliveryError    - an SMTP test send failed
      x ServeError       - the preview server could not start
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


class SpfcommsError(Exception):
    """Base class of every error spfcomms raises on purpose."""


class ConfigError(SpfcommsError):
    """spfcomms.toml could not be read, or some of its values are invalid."""

    def __init__(self, messages: list[str]) -> None:
        self.messages = messages
        super().__init__("\n".join(messages))


class ContentError(SpfcommsError):
    """The workspace has content problems severe enough to stop."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sort_problems(problems)
        errors = sum(1 for p in self.problems if p.is_error)
        warnings = len(self.problems) - errors
        lines = [str(p) for p in self.problems]
        lines.append(f"{errors} error(s), {warnings} warning(s)")
        super().__init__("\n".join(lines))

    def __reduce__(self) -> tuple[type[ContentError], tuple[list[Problem]]]:
        return (type(self), (self.problems,))


class RenderError(SpfcommsError):
    """A renderer failed; names the template and, when known, the line."""

    def __init__(self, message: str, *, template: str | None = None, line: int | None = None):
        self.message = message
        self.template = template
        self.line = line
        where = template or "<template>"
        if line:
            where = f"{where}:{line}"
        super().__init__(f"{where}: {message}")

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_render_error, (type(self), self.message, self.template, self.line))


def _rebuild_render_error(
    cls: type[RenderError], message: str, template: str | None, line: int | None
) -> RenderError:
    return cls(message, template=template, line=line)


class TemplateError(RenderError):
    """A Jinja2 template could not be loaded, parsed or rendered."""


class MJMLError(RenderError):
    """mjml2html refused the MJML produced by a template, or produced nothing."""


class FeedError(RenderError):
    """The feed library refused the data."""


class WriteError(SpfcommsError, OSError):
    """An output file could not be written safely."""


class ImportSourceError(SpfcommsError):
    """A source document could not be fetched, read or understood."""


class MetricsError(SpfcommsError):
    """The metrics store or a metrics import failed."""


class DeliveryError(SpfcommsError):
    """A test send over SMTP failed."""


class ServeError(SpfcommsError):
    """The preview server could not start (for example, the port is in use)."""
