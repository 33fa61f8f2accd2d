"""Dates and times as readers see them, in English whatever the process locale."""

from __future__ import annotations

from datetime import date, datetime

# English month names, independent of the process locale (strftime's %B is not).
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def format_date(value: date, style: str = "long") -> str:
    """``6 December 2023`` (long), ``6 Dec 2023`` (short) or ``December 2023`` (month)."""
    month = MONTHS[value.month - 1]
    if style == "month":
        return f"{month} {value.year}"
    if style == "short":
        return f"{value.day} {month[:3]} {value.year}"
    return f"{value.day} {month} {value.year}"


def format_moment(value: datetime) -> str:
    """``18 January 2024, 10:00 (Europe/London)``: a date, a time and its zone's name."""
    zone = getattr(value.tzinfo, "key", None) or value.strftime("%Z") or "UTC"
    return f"{format_date(value.date())}, {value:%H:%M} ({zone})"
