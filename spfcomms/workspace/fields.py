"""Typed reads of TOML values that record a Problem instead of raising.

A loader asks for each field it needs; a missing or malformed one becomes a Problem
that names the file, the line and what to write instead, and the loader carries on so
that one run reports everything.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from ..model.problems import Problem, SourceLocation, error
from ..model.text import LINE_BREAK, line_break_in


class FieldReader:
    """Reads fields from a TOML table, collecting problems."""

    def __init__(
        self,
        data: dict[str, Any],
        locate: Callable[[str], SourceLocation],
        problems: list[Problem],
        *,
        tz: dt.tzinfo | None = None,
    ) -> None:
        self.data = data
        self.locate = locate
        self.problems = problems
        self.tz = tz

    def _missing(self, key: str, example: str) -> None:
        self.problems.append(
            error(
                self.locate(key), f"missing required field '{key}' (add {example})", "missing-field"
            )
        )

    def _bad(self, key: str, expected: str, value: Any) -> None:
        self.problems.append(
            error(
                self.locate(key),
                f"field '{key}' must be {expected}, got {value!r}",
                "bad-field",
            )
        )

    def line(self, key: str, *, required: bool = True, example: str = "") -> str:
        """A one-line string field (a title): a line break in it is a problem, since it
        would break the email's Subject header (``model/text.py``)."""
        value = self.text(key, required=required, example=example)
        found = line_break_in(value)
        if found is not None:
            self.problems.append(
                error(
                    self.locate(key),
                    f"field '{key}' must be one line: it holds {found}; remove it",
                    "multi-line-field",
                )
            )
            return LINE_BREAK.sub(" ", value)
        return value

    def text(self, key: str, *, required: bool = True, example: str = "") -> str:
        """A string field; empty or whitespace-only counts as missing when required."""
        value = self.data.get(key)
        if value is None:
            if required:
                self._missing(key, example or f'{key} = "..."')
            return ""
        if not isinstance(value, str):
            self._bad(key, "a string in double quotes", value)
            return ""
        if required and not value.strip():
            self.problems.append(error(self.locate(key), f"field '{key}' is empty", "empty-field"))
        return value.strip()

    def date(self, key: str, *, required: bool = True) -> dt.date | None:
        """A TOML date (``2023-12-06``, no quotes).

        A date-time is accepted too; one with an offset (``2023-12-31T23:30:00-05:00``)
        is first converted to the workspace's time zone, so it lands on the day the
        readers see.
        """
        value = self.data.get(key)
        if value is None:
            if required:
                self._missing(key, f"{key} = 2023-12-06")
            return None
        if isinstance(value, dt.datetime):
            if value.tzinfo is not None and self.tz is not None:
                value = value.astimezone(self.tz)
            return value.date()
        if isinstance(value, dt.date):
            return value
        self._bad(key, "a TOML date such as 2023-12-06 (without quotes)", value)
        return None

    def moment(self, key: str) -> dt.datetime | None:
        """An optional TOML date-time (``2024-01-18T10:00:00``, no quotes), as an aware time.

        A time without an offset is in the workspace's time zone; a date alone is its
        midnight there.
        """
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            if value.tzinfo is None:
                return value.replace(tzinfo=self.tz or dt.UTC)
            return value
        if isinstance(value, dt.date):
            return dt.datetime.combine(value, dt.time(0), tzinfo=self.tz or dt.UTC)
        self._bad(key, "a TOML date and time such as 2024-01-18T10:00:00 (without quotes)", value)
        return None

    def flag(self, key: str) -> bool:
        """An optional true/false field (false when absent)."""
        value = self.data.get(key)
        if value is None:
            return False
        if not isinstance(value, bool):
            self._bad(key, "true or false (without quotes)", value)
            return False
        return value

    def integer(self, key: str, *, required: bool = True) -> int:
        """A whole number."""
        value = self.data.get(key)
        if value is None:
            if required:
                self._missing(key, f"{key} = 1")
            return 0
        if isinstance(value, bool) or not isinstance(value, int):
            self._bad(key, "a whole number", value)
            return 0
        return value

    def strings(self, key: str, *, required: bool = False) -> tuple[str, ...]:
        """A list of strings."""
        value = self.data.get(key)
        if value is None:
            if required:
                self._missing(key, f'{key} = ["..."]')
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self._bad(key, 'a list of strings such as ["a", "b"]', value)
            return ()
        return tuple(v.strip() for v in value)

    def tables(self, key: str) -> list[dict[str, Any]]:
        """An array of tables (``[[key]]`` blocks)."""
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self._bad(key, f"an array of tables written as [[{key}]] blocks", value)
            return []
        return value

    def unknown(self, allowed: set[str]) -> None:
        """Report keys no kind of item uses (usually typos)."""
        for key in sorted(set(self.data) - allowed):
            self.problems.append(
                error(
                    self.locate(key),
                    f"unknown field '{key}' (known fields: {', '.join(sorted(allowed))})",
                    "unknown-field",
                )
            )
