"""``spfcomms check``: everything wrong with the workspace, before anything is published."""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from ..model.exceptions import ConfigError
from ..model.problems import Severity, SourceLocation
from ._common import (
    EXIT_ERROR,
    EXIT_OK,
    config_from_args,
    count_problems,
    display_location,
    format_problem,
    plural,
    print_out,
    write_json_lines,
)

if TYPE_CHECKING:
    # Loaded only when the command runs, so other commands never import requests or bs4.
    from ..checks.linkstatus import LinkResult, Progress
    from ..checks.report import CheckReport

_MAX_PLACES = 3
# Link statuses in the order the report groups them: worst first.
_ORDER = ("broken", "error", "timeout", "rate_limited", "ignored", "redirected", "unchecked", "ok")


def register(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    parser = subparsers.add_parser(
        "check",
        parents=[common],
        help="check the content and the built output; report every problem",
        description="Validate every issue, render the site in memory and check the output: "
        "unfinished text, accessibility, colour contrast, email and feed sizes, and links "
        "inside the site. With --links, also check every other link over HTTP. Reports "
        "each problem with its file and line; exits 1 when any is an error.",
    )
    parser.add_argument("issue", nargs="?", help="check only this issue (YEAR-MONTH)")
    parser.add_argument(
        "--links", action="store_true", help="check external links over HTTP (uses the network)"
    )
    parser.add_argument(
        "--json", type=Path, metavar="PATH", help="also write the results as JSON lines to PATH"
    )
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from ..commands.check import check_workspace

    config = config_from_args(args)
    with _progress_bar(enabled=args.links and args.verbosity >= 0) as (on_start, progress):
        try:
            report = check_workspace(
                config,
                issue_id=args.issue,
                links=args.links,
                progress=progress,
                on_start=on_start,
            )
        except KeyError as exc:
            raise ConfigError([str(exc.args[0])]) from None
    _print_report(report, verbose=args.verbosity > 0, quiet=args.verbosity < 0)
    if args.json is not None:
        write_json_lines(args.json, list(_json(report)))
    return EXIT_ERROR if report.failed(strict=args.strict) else EXIT_OK


@contextmanager
def _progress_bar(
    *, enabled: bool
) -> Iterator[tuple[Callable[[int], None] | None, Progress | None]]:
    if not enabled:
        yield None, None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    console = Console(stderr=True)
    with Progress(
        TextColumn("checking links"),
        BarColumn(),
        MofNCompleteColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    ) as bar:
        task = bar.add_task("links", total=None)

        def start(total: int) -> None:
            bar.update(task, total=total)

        def advance(result: LinkResult) -> None:
            bar.advance(task)

        yield start, advance


def _print_report(report: CheckReport, *, verbose: bool, quiet: bool) -> None:
    for problem in report.problems:
        print_out(format_problem(problem))
    severity = {result.uri: problem for result, problem in report.link_findings}
    shown = list(report.link_results if verbose else (r for r, _ in report.link_findings))
    by_status: dict[str, list[LinkResult]] = {}
    for result in shown:
        by_status.setdefault(str(result.status), []).append(result)
    for status in _ORDER:
        group = by_status.get(status, [])
        if not group:
            continue
        print_out(f"{status}: {len(group)} link(s)")
        for result in group:
            found = severity.get(result.uri)
            label = f" {found.severity}:" if found is not None else ""
            detail = f" — {result.message}" if result.message else ""
            lines = [
                f"{display_location(where)}:{label} [{result.status}] {result.uri}{detail}"
                for where in result.locations or (SourceLocation(Path("<unknown>")),)
            ]
            for line in lines if verbose else lines[:_MAX_PLACES]:
                print_out(line)
            if len(lines) > _MAX_PLACES and not verbose:
                print_out(f"    ... and {len(lines) - _MAX_PLACES} more place(s) (-v lists all)")
    if quiet:
        return
    counts = Counter(str(r.status) for r in report.link_results)
    if report.link_results:
        summary = ", ".join(f"{count} {status}" for status, count in sorted(counts.items()))
        print_out(f"Links: {len(report.link_results)} found ({summary}).")
    problems = report.all_problems()
    items = sum(len(issue.items) for issue in report.issues)
    checked = f"Checked {plural(len(report.issues), 'issue')} with {plural(items, 'item')}"
    counted = [p for p in problems if p.severity is not Severity.NOTE]
    held = f"; {len(report.held)} held back (see the notes)" if report.held else ""
    print_out(f"{checked}: {count_problems(counted) if counted else 'no errors'}{held}.")


def _json(report: CheckReport) -> Iterator[dict[str, object]]:
    for result in report.link_results:
        yield {"type": "link", **result.to_json()}
    for problem in report.all_problems():
        yield problem.to_json()
