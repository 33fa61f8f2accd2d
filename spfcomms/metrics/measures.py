"""One figure per measure: which stored figures may be added up, and which source wins.

A *measure* is one thing measured: the page views of a page, the unique opens of an
issue's campaign, a feed's subscribers at Feedly. Several sources may measure the same
thing (GA4, Matomo and the access log all count page views): those figures are
alternatives, never parts of a sum. A summary takes the figure of one source, by the
precedence in ``[metrics].prefer`` (sources not listed come after the listed ones, and
between equals the newer import wins), and keeps what the others said beside it.

Within the chosen source, how figures of several imports combine depends on the kind
of metric:

- ``count`` (page views, listens, opens) and ``change`` (new followers) add up over
  periods that do not overlap; of overlapping ones the newer import wins;
- ``level`` (followers, feed subscribers) is a count at a moment: the latest one wins;
- ``rate`` (an open rate, views a month) and ``distinct`` (distinct readers) never add
  up across periods: the newest import wins.

Sums are only ever over different pages, issues, campaigns or periods of one source.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta, tzinfo
from enum import StrEnum
from typing import Any, Protocol


class Kind(StrEnum):
    """How figures of one metric combine (see the module docstring)."""

    COUNT = "count"
    LEVEL = "level"
    CHANGE = "change"
    RATE = "rate"
    DISTINCT = "distinct"


KIND_NAMES = tuple(k.value for k in Kind)

_RATE_WORDS = ("rate", "per_", "_per", "average", "avg", "share", "percent", "ratio")
_CHANGE_WORDS = ("new_", "net_", "change", "growth", "gained", "lost")
_LEVEL_WORDS = ("follower", "subscriber", "member", "audience", "list_size", "fans")
_DISTINCT = frozenset({"visitors", "users", "direct_feed_readers", "unique_readers"})


def infer_kind(metric: str) -> Kind:
    """The kind a metric's name suggests (``new_followers`` is a change, ``followers`` a
    level, ``open_rate`` a rate, ``visitors`` distinct people, anything else a count)."""
    name = metric.lower()
    if any(word in name for word in _RATE_WORDS):
        return Kind.RATE
    if any(word in name for word in _CHANGE_WORDS):
        return Kind.CHANGE
    if any(word in name for word in _LEVEL_WORDS):
        return Kind.LEVEL
    if name in _DISTINCT:
        return Kind.DISTINCT
    return Kind.COUNT


def kind_of(metric: str, stored: str | None) -> Kind:
    """The stored kind when the figure says one, else the one its name suggests."""
    return Kind(stored) if stored in KIND_NAMES else infer_kind(metric)


class Candidate(Protocol):
    """What precedence needs to know about a stored figure."""

    @property
    def value(self) -> float: ...
    @property
    def source(self) -> str: ...
    @property
    def batch_id(self) -> int: ...
    @property
    def period_start(self) -> datetime | None: ...
    @property
    def period_end(self) -> datetime | None: ...


@dataclass(frozen=True, slots=True)
class Figure:
    """The one figure a summary shows for a measure, and what other sources said."""

    value: float
    source: str
    """The source the value comes from (``ga4``, ``access-log``, ``mailchimp-api`` ...)."""
    others: dict[str, float] = field(default_factory=dict)
    """The same measure according to the sources that were not taken."""
    period_start: datetime | None = None
    period_end: datetime | None = None
    """The span of the figures the value is made of."""
    figures: int = 1
    """How many stored figures of the source the value combines (pages, periods)."""

    def describe_others(self, number: str = "{:,.0f}") -> str:
        """``access-log said 34; matomo said 1,502`` (empty when no other source said)."""
        return "; ".join(
            f"{source} said {number.format(value)}" for source, value in self.others.items()
        )


def rank(source: str, prefer: Sequence[str]) -> int:
    """The position of ``source`` in ``prefer``; unlisted sources come after all listed."""
    try:
        return prefer.index(source)
    except ValueError:
        return len(prefer)


def best_source(candidates: Iterable[Candidate], prefer: Sequence[str]) -> str | None:
    """The source to take: the best ranked, then the one imported last."""
    newest: dict[str, int] = {}
    for c in candidates:
        newest[c.source] = max(newest.get(c.source, c.batch_id), c.batch_id)
    if not newest:
        return None
    return min(newest, key=lambda s: (rank(s, prefer), -newest[s], s))


def by_source(candidates: Iterable[Candidate]) -> dict[str, list[Candidate]]:
    """Candidates grouped by source."""
    groups: dict[str, list[Candidate]] = defaultdict(list)
    for c in candidates:
        groups[c.source].append(c)
    return groups


def combine(candidates: Sequence[Candidate], kind: Kind) -> tuple[float, list[Candidate]]:
    """The value of one source's figures for one measure, and the figures it used."""
    newest_first = sorted(candidates, key=lambda c: (-c.batch_id, _end(c)))
    if kind in (Kind.COUNT, Kind.CHANGE):
        used: list[Candidate] = []
        for c in newest_first:
            if not any(_overlap(c, u) for u in used):
                used.append(c)
        return sum(c.value for c in used), used
    if kind is Kind.LEVEL:
        latest = max(candidates, key=lambda c: (_end(c), c.batch_id))
        return latest.value, [latest]
    first = newest_first[0]
    return first.value, [first]


