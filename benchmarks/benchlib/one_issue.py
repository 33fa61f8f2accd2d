"""Workload 1, one issue: ``spfcomms build`` of the repository's workspace as a process,
against the npm ``mjml`` CLI converting the MJML of the newest issue's email alone."""

from __future__ import annotations

from pathlib import Path

import spfcomms

from . import api, peers
from .core import REPO, Context, Row, faster, scratch
from .measure import Contender, interleaved, run_process

WORKLOAD = "1 one issue"
GOAL_SECONDS = 0.22
GOAL_RATIO = 3.0


def newest_email_mjml(folder: Path) -> tuple[str, Path]:
    """The MJML of the newest issue's email, written to ``folder``: (issue id, file).

    Rendered by spfcomms' email renderer; if that cannot be reached, the reviewed golden
    copy in tests/golden/email/ is used instead.
    """
    config = spfcomms.load_config(REPO)
    workspace = spfcomms.load_workspace(config)
    issue = workspace.issues[-1]
    try:
        with api.tolerant():
            text = spfcomms.render_email(issue, api.site_for(workspace)).mjml
    except (LookupError, TypeError, AttributeError) as exc:
        golden = REPO / "tests" / "golden" / "email" / f"{issue.id}.mjml"
        print(f"  (email renderer not reachable: {exc}; using {golden.relative_to(REPO)})")
        text = golden.read_text(encoding="utf-8")
    path = folder / f"{issue.id}.mjml"
    path.write_text(text, encoding="utf-8")
    return issue.id, path


def run(ctx: Context) -> None:
    env = ctx.env()
    work = scratch("one-issue")
    out = work / "build"
    config = spfcomms.load_config(REPO)
    workspace = spfcomms.load_workspace(config)
    items = sum(len(issue.items) for issue in workspace.issues)
    build = ctx.spfcomms("build", "-q", "-c", REPO, "-o", out)
    contenders = {"ours": Contender(lambda: run_process(build, env=env))}
    peer = peers.npm_mjml(ctx.install)
    if peer is not None:
        issue_id, mjml = newest_email_mjml(work)
        convert = [peer.command, mjml, "-o", work / f"{issue_id}.html"]
        contenders["npm"] = Contender(lambda: run_process(convert, env=env))
    measured = interleaved(contenders, ctx.runs)
    ours = measured["ours"]
    files = sum(1 for p in out.rglob("*") if p.is_file())
    row = ctx.add(
        Row(
            WORKLOAD,
            f"spfcomms build, repository workspace ({len(workspace.issues)} issues, {items} items)",
            ours,
            note=f"{files} files",
        )
    )
    if peer is None:
        ctx.skip(WORKLOAD, "npm mjml CLI", "npm mjml could not be had")
        ctx.judge(row, f"<= {GOAL_SECONDS} s", lambda: ours.median <= GOAL_SECONDS, scale_free=True)
        return
    theirs = measured["npm"]
    ctx.add(
        Row(
            WORKLOAD,
            f"{peer.version} CLI, the {issue_id} email alone",
            theirs,
            note=f"{mjml.stat().st_size / 1024:.1f} KB of MJML",
        )
    )
    row.versus = faster(ours.median, theirs.median, "npm mjml")
    ctx.judge(
        row,
        f"<= {GOAL_SECONDS} s and >= {GOAL_RATIO:.0f}x faster than npm mjml",
        lambda: ours.median <= GOAL_SECONDS and theirs.median / ours.median >= GOAL_RATIO,
        scale_free=True,
    )
