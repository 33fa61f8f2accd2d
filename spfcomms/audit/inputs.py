"""What an audit is made from, and the context its sections share.

``commands.audit`` gathers the ``AuditInputs``: the workspace's issues of the months
the audit reads, the store's ``Evidence``, and the health record (link checks, email
sizes, content warnings). ``Context`` adds what every section needs: the periods, the
calculator of figures and the source notes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from ..model.config import Config
from ..model.content import Issue
from ..model.problems import Problem
from .evidence import Evidence
from .figures import Calculator, Notes
from .period import Month, Period

TREND_MONTHS = 12


@dataclass(frozen=True, slots=True)
class LinkRecord:
    """One recorded result of ``spfcomms check --links``."""

    uri: str
    status: str
    """``ok``, ``redirected``, ``broken``, ``timeout``, ``error`` ..."""
    code: int
    message: str
    checked_at: datetime


@dataclass(frozen=True, slots=True)
class HealthInputs:
    """The health record of the period's issues."""

    links: tuple[LinkRecord, ...] = ()
    """Every recorded link result, oldest first (``link_history``)."""
    link_places: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Each link of the period's issues (normalised as the link record keeps it) and the
    issues that carry it."""
    link_record: str = ""
    """Where the link results are recorded (empty when nothing was ever recorded)."""
    problems: tuple[Problem, ...] = ()
    """Content warnings about the period's issues (placeholders, accessibility)."""
    email_sizes: dict[str, int] = field(default_factory=dict)
    """Bytes of each issue's built ``email.html``."""
    build_dir: str = ""
    """The site build the email sizes were read from (empty when there is none)."""
    size_warning_kb: int = 90
    size_error_kb: int = 102


def window_of(period: Period) -> Period:
    """Every month an audit of ``period`` reads: the previous period, the period and
    the twelve-month trend."""
    return period.previous().span(period).span(period.trend(TREND_MONTHS))


@dataclass(frozen=True, slots=True)
class AuditInputs:
    """Everything an audit is made from."""

    config: Config
    period: Period
    issues: tuple[Issue, ...]
    """The workspace's issues of ``window_of(period)``, oldest first."""
    evidence: Evidence = field(default_factory=Evidence)
    health: HealthInputs = field(default_factory=HealthInputs)
    all_issues: tuple[str, ...] = ()
    """The ids of every issue in the workspace, for context."""


class Context:
    """The periods, the issues, the calculator and the source notes of one audit."""

    def __init__(self, inputs: AuditInputs) -> None:
        self.inputs = inputs
        self.config = inputs.config
        self.period = inputs.period
        self.previous = inputs.period.previous()
        self.trend = inputs.period.trend(TREND_MONTHS)
        self.evidence = inputs.evidence
        self.health = inputs.health
        own = ["workspace", "settings"]
        if inputs.health.link_record:
            own.append("links")
        if inputs.health.email_sizes:
            own.append("build")
        self.notes = Notes(inputs.evidence.origins(), own)
        self.calc = Calculator(
            inputs.evidence,
            inputs.issues,
            tz=inputs.config.tz,
            prefer=inputs.config.metrics.prefer,
            notes=self.notes,
        )

    @cached_property
    def period_issues(self) -> tuple[Issue, ...]:
        return tuple(self.calc.issues_in(self.period))

    @cached_property
    def partners(self) -> tuple[str, ...]:
        """Partners known from the settings and seen in the figures of the window."""
        named = set(self.config.metrics.partners.values())
        seen = {r.label for r in self.evidence.site if r.metric == "partner_pickups" and r.label}
        return tuple(sorted(named | seen))

    def month_of(self, issue: Issue) -> Month:
        return Month.of(issue.date)

    def source(self, name: str) -> tuple[str, ...]:
        """The note id of one of the report's own sources (``workspace``, ``links``, ``build``)."""
        found = self.notes.own.get(name)
        return (found,) if found else ()
