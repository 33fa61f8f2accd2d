"""Helpers shared by the command modules."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import overload

from ..model.config import CONFIG_FILE_NAME, Config, load_config
from ..model.exceptions import ConfigError
from ..model.problems import Problem, Severity, SourceLocation, count_by_severity
from ..model.urls import redact_urls
from ..output.writers import write_file_atomic

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2


def common_options(dest_prefix: str = "") -> argparse.ArgumentParser:
    """Options every command accepts, before or after the command name.

    The parser before the command stores its counts under ``dest_prefix`` so that the
    subcommand's parser, which copies its own values over, does not reset them:
    ``spfcomms -v build -v`` is two steps more verbose.
    """
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "-c",
        "--config",
        type=Path,
        default=argparse.SUPPRESS,
        help="spfcomms.toml or the workspace folder (default: search from the current folder)",
    )
    common.add_argument(
        "-v",
        "--verbose",
        action="count",
        dest=f"{dest_prefix}verbose",
        default=argparse.SUPPRESS,
        help="say more (repeat for debug output)",
    )
    common.add_argument(
        "-q",
        "--quiet",
        action="count",
        dest=f"{dest_prefix}quiet",
        default=argparse.SUPPRESS,
        help="say less: only problems and errors",
    )
    return common


def verbosity(args: argparse.Namespace) -> int:
    """The sum of every -v minus every -q, wherever they were given."""
    return sum(
        sign * getattr(args, f"{prefix}{name}", 0)
        for prefix in ("", GLOBAL_PREFIX)
        for name, sign in (("verbose", 1), ("quiet", -1))
    )


GLOBAL_PREFIX = "global_"


def config_from_args(args: argparse.Namespace) -> Config:
    """Load the workspace settings named by ``--config``, or found from the current folder.

    Outside a workspace (no spfcomms.toml here or above, or none in the folder ``-c``
    names) every command refuses: the defaults' site name and address are placeholders,
    and a command run in the wrong folder must not publish them or leave files there.
    """
    named = getattr(args, "config", None)
    config = load_config(named)
    if config.source is None:
        where = config.root
        searched = f"in {where}" if named is not None else f"in {where} or any folder above"
        raise ConfigError(
            [
                f"no {CONFIG_FILE_NAME} {searched}: this is not a spfcomms workspace. Run "
                f"spfcomms in the workspace folder, name it with -c, or create "
                f"{CONFIG_FILE_NAME} there with a [site] name and base_url"
            ]
        )
    return config


def print_out(text: str = "") -> None:
    """A line of normal output (URLs in it shown without logins or secret parameters)."""
    print(redact_urls(text))


def print_error(text: str) -> None:
    """A line on standard error (URLs shown as ``print_out`` shows them)."""
    print(redact_urls(text), file=sys.stderr)


@overload
def display_path(path: Path) -> Path: ...
@overload
def display_path(path: Path | str) -> Path | str: ...
def display_path(path: Path | str) -> Path | str:
    """``path`` relative to the current folder when it is inside it (shorter, clickable)."""
    if isinstance(path, Path) and path.is_relative_to(Path.cwd()):
        return path.relative_to(Path.cwd())
    return path


def format_problem(problem: Problem) -> str:
    """A Problem in compiler style, its path relative to the current folder."""
    shown = display_location(problem.location)
    return str(Problem(shown, problem.severity, problem.message, problem.code))


def display_location(location: SourceLocation) -> SourceLocation:
    """``location`` with its path as ``display_path`` shows it."""
    return SourceLocation(display_path(location.path), location.line, location.column)


def count_problems(problems: Sequence[Problem]) -> str:
    """``2 errors, 1 warning`` (notes are not counted)."""
    counts = count_by_severity(problems)
    errors, warnings = counts[Severity.ERROR], counts[Severity.WARNING]
    return f"{plural(errors, 'error')}, {plural(warnings, 'warning')}"


def plural(count: int, word: str) -> str:
    """``1 issue``, ``2 issues``."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def print_problems(problems: Sequence[Problem]) -> None:
    """Problems in compiler style, then a count."""
    for problem in problems:
        print_error(format_problem(problem))
    if any(p.severity is not Severity.NOTE for p in problems):
        print_error(count_problems(problems))


def add_json_option(parser: argparse.ArgumentParser) -> None:
    """``--json PATH``: also write the run's problems as JSON lines."""
    parser.add_argument(
        "--json", type=Path, metavar="PATH", help="also write the problems as JSON lines to PATH"
    )


def write_problems_json(path: Path, problems: Sequence[Problem]) -> None:
    """The problems as JSON lines (one object per line, ``Problem.to_json``)."""
    write_json_lines(path, [problem.to_json() for problem in problems])


def write_json_lines(path: Path, rows: Sequence[dict[str, object]]) -> None:
    """One JSON object per line, written atomically."""
    write_file_atomic(path, "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows))
