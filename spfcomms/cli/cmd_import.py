"""``spfcomms import SOURCE --into YYYY-MM``: turn an existing document into items."""

from __future__ import annotations

import argparse

from ..importers import import_source, render_item, write_items
from ..importers.sources import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT
from ..importers.workspace import Outcome, issue_date_of
from ..importers.writer import describe
from ..model.content import ItemKind
from ..workspace.loaders import ISSUE_ID
from ._common import EXIT_ERROR, EXIT_OK, EXIT_USAGE, config_from_args, print_error, print_out


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
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if not ISSUE_ID.match(args.into):
        print_error(f"spfcomms import: --into '{args.into}' must be YEAR-MONTH, such as 2024-01")
        return EXIT_USAGE
    config = config_from_args(args)
    folder = config.issues_dir / args.into
    existing_date = issue_date_of(folder)
    result = import_source(
        args.source,
        kind=args.kind,
        issue_id=args.into,
        issue_date=existing_date,
        timeout=args.timeout,
        max_bytes=args.max_bytes,
    )
    if args.verbosity >= 0:
        print_out(describe(result.items))
    for message in result.messages:
        if args.verbosity >= 1 or message.level == "warning":
            print_error(str(message))
    written = write_items(result.items, folder, force=args.force, dry_run=args.dry_run)
    verb = "would be " if args.dry_run else ""
    for entry in written:
        print_out(f"{entry.path}: {verb}{entry.outcome.value}")
    if args.dry_run and args.show:
        for item in result.items:
            print_out(f"----- {folder / (item.id + '.md')}")
            print_out(render_item(item).rstrip("\n"))
    warnings = len(result.warnings)
    if args.verbosity >= 0:
        print_out(
            f"{len(result.items)} item(s), {warnings} warning(s)"
            + ("; nothing was written (--dry-run)" if args.dry_run else "")
        )
        if not args.dry_run and any(e.outcome is not Outcome.UNCHANGED for e in written):
            print_out("Next: read the warnings, edit the file if needed, then 'spfcomms check'.")
    return EXIT_OK if result.items else EXIT_ERROR
