"""Timing whole processes and in-process calls, and summarising repeated runs.

A process is timed from ``Popen`` to ``wait4``; ``wait4`` also gives the child's own
CPU time and peak resident memory from the kernel's accounting, so the figures are the
child's alone.
"""

from __future__ import annotations

import gc
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path


class ProcessFailed(RuntimeError):
    """A measured command exited with a non-zero status."""


@dataclass(frozen=True)
class Run:
    """One measured run: wall seconds, CPU seconds (user + system), peak memory."""

    wall: float
    cpu: float
    peak_mib: float | None = None
    sys: float | None = None
    """System (kernel) part of ``cpu``: file writes, mostly."""


@dataclass
class Stats:
    """Repeated runs of one measurement."""

    runs: list[Run] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(r.wall for r in self.runs)

    @property
    def low(self) -> float:
        return min(r.wall for r in self.runs)

    @property
    def high(self) -> float:
        return max(r.wall for r in self.runs)

    @property
    def cpu(self) -> float:
        return statistics.median(r.cpu for r in self.runs)

    @property
    def sys(self) -> float | None:
        parts = [r.sys for r in self.runs if r.sys is not None]
        return statistics.median(parts) if parts else None

    @property
    def peak_mib(self) -> float | None:
        peaks = [r.peak_mib for r in self.runs if r.peak_mib is not None]
        return max(peaks) if peaks else None

    @property
    def spread(self) -> float:
        """(max - min) / median: how noisy the runs were."""
        return (self.high - self.low) / self.median if self.median else 0.0


# The commands are started by a small helper process rather than by this one. The kernel
# counts a child's peak memory from the memory of the process that started it (a fork
# begins as a copy), so children started from here would inherit this process's peak,
# which grows with the in-process measurements; the helper stays at a bare
# interpreter's size for its whole life.
_HELPER = r"""
import json, os, subprocess, sys, time
for line in sys.stdin:
    job = json.loads(line)
    start = time.perf_counter()
    child = subprocess.Popen(job["argv"], env=job["env"], cwd=job["cwd"],
                             stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE)
    err = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.stderr.close()
    print(json.dumps({"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "sys": usage.ru_stime,
                      "maxrss": usage.ru_maxrss, "code": os.waitstatus_to_exitcode(status),
                      "stderr": err.decode("utf-8", "replace")[-3000:]}), flush=True)
"""
_helper: subprocess.Popen[str] | None = None


def _start_helper() -> subprocess.Popen[str]:
    global _helper
    if _helper is None or _helper.poll() is not None:
        _helper = subprocess.Popen(
            [sys.executable, "-c", _HELPER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
    return _helper


def run_process(
    argv: Sequence[str | os.PathLike[str]],
    *,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
) -> Run:
    """Run one command to its end; raise ``ProcessFailed`` with its stderr if it fails."""
    helper = _start_helper()
    assert helper.stdin is not None and helper.stdout is not None
    job = {
        "argv": [str(a) for a in argv],
        "env": env if env is not None else dict(os.environ),
        "cwd": str(cwd) if cwd is not None else None,
    }
    os.sync()  # the previous run's writes go to disk now, not during this run
    helper.stdin.write(json.dumps(job) + "\n")
    helper.stdin.flush()
    done = json.loads(helper.stdout.readline())
    if done["code"] != 0:
        raise ProcessFailed(
            f"{' '.join(job['argv'])} exited with {done['code']}:\n{done['stderr']}"
        )
    return Run(wall=done["wall"], cpu=done["cpu"], peak_mib=done["maxrss"] / 1024, sys=done["sys"])


def run_inside(function: Callable[[], object]) -> Run:
    """Time one call in this process (wall and CPU; no peak memory)."""
    gc.collect()
    before = os.times()
    wall0, cpu0 = time.perf_counter(), time.process_time()
    function()
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    return Run(wall=wall, cpu=cpu, sys=os.times().system - before.system)


def repeat(
    measure_once: Callable[[], Run],
    runs: int,
    *,
    warmup: bool = True,
    before_each: Callable[[int], None] | None = None,
    long_run: float = 60.0,
) -> Stats:
    """``runs`` measured runs after an optional warm-up run (file cache, .pyc files).

    ``before_each(n)`` prepares run ``n`` (0 is the warm-up) and is not timed. When
    the warm-up alone takes longer than ``long_run`` seconds, a warm cache changes
    nothing worth waiting for: it counts as the first run, and three runs are made
    at most.
    """
    stats = Stats()
    if warmup:
        if before_each is not None:
            before_each(0)
        first = measure_once()
        if first.wall > long_run:
            stats.runs.append(first)
            runs = min(runs, 3)
    n = 0
    while len(stats.runs) < runs:
        n += 1
        if before_each is not None:
            before_each(n)
        stats.runs.append(measure_once())
    return stats


@dataclass
class Contender:
    """One of several measurements taken in turn (see ``interleaved``)."""

    measure_once: Callable[[], Run]
    before_each: Callable[[int], None] | None = None


def interleaved(contenders: dict[str, Contender], runs: int) -> dict[str, Stats]:
    """Measure several commands in turn, one run of each per round, after a warm-up round.

    On a shared machine the load drifts; taking the runs of a comparison in turns
    exposes each side to the same drift, so their ratio holds better than the ratio
    of two separate series would.
    """
    stats = {name: Stats() for name in contenders}
    for n in range(runs + 1):
        for name, contender in contenders.items():
            if contender.before_each is not None:
                contender.before_each(n)
            run = contender.measure_once()
            if n > 0:
                stats[name].runs.append(run)
    return stats
