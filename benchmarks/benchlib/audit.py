"""Workload 4, the audit: ``spfcomms report`` over ten years of monthly issues (two in a
quick run) with a full metrics store: campaign reports, clicks per link, GA4 page views,
monthly access logs (page views, feed polls, aggregator subscriber counts, partner
pickups) and hand-kept figures."""

from __future__ import annotations

import shutil

from .core import WORK, Context, Row
from .measure import repeat, run_process
from .years import STORE, filled_store, store_counts, years_of_issues

WORKLOAD = "4 audit"
GOAL_SECONDS = 2.0


def run(ctx: Context) -> None:
    years = years_of_issues(ctx, ctx.scale.audit_years)
    store = filled_store(ctx, years)
    target = years.workspace / STORE
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(store, target)
    out = WORK / f"years-{ctx.scale.audit_years}-audit"
    report = ctx.spfcomms("report", "-q", "-c", years.workspace, "-o", out)
    stats = repeat(lambda: run_process(report, env=ctx.env()), ctx.runs)
    row = ctx.add(
        Row(
            WORKLOAD,
            f"spfcomms report, {ctx.scale.audit_years} years ({years.issues} issues, "
            f"{years.items:,} items), full store",
            stats,
            note=f"store: {store_counts(store)}; {store.stat().st_size / 1e6:.1f} MB",
        )
    )
    ctx.judge(row, f"< {GOAL_SECONDS:.0f} s", lambda: stats.median < GOAL_SECONDS)
