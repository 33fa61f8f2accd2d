"""Where a spfcomms command spends its time: cProfile, written as a text file.

    python benchmarks/profile_spfcomms.py build  [--issues 180] [--label NAME] [--top 10]
    python benchmarks/profile_spfcomms.py import [--years 10]   [--label NAME] [--top 10]

``build`` profiles ``spfcomms build`` of the generated archive (180 issues, 3,060 items);
``import`` profiles one ``spfcomms metrics import`` of the small exports of ten years of
issues (250 files) into an empty store. The command runs in a child interpreter,
through its command line, under cProfile, with the time spent in garbage collection
measured apart (``gc.callbacks``). The file, benchmarks/profiles/NAME-180.txt or
NAME-import-250.txt, holds the wall and CPU time, the garbage collection, self time by
package, and the top functions by cumulative and by own (``tottime``) time.
"""

from __future__ import annotations

import argparse
import json
import pstats
import re
import shutil
import subprocess
import sys
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

from benchlib.core import QUICK, WORK, Context, empty_trash, set_aside
from benchlib.table import load, machine
from benchlib.workspace import generate_workspace
from benchlib.years import years_of_issues

HERE = Path(__file__).resolve().parent
PROFILES = HERE / "profiles"

CHILD = r"""
import cProfile, gc, json, runpy, sys, time
args, stats_file = json.loads(sys.argv[1]), sys.argv[2]
collected = {"seconds": 0.0, "count": 0, "began": 0.0}

def timer(phase, info):
    if phase == "start":
        collected["began"] = time.perf_counter()
    else:
        collected["seconds"] += time.perf_counter() - collected["began"]
        collected["count"] += 1

gc.callbacks.append(timer)
sys.argv = ["spfcomms", *args]
profiler = cProfile.Profile()
wall, cpu = time.perf_counter(), time.process_time()
profiler.enable()
try:
    runpy.run_module("spfcomms", run_name="__main__", alter_sys=True)
    code = 0
except SystemExit as exc:
    code = exc.code
profiler.disable()
wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
profiler.dump_stats(stats_file)
print(json.dumps({"code": code, "wall": wall, "cpu": cpu, "gc_seconds": collected["seconds"],
                  "gc_count": collected["count"]}))
"""


STDLIB = re.compile(r"/lib/python3\.\d+/(.*)")


def shown(filename: str) -> str:
    """A profile's file name, relative to the repository, site-packages or the stdlib."""
    if "/site-packages/" in filename:
        return filename.split("/site-packages/", 1)[1]
    stdlib = STDLIB.search(filename)
    if stdlib is not None:
        return f"stdlib/{stdlib.group(1)}"
    try:
        return str(Path(filename).relative_to(HERE.parent))
    except ValueError:
        return filename


def builtin(name: str) -> str:
    """``<built-in method posix.stat>`` -> ``posix.stat``; ``<method 'join' of 'str'
    objects>`` -> ``str.join``."""
    method = re.fullmatch(r"<method '(\w+)' of '([\w.]+)' objects>", name)
    if method is not None:
        return f"{method.group(2)}.{method.group(1)}"
    return re.sub(r"^<built-in (method|function) |>$| at 0x[0-9a-f]+", "", name)


def area(filename: str, name: str) -> str:
    """Where a function belongs: ``spfcomms.render``, ``jinja2``, ``stdlib/textwrap``,
    ``built-in posix.stat``."""
    if filename == "~":
        return f"built-in {builtin(name)}"
    if filename.startswith("<frozen"):
        return "importing modules"
    if filename == "<string>":
        return "generated code (dataclass methods)"
    parts = Path(shown(filename)).with_suffix("").parts
    if parts[:1] == ("spfcomms",):
        return ".".join(parts[:2]) if len(parts) > 2 else "spfcomms"
    if parts[:1] == ("stdlib",):
        return "/".join(parts[:2])
    return parts[0] if parts else filename


def function_label(key: tuple[str, int, str]) -> str:
    filename, line, name = key
    return builtin(name) if filename == "~" else f"{shown(filename)}:{line}({name})"


