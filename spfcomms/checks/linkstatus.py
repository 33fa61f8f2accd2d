"""The outcome of checking a link: its status, the places it appears, when it was checked."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import NamedTuple

from ..model.problems import SourceLocation


class LinkStatus(StrEnum):
    """The outcome of checking one link."""

    OK = "ok"
    REDIRECTED = "redirected"
    BROKEN = "broken"
    TIMEOUT = "timeout"
    IGNORED = "ignored"
    RATE_LIMITED = "rate_limited"
    ERROR = "error"
    UNCHECKED = "unchecked"


class LinkResult(NamedTuple):
    """One checked link: what happened, where the link appears, and when it was checked."""

    uri: str
    status: LinkStatus
    code: int
    message: str
    locations: tuple[SourceLocation, ...]
    checked_at: datetime
    new_uri: str = ""
    """Where a redirect ended."""
    cached: bool = False
    """True when the result came from the on-disk record, without a request."""

    def lines(self) -> list[str]:
        """Compiler-style lines, one per place the link appears."""
        detail = f" — {self.message}" if self.message else ""
        places = self.locations or (SourceLocation(Path("<unknown>")),)
        return [f"{where}: [{self.status}] {self.uri}{detail}" for where in places]

    def to_json(self) -> dict[str, object]:
        """A JSON-ready dict (one line of ``--json`` output)."""
        return {
            "uri": self.uri,
            "status": str(self.status),
            "code": self.code,
            "message": self.message,
            "locations": [str(location) for location in self.locations],
            "checked_at": self.checked_at.isoformat(),
            "new_uri": self.new_uri,
            "cached": self.cached,
        }


Progress = Callable[[LinkResult], None]
