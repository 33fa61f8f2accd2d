"""Files the build publishes from the workspace itself: the logo (``[site].logo``).

Checked when building or checking, not when reading the workspace, so a command that
only reads the content (``metrics import``) does not stop for a missing image.
"""

from __future__ import annotations

import re

from ..model.config import Config
from ..model.paths import asset_refusal
from ..model.problems import Problem, SourceLocation, error

_LOGO_KEY = re.compile(r"\s*logo\s*=")


def asset_problems(config: Config) -> list[Problem]:
    """An error, at its line, when ``[site].logo`` names no file (``missing-logo``), a
    link out of the workspace (``outside-link``), no ordinary file (``not-a-file``) or
    a file too big (``too-large``)."""
    logo = config.logo_file
    if logo is None:
        return []
    refused = asset_refusal(logo, config.symlink_roots)
    if refused is None:
        return []
    where = SourceLocation(config.source or config.root)
    if config.source is not None and config.source.is_file():
        lines = config.source.read_text(encoding="utf-8-sig").splitlines()
        number = next((n for n, line in enumerate(lines, 1) if _LOGO_KEY.match(line)), None)
        where = where.at_line(number)
    code, words = refused
    if code == "missing":
        return [
            error(
                where,
                f"[site].logo: no such file '{config.site.logo}' in the workspace; put the "
                "image there or correct the path (relative to spfcomms.toml)",
                "missing-logo",
            )
        ]
    return [error(where, f"[site].logo: '{config.site.logo}' {words}", code)]
