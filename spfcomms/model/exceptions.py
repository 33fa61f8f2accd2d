"""The errors spfcomms raises. Problems (reported, not raised) are in ``problems.py``.

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

from .problems import Problem, Severity, sort_problems


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
        warnings = sum(1 for p in self.problems if p.severity is Severity.WARNING)
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


class MetricsConflictError(MetricsError):
    """A write broke a uniqueness rule of the store, typically because another process
    stored the same thing at the same moment."""


class DeliveryError(SpfcommsError):
    """A test send over SMTP failed."""


class ServeError(SpfcommsError):
    """The preview server could not start (for example, the port is in use)."""
