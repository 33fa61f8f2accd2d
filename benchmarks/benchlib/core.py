"""What every workload shares: the run settings, the scale, and the rows it reports."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .measure import Stats

HERE = Path(__file__).resolve().parent.parent
REPO = HERE.parent
WORK = HERE / "_work"
SOURCE_DATE_EPOCH = "1700000000"


@dataclass(frozen=True)
class Scale:
    """How big each workload is. The full scale is the one the speed goals are set for."""

    name: str
    archive_issues: int
    memory_issues: tuple[int, int]
    feed_issues: int
    audit_years: int
    import_years: int
    startup_runs: int


FULL = Scale(
    "full",
    archive_issues=180,
    memory_issues=(180, 720),
    feed_issues=180,
    audit_years=10,
    import_years=10,
    startup_runs=10,
)
QUICK = Scale(
    "quick",
    archive_issues=18,
    memory_issues=(18, 72),
    feed_issues=18,
    audit_years=2,
    import_years=1,
    startup_runs=5,
)


@dataclass
class Row:
    """One line of the table. ``stats`` is None when the measurement was skipped."""

    workload: str
    subject: str
    stats: Stats | None
    note: str = ""
    versus: str = ""
    goal: str = ""
    verdict: str = ""
    figure: str = "time"  # or "memory": the peak is the figure that counts


@dataclass
class Context:
    """Settings of one benchmark run."""

    runs: int
    scale: Scale
    install: bool = True
    fresh: bool = False
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def quick(self) -> bool:
        return self.scale.name == "quick"

    def env(self) -> dict[str, str]:
        """The environment of every measured child: fixed timestamps, the default store."""
        env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
        env.pop("SPFCOMMS_DATABASE_URL", None)
        return env

    def spfcomms(self, *args: str | Path) -> list[str]:
        """The ``spfcomms`` command line, as a user runs it (the installed script)."""
        script = Path(sys.executable).parent / "spfcomms"
        prefix = [str(script)] if script.is_file() else [sys.executable, "-m", "spfcomms"]
        return [*prefix, *(str(a) for a in args)]

    def add(self, row: Row) -> Row:
        self.rows.append(row)
        return row

    def skip(self, workload: str, subject: str, why: str) -> None:
        self.rows.append(Row(workload, subject, None, note=why))

    def judge(
        self, row: Row, goal: str, met: Callable[[], bool], *, scale_free: bool = False
    ) -> None:
        """Put the goal beside a row; judge it only at the scale the goal is set for
        (``scale_free`` workloads, such as start-up, are the same at every scale)."""
        row.goal = goal
        if row.stats is None:
            row.verdict = "-"
        elif self.quick and not scale_free:
            row.verdict = "(full run)"
        else:
            row.verdict = "met" if met() else "NOT met"


TRASH = WORK / "trash"


def set_aside(path: Path) -> None:
    """Move ``path`` out of the way, to be deleted when the run ends (``empty_trash``).

    On some file systems (ext4 with online discard, as on the machines this was
    written on) creating files right after deleting thousands of them costs several
    times the usual system time, for a minute or more. Deleting nothing between timed
    runs keeps one run's clean-up from slowing the next one down.
    """
    if path.exists():
        TRASH.mkdir(parents=True, exist_ok=True)
        path.rename(TRASH / f"{len(list(TRASH.iterdir()))}-{path.name}")


def empty_trash() -> None:
    shutil.rmtree(TRASH, ignore_errors=True)


def scratch(name: str) -> Path:
    """An empty folder under benchmarks/_work/."""
    path = WORK / name
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    return path


def faster(ours: float, theirs: float, peer: str) -> str:
    """'2.3x faster than X' or '4.1x slower than X', from two times of the same run."""
    if ours <= 0 or theirs <= 0:
        return ""
    if ours <= theirs:
        return f"{theirs / ours:.2f}x faster than {peer}"
    return f"{ours / theirs:.2f}x slower than {peer}"
