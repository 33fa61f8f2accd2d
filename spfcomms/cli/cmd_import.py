"""``spfcomms import SOURCE --into YYYY-MM``: turn an existing document into items."""

from __future__ import annotations

import argparse

from ..importers.limits import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT
from ..model.content import ItemKind
from ..model.problems import Severity
from ._common import (
    EXIT_ERROR,
    EXIT_OK,
    EXIT_USAGE,
    add_json_option,
    config_from_args,
    print_error,
    print_out,
    write_problems_json,
)


def register(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    parser = subparsers.add_parser(
        "import",
        parents=[common],
        help="import Key comms, a case study or a news story from a file or web page",
        description="Read a .txt, .md, .html or .docx file, or an http(s) web page, recognise "
        "the meeting summary, case study or news story in it, and write it as an item of "
        "the issue named by --into (creating issue.toml if needed). Says what it recognised "
        "and warns, with line numbers, about anything it had to guess. Importing the same "
        "source again changes nothing; a file edited since is only replaced with --force.",
    )
    parser.add_argument("source", help="a file (.txt .md .html .docx) or an https:// address")
    parser.add_argument(
        "--into", required=True, metavar="YYYY-MM", help="the issue to add the item to"
    )
    parser.add_argument(
        "--kind",
        choices=[k.value for k in ItemKind],
        help="what the document is (default: detected)",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="show what would be written; write nothing"
    )
    parser.add_argument(
        "--force", action="store_true", help="replace an existing item file that differs"
    )
    parser.add_argument(
        "--show", action="store_true", help="with --dry-run, also print the files' text"
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        help=f"seconds to wait for a web page (default {DEFAULT_TIMEOUT:g})",
    )
    parser.add_argument(
        "--max-bytes",
        type=int,
        default=DEFAULT_MAX_BYTES,
        help=f"largest web page to fetch, in bytes (default {DEFAULT_MAX_BYTES})",
    )
    add_json_option(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from ..commands.import_into import import_into
    from ..importers.writer import describe, render_item
    from ..workspace.loaders import ISSUE_ID

    if not ISSUE_ID.match(args.into):
        print_error(f"spfcomms import: --into '{args.into}' must be YEAR-MONTH, such as 2024-01")
        return EXIT_USAGE
    config = config_from_args(args)
    done = import_into(
        config,
        args.source,
        args.into,
        kind=args.kind,
        force=args.force,
        dry_run=args.dry_run,
        timeout=args.timeout,
        max_bytes=args.max_bytes,
    )
    imported = done.imported
    if args.verbosity >= 0:
        print_out(describe(imported.items))
    for problem in imported.problems:
        if args.verbosity >= 1 or problem.severity is Severity.WARNING:
            print_error(str(problem))
    verb = "would be " if args.dry_run else ""
    for entry in done.written if args.verbosity >= 0 or args.dry_run else ():
        print_out(f"{entry.path}: {verb}{entry.outcome.value}")
    if args.dry_run and args.show:
        for item in imported.items:
            print_out(f"----- {done.folder / (item.id + '.md')}")
            print_out(render_item(item).rstrip("\n"))
    if args.verbosity >= 0:
        print_out(
            f"{len(imported.items)} item(s), {len(imported.warnings)} warning(s)"
            + ("; nothing was written (--dry-run)" if args.dry_run else "")
        )
        if not args.dry_run and done.changed:
            print_out("Next: read the warnings, edit the file if needed, then 'spfcomms check'.")
    if args.json is not None:
        write_problems_json(args.json, imported.problems)
    return EXIT_OK if imported.items else EXIT_ERROR
