"""Start-up: how long before spfcomms does anything (interpreter, imports, argument parsing)."""

from __future__ import annotations

import sys

from .core import Context, Row
from .measure import repeat, run_process

WORKLOAD = "0 start-up"
GOAL_SECONDS = 0.15


def run(ctx: Context) -> None:
    env = ctx.env()
    runs = ctx.scale.startup_runs
    commands = {
        "python -c pass (the floor)": [sys.executable, "-c", "pass"],
        "python -c 'import spfcomms'": [sys.executable, "-c", "import spfcomms"],
        "spfcomms --version": ctx.spfcomms("--version"),
        "spfcomms --help": ctx.spfcomms("--help"),
    }
    floor = None
    for label, argv in commands.items():
        stats = repeat(lambda argv=argv: run_process(argv, env=env), runs)
        row = ctx.add(Row(WORKLOAD, label, stats))
        if floor is None:
            floor = stats.median
            continue
        row.versus = f"+{stats.median - floor:.3f} s over bare python"
        if label.startswith("spfcomms"):
            ctx.judge(
                row, f"< {GOAL_SECONDS} s", lambda s=stats: s.median < GOAL_SECONDS, scale_free=True
            )
