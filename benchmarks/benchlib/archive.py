"""Workload 2, the archive: a generated workspace of monthly issues (180 at full scale,
3,060 items), built as a user would, cold and again, against Hugo and Pelican building
the same item files; and the peak memory of a cold build at two sizes."""

from __future__ import annotations

import shutil
from pathlib import Path

from . import api, peers
from .core import WORK, Context, Row, faster, set_aside
from .measure import Contender, Stats, interleaved, repeat, run_process
from .sites import FEED_LENGTH, hugo_site, pelican_site
from .workspace import generate_workspace

WORKLOAD = "2 archive"
GOAL_NO_CHANGE = 0.3
GOAL_ITEM_EDIT = 0.5
GOAL_MEMORY_RATIO = 1.2
EDITED_TEMPLATE = "web/item.html"


def _size(folder: Path) -> str:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return f"{len(files):,} files, {sum(p.stat().st_size for p in files) / 1e6:.0f} MB"


class ItemEditor:
    """Edits the last sentence of one news item in the middle of the archive."""

    def __init__(self, workspace: Path) -> None:
        issues = sorted(p for p in (workspace / "issues").iterdir() if p.is_dir())
        self.path = sorted(issues[len(issues) // 2].glob("news-*.md"))[0]
        self.original = self.path.read_text(encoding="utf-8")

    def edit(self, n: int) -> None:
        text = self.original.rstrip("\n")
        self.path.write_text(f"{text[:-1]}, as edited in run {n}.\n", encoding="utf-8")

    def restore(self) -> None:
        self.path.write_text(self.original, encoding="utf-8")


class TemplateEditor:
    """Overrides the item page template in the workspace, with a line that changes each run.

    The default template's text comes from spfcomms' own template loader, so the edited
    copy differs from it by one line inside its last block.
    """

    def __init__(self, workspace: Path) -> None:
        import spfcomms

        with api.tolerant():
            env = api.find("make_environment")(spfcomms.load_config(workspace))
            self.original = env.loader.get_source(env, EDITED_TEMPLATE)[0]
        self.folder = workspace / "templates"
        self.path = self.folder / EDITED_TEMPLATE

    def edit(self, n: int) -> None:
        head, marker, tail = self.original.rpartition("{% endblock %}")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(f"{head}<!-- edited in run {n} -->\n{marker}{tail}", encoding="utf-8")

    def restore(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def _cold(ctx: Context, workspace: Path, out: Path) -> Contender:
    """A cold ``spfcomms build``: no output and no cache of an earlier build."""
    build = ctx.spfcomms("build", "-q", "-c", workspace, "-o", out)

    def clean(_: int) -> None:
        set_aside(out)
        set_aside(workspace / ".spfcomms")

    return Contender(lambda: run_process(build, env=ctx.env()), clean)


Peer = tuple[Contender, str, Path]  # the measurement, the row's subject, the output folder


def _hugo(ctx: Context, workspace: Path) -> Peer | None:
    hugo = peers.hugo(ctx.install)
    if hugo is None:
        return None
    site, out = WORK / "archive-hugo", WORK / "archive-hugo-build"
    hugo_site(workspace, site)

    def clean(_: int) -> None:
        set_aside(out)
        set_aside(site / "resources")

    argv = [hugo.command, "--quiet", "-s", site, "-d", out]
    contender = Contender(lambda: run_process(argv, env=ctx.env()), clean)
    return contender, f"{hugo.version}, cold (same item files)", out


def _pelican(ctx: Context, workspace: Path) -> Peer | None:
    pelican = peers.pelican(ctx.install)
    if pelican is None:
        return None
    site = WORK / "archive-pelican"
    articles = pelican_site(workspace, site)
    argv = [pelican.command, "content", "-s", "pelicanconf.py", "-o", "output", "-q"]
    contender = Contender(
        lambda: run_process(argv, env=ctx.env(), cwd=site), lambda _: set_aside(site / "output")
    )
    return contender, f"pelican {pelican.version}, cold ({articles:,} articles)", site / "output"


PEER_NOTES = {
    "hugo": f"RSS for home, issues, tags ({FEED_LENGTH} items)",
    "pelican": f"Atom+RSS feeds: all, per kind, per tag ({FEED_LENGTH} items)",
}


def run(ctx: Context) -> None:
    issues = ctx.scale.archive_issues
    workspace = WORK / f"archive-{issues}"
    items = generate_workspace(workspace, issues=issues)
    label = f"{issues} issues, {items:,} items"
    out = WORK / f"archive-{issues}-build"
    env = ctx.env()
    build = ctx.spfcomms("build", "-q", "-c", workspace, "-o", out)

    # Cold builds in turns with the peers' builds of the same items.
    contenders = {"ours": _cold(ctx, workspace, out)}
    labels: dict[str, tuple[str, Path]] = {}
    for name, made in (("hugo", _hugo(ctx, workspace)), ("pelican", _pelican(ctx, workspace))):
        if made is None:
            ctx.notes.append(f"{name} could not be had: its comparison is missing.")
            continue
        contenders[name], subject, folder = made
        labels[name] = (subject, folder)
    measured = interleaved(contenders, ctx.runs)
    cold = measured["ours"]
    cold_row = ctx.add(Row(WORKLOAD, f"spfcomms build, cold ({label})", cold, note=_size(out)))
    for name, (subject, folder) in labels.items():
        note = f"{_size(folder)}; {PEER_NOTES[name]}"
        ctx.add(Row(WORKLOAD, subject, measured[name], note=note))
    cold_row.versus = "; ".join(faster(cold.median, measured[name].median, name) for name in labels)
    if "hugo" in labels:
        hugo = measured["hugo"]
        ctx.judge(cold_row, "no slower than hugo", lambda: cold.median <= hugo.median)
    else:
        ctx.judge(cold_row, "no slower than hugo", lambda: False)
        cold_row.verdict = "no hugo"

    # Rebuilds: the cold builds above leave the output (and any cache) in place.
    item, template = ItemEditor(workspace), TemplateEditor(workspace)
    rebuilds = (
        ("nothing changed", None, None, "", GOAL_NO_CHANGE),
        ("one item edited", item.edit, item.restore,
         f"a sentence of {item.path.relative_to(workspace)}", GOAL_ITEM_EDIT),
        ("one template edited", template.edit, template.restore,
         f"templates/{EDITED_TEMPLATE}: every item page changes", None),
    )  # fmt: skip
    for what, edit, restore, note, goal in rebuilds:
        try:
            stats = repeat(lambda: run_process(build, env=env), ctx.runs, before_each=edit)
        finally:
            if restore is not None:
                restore()
        row = ctx.add(Row(WORKLOAD, f"spfcomms build, {what}", stats, note=note))
        if goal is not None:
            ctx.judge(row, f"< {goal} s", lambda s=stats, g=goal: s.median < g)
    _memory(ctx, cold)


def _memory(ctx: Context, cold: Stats) -> None:
    """Peak memory of the cold builds above, and of one cold build of a larger archive."""
    small, large = ctx.scale.memory_issues
    assert small == ctx.scale.archive_issues, "the cold builds above are the small archive"
    workspace = WORK / f"archive-{large}"
    generate_workspace(workspace, issues=large)
    out = WORK / f"archive-{large}-build"
    try:
        once = _cold(ctx, workspace, out)
        bigger = repeat(once.measure_once, 1, warmup=False, before_each=once.before_each)
    finally:
        set_aside(workspace)
        set_aside(out)
    ctx.add(Row(WORKLOAD, f"peak memory, cold build of {small} issues", cold, figure="memory"))
    row = ctx.add(
        Row(WORKLOAD, f"peak memory, cold build of {large} issues", bigger, figure="memory")
    )
    base, peak = cold.peak_mib or 0.0, bigger.peak_mib or 0.0
    if base and peak:
        row.versus = f"{peak / base:.2f}x the peak at {small}"
        ctx.judge(
            row,
            f"<= {GOAL_MEMORY_RATIO}x the peak at {small}",
            lambda: peak <= GOAL_MEMORY_RATIO * base,
        )
