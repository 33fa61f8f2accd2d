"""Size rules: an email near Gmail's clipping limit, a feed too big for feed readers.

Codes: ``email-size``, ``email-clipped``, ``feed-size``. ``spfcomms build`` runs the
email rule on what it rendered; ``spfcomms check`` runs both over every output file.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import PurePosixPath

from ..model.config import Config
from ..model.content import Issue
from ..model.problems import Problem, SourceLocation, warning
from ..output.writers import OutputTree
from ..render.eml import RenderedEmail


def size_problems_for(size: int, location: SourceLocation, config: Config) -> list[Problem]:
    """Warnings for an email HTML part of ``size`` bytes near or over Gmail's clipping limit.

    Over ``[email].size_warning_kb`` is ``email-size``; over ``size_error_kb`` is
    ``email-clipped``. Both are warnings, so ``--strict`` makes them errors, and
    ``[checks].severity`` can make ``email-clipped`` an error always.
    """
    kb = size / 1024
    limit = config.email.size_error_kb
    if kb > limit:
        return [
            warning(
                location,
                f"the email is {kb:.1f} KB of HTML; Gmail clips emails over {limit} KB, "
                "hiding the end of the bulletin and the unsubscribe link",
                "email-clipped",
            )
        ]
    if kb > config.email.size_warning_kb:
        return [
            warning(
                location,
                f"the email is {kb:.1f} KB of HTML, close to Gmail's {limit} KB clipping "
                "limit; move some text to the web version",
                "email-size",
            )
        ]
    return []


def size_problems(email: RenderedEmail, issue: Issue, config: Config) -> list[Problem]:
    """Size warnings for one rendered email, reported at its issue.toml."""
    return size_problems_for(email.size, issue.source, config)


def email_size_problems(out: OutputTree, issues: Sequence[Issue], config: Config) -> list[Problem]:
    """Size warnings for every email HTML part a build produced."""
    problems: list[Problem] = []
    for issue in issues:
        path = f"{issue.path}email.html"
        if path in out:
            problems.extend(size_problems_for(len(out.get(path)), issue.source, config))
    return problems


def output_size_problems(
    relpath: str, size: int, where: SourceLocation, config: Config
) -> Iterator[Problem]:
    """Size warnings for one output file: an issue's email HTML, a feed."""
    kb = size / 1024
    parts = PurePosixPath(relpath).parts
    if len(parts) == 3 and parts[0] == "issues" and parts[2] == "email.html":
        yield from size_problems_for(size, where, config)
    if is_feed(relpath) and kb > config.checks.feed_size_warning_kb:
        yield warning(
            where,
            f"the feed is {kb:.0f} KB; many readers refuse feeds over "
            f"{config.checks.feed_size_warning_kb} KB (lower [feed].limit)",
            "feed-size",
        )


def is_feed(relpath: str) -> bool:
    """True for the path of a feed (XML, or JSON with "feed" in its name)."""
    name = PurePosixPath(relpath).name
    return name.endswith(".xml") or (name.endswith(".json") and "feed" in name)
