"""Access-log reading speed: spfcomms against GoAccess and a bare regex loop.

    python3 benchmarks/bench_accesslog.py [--lines 1000000] [--runs 3] [--with-import]

Generates a deterministic combined-format log in benchmarks/_work/ (once per size;
kept for the next run), then times each tool as a whole process, start to finish, on
the same file: wall time (median of the runs) and peak resident memory (from the
kernel's accounting of that one child process, via ``os.wait4``).

- ``spfcomms``: loads the repository's workspace, builds the site paths and runs
  ``summarise_access_log`` over the log (everything but storing the figures).
- ``spfcomms metrics import`` (``--with-import``, when that command exists): the same,
  stored into a fresh SQLite metrics database in a copy of the workspace.
- ``goaccess``: ``goaccess LOG --log-format=COMBINED --no-progress -o report.json``
  (skipped with a message when it is not installed).
- ``regex loop``: one compiled regex per line and a count per path: the floor any
  Python parser stands on.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchlib.agents import (
    BOTS,
    BROWSERS,
    PARTNERS,
    SELF_HOSTED_READERS,
    aggregator_agent,
)

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
WORK = HERE / "_work"
GENERATOR_VERSION = 1
HASH_KEY = b"benchmark-key-not-a-secret"

def site_targets() -> dict[str, list[str]]:
    """The paths of the repository's workspace, by kind, plus everything else a site serves."""
    import spfcomms

    config = spfcomms.load_config(REPO)
    workspace = spfcomms.load_workspace(config)
    base = "/bulletin/"
    pages = [f"{base}{issue.path}" for issue in workspace.issues]
    pages += [f"{base}{issue.path}index.html" for issue in workspace.issues]
    pages += [f"{base}{item.path}" for issue in workspace.issues for item in issue.items]
    return {
        "page": pages,
        "feed": [
            f"{base}feed.xml",
            f"{base}atom.xml",
            f"{base}feed.json",
            f"{base}feeds/news/feed.xml",
            f"{base}feeds/case-studies/atom.xml",
            f"{base}feeds/tags/violence-prevention/feed.xml",
        ],
        "snippet": [
            f"{base}snippets/latest.html",
            f"{base}snippets/latest-issue.html",
            f"{base}snippets/news.html",
            f"{base}snippets/case-studies.html",
            f"{base}snippets/items/north-east-spf.html",
        ],
        "static": [
            f"{base}assets/style.css",
            f"{base}assets/logo.png",
            f"{base}assets/header.jpg",
            f"{base}",
            "/favicon.ico",
            "/robots.txt",
            "/",
            "/about/",
            "/contact/",
            "/wp-login.php",
        ],
    }


def generate_log(path: Path, lines: int, seed: int = 20231206) -> None:
    """Write a deterministic combined-format log of ``lines`` lines to ``path``."""
    rng = random.Random(seed)
    targets = site_targets()
    start = datetime(2023, 12, 1, tzinfo=UTC)
    span = timedelta(days=30).total_seconds()
    kinds = ("page", "feed", "snippet", "static")
    kind_weights = (35, 25, 8, 32)
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8", newline="\n") as out:
        for index in range(lines):
            moment = start + timedelta(seconds=index * span / lines + rng.uniform(-2, 2))
            stamp = moment.strftime("%d/%b/%Y:%H:%M:%S +0000")
            kind = rng.choices(kinds, kind_weights)[0]
            target = rng.choice(targets[kind])
            ip = (
                f"2001:db8:{rng.randrange(65536):x}::{rng.randrange(65536):x}"
                if rng.random() < 0.05
                else f"{rng.randint(1, 223)}.{rng.randrange(256)}.{rng.randrange(256)}."
                f"{rng.randrange(256)}"
            )
            referer = "-"
            status = 200
            roll = rng.random()
            if roll < 0.06:
                agent = rng.choice(BOTS)
            elif kind == "feed" and roll < 0.55:
                agent = aggregator_agent(rng, moment.day)
                status = 304 if rng.random() < 0.6 else 200
            elif kind == "feed" and roll < 0.75:
                agent = rng.choice(SELF_HOSTED_READERS)
                status = 304 if rng.random() < 0.5 else 200
            else:
                agent = rng.choice(BROWSERS)
                if kind == "snippet" or (kind == "feed" and rng.random() < 0.3):
                    referer = rng.choice(PARTNERS)
                elif kind == "page":
                    referer = rng.choice(
                        (
                            "-",
                            "-",
                            "https://www.google.com/",
                            "https://www.socialpartnershipforum.org/",
                        )
                    )
                    if rng.random() < 0.2:
                        target += "?utm_source=spf-bulletin&utm_medium=email"
            if target == "/wp-login.php":
                status = 404
            elif rng.random() < 0.02:
                status = rng.choice((301, 404, 500))
            size = 0 if status == 304 else rng.randint(300, 90_000)
            out.write(
                f'{ip} - - [{stamp}] "GET {target} HTTP/1.1" {status} {size} '
                f'"{referer}" "{agent}"\n'
            )
    tmp.replace(path)


