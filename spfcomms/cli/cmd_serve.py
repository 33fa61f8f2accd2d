"""``spfcomms serve``: build, serve the output on localhost, rebuild on change."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from ..model.config import PREVIEW_PORT
from ._common import EXIT_OK, config_from_args, print_error, print_out, print_problems

if TYPE_CHECKING:
    from ..commands.serve import BuildReport


def register(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    parser = subparsers.add_parser(
        "serve",
        parents=[common],
        help="preview the build on http://127.0.0.1:8000/, rebuilding on every change",
        description="Build a preview of the workspace (drafts and embargoed content shown "
        "under a banner) into [build].preview_dir, serve it on 127.0.0.1 and rebuild it "
        "whenever spfcomms.toml or a file under issues/ or templates/ changes. Problems "
        "are reported; a build that fails leaves the previous preview online. Stop with "
        "Ctrl-C.",
    )
    parser.add_argument(
        "--port",
        type=_port,
        default=PREVIEW_PORT,
        help=f"port on 127.0.0.1 (default {PREVIEW_PORT}; 0 picks a free one)",
    )
    parser.add_argument(
        "--no-watch",
        dest="watch",
        action="store_false",
        help="build once and serve that; do not watch for changes",
    )
    parser.set_defaults(handler=run)


def _port(text: str) -> int:
    # A usage error (exit 2), like any other bad argument, not a crash when binding.
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port number") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(
            f"{port} is not a port number (1 to 65535, or 0 for any free port)"
        )
    return port


def run(args: argparse.Namespace) -> int:
    from ..commands.serve import PreviewServer

    config = config_from_args(args)
    quiet = args.verbosity < 0

    def report(outcome: BuildReport) -> None:
        if outcome.error is not None:
            print_error(
                f"spfcomms: build failed, still serving the previous output:\n{outcome.error}"
            )
            return
        if outcome.result is not None:
            print_problems(outcome.result.problems)
            if not quiet:
                print_out(f"Built {len(outcome.result.written)} files.")

    server = PreviewServer(config, port=args.port, watch=args.watch, on_build=report)
    server.start()
    if not quiet:
        watching = "; rebuilding on changes" if args.watch else ""
        print_out(f"Serving {server.output_dir} at {server.url}{watching}. Press Ctrl-C to stop.")
    try:
        server.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return EXIT_OK
