"""Workload 3, feeds: every feed of the generated archive (3,060 items at full scale), each
holding every item it covers, against feedgen alone writing the same entries.

spfcomms: ``spfcomms.render_feeds`` in process (the workspace is loaded beforehand, as a
build has it); each run gets a fresh template environment, as a build does.

The peer: the entries spfcomms wrote are read back from its JSON Feeds (outside the
timing), then feedgen builds each feed once and serialises it as RSS and as Atom, and
``json.dumps`` writes the JSON Feed: the floor for writing those bytes in Python.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from feedgen.feed import FeedGenerator

import spfcomms

from . import api
from .core import WORK, Context, Row, faster
from .measure import Contender, interleaved, run_inside
from .workspace import generate_workspace

WORKLOAD = "3 feeds"
GOAL_RATIO = 1.5


def _prepared(feeds: dict[str, dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    """JSON Feeds with their dates parsed, so that the peer is timed on writing alone."""
    prepared = []
    for path, feed in sorted(feeds.items()):
        for item in feed["items"]:
            item["_published"] = datetime.fromisoformat(item["date_published"])
            item["_updated"] = datetime.fromisoformat(
                item.get("date_modified", item["date_published"])
            )
        prepared.append((path, feed))
    return prepared


def feedgen_alone(feeds: list[tuple[str, dict[str, Any]]]) -> dict[str, bytes]:
    """RSS, Atom and JSON Feed files with the same entries, written by feedgen and json."""
    files: dict[str, bytes] = {}
    for path, feed in feeds:
        folder = path.removesuffix("feed.json")
        home = feed["home_page_url"]
        author = feed["authors"][0]
        generator = FeedGenerator()
        generator.id(feed["feed_url"])
        generator.title(feed["title"])
        generator.description(feed["description"])
        generator.language(feed.get("language", "en"))
        generator.author(name=author["name"], uri=author.get("url"))
        generator.generator("feedgen")
        generator.link(href=home + folder + "feed.xml", rel="self")
        generator.link(href=home, rel="alternate")
        if feed["items"]:
            generator.updated(max(item["_updated"] for item in feed["items"]))
        for item in feed["items"]:
            entry = generator.add_entry(order="append")
            entry.id(item["id"])
            entry.guid(item["id"], permalink=False)
            entry.title(item["title"])
            entry.link(href=item["url"])
            entry.description(item.get("summary", ""))
            entry.content(item["content_html"], type="html")
            entry.published(item["_published"])
            entry.updated(item["_updated"])
            entry.author(name=author["name"], uri=author.get("url"))
            for tag in item.get("tags", ()):
                entry.category(term=tag)
        files[folder + "feed.xml"] = generator.rss_str(pretty=True)
        generator.link(href=home + folder + "atom.xml", rel="self", replace=True)
        generator.link(href=home, rel="alternate")
        files[folder + "atom.xml"] = generator.atom_str(pretty=True)
        plain = {k: v for k, v in feed.items() if k != "items"}
        plain["items"] = [
            {k: v for k, v in i.items() if not k.startswith("_")} for i in feed["items"]
        ]
        files[path] = json.dumps(plain, ensure_ascii=False, indent=1).encode("utf-8")
    return files


def run(ctx: Context) -> None:
    issues = ctx.scale.feed_issues
    root = WORK / f"feeds-{issues}"
    items = generate_workspace(root, issues=issues)
    settings = root / "every-item.toml"
    settings.write_text(
        (root / "spfcomms.toml").read_text(encoding="utf-8") + f"\n[feed]\nlimit = {items}\n",
        encoding="utf-8",
    )
    workspace = spfcomms.load_workspace(spfcomms.load_config(settings))
    written: dict[str, bytes] = {}

    def ours_once() -> Any:
        site = api.site_for(workspace)
        out = api.output_tree()
        run = run_inside(lambda: api.render_feeds(site, out))
        written.clear()
        written.update(api.output_files(out))
        return run

    # The peer needs spfcomms' entries: one untimed render gives them.
    ours_once()
    prepared = _prepared({p: json.loads(b) for p, b in written.items() if p.endswith("feed.json")})
    theirs_files: dict[str, bytes] = {}
    measured = interleaved(
        {
            "ours": Contender(ours_once),
            "feedgen": Contender(
                lambda: run_inside(lambda: theirs_files.update(feedgen_alone(prepared)))
            ),
        },
        ctx.runs,
    )
    ours, theirs = measured["ours"], measured["feedgen"]
    size = sum(len(b) for b in written.values())
    row = ctx.add(
        Row(
            WORKLOAD,
            f"spfcomms render_feeds, {items:,} items, every item in each feed",
            ours,
            note=f"{len(written)} files, {size / 1e6:.1f} MB (in process)",
        )
    )
    json_feeds = dict(prepared)
    entries = sum(len(feed["items"]) for feed in json_feeds.values())
    their_size = sum(len(b) for b in theirs_files.values())
    ctx.add(
        Row(
            WORKLOAD,
            "feedgen alone, the same entries (RSS + Atom; json for JSON Feed)",
            theirs,
            note=f"{len(theirs_files)} files, {entries:,} entries a format, "
            f"{their_size / 1e6:.1f} MB",
        )
    )
    row.versus = faster(ours.median, theirs.median, "feedgen alone")
    ctx.judge(
        row, f"<= {GOAL_RATIO}x feedgen alone", lambda: ours.median <= GOAL_RATIO * theirs.median
    )
