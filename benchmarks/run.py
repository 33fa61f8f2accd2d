"""spfcomms' speed, side by side with peer tools, in one table.

    python benchmarks/run.py [--runs N] [--quick] [--only WORKLOAD ...] [--no-install]
                             [--fresh] [--json FILE]

Workloads (see docs/benchmarks.md):

  startup    python, ``import spfcomms``, ``spfcomms --version`` and ``--help``
  one-issue  ``spfcomms build`` of the repository's workspace, against the npm mjml CLI
  archive    a generated archive of 180 issues (3,060 items): cold, nothing changed,
             one item edited, one template edited; Hugo and Pelican on the same items;
             peak memory at 180 and 720 issues
  feeds      every feed of 3,060 items, against feedgen alone writing the same entries
  audit      ``spfcomms report`` over ten years with a full metrics store
  imports    250 small exports in one ``spfcomms metrics import``

Every figure is the median of --runs runs (default 5, 3 with --quick) after one warm-up
run; ratios compare figures of the same run. ``--quick`` runs every workload at about a
tenth of its size: it is the check a developer runs (about two minutes), and it judges
only the goals that do not depend on size. Peers are installed on first use into
benchmarks/_work/ (Pelican in its own virtualenv, npm mjml in its own node prefix,
Debian's hugo with apt-get when running as root); ``--no-install`` skips a missing one.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from benchlib import archive, audit, feeds, imports, one_issue, startup, table
from benchlib.core import FULL, QUICK, WORK, Context, empty_trash

WORKLOADS: dict[str, tuple[Callable[[Context], None], str]] = {
    "startup": (startup.run, "start-up"),
    "one-issue": (one_issue.run, "1: one issue"),
    "archive": (archive.run, "2: the archive"),
    "feeds": (feeds.run, "3: feeds"),
    "audit": (audit.run, "4: the audit"),
    "imports": (imports.run, "5: many small imports"),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=(__doc__ or "").splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="\n".join((__doc__ or "").splitlines()[4:]),
    )
    parser.add_argument("--runs", type=int, help="measured runs per figure (default 5; 3 quick)")
    parser.add_argument(
        "--quick", action="store_true", help="every workload at a tenth of its size"
    )
    parser.add_argument(
        "--only",
        action="append",
        choices=sorted(WORKLOADS),
        metavar="WORKLOAD",
        help=f"run only this workload (repeatable): {', '.join(WORKLOADS)}",
    )
    parser.add_argument("--no-install", action="store_true", help="never install a missing peer")
    parser.add_argument(
        "--fresh",
        action="store_true",
        help="make the cached generated exports and metrics store again",
    )
    parser.add_argument("--json", type=Path, help="also write every run to this file")
    args = parser.parse_args(argv)

    scale = QUICK if args.quick else FULL
    runs = args.runs or (3 if args.quick else 5)
    if runs < 1:
        parser.error("--runs must be at least 1")
    ctx = Context(runs=runs, scale=scale, install=not args.no_install, fresh=args.fresh)
    chosen = [name for name in WORKLOADS if not args.only or name in args.only]
    WORK.mkdir(parents=True, exist_ok=True)
    began = time.perf_counter()
    print(
        f"spfcomms benchmarks, {scale.name} scale, {runs} runs each after a warm-up; "
        f"scratch space {WORK}",
        flush=True,
    )
    print(f"machine: {table.machine()}; load average at start {table.load()}", flush=True)
    try:
        for name in chosen:
            function, title = WORKLOADS[name]
            started = time.perf_counter()
            print(f"== {title} ...", flush=True)
            function(ctx)
            print(
                f"   done in {time.perf_counter() - started:.0f} s (load average {table.load()})",
                flush=True,
            )
    finally:
        empty_trash()
    ctx.notes.append(
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {scale.name} scale, "
        f"{time.perf_counter() - began:.0f} s in all; load average at the end {table.load()}. "
        "noise = (max - min) / median of the runs. Wall times are medians; the machine is "
        "shared, so cpu s (user + system of the measured process, median) is the steadier "
        "figure. Goals are those of issue 18; a quick run judges only those that do not "
        "depend on size."
    )
    print()
    print(table.render(ctx))
    if args.json:
        table.write_json(ctx, args.json)
        print(f"\nEvery run written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
