"""``spfcomms publish ISSUE --to TOOL``: create or update the issue's draft campaign."""

from __future__ import annotations

import argparse

from ..webapi import TOOLS
from ._common import EXIT_OK, config_from_args, print_out, print_problems


def register(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    parser = subparsers.add_parser(
        "publish",
        parents=[common],
        help="hand an issue's email to Mailchimp or listmonk as a draft campaign",
        description="Check the workspace as build does, then create a draft campaign for "
        "the issue in the mailing tool, or update the one recorded in the [campaign] table "
        "of its issue.toml. The unsubscribe link becomes the tool's own per-reader link. "
        "Never sends or schedules the campaign. Credentials come from the environment "
        "variables named in spfcomms.toml ([mailchimp].api_key_env, [listmonk].token_env).",
    )
    parser.add_argument("issue", help="the issue id, for example 2023-12")
    parser.add_argument("--to", required=True, choices=TOOLS, help="the mailing tool")
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="print the requests that would be made (without the key); send nothing",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from ..commands.publish import publish
    from ..model.exceptions import ConfigError
    from ..webapi.http import dumps

    config = config_from_args(args)
    try:
        result = publish(config, args.issue, args.to, dry_run=args.dry_run)
    except KeyError as exc:
        raise ConfigError([str(exc.args[0])]) from None
    print_problems(result.problems)
    if args.dry_run:
        print_out(f"Each request would carry the credentials in {result.credentials}.")
        for request in result.requests:
            print_out(f"{request.method} {request.url}")
            summary = request.summary()
            if summary is not None:
                print_out(dumps(summary))
        print_out(f"Dry run: {len(result.requests)} request(s) shown, nothing sent.")
        return EXIT_OK
    if args.verbosity > 0:
        for request in result.requests:
            print_out(f"{request.method} {request.url}")
    if args.verbosity >= 0:
        done = "Created" if result.created else "Updated"
        print_out(
            f"{done} the draft {result.tool} campaign {result.campaign_id} for issue "
            f"{result.issue_id}; review, test and send it in {result.tool}."
        )
        if result.recorded_in is not None:
            print_out(f"Recorded it in {result.recorded_in} ([campaign]).")
    return EXIT_OK
