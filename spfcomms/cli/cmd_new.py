"""``spfcomms new YYYY-MM``: scaffold a new issue folder."""

from __future__ import annotations

import argparse

from ._common import EXIT_OK, config_from_args, display_path, print_out


def register(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    parser = subparsers.add_parser(
        "new",
        parents=[common],
        help="start a new issue folder with an issue.toml and a first item",
        description="Create issues/YYYY-MM/ with issue.toml (the next issue number) and a "
        "news item to edit. Refuses to touch an existing folder.",
    )
    parser.add_argument("issue", help="the issue id, YEAR-MONTH, for example 2024-01")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from ..workspace.scaffold import new_issue

    config = config_from_args(args)
    created = new_issue(config, args.issue)
    for path in created:
        print_out(f"Created {display_path(path)}")
    print_out("Write the items, list them in issue.toml, then run 'spfcomms check'.")
    return EXIT_OK
