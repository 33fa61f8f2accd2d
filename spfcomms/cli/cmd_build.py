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
        description="Load the workspace and run every rule check runs (except the links "
        "outside the site), then write every output into the output folder (default "
        "_build/). On any error nothing is written and the previous build is left as it "
        "was. Drafts and embargoed content are left out; --drafts writes a preview with "
        "them, under a banner, into [build].preview_dir (default _preview/).",
    )
    parser.add_argument(
        "-o", "--output", type=Path, help="output folder (default: [build].output_dir)"
    )
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    parser.add_argument(
        "--drafts",
        action="store_true",
        help="write a preview that shows drafts and embargoed content (feeds and snippets "
        "stay as published) into [build].preview_dir, or -o",
    )
    add_json_option(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from ..commands.build import build

    config = config_from_args(args)
    if args.output is not None:
        output = args.output.resolve()
        config = config.with_preview_dir(output) if args.drafts else config.with_output_dir(output)
    result = build(config, strict=args.strict, drafts=args.drafts)
    print_problems(result.problems)
    if args.json is not None:
        write_problems_json(args.json, result.problems)
    issues = result.workspace.issues
    items = sum(len(issue.items) for issue in issues)
    if args.verbosity >= 0:
        output = display_path(config.preview_dir if args.drafts else config.output_dir)
        what = "Previewed" if args.drafts else "Built"
        print_out(
            f"{what} {plural(len(issues), 'issue')} with {plural(items, 'item')}: "
            f"{plural(len(result.written), 'file')} in {output}{os.sep}"
        )
        if result.held:
            shown = "shown under a banner" if args.drafts else "left out"
            print_out(f"Drafts and embargoes: {len(result.held)} held back ({shown}).")
        for written in result.written:
            if written.path.endswith("/email.html"):
                issue_id = written.path.split("/")[1]
                print_out(
                    f"Email {issue_id}: {written.size / 1024:.1f} KB of HTML "
                    f"(Gmail clips at {config.email.size_error_kb} KB)"
                )
        print_out(f"Open {output / 'index.html'} in a browser to read the archive.")
    return EXIT_OK
