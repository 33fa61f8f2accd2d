"""Helpers shared by the command modules."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..config import Config, load_config
from ..exceptions import Problem

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2


def common_options() -> argparse.ArgumentParser:
    """Options every command accepts, before or after the command name."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "-c",
        "--config",
        type=Path,
        default=argparse.SUPPRESS,
        help="spfcomms.toml or the workspace folder (default: search from the current folder)",
    )
    common.add_argument(
        "-v", "--verbose", action="count", default=argparse.SUPPRESS, help="say more"
    )
    common.add_argument("-q", "--quiet", action="count", default=argparse.SUPPRESS, help="say less")
    return common


def config_from_args(args: argparse.Namespace) -> Config:
    """Load the workspace settings named by ``--config``, or found from the current folder."""
    return load_config(getattr(args, "config", None))


def print_out(text: str = "") -> None:
    """A line of normal output."""
    print(text)


def print_error(text: str) -> None:
    """A line on standard error."""
    print(text, file=sys.stderr)


def print_problems(problems: list[Problem] | tuple[Problem, ...]) -> None:
    """Problems in compiler style, then a count."""
    for problem in problems:
        print_error(str(problem))
    if problems:
        errors = sum(1 for p in problems if p.is_error)
        print_error(f"{errors} error(s), {len(problems) - errors} warning(s)")