def report(stats_file: Path, figures: dict[str, float], title: str, top: int) -> str:
    stats = pstats.Stats(str(stats_file))
    entries = stats.stats  # type: ignore[attr-defined]
    total = sum(tt for _, _, tt, _, _ in entries.values())
    # Shares of the command's own frame (the cumulative time of its main function).
    root = max(ct for key, (_, _, _, ct, _) in entries.items() if "runpy" not in key[0] and
               key[2] not in ("<module>", "<built-in method builtins.exec>"))  # fmt: skip
    lines = [
        title,
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC; {machine()}; load average {load()}",
        f"wall {figures['wall']:.2f} s, CPU {figures['cpu']:.2f} s under cProfile "
        f"(profiling slows Python code down: compare shares, not seconds); garbage "
        f"collection {figures['gc_seconds']:.2f} s in {figures['gc_count']:.0f} collections "
        f"({figures['gc_seconds'] / figures['cpu']:.0%} of CPU)",
        "",
        f"Own time (tottime) by package, {total:.2f} s in all (shares below: of the command's "
        f"{root:.2f} s):",
    ]
    by_area: dict[str, float] = defaultdict(float)
    for (filename, _, name), (_, _, tt, _, _) in entries.items():
        by_area[area(filename, name)] += tt
    for name, seconds in sorted(by_area.items(), key=lambda kv: -kv[1])[:20]:
        lines.append(f"  {seconds:8.3f} s {seconds / root:6.1%}  {name}")
    for heading, index in (("cumulative", 3), ("tottime", 2)):
        ranked = sorted(entries.items(), key=lambda kv: -kv[1][index])
        if heading == "cumulative":
            # Module and runpy frames hold everything; the command's own frames (main,
            # run, build) come first and show the call path.
            ranked = [
                kv
                for kv in ranked
                if "runpy" not in kv[0][0]
                and kv[0][2] not in ("<module>", "<built-in method builtins.exec>")
            ]
        shown_rows = top + 15 if heading == "cumulative" else top
        lines += ["", f"Top {shown_rows} by {heading}:", f"  {'ncalls':>10} {'tottime':>8} "
                  f"{'cumtime':>8} {'share':>6}  function"]  # fmt: skip
        for key, (_, calls, tt, ct, _) in ranked[:shown_rows]:
            share = (ct if index == 3 else tt) / root
            lines.append(f"  {calls:>10} {tt:8.3f} {ct:8.3f} {share:6.1%}  {function_label(key)}")
    return "\n".join(lines) + "\n"


def profile(args: list[str], stats_file: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, json.dumps(args), str(stats_file)],
        capture_output=True,
        text=True,
        env=Context(runs=1, scale=QUICK).env(),
    )
    if done.returncode != 0 or not done.stdout.strip():
        raise SystemExit(f"profiling failed:\n{done.stderr[-3000:]}")
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    if figures["code"] not in (0, None):
        raise SystemExit(f"spfcomms {' '.join(args)} exited with {figures['code']}:\n{done.stderr}")
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("command", choices=("build", "import"))
    parser.add_argument("--issues", type=int, default=180, help="archive size for build")
    parser.add_argument("--years", type=int, default=10, help="years of exports for import")
    parser.add_argument("--label", default="latest", help="file name prefix (before, after ...)")
    parser.add_argument("--top", type=int, default=10)
    args = parser.parse_args()
    PROFILES.mkdir(exist_ok=True)
    WORK.mkdir(exist_ok=True)
    stats_file = WORK / f"profile-{args.command}.pstats"
    if args.command == "build":
        workspace = WORK / f"profile-archive-{args.issues}"
        items = generate_workspace(workspace, issues=args.issues)
        out = WORK / f"profile-archive-{args.issues}-build"
        set_aside(out)  # deleted at the end: deleting files now would slow the build's writes
        command = ["build", "-q", "-c", str(workspace), "-o", str(out)]
        title = (
            f"spfcomms build, cold, of the generated archive: {args.issues} issues, {items:,} "
            f"items (python benchmarks/profile_spfcomms.py build --issues {args.issues})"
        )
        target = PROFILES / f"{args.label}-{args.issues}.txt"
    else:
        years = years_of_issues(Context(runs=1, scale=QUICK), args.years)
        files = [str(p) for p in years.exports.small]
        shutil.rmtree(years.workspace / ".spfcomms", ignore_errors=True)
        init = ["-q", "-c", str(years.workspace), "metrics", "init"]
        profile(init, stats_file)  # an empty store, outside the profile that counts
        command = ["-q", "-c", str(years.workspace), "metrics", "import", *files]
        title = (
            f"spfcomms metrics import of {len(files)} small exports in one command, workspace "
            f"of {years.issues} issues (python benchmarks/profile_spfcomms.py import "
            f"--years {args.years})"
        )
        target = PROFILES / f"{args.label}-import-{len(files)}.txt"
    try:
        figures = profile(command, stats_file)
    finally:
        empty_trash()
    target.write_text(report(stats_file, figures, title, args.top), encoding="utf-8")
    print(target.read_text(encoding="utf-8"))
    print(f"written to {target.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
