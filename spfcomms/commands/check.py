"""``spfcomms check`` as a library call: everything wrong with a workspace, in one run.

The run is: load and validate the content (every problem, no stop at the first), look
for unfinished text in the content files, render the whole site in memory, check the
outputs (placeholders, accessibility, contrast, sizes), check every link that points
inside the site against the build itself, and, when asked, every other link over HTTP.
Nothing is written except the link-check record.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..checks.assets import asset_problems
from ..checks.internal_links import check_internal_links
from ..checks.linkcheck import check_links
from ..checks.linkextract import (
    LinkTarget,
    collect_link_targets,
    content_links,
    is_internal,
    output_links,
)
from ..checks.linkstatus import LinkResult, LinkStatus, Progress
from ..checks.outputs import check_outputs
from ..checks.report import CheckReport, link_problems
from ..checks.unfinished import check_content_text
from ..model.clock import build_datetime
from ..model.config import Config
from ..model.content import Issue
from ..model.exceptions import ContentError, RenderError, WriteError
from ..model.problems import SourceLocation, sort_problems
from ..render.site import render_site
from ..workspace.collect import collect_workspace
from ..workspace.validate import apply_severity


def check_workspace(
    config: Config,
    *,
    issue_id: str | None = None,
    links: bool = False,
    progress: Progress | None = None,
    on_start: Callable[[int], None] | None = None,
) -> CheckReport:
    """Check the whole workspace, or one issue; check external links only when ``links``.

    ``on_start`` is told how many links will be checked over HTTP, then ``progress``
    is called with each result as it arrives.
    """
    workspace = collect_workspace(config)
    if issue_id is not None:
        workspace.issue(issue_id)  # KeyError naming the issues that exist
    ordered = workspace.issues
    problems = list(workspace.problems)
    written_links = list(content_links(ordered, config.root))
    problems += check_content_text(ordered, config.root)
    problems += asset_problems(config)
    try:
        out = render_site(workspace)
    except (RenderError, WriteError):
        # Broken content can break a template, or give two items one path (a duplicate
        # id); show the content problems, which say what to fix.
        if any(p.is_error for p in problems):
            raise ContentError(apply_severity(problems, config)) from None
        raise
    problems += check_outputs(out, config, ordered, written_links)

    prefix = Path(config.build.output_dir)
    found = list(output_links(out, base_url=config.site.base_url, output_prefix=prefix))
    targets = collect_link_targets(written_links, found, base_url=config.site.base_url)
    scope = _scope(config, ordered, issue_id)
    if scope is not None:
        problems = [p for p in problems if _in_scope(p.location, scope)]
        targets = [
            LinkTarget(t.uri, kept)
            for t in targets
            if (kept := tuple(loc for loc in t.locations if _in_scope(loc, scope)))
        ]
    internal = [t for t in targets if is_internal(t.uri, config.site.base_url)]
    external = [t for t in targets if not is_internal(t.uri, config.site.base_url)]
    results = check_internal_links(internal, out, config.site.base_url)
    if links:
        if on_start is not None:
            on_start(len(external))
        results += check_links(
            external,
            config.linkcheck,
            store_path=config.root / config.linkcheck.cache_path,
            progress=progress,
        )
    else:
        now = build_datetime()
        results += [
            LinkResult(
                t.uri,
                LinkStatus.UNCHECKED,
                0,
                "outside the site: check with --links",
                t.locations,
                now,
            )
            for t in external
        ]
    results.sort(key=lambda r: r.uri)
    findings = []
    for result in results:
        reported = apply_severity(link_problems([result]), config)
        if reported:
            findings.append((result, reported[0]))
    return CheckReport(
        problems=tuple(sort_problems(apply_severity(problems, config))),
        link_results=tuple(results),
        link_findings=tuple(findings),
        issues=ordered if issue_id is None else tuple(i for i in ordered if i.id == issue_id),
    )


def _scope(config: Config, issues: tuple[Issue, ...], issue_id: str | None) -> list[str] | None:
    if issue_id is None:
        return None
    issue = next(i for i in issues if i.id == issue_id)
    build_dir = config.build.output_dir.rstrip("/")
    scope = [f"{config.build.issues_dir}/{issue.id}/", f"{build_dir}/{issue.path}"]
    scope += [f"{build_dir}/{item.path}" for item in issue.items]
    return scope


def _in_scope(location: SourceLocation, scope: list[str]) -> bool:
    text = Path(location.path).as_posix()
    return any(text.startswith(prefix) for prefix in scope)
