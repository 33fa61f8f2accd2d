"""The vocabulary of the audit's objectives: measures, targets and baseline references.

An objective in ``[audit]`` names a *measure* (``email.click_rate``), a *target* it
should reach (``>= 8%``) and optionally a *baseline*, a figure kept by hand from an
earlier review (``web.page_views``). This module only reads and checks what is written,
so that ``load_config`` reports a mistyped objective with the rest of the file; the
audit computes the figures.

Measures are the audit's headline figures (``MEASURES``) or, for any other
``channel.metric``, figures kept by hand (``podcast.listens``; ``social.followers:linkedin``
for one label). Targets:

- ``>= 8%``, ``> 400``, ``<= 0.5%``, ``= 0``, or a bare ``100%`` or ``400`` (meaning
  ``>=``): the period's figure against a number; a ``%`` compares a rate;
- ``+25% a year``: growth on the previous period of the same length, as a yearly rate;
- ``>= baseline`` (or ``<=``, ``>``, ``<``): against the objective's baseline; counts
  are compared per month, because the periods differ.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


@dataclass(frozen=True, slots=True)
class MeasureInfo:
    """What a headline measure is called and counted in."""

    label: str
    unit: str
    """``emails``, ``views`` ... or ``rate`` for a share (stored as a fraction)."""


MEASURES: dict[str, MeasureInfo] = {
    "content.issues": MeasureInfo("Issues published", "issues"),
    "content.items": MeasureInfo("Items published", "items"),
    "content.agenda_items": MeasureInfo("Agenda items summarised", "agenda items"),
    "content.months_without_issue": MeasureInfo("Months without an issue", "months"),
    "email.delivered": MeasureInfo("Emails delivered", "emails"),
    "email.unique_opens": MeasureInfo("Unique opens", "opens"),
    "email.unique_clicks": MeasureInfo("Unique clicks", "clicks"),
    "email.click_rate": MeasureInfo("Click rate", "rate"),
    "email.click_to_open": MeasureInfo("Click-to-open rate", "rate"),
    "email.unsubscribes": MeasureInfo("Unsubscribes", "unsubscribes"),
    "email.unsubscribe_rate": MeasureInfo("Unsubscribe rate", "rate"),
    "web.bulletin_views": MeasureInfo("Views of bulletin pages", "views"),
    "web.other_views": MeasureInfo("Views of other site pages", "views"),
    "feed.subscribers": MeasureInfo("Feed subscribers reported by aggregators", "subscribers"),
    "partner.requests": MeasureInfo("Requests from partner sites", "requests"),
    "partner.issue_coverage": MeasureInfo("Issues each partner picked up", "rate"),
}
"""The audit's own measures. Any other ``channel.metric`` is a figure kept by hand."""

STRICT_CHANNELS = frozenset({"content", "email"})
"""Channels with only the audit's own measures: a name not in ``MEASURES`` is a typo.
In the others (web, feed, partner, podcast ...) it is a figure kept by hand."""
_MEASURE = re.compile(
    r"^(?P<channel>[a-z][a-z0-9_-]*)\.(?P<metric>[a-z][a-z0-9_]*)(:(?P<label>.+))?\Z"
)


@dataclass(frozen=True, slots=True)
class MeasureName:
    """A measure as an objective or a baseline names it."""

    channel: str
    metric: str
    label: str | None = None

    @property
    def key(self) -> str:
        """``email.click_rate``, without the label."""
        return f"{self.channel}.{self.metric}"

    @property
    def built_in(self) -> bool:
        """True for the audit's own measures; False for figures kept by hand."""
        return self.key in MEASURES

    def __str__(self) -> str:
        return self.key + (f":{self.label}" if self.label else "")


def parse_measure(text: str) -> MeasureName:
    """``email.click_rate`` or ``social.followers:linkedin``; ``ValueError`` says why not."""
    match = _MEASURE.match(text.strip())
    if match is None:
        raise ValueError(
            f"'{text}' is not a measure: write channel.metric, such as email.click_rate or "
            "podcast.listens (with :label for one label of a hand-kept figure)"
        )
    name = MeasureName(match["channel"], match["metric"], (match["label"] or "").strip() or None)
    if name.channel in STRICT_CHANNELS and name.key not in MEASURES:
        known = ", ".join(m for m in MEASURES if m.startswith(name.channel + "."))
        raise ValueError(f"unknown measure '{name.key}' (the {name.channel} measures: {known})")
    if name.key in MEASURES and name.label is not None:
        raise ValueError(
            f"'{text}': {name.key} is one of the audit's own measures, which take no label "
            "(a label picks one figure kept by hand)"
        )
    return name


FINDING_RULES = (
    "no-data",
    "target-missed",
    "falling-click-rate",
    "kind-clicked-more",
    "partner-stopped",
    "months-without-issue",
    "unbalanced-voices",
)
"""The audit's finding rules, by the code ``[audit].owners`` names them with."""


class TargetKind(StrEnum):
    """What a target compares the period's figure with."""

    NUMBER = "number"
    GROWTH = "growth"
    BASELINE = "baseline"


@dataclass(frozen=True, slots=True)
class Target:
    """A parsed target (see the module docstring)."""

    kind: TargetKind
    op: str
    """``>=``, ``>``, ``<=``, ``<`` or ``=``."""
    number: float | None
    """The number to reach: a fraction for a percentage (``8%`` is 0.08); the yearly
    growth for ``GROWTH``; None for ``BASELINE``."""
    percent: bool
    text: str

    def holds(self, value: float, than: float) -> bool:
        """True when ``value`` meets the target against ``than``."""
        if self.op == ">=":
            return value >= than
        if self.op == ">":
            return value > than
        if self.op == "<=":
            return value <= than
        if self.op == "<":
            return value < than
        return abs(value - than) < 1e-9


_OPS = {"≥": ">=", "≤": "<=", "==": "="}
_NUMBER = r"(?P<number>\d[\d,]*(\.\d+)?)"
_COMPARE = re.compile(rf"^(?P<op>>=|≥|>|<=|≤|<|==|=)?\s*{_NUMBER}\s*(?P<percent>%)?\Z")
_GROWTH = re.compile(rf"^\+\s*{_NUMBER}\s*%\s*(a|per)\s+year\Z", re.I)
_BASELINE = re.compile(r"^(?P<op>>=|≥|>|<=|≤|<)\s*baseline\Z", re.I)


def parse_target(text: str) -> Target:
    """A target as written in ``[audit]``; ``ValueError`` names the forms it may take."""
    written = " ".join(text.split())
    if (match := _COMPARE.match(written)) is not None:
        percent = bool(match["percent"])
        number = float(match["number"].replace(",", ""))
        op = _OPS.get(match["op"] or ">=", match["op"] or ">=")
        return Target(TargetKind.NUMBER, op, number / 100 if percent else number, percent, written)
    if (match := _GROWTH.match(written)) is not None:
        number = float(match["number"].replace(",", "")) / 100
        return Target(TargetKind.GROWTH, ">=", number, True, written)
    if (match := _BASELINE.match(written)) is not None:
        return Target(TargetKind.BASELINE, _OPS.get(match["op"], match["op"]), None, False, written)
    raise ValueError(
        f"'{text}' is not a target: write a comparison such as '>= 8%', '<= 0.5%' or "
        "'>= 400', a growth such as '+25% a year', or '>= baseline'"
    )