def ensure_log(lines: int) -> Path:
    WORK.mkdir(parents=True, exist_ok=True)
    path = WORK / f"access-{lines}-v{GENERATOR_VERSION}.log"
    if not path.exists():
        print(f"generating {lines:,} lines into {path} ...", flush=True)
        began = time.perf_counter()
        # In a child process: a child's peak memory as the kernel reports it includes
        # this process's peak at the time it was started, so this one must stay small.
        env = dict(os.environ, PYTHONPATH=str(REPO))
        command = [sys.executable, str(Path(__file__).resolve()), "--run", "generate"]
        subprocess.run([*command, "--lines", str(lines), str(path)], env=env, check=True)
        print(f"  done in {time.perf_counter() - began:.1f} s", flush=True)
    return path


# --- what the child processes run -------------------------------------------------


def run_spfcomms(log: Path) -> None:
    import spfcomms
    from spfcomms.metrics.accesslog import SitePaths, summarise_access_log

    config = spfcomms.load_config(REPO)
    workspace = spfcomms.load_workspace(config)
    site_paths = SitePaths.from_workspace(config, workspace.issues)
    summary = summarise_access_log(log, site_paths=site_paths, hash_key=HASH_KEY)
    print(
        json.dumps(
            {
                "lines": summary.lines,
                "parsed": summary.parsed,
                "skipped": summary.skipped_count,
                "page_views": sum(summary.page_views.values()),
                "unique_readers": sum(summary.unique_readers.values()),
                "feed_fetches": sum(summary.feed_fetches.values()),
                "feed_subscribers": {
                    " / ".join(key): value for key, value in summary.feed_subscribers.items()
                },
                "direct_feed_readers": sum(summary.direct_feed_readers.values()),
                "partner_pickups": summary.partner_pickups,
                "bots_excluded": summary.bots_excluded,
            },
            indent=1,
        )
    )


def run_regex_floor(log: Path) -> None:
    import re

    line_re = re.compile(
        rb'(\S+) \S+ \S+ \[([^\]]+)\] "(\S+) (\S+)[^"]*" (\d{3}) (\S+) "([^"]*)" "([^"]*)"'
    )
    counts: dict[bytes, int] = {}
    with log.open("rb") as handle:
        for line in handle:
            m = line_re.match(line)
            if m is not None:
                path = m.group(4)
                counts[path] = counts.get(path, 0) + 1
    print(len(counts))


# --- measuring ---------------------------------------------------------------------


def measure(
    command: list[str], *, cwd: Path | None = None, env: dict[str, str] | None = None
) -> tuple[float, float, float, str]:
    """Wall seconds, CPU seconds, peak RSS in MiB and stdout of one whole child process."""
    began = time.perf_counter()
    child = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert child.stdout is not None and child.stderr is not None
    out = child.stdout.read()
    err = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - began
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({child.returncode}):\n{err.decode()}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, out.decode()


