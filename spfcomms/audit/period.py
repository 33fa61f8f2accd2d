"""Calendar months and the audit's periods: whole months in the workspace's time zone.

An audit covers the months from ``--from`` to ``--to``, both included. It compares them
with the previous period of the same length (the months just before) and draws
twelve-month trends ending with the period's last month.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from typing import NamedTuple

from ..model.dates import MONTHS
from ..model.exceptions import SpfcommsError

_MONTH = re.compile(r"^(?P<year>\d{4})-(?P<month>0[1-9]|1[0-2])\Z")
_NAMES = MONTHS


class Month(NamedTuple):
    """A calendar month; months sort in time order."""

    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Month:
        """``2024-01``; ``SpfcommsError`` says how to write it otherwise."""
        match = _MONTH.match(text.strip())
        if match is None:
            raise SpfcommsError(f"'{text}' is not a month: write YEAR-MONTH, such as 2024-01")
        return cls(int(match["year"]), int(match["month"]))

    @classmethod
    def of(cls, day: date | datetime) -> Month:
        """The month a date falls in."""
        return cls(day.year, day.month)

    def plus(self, months: int) -> Month:
        """The month ``months`` later (earlier when negative)."""
        index = self.year * 12 + self.month - 1 + months
        return Month(index // 12, index % 12 + 1)

    def minus(self, other: Month) -> int:
        """How many months ``other`` is before this one."""
        return (self.year - other.year) * 12 + self.month - other.month

    def start(self, tz: tzinfo) -> datetime:
        """The first moment of the month in ``tz``, as a UTC time."""
        return datetime(self.year, self.month, 1, tzinfo=tz).astimezone(UTC)

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        following = self.plus(1)
        return date.fromordinal(date(following.year, following.month, 1).toordinal() - 1)

    @property
    def name(self) -> str:
        """``January 2024``."""
        return f"{_NAMES[self.month - 1]} {self.year}"

    @property
    def short(self) -> str:
        """``Jan 2024``, for chart labels."""
        return f"{_NAMES[self.month - 1][:3]} {self.year}"

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


@dataclass(frozen=True, slots=True)
class Period:
    """The months from ``first`` to ``last``, both included."""

    first: Month
    last: Month

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise SpfcommsError(
                f"the period ends ({self.last}) before it starts ({self.first}): "
                "give --from before --to"
            )

    @classmethod
    def of(cls, first: str, last: str) -> Period:
        """``Period.of("2024-01", "2024-12")``."""
        return cls(Month.parse(first), Month.parse(last))

    @property
    def length(self) -> int:
        """How many months the period has."""
        return self.last.minus(self.first) + 1

    def months(self) -> tuple[Month, ...]:
        """Every month of the period, in order."""
        return _months(self.first, self.last)

    def __iter__(self) -> Iterator[Month]:
        return iter(self.months())

    def __contains__(self, month: object) -> bool:
        return isinstance(month, Month) and self.first <= month <= self.last

    def previous(self) -> Period:
        """The period of the same length just before this one."""
        return Period(self.first.plus(-self.length), self.first.plus(-1))

    def trend(self, months: int = 12) -> Period:
        """The ``months`` months ending with this period's last month."""
        return Period(self.last.plus(1 - months), self.last)

    def span(self, other: Period) -> Period:
        """The smallest period holding both."""
        return Period(min(self.first, other.first), max(self.last, other.last))

    def bounds(self, tz: tzinfo) -> tuple[datetime, datetime]:
        """Its first moment and the first moment after it, in ``tz``, as UTC times."""
        return self.first.start(tz), self.last.plus(1).start(tz)

    @property
    def label(self) -> str:
        """``January 2024 to December 2024``, or ``March 2024`` for one month."""
        if self.first == self.last:
            return self.first.name
        return f"{self.first.name} to {self.last.name}"

    def __str__(self) -> str:
        return f"{self.first} to {self.last}" if self.first != self.last else str(self.first)


@functools.cache
def _months(first: Month, last: Month) -> tuple[Month, ...]:
    # Periods are asked for their months often (every figure of every month); a few
    # hundred distinct periods at most, so keep them.
    return tuple(first.plus(n) for n in range(last.minus(first) + 1))


def month_ranges(months: list[Month] | tuple[Month, ...]) -> list[tuple[Month, Month]]:
    """Consecutive runs of ``months`` (sorted): ``[(2024-03, 2024-05), (2024-09, 2024-09)]``."""
    runs: list[tuple[Month, Month]] = []
    for month in sorted(months):
        if runs and runs[-1][1].plus(1) == month:
            runs[-1] = (runs[-1][0], month)
        else:
            runs.append((month, month))
    return runs


def describe_months(months: list[Month] | tuple[Month, ...]) -> str:
    """``March to May 2024, September 2024`` (empty for none)."""
    parts = []
    for first, last in month_ranges(months):
        if first == last:
            parts.append(first.name)
        elif first.year == last.year:
            parts.append(f"{_NAMES[first.month - 1]} to {last.name}")
        else:
            parts.append(f"{first.name} to {last.name}")
    return ", ".join(parts)
