"""The check report: every problem of a ``spfcomms check`` run, and every link checked.

Link results become Problems here (``LINK_CODES``): a broken link is an error, a
redirect or a timeout a warning, a 503 a ``link-unavailable`` warning.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..model.content import Issue
from ..model.problems import Problem, Severity, SourceLocation, sort_problems
from ..model.release import HeldBack
from .linkstatus import LinkResult, LinkStatus

# How each link outcome is reported; outcomes not listed here are not problems.
LINK_CODES: dict[LinkStatus, tuple[str, Severity]] = {
    LinkStatus.BROKEN: ("broken-link", Severity.ERROR),
    LinkStatus.ERROR: ("link-error", Severity.ERROR),
    LinkStatus.REDIRECTED: ("redirect", Severity.WARNING),
    LinkStatus.TIMEOUT: ("timeout", Severity.WARNING),
    LinkStatus.RATE_LIMITED: ("rate-limited", Severity.WARNING),
}
UNAVAILABLE_CODE = "link-unavailable"


@dataclass(frozen=True, slots=True)
class CheckReport:
    """What ``check_workspace`` found."""

    problems: tuple[Problem, ...]
    """Content, unfinished-text and output problems, severity overrides applied."""
    link_results: tuple[LinkResult, ...]
    """Every link checked (inside the site always, outside it with ``links=True``)."""
    link_findings: tuple[tuple[LinkResult, Problem], ...] = field(default=())
    """The link results that are problems, each with its Problem (severity applied)."""
    issues: tuple[Issue, ...] = ()
    held: tuple[HeldBack, ...] = ()
    """Drafts and embargoed issues and items: left out of the published outputs."""

    @property
    def link_problems(self) -> list[Problem]:
        """The Problems of ``link_findings``, in file and line order."""
        return sort_problems(problem for _, problem in self.link_findings)

    def all_problems(self) -> list[Problem]:
        """Problems and link problems, in file and line order."""
        return sort_problems([*self.problems, *self.link_problems])

    def failed(self, *, strict: bool = False) -> bool:
        """True when anything is an error (or, with ``strict``, a warning)."""
        return any(
            p.is_error or (strict and p.severity is Severity.WARNING) for p in self.all_problems()
        )


def link_code(result: LinkResult) -> tuple[str, Severity] | None:
    """The check code and default severity of a link result; None when it is fine."""
    if result.status is LinkStatus.IGNORED and result.code == 503:
        return UNAVAILABLE_CODE, Severity.WARNING
    return LINK_CODES.get(result.status)


def link_problems(results: Iterable[LinkResult]) -> list[Problem]:
    """The link results worth reporting, as Problems at the first place each appears."""
    problems = []
    for result in results:
        coded = link_code(result)
        if coded is None:
            continue
        code, severity = coded
        where = result.locations[0] if result.locations else SourceLocation(Path("<unknown>"))
        message = f"[{result.status}] {result.uri}"
        if result.message:
            message += f" — {result.message}"
        if len(result.locations) > 1:
            message += f" (and {len(result.locations) - 1} more place(s))"
        problems.append(Problem(where, severity, message, code))
    return problems
