"""Workload 5, many small imports: one ``spfcomms metrics import`` command with ten years
of monthly exports (one year in a quick run): a Mailchimp campaign report and a click
report per issue, and a file of hand-kept figures per year; 250 files at full scale.
Each run starts from an empty store (``spfcomms metrics init``, not timed)."""

from __future__ import annotations

import shutil

from .core import Context, Row
from .exports import total_bytes
from .measure import repeat, run_process
from .years import years_of_issues

WORKLOAD = "5 many imports"
GOAL_SECONDS = 5.0


def run(ctx: Context) -> None:
    years = years_of_issues(ctx, ctx.scale.import_years)
    files = years.exports.small
    env = ctx.env()

    def empty_store(_: int) -> None:
        shutil.rmtree(years.workspace / ".spfcomms", ignore_errors=True)
        run_process(ctx.spfcomms("-q", "-c", years.workspace, "metrics", "init"), env=env)

    command = ctx.spfcomms("-q", "-c", years.workspace, "metrics", "import", *files)
    stats = repeat(lambda: run_process(command, env=env), ctx.runs, before_each=empty_store)
    row = ctx.add(
        Row(
            WORKLOAD,
            f"spfcomms metrics import, {len(files)} small exports in one command",
            stats,
            note=f"{len(years.exports.campaigns)} campaign reports, "
            f"{len(years.exports.clicks)} click reports, {len(years.exports.manual)} hand-kept; "
            f"{total_bytes(files) / 1e6:.2f} MB; workspace of {years.issues} issues",
        )
    )
    ctx.judge(row, f"< {GOAL_SECONDS:.0f} s", lambda: stats.median < GOAL_SECONDS)
