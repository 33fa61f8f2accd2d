"""``spfcomms build``: render every issue into the output folder."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from ._common import (
    EXIT_OK,
    add_json_option,
    config_from_args,
    display_path,
    plural,
    print_out,
    print_problems,
    write_problems_json,
)


def register(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    parser = subparsers.add_parser(
        "build",
        parents=[common],
        help="build the web pages, emails and feeds into the output folder",
        description="Load and validate the workspace, then write every output into the "
        "output folder (default _build/). On any error nothing is written and the previous "
        "build is left as it was.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument(
        "-o", "--output", type=Path, help="output folder (default: [build].output_dir)"
    )
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    add_json_option(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from ..commands.build import build

    config = config_from_args(args)
    if args.output is not None:
        config = config.with_output_dir(args.output.resolve())
    result = build(config, strict=args.strict)
    print_problems(result.problems)
    if args.json is not None:
        write_problems_json(args.json, result.problems)
    issues = result.workspace.issues
    items = sum(len(issue.items) for issue in issues)
    if args.verbosity >= 0:
        output = display_path(config.output_dir)
        print_out(
            f"Built {plural(len(issues), 'issue')} with {plural(items, 'item')}: "
            f"{plural(len(result.written), 'file')} in {output}{os.sep}"
        )
        for written in result.written:
            if written.path.endswith("/email.html"):
                issue_id = written.path.split("/")[1]
                print_out(
                    f"Email {issue_id}: {written.size / 1024:.1f} KB of HTML "
                    f"(Gmail clips at {config.email.size_error_kb} KB)"
                )
        print_out(f"Open {output / 'index.html'} in a browser to read the archive.")
    return EXIT_OK
