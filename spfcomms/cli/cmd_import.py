"""``spfcomms import SOURCE... --into YYYY-MM|auto``: turn existing documents into items."""

from __future__ import annotations

import argparse
from collections import Counter
from typing import Any

from ..content import ItemKind
from ..importers import render_item
from ..importers.batch import AUTO, BatchReport, import_batch
from ..importers.sources import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT
from ..importers.workspace import Outcome
from ..importers.writer import describe
from ..loaders import ISSUE_FILE, ISSUE_ID
from ._common import (
    EXIT_ERROR,
    EXIT_OK,
    EXIT_USAGE,
    config_from_args,
    display_path,
    print_error,
    print_out,
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
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.into != AUTO and not ISSUE_ID.match(args.into):
        print_error(
            f"spfcomms import: --into '{args.into}' must be YEAR-MONTH, such as 2024-01, or auto"
        )
        return EXIT_USAGE
    config = config_from_args(args)
    with _ProgressBar(len(args.source), enabled=args.verbosity >= 0) as bar:
        report = import_batch(
            args.source,
            config.issues_dir,
            into=args.into,
            kind=args.kind,
            force=args.force,
            dry_run=args.dry_run,
            timeout=args.timeout,
            max_bytes=args.max_bytes,
            progress=bar.update,
        )
    verb = "would be " if args.dry_run else ""
    for entry in report.sources:
        if entry.result is not None:
            if args.verbosity >= 0:
                print_out(describe(entry.result.items))
            for message in entry.result.messages:
                if args.verbosity >= 1 or message.level == "warning":
                    print_error(str(message))
        if entry.failed:
            print_error(f"spfcomms: error: {entry.error}")
            continue
        for written in entry.files:
            print_out(f"{display_path(written.path)}: {verb}{written.outcome.value}")
        if args.dry_run and args.show and entry.result is not None:
            for item in entry.result.items:
                print_out(f"----- {display_path(config.issues_dir / entry.issue_id / item.id)}.md")
                print_out(render_item(item).rstrip("\n"))
    _summary(args, report)
    return EXIT_ERROR if report.failed or not report.items else EXIT_OK


def _summary(args: argparse.Namespace, report: BatchReport) -> None:
    warnings = sum(len(r.result.warnings) for r in report.imported if r.result)
    if args.verbosity >= 0 and report.imported:
        print_out(
            f"{len(report.items)} item(s), {warnings} warning(s)"
            + ("; nothing was written (--dry-run)" if args.dry_run else "")
        )
    if len(report.sources) > 1:
        issues = sorted({r.issue_id for r in report.imported})
        counts = Counter(
            f.outcome.value for r in report.imported for f in r.files if f.path.name != ISSUE_FILE
        )
        done = ", ".join(f"{n} {what}" for what, n in sorted(counts.items())) or "no change"
        print_out(
            f"{len(report.sources)} sources: {len(report.imported)} imported into "
            f"{len(issues)} issue(s) ({done}), {len(report.failed)} failed"
        )
        for failed in report.failed:
            print_error(f"failed: {failed.error}")
    written = [f for f in report.files if f.outcome is not Outcome.UNCHANGED]
    if args.verbosity >= 0 and not args.dry_run and written:
        print_out("Next: read the warnings, edit the file if needed, then 'spfcomms check'.")


class _ProgressBar:
    """A rich progress bar on standard error for several sources, only on a terminal."""

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
                    TextColumn("{task.description}"),
                    console=console,
                    transient=True,
                )
                self._progress.start()
                self._task = self._progress.add_task("", total=self.total)
        return self

    def update(self, done: int, total: int, source: str) -> None:
        if self._progress is not None:
            self._progress.update(self._task, completed=done, description=source[-40:])

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()
