"""``spfcomms check``: validate the content without writing anything."""

from __future__ import annotations

import argparse

from ..build import load_workspace
from ._common import EXIT_OK, config_from_args, plural, print_out, print_problems


def register(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    parser = subparsers.add_parser(
        "check",
        parents=[common],
        help="validate the workspace and report every problem",
        description="Load and validate every issue and report every problem with its file "
        "and line. Exits 1 when any problem is an error.",
    )
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    config = config_from_args(args)
    workspace = load_workspace(config, strict=args.strict)
    print_problems(workspace.problems)
    if args.verbosity >= 0:
        items = sum(len(issue.items) for issue in workspace.issues)
        print_out(
            f"Checked {plural(len(workspace.issues), 'issue')} with {plural(items, 'item')}: "
            "no errors."
        )
    return EXIT_OK
