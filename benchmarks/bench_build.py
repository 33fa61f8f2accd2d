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
import random
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
WORK = HERE / "_work"

sys.path.insert(0, str(REPO))

import spfcomms  # noqa: E402

WORDS = (
    "partnership staff employers unions forum members workforce policy trust wellbeing "
    "retention survey guidance agreement pay conditions violence prevention safety health "
    "care review plan region national local meeting update report group chair action "
    "evidence support culture leaders managers training pension flexible working data"
).split()
ORGANISATIONS = (
    "NHS Employers",
    "UNISON",
    "Royal College of Nursing",
    "NHS England",
    "Department of Health and Social Care",
    "Unite",
    "GMB",
    "Example Teaching Hospitals NHS Trust",
)
NAMES = ("Alex Morgan", "Sam Patel", "Jo Williams", "Chris Okafor", "Pat Hughes", "Lee Chen")
MEETINGS_PER_ISSUE = 2
NEWS_PER_ISSUE = 14
AGENDA_ITEMS = 8


def _sentence(rng: random.Random, words: int = 14) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _paragraph(rng: random.Random, sentences: int = 4) -> str:
    return " ".join(_sentence(rng, rng.randint(9, 18)) for _ in range(sentences))


def _link(rng: random.Random, n: int) -> str:
    return f"[the {rng.choice(WORDS)} {rng.choice(WORDS)} page](https://example.org/p/{n})"


def _front(fields: dict[str, str]) -> str:
    return "+++\n" + "".join(f"{k} = {v}\n" for k, v in fields.items()) + "+++\n\n"


def _meeting(rng: random.Random, item_id: str, day: str, meeting_day: str) -> str:
    parts = [
        _front(
            {
                "kind": '"meeting-summary"',
                "id": f'"{item_id}"',
                "title": f'"Key comms: Wider Group, {meeting_day}"',
                "date": day,
                "summary": f'"{_sentence(rng, 20)}"',
                "tags": '["partnership-working", "retention"]',
                "group": '"Wider Group"',
                "meeting_date": meeting_day,
            }
        ),
        _paragraph(rng, 3) + "\n",
    ]
    for number in range(AGENDA_ITEMS):
        presenters = "; ".join(
            f"{rng.choice(NAMES)} ({rng.choice(ORGANISATIONS)})" for _ in range(rng.randint(1, 2))
        )
        parts.append(f"\n## Agenda item {number + 1}: {rng.choice(WORDS)} {rng.choice(WORDS)}\n")
        parts.append(f"\nPresented by: {presenters}\n\n{_paragraph(rng)}\n\n")
        parts.extend(f"- {_sentence(rng, 10)} See {_link(rng, number)}.\n" for _ in range(4))
        if number == AGENDA_ITEMS - 1:
            parts.append(f"\n### A sub-item\n\n{_paragraph(rng, 2)}\n")
    return "".join(parts)


def _case_study(rng: random.Random, item_id: str, day: str) -> str:
    head = _front(
        {
            "kind": '"case-study"',
            "id": f'"{item_id}"',
            "title": f'"Case study: {rng.choice(WORDS)} in partnership"',
            "date": day,
            "summary": f'"{_sentence(rng, 20)}"',
            "organisations": f'["{rng.choice(ORGANISATIONS)}", "UNISON"]',
            "region": '"North East"',
        }
    )
    contact = '\n[[contacts]]\nname = "Jo Williams"\nemail = "jo@example.org"\n'
    head = head.replace("\n+++\n\n", contact + "+++\n\n", 1)
    sections = "".join(
        f"\n## {title}\n\n{_paragraph(rng, 5)}\n\n{_paragraph(rng, 4)}\n"
        for title in ("About the area", "The process", "The outcomes", "Top tips")
    )
    return head + _paragraph(rng, 3) + "\n" + sections


def _news(rng: random.Random, item_id: str, day: str, n: int) -> str:
    return (
        _front(
            {
                "kind": '"news"',
                "id": f'"{item_id}"',
                "title": f'"{_sentence(rng, 7)[:-1]}"',
                "date": day,
                "summary": f'"{_sentence(rng, 20)}"',
                "tags": '["news"]',
                "link": f'"https://example.org/news/{n}"',
            }
        )
        + f"{_paragraph(rng)}\n\n{_paragraph(rng)} Read {_link(rng, n)}.\n"
    )


def generate_workspace(root: Path, issues: int = 180, first_year: int = 2010) -> int:
    """Write a workspace of ``issues`` monthly issues; return the number of items."""
    if root.exists():
        shutil.rmtree(root)
    rng = random.Random(180)
    (root / "issues").mkdir(parents=True)
    (root / "spfcomms.toml").write_text(
        '[site]\nname = "Generated SPF"\nbase_url = "https://example.org/bulletin/"\n',
        encoding="utf-8",
    )
    items_total = 0
    for index in range(issues):
        year, month = first_year + index // 12, index % 12 + 1
        issue_id = f"{year}-{month:02d}"
        folder = root / "issues" / issue_id
        folder.mkdir()
        day = f"{issue_id}-20"
        files: dict[str, str] = {}
        for m in range(MEETINGS_PER_ISSUE):
            files[f"meeting-{issue_id}-{m}"] = _meeting(
                rng, f"meeting-{issue_id}-{m}", day, f"{issue_id}-{10 + m:02d}"
            )
        files[f"case-{issue_id}"] = _case_study(rng, f"case-{issue_id}", day)
        for n in range(NEWS_PER_ISSUE):
            files[f"news-{issue_id}-{n}"] = _news(rng, f"news-{issue_id}-{n}", day, n)
        for name, text in files.items():
            (folder / f"{name}.md").write_text(text, encoding="utf-8")
        listed = ", ".join(f'"{name}"' for name in files)
        (folder / "issue.toml").write_text(
            f'number = {index + 1}\ndate = {day}\ntitle = "Bulletin {issue_id}"\n'
            f'intro = "{_sentence(rng, 25)}"\nitems = [{listed}]\n',
            encoding="utf-8",
        )
        items_total += len(files)
    return items_total


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


PELICAN_VENV = WORK / "pelican-venv"


def find_or_install_pelican() -> str | None:
    """Pelican's command, installed into its own virtual environment under _work/.

    A separate environment keeps Pelican's pins (docutils, for one) out of the
    environment spfcomms runs in.
    """
    command = PELICAN_VENV / "bin" / "pelican"
    if command.is_file():
        return str(command)
    print(f"Installing Pelican into {PELICAN_VENV.relative_to(REPO)} for the comparison ...")
    try:
        subprocess.run([sys.executable, "-m", "venv", str(PELICAN_VENV)], check=True, timeout=120)
        subprocess.run(
            [str(PELICAN_VENV / "bin" / "pip"), "install", "-q", "pelican", "markdown"],
            check=True,
            timeout=600,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        print(f"Pelican could not be installed ({exc}); skipping the peer.")
        return None
    return str(command) if command.is_file() else None


def run_process(
    argv: list[str], env: dict[str, str], cwd: Path | None = None
) -> tuple[float, int, float]:
    """Wall seconds, peak RSS (KiB) and CPU seconds (user + system) of one child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed ({proc.returncode}):\n{stderr[-2000:]}")
    return elapsed, usage.ru_maxrss, usage.ru_utime + usage.ru_stime


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

    pelican = None if args.no_pelican else find_or_install_pelican()
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
