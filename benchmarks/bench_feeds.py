"""Generate every feed of a 3,000-item archive and print how long each part takes.

    python3 benchmarks/bench_feeds.py            # the table
    python3 benchmarks/bench_feeds.py --items 600

In-process figures are the median of ``--repeat`` runs (time.perf_counter); the
whole-process figure runs this script in a child interpreter that imports spfcomms,
generates the archive in memory and renders every feed with the default settings.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from spfcomms import AgendaItem, Body, CaseStudy, Issue, MeetingSummary, NewsItem, Person  # noqa: E402
from spfcomms.model.config import config_from_mapping  # noqa: E402
from spfcomms.model.problems import SourceLocation  # noqa: E402
from spfcomms.output.writers import OutputTree  # noqa: E402
from spfcomms.render import Site  # noqa: E402
from spfcomms.render.feed_entries import build_entries, publisher  # noqa: E402
from spfcomms.render.feeds import render_feed, render_feeds  # noqa: E402
from spfcomms.render.scopes import scopes  # noqa: E402
from spfcomms.workspace.markdown import render_markdown  # noqa: E402
from tests.support.site import site_for  # noqa: E402

TAGS = ["retention", "sexual-safety", "violence-prevention", "partnership-working",
        "workforce-planning", "staff-wellbeing", "equality-diversity-inclusion",
        "regional-spf", "communications", "industrial-relations"]  # fmt: skip
HERE = SourceLocation(Path("bench.md"), 1)
PARAGRAPH = (
    "Partners discussed how the [retention programme](https://example.org/retention) is "
    "working in practice, what staff side colleagues have heard from members, and which "
    "actions employers could take next. The group agreed to share the findings widely. "
)


def _body(n: int) -> Body:
    text = "\n\n".join(PARAGRAPH for _ in range(n)) + "\n\n- one point\n- another point\n"
    return render_markdown(text, HERE)


def archive(items: int) -> tuple[Issue, ...]:
    """``items`` items spread over monthly issues of 12, about 2 KB of HTML each."""
    body = _body(6)
    issues: list[Issue] = []
    per_issue = 12
    for number in range((items + per_issue - 1) // per_issue):
        year, month = 2000 + number // 12, number % 12 + 1
        day = date(year, month, 14)
        issue_id = f"{year}-{month:02d}"
        made: list[Any] = []
        for position in range(min(per_issue, items - number * per_issue)):
            item_id = f"item-{number:04d}-{position:02d}"
            common: dict[str, Any] = {
                "id": item_id,
                "slug": item_id,
                "title": f"Item {position} of issue {number}: partnership news",
                "date": day,
                "summary": "A short summary of what happened and why it matters.",
                "tags": (TAGS[(number + position) % 10], TAGS[(number + 3 * position) % 10]),
                "body": body,
                "source": HERE,
                "issue_id": issue_id,
            }
            if position == 0:
                agenda = AgendaItem(
                    title="Retention",
                    anchor="retention",
                    presenters=(Person("A Presenter", "NHS Employers"),),
                    body=body,
                    source=HERE,
                )
                made.append(
                    MeetingSummary(
                        **common, group="Wider Group", meeting_date=day, agenda=(agenda,)
                    )
                )
            elif position % 4 == 1:
                made.append(CaseStudy(**common, organisations=("A Trust", "UNISON")))
            else:
                made.append(NewsItem(**common))
        issues.append(
            Issue(id=issue_id, number=number + 1, date=day, title=f"Issue {number + 1}",
                  intro=Body("", ""), items=tuple(made), source=HERE)
        )  # fmt: skip
    return tuple(issues)


def site(items: int, limit: int = 50) -> Site:
    config = config_from_mapping(
        {"site": {"base_url": "https://www.example.org/bulletin/"}, "feed": {"limit": limit}},
        root=Path("/nonexistent-bench-workspace"),
    )
    return site_for(config, archive(items))


def timed(function: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times: list[float] = []
    result: Any = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def child(items: int) -> None:
    out = OutputTree()
    render_feeds(site(items), out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.items)
        return

    rows: list[tuple[str, float, str]] = []
    whole = site(args.items, limit=args.items)
    seconds, entries = timed(lambda: build_entries(whole), args.repeat)
    rows.append((f"entries for {args.items} items (template + nh3)", seconds, "-"))

    everything = scopes(whole, per_kind=False, per_tag=False)[0]
    chosen = [entries[item.id] for _, item in everything.items]
    shared = publisher(whole.config)
    seconds, files = timed(lambda: render_feed(whole, everything, chosen, shared), args.repeat)
    rows.append((f"site feed, all {args.items} entries, 3 formats", seconds, "-"))
    for label, data in (("  RSS feed.xml", files.rss), ("  Atom atom.xml", files.atom),
                        ("  JSON Feed feed.json", files.json)):  # fmt: skip
        rows.append((label, float("nan"), f"{len(data) / 1e6:.2f} MB"))
    for fmt in ("rss", "atom", "json"):
        seconds, _ = timed(
            lambda fmt=fmt: _one_format(whole, everything, chosen, shared, fmt), args.repeat
        )
        rows[-3 + ("rss", "atom", "json").index(fmt)] = (
            rows[-3 + ("rss", "atom", "json").index(fmt)][0],
            seconds,
            rows[-3 + ("rss", "atom", "json").index(fmt)][2],
        )

    for limit in (50, args.items):
        current = site(args.items, limit=limit)
        out = OutputTree()
        seconds, _ = timed(lambda current=current: render_feeds(current, OutputTree()), args.repeat)
        render_feeds(current, out)
        size = sum(len(out.get(p)) for p in out.paths)
        rows.append(
            (f"render_feeds, limit={limit}: {len(out)} files", seconds, f"{size / 1e6:.2f} MB")
        )

    runs = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, __file__, "--child", "--items", str(args.items)], check=True
        )
        runs.append(time.perf_counter() - start)
    rows.append(
        ("whole process: generate archive + all feeds (limit 50), min of 3", min(runs),
         f"median {statistics.median(runs):.2f} s")
    )  # fmt: skip

    width = max(len(r[0]) for r in rows)
    print(f"{'step':<{width}}  {'seconds':>8}  size / note")
    print(f"{'-' * width}  {'-' * 8}  -----------")
    for label, seconds, note in rows:
        shown = "" if seconds != seconds else f"{seconds:8.3f}"
        print(f"{label:<{width}}  {shown:>8}  {note}")


def _one_format(whole: Site, scope: Any, chosen: Any, shared: Any, fmt: str) -> int:
    from spfcomms.render import feeds

    if fmt == "json":
        from spfcomms.render.jsonfeed import json_feed

        return len(
            json_feed(title="t", description="d", home_url=shared.home_url,
                      feed_url=shared.home_url + "feed.json", publisher=shared, entries=chosen)
        )  # fmt: skip
    rss = fmt == "rss"
    generator = feeds._generator("t", "d", chosen, shared, {}, rss=rss)
    media = feeds.RSS_TYPE if rss else feeds.ATOM_TYPE
    return len(feeds._serialise(generator, shared.home_url + "x.xml", media, shared))


if __name__ == "__main__":
    main()
