"""``spfcomms import SOURCE... --into YYYY-MM|auto``: turn existing documents into items."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from ..importers.limits import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT
from ..model.content import ItemKind
from ..model.problems import Severity
from ..model.urls import redact_url
from ._common import (
    EXIT_ERROR,
    EXIT_OK,
    EXIT_USAGE,
    add_json_option,
    config_from_args,
    display_path,
    print_error,
    print_out,
    write_problems_json,
)

if TYPE_CHECKING:
    from ..commands.import_into import BatchImportResult


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
    parser.add_argument(
        "source",
        nargs="+",
        help="files (.txt .md .html .docx) or https:// addresses; a bad one is reported "
        "and the others are still imported",
    )
    parser.add_argument(
        "--into",
        required=True,
        metavar="YYYY-MM|auto",
        help="the issue to add the items to, or 'auto': each into the issue of its own "
        "publication month (a missing issue folder is created as 'spfcomms new' would)",
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
    from ..commands.import_into import AUTO, import_batch
    from ..importers.writer import describe, render_item
    from ..workspace.loaders import ISSUE_ID

    if args.into != AUTO and not ISSUE_ID.match(args.into):
        print_error(
            f"spfcomms import: --into '{args.into}' must be YEAR-MONTH, such as 2024-01, or auto"
        )
        return EXIT_USAGE
    config = config_from_args(args)
    with _ProgressBar(len(args.source), enabled=args.verbosity >= 0) as bar:
        done = import_batch(
            config,
            args.source,
            args.into,
            kind=args.kind,
            force=args.force,
            dry_run=args.dry_run,
            timeout=args.timeout,
            max_bytes=args.max_bytes,
            progress=bar.update,
        )
    verb = "would be " if args.dry_run else ""
    for entry in done.sources:
        if entry.result is not None:
            if args.verbosity >= 0:
                print_out(describe(entry.result.items))
            for problem in entry.result.problems:
                if args.verbosity >= 1 or problem.severity is Severity.WARNING:
                    print_error(str(problem))
        if entry.failed:
            print_error(f"spfcomms: error: {entry.error}")
            continue
        for written in entry.files if args.verbosity >= 0 or args.dry_run else ():
            print_out(f"{display_path(written.path)}: {verb}{written.outcome.value}")
        if args.dry_run and args.show:
            for item in entry.items:
                print_out(f"----- {display_path(config.issues_dir / entry.issue_id / item.id)}.md")
                print_out(render_item(item).rstrip("\n"))
    _summary(args, done)
    if args.json is not None:
        write_problems_json(args.json, done.problems)
    return EXIT_ERROR if done.failed or not done.items else EXIT_OK


def _summary(args: argparse.Namespace, done: BatchImportResult) -> None:
    if args.verbosity >= 0 and done.imported:
        print_out(
            f"{len(done.items)} item(s), {done.warnings} warning(s)"
            + ("; nothing was written (--dry-run)" if args.dry_run else "")
        )
    if len(done.sources) > 1:
        outcomes = ", ".join(f"{n} {what}" for what, n in done.item_outcomes.items())
        print_out(
            f"{len(done.sources)} sources: {len(done.imported)} imported into "
            f"{len(done.issues)} issue(s) ({outcomes or 'no change'}), {len(done.failed)} failed"
        )
        for failed in done.failed:
            print_error(f"failed: {failed.error}")
    if args.verbosity >= 0 and not args.dry_run and done.changed:
        print_out("Next: read the warnings, edit the file if needed, then 'spfcomms check'.")


class _ProgressBar:
    """One rich progress bar on standard error across several sources, only on a terminal."""

    def __init__(self, total: int, *, enabled: bool) -> None:
        self.total = total
        self.enabled = enabled and total > 1
        self._progress: Any = None
        self._task: Any = None

    def __enter__(self) -> _ProgressBar:
        if self.enabled:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            console = Console(stderr=True)
            if console.is_terminal:
                self._progress = Progress(
                    TextColumn("importing"),
                    BarColumn(),
                    MofNCompleteColumn(),
                    TextColumn("{task.description}", markup=False),
                    console=console,
                    transient=True,
                )
                self._progress.start()
                self._task = self._progress.add_task("", total=self.total)
        return self

    def update(self, done: int, total: int, source: str) -> None:
        """The callback ``import_batch`` calls after each source."""
        if self._progress is not None:
            shown = redact_url(source)  # a login in an address is never shown
            self._progress.update(self._task, completed=done, description=shown[-40:])

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()
