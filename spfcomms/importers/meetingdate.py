"""When a meeting took place, from whatever the document gives.

Key comms pages published on the web often carry only a month in their title ("Wider
Group key comms - March 2026"), and the day, when it is there at all, sits in a
sentence ("Key communications from the 11 March Wider Group meeting"). The meeting date
is taken, in this order, from:

1. a date line under the group name, or a full date in the page title;
2. a full date in a sentence near the top that speaks of the meeting;
3. a day and month in such a sentence, the year taken from the title, the publication
   date or the issue;
4. the month and year of the title (the day is then unknown);
5. the month of the issue the item goes into (the day is then unknown).

Anything after the first is a warning naming the line it came from, so the editor can
check it.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ..model.exceptions import ImportSourceError
from .blocks import Block
from .common import find_date, find_day_month, find_month_year, long_date
from .model import Messages

_ABOUT_MEETING = re.compile(
    r"(?i)\b(meeting|met|meets|held|convened|gathered|group|forum|spf|key\s+comm)"
)
_NEAR_TOP = 4


@dataclass(frozen=True, slots=True)
class MeetingDate:
    """The meeting date and where it came from."""

    value: date
    basis: str
    day_known: bool = True


@dataclass(frozen=True, slots=True)
class Title:
    """A line that titles the document (or the page's own title), with its line."""

    text: str
    line: int | None


def find_meeting_date(
    *,
    stated: tuple[date, int] | None,
    titles: Sequence[Title],
    body: Sequence[Block],
    published: date | None,
    month_start: date | None,
    messages: Messages,
    name: str,
) -> MeetingDate:
    """The meeting date by the rules of this module; ImportSourceError when none."""
    if stated is not None:
        return MeetingDate(stated[0], f"line {stated[1]}")
    for title in titles:
        found = find_date(title.text)
        if found is not None:
            return MeetingDate(found[0], _where(title))
    near = [b for b in body[:_NEAR_TOP] if _ABOUT_MEETING.search(b.text)]
    for block in near:
        found = find_date(block.text)
        if found is not None:
            value = found[0]
            messages.warn(
                block.line,
                f"meeting date {value} taken from this sentence; check 'meeting_date'",
                "meeting-date-guessed",
            )
            return MeetingDate(value, f"a sentence on line {block.line}")
    month_title = next((t for t in titles if find_month_year(t.text)), None)
    for block in near:
        day_month = find_day_month(block.text)
        if day_month is None:
            continue
        dated, whence = _with_year(day_month[0], day_month[1], month_title, published, month_start)
        if dated is None:
            continue
        written = day_month[2].group(0).strip().rstrip(".")
        messages.warn(
            block.line,
            f"meeting date {dated} taken from '{written}' in this "
            f"sentence, with the year from {whence}; check 'meeting_date'",
            "meeting-date-guessed",
        )
        return MeetingDate(dated, f"day and month on line {block.line}, year from {whence}")
    if month_title is not None:
        year, month = find_month_year(month_title.text) or (0, 0)
        return _month_only(date(year, month, 1), _where(month_title), month_title.line, messages)
    if month_start is not None:
        issue = f"the issue {month_start:%Y-%m}"
        return _month_only(month_start, issue, None, messages)
    raise ImportSourceError(
        f"{name}: found no meeting date near the top; add a line such as '6 December 2023' "
        "under the group name, or import it into an issue with --into YYYY-MM"
    )


def _where(title: Title) -> str:
    return f"the title on line {title.line}" if title.line else "the page title"


def _month_only(value: date, whence: str, line: int | None, messages: Messages) -> MeetingDate:
    month = f"{value:%B %Y}"
    messages.warn(
        line,
        f"no day for the meeting: only its month ({month}, from {whence}); 'meeting_date' "
        f"is set to {long_date(value)}: put in the real day if you know it",
        "meeting-day-unknown",
    )
    return MeetingDate(value, f"{whence}, month only", day_known=False)


def _with_year(
    day: int,
    month: int,
    title: Title | None,
    published: date | None,
    month_start: date | None,
) -> tuple[date | None, str]:
    """The date of ``day`` ``month`` in the latest year that is not after the reference."""
    reference: date | None = None
    whence = ""
    if title is not None and (found := find_month_year(title.text)):
        year, ref_month = found
        reference = date(year, ref_month, calendar.monthrange(year, ref_month)[1])
        whence = _where(title)
    elif published is not None:
        reference, whence = published, "the publication date"
    elif month_start is not None:
        last = calendar.monthrange(month_start.year, month_start.month)[1]
        reference = month_start.replace(day=last)
        whence = f"the issue {month_start:%Y-%m}"
    if reference is None:
        return None, ""
    for year in (reference.year, reference.year - 1):
        try:
            value = date(year, month, day)
        except ValueError:
            return None, ""
        if value <= reference:
            return value, whence
    return None, ""