def choose(candidates: Iterable[Candidate], kind: Kind, prefer: Sequence[str]) -> Figure | None:
    """The figure of one measure from the preferred source, with the others beside it."""
    groups = by_source(candidates)
    chosen = best_source((c for group in groups.values() for c in group), prefer)
    if chosen is None:
        return None
    value, used = combine(groups[chosen], kind)
    others = {
        source: combine(group, kind)[0]
        for source, group in sorted(groups.items(), key=lambda g: (rank(g[0], prefer), g[0]))
        if source != chosen
    }
    return _figure(value, chosen, others, used)


_NO_TIME = datetime.min.replace(tzinfo=UTC)


def _end(c: Candidate) -> datetime:
    return c.period_end or c.period_start or _NO_TIME


def _overlap(a: Candidate, b: Candidate) -> bool:
    """True when two figures' periods share time (a figure without a period overlaps all).

    Periods are half-open, ``[start, end)``, except a moment (start == end)."""
    if a.period_start is None or b.period_start is None:
        return True
    a_end = a.period_end or a.period_start
    b_end = b.period_end or b.period_start
    if a.period_start == a_end or b.period_start == b_end:
        return a.period_start <= b_end and b.period_start <= a_end
    return a.period_start < b_end and b.period_start < a_end


def choose_total(
    candidates: Iterable[Candidate],
    kind: Kind,
    prefer: Sequence[str],
    *,
    subject: Callable[[Any], Hashable],
) -> Figure | None:
    """Like ``choose``, for a total over several subjects (the pages of an issue): one
    source is taken for the whole total, and each source's total adds up its subjects
    (different pages), each combined over periods as ``combine`` says."""
    groups = by_source(candidates)
    chosen = best_source((c for group in groups.values() for c in group), prefer)
    if chosen is None:
        return None

    def total(group: list[Candidate]) -> tuple[float, list[Candidate]]:
        per_subject: dict[Hashable, list[Candidate]] = defaultdict(list)
        for c in group:
            per_subject[subject(c)].append(c)
        value, used = 0.0, []
        for figures in per_subject.values():
            part, parts = combine(figures, kind)
            value += part
            used.extend(parts)
        return value, used

    value, used = total(groups[chosen])
    others = {
        source: total(group)[0]
        for source, group in sorted(groups.items(), key=lambda g: (rank(g[0], prefer), g[0]))
        if source != chosen
    }
    return _figure(value, chosen, others, used)


def _figure(value: float, source: str, others: dict[str, float], used: list[Candidate]) -> Figure:
    starts = [c.period_start for c in used if c.period_start is not None]
    ends = [c.period_end for c in used if c.period_end is not None]
    return Figure(
        value=value,
        source=source,
        others=others,
        period_start=min(starts) if starts else None,
        period_end=max(ends) if ends else None,
        figures=len(used),
    )


def days_covered(start: datetime | None, end: datetime | None, tz: tzinfo) -> str:
    """The days a figure covers, in the workspace's time zone: ``2018-04-01 to
    2019-02-28``, or one day. A period that ends at a midnight ends the day before (hand-
    kept and analytics periods end at the midnight after their last day)."""
    if start is None:
        return ""
    first = start.astimezone(tz)
    last = end.astimezone(tz) if end is not None else first
    if last > first and last.time() == time(0):
        last -= timedelta(microseconds=1)
    if last.date() == first.date():
        return f"{first:%Y-%m-%d}"
    return f"{first:%Y-%m-%d} to {last:%Y-%m-%d}"
