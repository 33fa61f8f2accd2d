"""How long does ``spfcomms build`` take? Prints a table.

Builds the repository's own workspace and a generated archive of 180 monthly issues
(15 years, about 3,000 items: meeting summaries with eight agenda items, case studies,
news), written to benchmarks/_work/ (git-ignored). For each it measures:

- whole process: wall time of ``python -m spfcomms build`` (median of --runs runs,
  after one warm-up), as a user would run it, and its peak resident memory;
- in process: ``spfcomms.build(config)`` timed inside one interpreter (median).

For comparison it also times bare Python start-up (``python -c pass``),
``python -c "import spfcomms"`` and Pelican building an equivalent 180-article site
(installed on first use into its own environment, benchmarks/_work/pelican-venv;
skipped with a message when it cannot be installed, or with --no-pelican).

    python3 benchmarks/bench_build.py [--runs 5] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
WORK = HERE / "_work"

sys.path.insert(0, str(REPO))

import benchlib.measure  # noqa: E402
from benchlib import peers  # noqa: E402
from benchlib.workspace import generate_workspace  # noqa: E402

import spfcomms  # noqa: E402


def generate_pelican_site(root: Path, workspace: Path) -> None:
    """The same archive as 180 Pelican articles, one per issue (its items concatenated)."""
    if root.exists():
        shutil.rmtree(root)
    content = root / "content"
    content.mkdir(parents=True)
    for folder in sorted((workspace / "issues").iterdir()):
        bodies = []
        for md in sorted(folder.glob("*.md")):
            text = md.read_text(encoding="utf-8")
            bodies.append(text.split("+++\n", 2)[2])
        (content / f"{folder.name}.md").write_text(
            f"Title: Bulletin {folder.name}\nDate: {folder.name}-20\nCategory: bulletin\n"
            f"Tags: partnership-working, retention\n\n" + "\n\n".join(bodies),
            encoding="utf-8",
        )
    (root / "pelicanconf.py").write_text(
        "AUTHOR = 'SPF'\nSITENAME = 'Generated SPF'\nSITEURL = ''\nTIMEZONE = 'Europe/London'\n"
        "DEFAULT_LANG = 'en'\nFEED_ALL_ATOM = 'feeds/all.atom.xml'\n"
        "FEED_ALL_RSS = 'feeds/all.rss.xml'\nCATEGORY_FEED_ATOM = 'feeds/{slug}.atom.xml'\n"
        "TAG_FEED_ATOM = 'feeds/{slug}.tag.atom.xml'\nFEED_MAX_ITEMS = None\n"
        "DEFAULT_PAGINATION = 10\nLOAD_CONTENT_CACHE = False\n",
        encoding="utf-8",
    )


def run_process(
    argv: list[str], env: dict[str, str], cwd: Path | None = None
) -> tuple[float, int, float]:
    """Wall seconds, peak RSS (KiB) and CPU seconds (user + system) of one child process."""
    run = benchlib.measure.run_process(argv, env=env, cwd=cwd)
    return run.wall, int((run.peak_mib or 0) * 1024), run.cpu


def measure(
    argv: list[str], runs: int, env: dict[str, str], cwd: Path | None = None
) -> dict[str, float]:
    run_process(argv, env, cwd)  # warm-up: file cache, .pyc files
    results = [run_process(argv, env, cwd) for _ in range(runs)]
    times = [t for t, _, _ in results]
    return {
        "min": min(times),
        "median": statistics.median(times),
        "max": max(times),
        "cpu": statistics.median(c for _, _, c in results),
        "rss_mib": max(r for _, r, _ in results) / 1024,
    }


def in_process(build: Callable[[], object], runs: int) -> float:
    build()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        build()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="counted runs per measurement")
    parser.add_argument("--issues", type=int, default=180, help="issues in the generated archive")
    parser.add_argument("--no-pelican", action="store_true", help="skip the Pelican peer")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="also print the top functions of one in-process generated build",
    )
    args = parser.parse_args()

    env = {**os.environ, "PYTHONPATH": str(REPO), "SOURCE_DATE_EPOCH": "1700000000"}
    python = sys.executable
    WORK.mkdir(exist_ok=True)
    generated = WORK / "generated"
    items = generate_workspace(generated, issues=args.issues)
    md_bytes = sum(p.stat().st_size for p in generated.rglob("*.md"))
    print(
        f"Generated {args.issues} issues, {items} items, {md_bytes / 1e6:.1f} MB of Markdown "
        f"in {generated.relative_to(REPO)}"
    )

    rows: list[tuple[str, dict[str, float], float | None, str]] = []
    rows.append(("python -c pass", measure([python, "-c", "pass"], args.runs, env), None, ""))
    rows.append(
        (
            "python -c 'import spfcomms'",
            measure([python, "-c", "import spfcomms"], args.runs, env),
            None,
            "",
        )
    )
    for label, workspace in (("repository workspace", REPO), ("generated archive", generated)):
        out = WORK / f"out-{workspace.name}"
        argv = [python, "-m", "spfcomms", "build", "-q", "-c", str(workspace), "-o", str(out)]
        whole = measure(argv, args.runs, env)
        config = spfcomms.load_config(workspace).with_output_dir(WORK / f"in-{workspace.name}")
        result = spfcomms.build(config)
        inside = in_process(lambda config=config: spfcomms.build(config), args.runs)
        size = sum(f.size for f in result.written)
        rows.append(
            (
                f"spfcomms build: {label}",
                whole,
                inside,
                f"{len(result.written)} files, {size / 1e6:.1f} MB",
            )
        )

    peer = None if args.no_pelican else peers.pelican()
    pelican = None if peer is None else str(peer.command)
    if pelican is not None:
        site = WORK / "pelican"
        generate_pelican_site(site, generated)
        argv = [
            pelican,
            "content",
            "-s",
            "pelicanconf.py",
            "-o",
            "output",
            "-q",
            "--delete-output-directory",
        ]
        whole = measure(argv, args.runs, env, cwd=site)
        files = sum(1 for p in (site / "output").rglob("*") if p.is_file())
        rows.append((f"pelican: {args.issues} articles (same text)", whole, None, f"{files} files"))

    header = (
        f"{'':44} {'min s':>7} {'median s':>9} {'max s':>7} {'cpu s':>6} {'in-proc s':>9} "
        f"{'peak MiB':>8}"
    )
    print()
    print(header)
    print("-" * len(header))
    for label, whole, inside, note in rows:
        inproc = f"{inside:9.3f}" if inside is not None else f"{'':9}"
        print(
            f"{label:44} {whole['min']:7.3f} {whole['median']:9.3f} {whole['max']:7.3f} "
            f"{whole['cpu']:6.3f} "
            f"{inproc} {whole['rss_mib']:8.0f}  {note}"
        )
    print(
        f"\nwhole process = wall time of the command, {args.runs} runs after a warm-up; "
        "cpu = user + system time of the process (median; steadier than wall time on a busy "
        "machine); in-proc = spfcomms.build() inside one interpreter (median)."
    )

    if args.profile:
        config = spfcomms.load_config(generated).with_output_dir(WORK / "profile")
        profiler = cProfile.Profile()
        profiler.runcall(spfcomms.build, config)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