def bench(
    name: str, command: list[str], runs: int, **kwargs: object
) -> tuple[str, float, float, float, str]:
    """Name, median wall seconds, median CPU seconds, peak MiB and the last run's output."""
    results = [measure(command, **kwargs) for _ in range(runs)]  # type: ignore[arg-type]
    seconds = statistics.median(r[0] for r in results)
    cpu = statistics.median(r[1] for r in results)
    peak = max(r[2] for r in results)
    runs_text = ", ".join(f"{r[0]:.2f} s ({r[1]:.2f} s CPU)" for r in results)
    print(f"  {name}: {runs_text}", flush=True)
    return name, seconds, cpu, peak, results[-1][3]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--with-import",
        action="store_true",
        help="also time `spfcomms metrics import` when that command exists",
    )
    parser.add_argument("--run", choices=("spfcomms", "regex", "generate"), help=argparse.SUPPRESS)
    parser.add_argument("log", nargs="?", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run == "spfcomms":
        run_spfcomms(args.log)
        return 0
    if args.run == "regex":
        run_regex_floor(args.log)
        return 0
    if args.run == "generate":
        generate_log(args.log, args.lines)
        return 0

    log = ensure_log(args.lines)
    size_mb = log.stat().st_size / 1e6
    print(f"log: {log.name}, {args.lines:,} lines, {size_mb:.0f} MB; {args.runs} runs each")
    env = dict(os.environ, PYTHONPATH=str(REPO))
    me = [sys.executable, str(Path(__file__).resolve())]
    rows = []
    rows.append(
        bench("spfcomms summarise", [*me, "--run", "spfcomms", str(log)], args.runs, env=env)
    )
    ours_output = rows[-1][4]
    if args.with_import:
        probe = (
            "import importlib.util as u, sys; "
            "sys.exit(u.find_spec('spfcomms.cli.cmd_metrics') is None)"
        )
        if subprocess.run([sys.executable, "-c", probe], env=env).returncode != 0:
            print("  spfcomms metrics import: skipped (this build has no `metrics` command)")
        else:
            # A fresh workspace (and so an empty SQLite store) for every run: importing
            # the same log into the same store again is, rightly, a no-op.
            import_env = dict(env, SPFCOMMS_HASH_KEY=HASH_KEY.decode())
            command = [sys.executable, "-m", "spfcomms", "metrics", "import", str(log)]
            results = []
            for _ in range(args.runs):
                workspace = Path(tempfile.mkdtemp(prefix="bench-ws-", dir=WORK))
                shutil.copy2(REPO / "spfcomms.toml", workspace / "spfcomms.toml")
                shutil.copytree(REPO / "issues", workspace / "issues")
                try:
                    results.append(
                        bench("spfcomms metrics import", command, 1, cwd=workspace, env=import_env)
                    )
                finally:
                    shutil.rmtree(workspace, ignore_errors=True)
            rows.append(
                (
                    "spfcomms metrics import",
                    statistics.median(r[1] for r in results),
                    statistics.median(r[2] for r in results),
                    max(r[3] for r in results),
                    "",
                )
            )
    goaccess = shutil.which("goaccess")
    if goaccess is None:
        print("  goaccess: skipped (not installed; apt-get install goaccess)")
    else:
        report = WORK / "goaccess-report.json"
        rows.append(
            bench(
                "goaccess",
                [goaccess, str(log), "--log-format=COMBINED", "--no-progress", "-o", str(report)],
                args.runs,
            )
        )
    rows.append(bench("regex loop (floor)", [*me, "--run", "regex", str(log)], args.runs, env=env))

    reference = next((r for r in rows if r[0] == "goaccess"), None)
    print()
    print(
        f"{'tool':<26} {'seconds':>8} {'lines/s':>11} {'peak MiB':>9} {'vs goaccess':>12}"
        f" {'CPU s':>7} {'CPU vs goaccess':>16}"
    )
    for name, seconds, cpu, peak, _ in rows:
        ratio = f"{reference[1] / seconds:.1f}x" if reference else "-"
        cpu_ratio = f"{reference[2] / cpu:.1f}x" if reference else "-"
        print(
            f"{name:<26} {seconds:>8.2f} {args.lines / seconds:>11,.0f} {peak:>9.0f} {ratio:>12}"
            f" {cpu:>7.2f} {cpu_ratio:>16}"
        )
    print(
        "\nseconds: median wall time of the whole process; vs goaccess: how many times faster."
        "\nCPU s: user + system time of the process (steadier than wall time on a busy machine)."
    )
    print("\nspfcomms found:\n" + ours_output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
