"""``spfcomms report``: the communications audit as HTML, CSV and SVG charts."""

from __future__ import annotations

import argparse
from pathlib import Path

from ._common import EXIT_OK, config_from_args, print_out


def register(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
) -> None:
    parser = subparsers.add_parser(
        "report",
        parents=[common],
        help="write the communications audit: what was published, whom it reached, what worked",
        description="Write the communications audit for a run of issues: a web page with "
        "charts, issues.csv and items.csv. Reach figures come from the metrics store "
        "(spfcomms metrics import); without them the report covers what was published.",
    )
    parser.add_argument(
        "--from", dest="first", metavar="YYYY-MM", help="first issue (default: the first)"
    )
    parser.add_argument(
        "--to", dest="last", metavar="YYYY-MM", help="last issue (default: the latest)"
    )
    parser.add_argument(
        "-o", "--output", type=Path, help="output folder (default: _audit in the workspace)"
    )
    parser.add_argument(
        "--no-metrics", action="store_true", help="leave the metrics store out (content only)"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    # Imported here so that other commands never load matplotlib.
    from ..commands.audit import audit

    config = config_from_args(args)
    done = audit(
        config,
        first=args.first,
        last=args.last,
        output_dir=args.output,
        metrics=not args.no_metrics,
    )
    report, output = done.report, done.output_dir
    if args.verbosity >= 0:
        print_out(
            f"Audit of {report.period}: {len(report.issue_rows)} issue(s), "
            f"{len(report.recommendations)} recommendation(s), {len(done.written)} files in "
            f"{output}"
        )
        if report.reach.is_empty:
            print_out("No reach figures yet: import them with 'spfcomms metrics import'.")
        print_out(f"Open {output / 'index.html'} in a browser.")
    return EXIT_OK
