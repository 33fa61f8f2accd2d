"""``spfcomms audit`` (also ``spfcomms report``): the communications audit of a period."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..audit.period import Month
from ..model.exceptions import SpfcommsError
from ._common import EXIT_OK, EXIT_USAGE, config_from_args, display_path, print_error, print_out


def _month(text: str) -> str:
    """A --from/--to value, checked (YEAR-MONTH) but kept as written."""
    try:
        Month.parse(text)
    except SpfcommsError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def register(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
) -> None:
    parser = subparsers.add_parser(
        "audit",
        aliases=["report"],
        parents=[common],
        help="write the communications audit: objectives, what was published, whom it "
        "reached, what changed, findings",
        description="Write the communications audit of the months from --from to --to: "
        "one self-contained web page (index.html; charts and styles inside it, nothing "
        "loaded from elsewhere, a print layout), the same figures with their sources in "
        "figures.csv, sources.csv, findings.csv, issues.csv, items.csv and audit.json, "
        "and with --pdf the page printed to audit.pdf. Reach figures come from the "
        "metrics store (spfcomms metrics import); objectives and baselines from [audit] "
        "in spfcomms.toml. 'spfcomms report' is the same command.",
    )
    parser.add_argument(
        "--from",
        dest="first",
        metavar="YYYY-MM",
        type=_month,
        help="first month (default: [audit].months months up to --to)",
    )
    parser.add_argument(
        "--to",
        dest="last",
        metavar="YYYY-MM",
        type=_month,
        help="last month (default: the latest issue's)",
    )
    parser.add_argument(
        "-o", "--output", type=Path, help="output folder (default: _audit in the workspace)"
    )
    parser.add_argument(
        "--pdf",
        action="store_true",
        help="also print the page to audit.pdf with headless Chromium "
        "(pip install 'spfcomms[pdf]')",
    )
    parser.add_argument(
        "--no-metrics", action="store_true", help="leave the metrics store out (content only)"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    # Imported here so that other commands never load the database or Jinja.
    from ..commands.audit import audit_period, write_audit_folder

    config = config_from_args(args)
    try:
        period = audit_period(config, args.first, args.last)
    except SpfcommsError as exc:
        print_error(f"spfcomms audit: error: {exc}")
        return EXIT_USAGE
    done = write_audit_folder(
        config, period, output_dir=args.output, pdf=args.pdf, metrics=not args.no_metrics
    )
    report = done.report
    if args.verbosity >= 0:
        findings = len(report.findings)
        print_out(
            f"Audit of {report.period.label}: {len(report.issues)} issue(s), "
            f"{len(report.objectives)} objective(s), {findings} finding(s), "
            f"{len(done.written)} files in {display_path(done.output_dir)}"
        )
        if not report.issues:
            print_error(f"spfcomms: note: no issue was published in {report.period.label}")
        if not report.measured:
            print_out("No reach figures yet: import them with 'spfcomms metrics import'.")
        print_out(f"Open {display_path(done.output_dir / 'index.html')} in a browser.")
    return EXIT_OK
