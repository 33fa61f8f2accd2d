"""``spfcomms send-test ISSUE --to ADDRESS``: email a test copy of one issue."""

from __future__ import annotations

import argparse

from ._common import EXIT_OK, config_from_args, print_out


def register(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    parser = subparsers.add_parser(
        "send-test",
        parents=[common],
        help="email a test copy of one issue to yourself",
        description="Build the email of one issue from the workspace and send it over SMTP "
        "([email].smtp_host, smtp_port, smtp_security) to a few test addresses. The SMTP "
        "login is read from the environment variables named by [email].smtp_user_env and "
        "smtp_password_env. Refuses more than [email].max_test_recipients addresses.",
    )
    parser.add_argument("issue", help="the issue id, for example 2023-12")
    parser.add_argument(
        "--to",
        action="append",
        required=True,
        metavar="ADDRESS",
        help="a test recipient; repeat the option or separate addresses with commas",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from ..commands.send_test import send_test

    config = config_from_args(args)
    recipients = [part.strip() for value in args.to for part in value.split(",") if part.strip()]
    email = send_test(config, args.issue, recipients)
    if args.verbosity >= 0:
        settings = config.email
        print_out(
            f"Sent a test of {args.issue} to {', '.join(recipients)} through "
            f"{settings.smtp_host}:{settings.smtp_port}."
        )
        print_out(
            f"Subject: [Test] {email.subject}; HTML {email.size / 1024:.1f} KB "
            f"(Gmail clips at {settings.size_error_kb} KB)."
        )
    return EXIT_OK
