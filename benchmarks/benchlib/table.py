"""The results table (Markdown, so that it reads in a terminal and pastes into a note)."""

from __future__ import annotations

import json
import os
import platform
import subprocess
from dataclasses import asdict
from pathlib import Path

import spfcomms

from .core import REPO, Context, Row


def machine() -> str:
    """CPU model, cores, Python and spfcomms version with the commit it was built from."""
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    commit = subprocess.run(
        ["git", "-C", str(REPO), "describe", "--always", "--dirty"], capture_output=True, text=True
    ).stdout.strip()
    return (
        f"{model or platform.machine()}, {os.cpu_count()} cores; Python "
        f"{platform.python_version()}; spfcomms {spfcomms.__version__} ({commit or 'no git'})"
    )


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def _cells(row: Row) -> list[str]:
    stats = row.stats
    if stats is None:
        return [row.workload, row.subject, "-", "skipped", *[""] * 6, row.note, "", ""]
    peak = f"{stats.peak_mib:.0f}" if stats.peak_mib is not None else ""
    if row.figure == "memory":
        # The time of these runs is in the row of the same builds above.
        return [row.workload, row.subject, str(len(stats.runs)), "", "", "", "", "",
                f"**{peak}**", row.versus, row.goal, row.verdict]  # fmt: skip
    return [
        row.workload,
        row.subject,
        str(len(stats.runs)),
        f"{stats.median:.3f}",
        f"{stats.low:.3f}-{stats.high:.3f}",
        f"{stats.spread:.0%}",
        f"{stats.cpu:.3f}",
        f"{stats.sys:.3f}" if stats.sys is not None else "",
        peak,
        row.versus,
        row.goal,
        row.verdict,
    ]


HEADER = [
    "workload",
    "measurement",
    "runs",
    "median s",
    "min-max s",
    "noise",
    "cpu s",
    "of it sys",
    "peak MiB",
    "same-run comparison",
    "goal",
    "verdict",
]


def render(ctx: Context) -> str:
    """The table, then the notes of its rows."""
    cells = [HEADER] + [_cells(row) for row in ctx.rows]
    widths = [max(len(line[i]) for line in cells) for i in range(len(HEADER))]
    right = {2, 3, 4, 5, 6, 7, 8}

    def line(values: list[str]) -> str:
        shown = [
            v.rjust(w) if i in right else v.ljust(w)
            for i, (v, w) in enumerate(zip(values, widths, strict=True))
        ]
        return "| " + " | ".join(shown) + " |"

    out = [line(cells[0]), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    out += [line(c) for c in cells[1:]]
    notes = [f"- {row.subject}: {row.note}" for row in ctx.rows if row.note and row.stats]
    if notes:
        out += ["", "Notes:", *notes]
    if ctx.notes:
        out += ["", *ctx.notes]
    return "\n".join(out)


def write_json(ctx: Context, path: Path) -> None:
    """Every row with every run, for comparing one run with another later."""
    rows = []
    for row in ctx.rows:
        data = asdict(row)
        if row.stats is not None:
            data["median"] = row.stats.median
        rows.append(data)
    path.write_text(
        json.dumps({"machine": machine(), "scale": ctx.scale.name, "rows": rows}, indent=1),
        encoding="utf-8",
    )
