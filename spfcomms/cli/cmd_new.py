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
        "news item to edit. A folder without an issue.toml is filled in: the item files "
        "already there are listed. Refuses a folder that has an issue.toml.",
    )
    parser.add_argument("issue", help="the issue id, YEAR-MONTH, for example 2024-01")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from ..workspace.scaffold import start_issue

    config = config_from_args(args)
    done = start_issue(config, args.issue)
    if args.verbosity < 0:
        return EXIT_OK
    for path in done.created:
        print_out(f"Created {display_path(path)}")
    if done.listed:
        print_out(
            f"Listed the item files already there ({', '.join(done.listed)}); "
            "put them in reading order in issue.toml."
        )
    print_out(
        "Replace every 'TODO:' text, list the items in issue.toml, then run 'spfcomms check'."
    )
    return EXIT_OK
