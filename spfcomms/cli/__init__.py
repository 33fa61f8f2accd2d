"""The ``spfcomms`` command line. The only part of spfcomms that prints or exits.

Exit codes: 0 success, 1 a content, configuration or runtime error (the message says
what and where), 2 a usage error (argparse). Each command lives in its own module with
``register(subparsers, common)``; ``COMMAND_MODULES`` lists them in help order.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from .._version import __version__
from ..model.exceptions import ContentError, SpfcommsError
from ..model.urls import redact_urls
from ._common import (
    EXIT_ERROR,
    EXIT_OK,
    EXIT_USAGE,
    GLOBAL_PREFIX,
    common_options,
    count_problems,
    format_problem,
    print_error,
    verbosity,
)

COMMAND_MODULES = (
    "new",
    "import",
    "check",
    "build",
    "serve",
    "send-test",
    "publish",
    "metrics",
    "audit",
)


def make_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand registered."""
    common = common_options()
    parser = argparse.ArgumentParser(
        prog="spfcomms",
        description="Publish the Social Partnership Forum's bulletin: email, feeds, web pages "
        "and reach metrics, from one workspace.",
        parents=[common_options(GLOBAL_PREFIX)],
    )
    parser.add_argument("--version", action="version", version=f"spfcomms {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMAND_MODULES:
        module = importlib.import_module(f".cmd_{name.replace('-', '_')}", __name__)
        module.register(subparsers, common)
    return parser


class _RedactingFormatter(logging.Formatter):
    """Log lines as ``LEVEL: message``, URLs in them without logins or secrets."""

    def format(self, record: logging.LogRecord) -> str:
        return redact_urls(super().format(record))


def _configure_logging(verbosity: int) -> None:
    level = logging.WARNING - 10 * verbosity
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_RedactingFormatter("%(levelname)s: %(message)s"))
    root = logging.getLogger("spfcomms")
    root.handlers[:] = [handler]
    root.setLevel(max(logging.DEBUG, min(logging.CRITICAL, level)))
    root.propagate = False


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit code."""
    parser = make_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        # argparse exits on --help, --version (0) and usage errors (2); main() returns.
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    args.verbosity = verbosity(args)
    _configure_logging(args.verbosity)
    try:
        code: int = args.handler(args)
    except ContentError as exc:
        for problem in exc.problems:
            print_error(format_problem(problem))
        what = "nothing was written" if args.command == "build" else "fix them and run again"
        print_error(f"spfcomms: {count_problems(exc.problems)}; {what}")
        return EXIT_ERROR
    except SpfcommsError as exc:
        print_error(f"spfcomms: error: {exc}")
        return EXIT_ERROR
    except KeyboardInterrupt:
        print_error("spfcomms: interrupted")
        return 130
    return code if code is not None else EXIT_OK
