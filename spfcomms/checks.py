"""``spfcomms check`` as a library call: everything wrong with a workspace, in one run.

The run is: load and validate the content (every problem, no stop at the first), look
for unfinished text in the content files, render the whole site in memory, check the
outputs (placeholders, accessibility, contrast, sizes), check every link that points
inside the site against the build itself, and, when asked, every other link over HTTP.
Nothing is written except the link-check record.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urldefrag

from ._clock import build_datetime
from .build import collect_workspace, render_site
from .config import Config
from .content import Issue
from .exceptions import (
    ContentError,
    Problem,
    RenderError,
    Severity,
    SourceLocation,
    WriteError,
    sort_problems,
)
from .linkcheck import LinkResult, LinkStatus, Progress, check_links
from .linkextract import (
    LinkTarget,
    anchor_names,
    collect_link_targets,
    content_links,
    is_internal,
    output_links,
    output_path_for,
)
from .outputchecks import check_content_text, check_outputs
from .validate import apply_severity
from .writers import OutputTree

# How each link outcome is reported; outcomes not listed here are not problems.
LINK_CODES: dict[LinkStatus, tuple[str, Severity]] = {
    LinkStatus.BROKEN: ("broken-link", Severity.ERROR),
    LinkStatus.ERROR: ("link-error", Severity.ERROR),
    LinkStatus.REDIRECTED: ("redirect", Severity.WARNING),
    LinkStatus.TIMEOUT: ("timeout", Severity.WARNING),
    LinkStatus.RATE_LIMITED: ("rate-limited", Severity.WARNING),
}
UNAVAILABLE_CODE = "link-unavailable"


@dataclass(frozen=True, slots=True)
class CheckReport:
    """What ``check_workspace`` found."""

    problems: tuple[Problem, ...]
    """Content, unfinished-text and output problems, severity overrides applied."""
    link_results: tuple[LinkResult, ...]
    """Every link checked (inside the site always, outside it with ``links=True``)."""
    link_findings: tuple[tuple[LinkResult, Problem], ...] = field(default=())
    """The link results that are problems, each with its Problem (severity applied)."""
    issues: tuple[Issue, ...] = ()

    @property
    def link_problems(self) -> list[Problem]:
        """The Problems of ``link_findings``, in file and line order."""
        return sort_problems(problem for _, problem in self.link_findings)

    def all_problems(self) -> list[Problem]:
        """Problems and link problems, in file and line order."""
        return sort_problems([*self.problems, *self.link_problems])

    def failed(self, *, strict: bool = False) -> bool:
        """True when anything is an error (or, with ``strict``, a warning)."""
        return any(p.is_error or strict for p in self.all_problems())


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
    text = location.path.as_posix()
    return any(text.startswith(prefix) for prefix in scope)


def check_internal_links(
    targets: Iterable[LinkTarget], out: OutputTree, base_url: str
) -> list[LinkResult]:
    """Links into the site, checked against the build itself: the page and its anchor."""
    now = build_datetime()
    anchors: dict[str, set[str]] = {}
    results = []
    for target in targets:
        page, fragment = urldefrag(target.uri)
        path = output_path_for(page, base_url)
        if path not in out and f"{path}/index.html" in out:
            path = f"{path}/index.html"
        if path not in out:
            results.append(
                LinkResult(
                    target.uri,
                    LinkStatus.BROKEN,
                    404,
                    f"{path} is not in the build",
                    target.locations,
                    now,
                )
            )
            continue
        if fragment:
            if path not in anchors:
                anchors[path] = anchor_names(out.get(path))
            if unquote(fragment) not in anchors[path]:
                results.append(
                    LinkResult(
                        target.uri,
                        LinkStatus.BROKEN,
                        0,
                        f"anchor '#{fragment}' not found in {path}",
                        target.locations,
                        now,
                    )
                )
                continue
        results.append(
            LinkResult(target.uri, LinkStatus.OK, 200, "in the build", target.locations, now)
        )
    return results


def link_code(result: LinkResult) -> tuple[str, Severity] | None:
    """The check code and default severity of a link result; None when it is fine."""
    if result.status is LinkStatus.IGNORED and result.code == 503:
        return UNAVAILABLE_CODE, Severity.WARNING
    return LINK_CODES.get(result.status)


def link_problems(results: Iterable[LinkResult]) -> list[Problem]:
    """The link results worth reporting, as Problems at the first place each appears."""
    problems = []
    for result in results:
        coded = link_code(result)
        if coded is None:
            continue
        code, severity = coded
        where = result.locations[0] if result.locations else SourceLocation(Path("<unknown>"))
        message = f"[{result.status}] {result.uri}"
        if result.message:
            message += f" — {result.message}"
        if len(result.locations) > 1:
            message += f" (and {len(result.locations) - 1} more place(s))"
        problems.append(Problem(where, severity, message, code))
    return problems
