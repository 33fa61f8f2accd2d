"""``spfcomms check`` as a library call: everything wrong with a workspace, in one run.

The run is the rule set ``spfcomms build`` runs too (``checks/rules.py``): load and
validate the content (every problem, no stop at the first), look for unfinished text in
every published field, render the published site in memory, check the outputs
(placeholders, accessibility, contrast, sizes) and every link that points inside the
site, against the build itself; and list what is held back (drafts, embargoes) and
until when. Then, when asked, every other link is checked over HTTP. Nothing is written
except the link-check record.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..checks.linkcheck import check_links
from ..checks.linkextract import LinkTarget
from ..checks.linkstatus import LinkResult, LinkStatus, Progress
from ..checks.report import CheckReport, link_problems
from ..checks.rules import render_published, run_rules
from ..model.clock import build_datetime
from ..model.config import Config
from ..model.content import Issue
from ..model.problems import Problem, SourceLocation, sort_problems
from ..model.release import release
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
    split = release(workspace, build_datetime())
    out = render_published(split)
    findings = run_rules(split, out)
    problems = list(findings.problems)
    internal = list(findings.internal)
    external = list(findings.external)
    scope = _scope(config, workspace.issues, issue_id)
    if scope is not None:
        problems = [p for p in problems if _in_scope(p.location, scope)]
        internal = _scoped(internal, scope)
        external = [
            LinkTarget(t.uri, kept)
            for t in external
            if (kept := tuple(loc for loc in t.locations if _in_scope(loc, scope)))
        ]
    results = list(internal)
    if links:
        if on_start is not None:
            on_start(len(external))
        results += check_links(
            external,
            config.linkcheck,
            store_path=config.link_cache_path,
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
    findings_: list[tuple[LinkResult, Problem]] = []
    for result in results:
        reported = apply_severity(link_problems([result]), config)
        if reported:
            findings_.append((result, reported[0]))
    ordered = workspace.issues
    return CheckReport(
        problems=tuple(sort_problems(problems)),
        link_results=tuple(results),
        link_findings=tuple(findings_),
        issues=ordered if issue_id is None else tuple(i for i in ordered if i.id == issue_id),
        held=split.held,
    )


def _scoped(results: list[LinkResult], scope: list[str]) -> list[LinkResult]:
    kept = []
    for result in results:
        places = tuple(loc for loc in result.locations if _in_scope(loc, scope))
        if places:
            kept.append(result._replace(locations=places))
    return kept


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
