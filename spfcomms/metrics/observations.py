"""What importers produce: observations and per-link click rows, not yet stored."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

MPP_INFLATED = "mpp_inflated"
"""Flag on open counts that include opens by mail privacy protection proxies."""


@dataclass(frozen=True, slots=True)
class Observation:
    """One figure from an export: ``value`` of ``metric`` for an issue, item or link.

    ``scope`` says what a newer export replaces: a later import whose observations
    share a scope hides every earlier observation of that scope.
    """

    scope: str
    metric: str
    value: float
    channel: str
    source: str
    issue_id: str | None = None
    item_id: str | None = None
    url: str | None = None
    label: str | None = None
    period_start: datetime | None = None
    period_end: datetime | None = None
    flags: str = ""
    note: str | None = None
    line: int | None = None
    unit: str | None = None
    """What the value counts (``listens``, ``followers``), for hand-kept figures."""
    origin: str | None = None
    """Where the figure came from in the source's words (a report, a campaign id)."""
    kind: str | None = None
    """``count``, ``level``, ``change``, ``rate`` or ``distinct`` (see ``measures``);
    None means "from the metric's name"."""

    @property
    def key(self) -> tuple[object, ...]:
        """What makes two observations of one file the same figure twice."""
        return (
            self.scope,
            self.metric,
            self.channel,
            self.issue_id,
            self.item_id,
            self.url,
            self.label,
            self.period_start,
        )


@dataclass(frozen=True, slots=True)
class LinkClick:
    """Clicks on one link of one issue's email, mapped back to our item when possible."""

    scope: str
    source: str
    issue_id: str | None
    item_id: str | None
    anchor: str | None
    url: str
    raw_url: str
    clicks: int
    unique_clicks: int | None
    line: int | None = None

    @property
    def key(self) -> tuple[object, ...]:
        return (self.scope, self.url)


Record = Observation | LinkClick
