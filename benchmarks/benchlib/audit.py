"""Workload 4, the audit: ``spfcomms audit`` over ten years of monthly issues (two in a
quick run) with a full metrics store: campaign reports, clicks per link, GA4 page views,
monthly access logs (page views, feed polls, aggregator subscriber counts, partner
pickups) and hand-kept figures.

Two rows: the audit of the whole ten years (``--from`` the first issue ``--to`` the
last: every issue read, every figure of the store), which the goals are for, and the
default audit of the last twelve months in the same workspace (what a monthly or yearly
audit costs once the archive is long)."""

from __future__ import annotations

import shutil

from .core import WORK, Context, Row
from .measure import repeat, run_process
from .years import FIRST_YEAR, STORE, filled_store, store_counts, years_of_issues

WORKLOAD = "4 audit"
GOAL_SECONDS = 2.0
"""Issue 18's goal; issue 15's was under 3 s."""


def run(ctx: Context) -> None:
    years = years_of_issues(ctx, ctx.scale.audit_years)
    store = filled_store(ctx, years)
    target = years.workspace / STORE
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(store, target)
    span = ("--from", f"{FIRST_YEAR}-01", "--to", f"{FIRST_YEAR + ctx.scale.audit_years - 1}-12")
    note = f"store: {store_counts(store)}; {store.stat().st_size / 1e6:.1f} MB"
    for subject, period in (
        (f"spfcomms audit of {ctx.scale.audit_years} years ({years.issues} issues, "
         f"{years.items:,} items), full store", span),
        ("spfcomms audit of the last 12 months, same workspace and store", ()),
    ):  # fmt: skip
        out = WORK / f"years-{ctx.scale.audit_years}-audit"
        command = ctx.spfcomms("audit", "-q", "-c", years.workspace, *period, "-o", out)
        stats = repeat(lambda command=command: run_process(command, env=ctx.env()), ctx.runs)
        row = ctx.add(Row(WORKLOAD, subject, stats, note=note))
        if period:
            goal = f"< {GOAL_SECONDS:.0f} s"
            ctx.judge(row, goal, lambda stats=stats: stats.median < GOAL_SECONDS)
