"""The one rule set of ``check`` and ``build``: every rule that needs no network.

``run_rules`` takes a workspace split by ``model.release`` and the published tree
rendered in memory, and returns every problem, with ``[checks].severity`` applied:

- the content rules (``workspace/validate.py``, already in ``Workspace.problems``);
- the files the build publishes from the workspace (the logo: ``assets.py``);
- unfinished text in every published field of every content file (``unfinished.py``);
  in a draft it is only a note, since a draft is unfinished by nature and never
  published, but an embargoed item is finished text waiting for its time, so it counts;
- every output check over the published tree (``outputs.py``);
- every link into the site, checked against that tree (a published page linking to a
  held-back one is a broken link);
- a note for each draft and embargo, saying until when it is held back.

``check`` then checks the links outside the site over HTTP when asked; ``build`` fails
on any error (or, with ``--strict``, any warning) before it writes anything.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urljoin

from ..model.content import Issue
from ..model.exceptions import ContentError, RenderError, WriteError
from ..model.problems import Problem, Severity, SourceLocation, sort_problems
from ..model.release import Release
from ..output.writers import OutputTree
from ..render.site import render_site
from ..workspace.validate import apply_severity
from .assets import asset_problems
from .internal_links import check_internal_links
from .linkextract import (
    LinkTarget,
    anchor_names,
    collect_link_targets,
    content_links,
    html_links,
    is_internal,
    output_links,
)
from .linkstatus import LinkResult
from .origins import LinkOrigins
from .outputs import check_outputs
from .report import link_problems
from .unfinished import check_content_text


@dataclass(frozen=True, slots=True)
class RuleFindings:
    """What the rules found."""

    problems: tuple[Problem, ...]
    """Content, unfinished-text, output and held-back problems, severity applied."""
    internal: tuple[LinkResult, ...]
    """Every link into the site, checked against the published tree."""
    external: tuple[LinkTarget, ...]
    """Every link out of the site, for ``check --links``."""
    link_findings: tuple[tuple[LinkResult, Problem], ...]
    """The internal links that are problems, each with its Problem (severity applied)."""

    def all_problems(self) -> list[Problem]:
        """Problems and link problems together, in file and line order."""
        return sort_problems([*self.problems, *(p for _, p in self.link_findings)])


def render_published(release: Release) -> OutputTree:
    """The published tree, rendered in memory.

    Broken content can break a template, or give two items one path (a duplicate id):
    then the content problems, which say what to fix, are raised as one ContentError.
    """
    try:
        return render_site(release.published)
    except (RenderError, WriteError):
        problems = list(release.everything.problems)
        if any(p.is_error for p in problems):
            raise ContentError(problems) from None
        raise


def run_rules(release: Release, out: OutputTree) -> RuleFindings:
    """Every rule that needs no network (see the module docstring)."""
    config = release.everything.config
    everything = release.everything.issues
    published = release.published.issues
    written = list(content_links(published, config.root))
    base = config.site.base_url
    prefix = Path(config.build.output_dir)
    # Each page is parsed once: its links and anchors are read while the checks have it.
    links_found: list[tuple[str, SourceLocation]] = []
    anchors: dict[str, set[str]] = {}

    def read_page(relpath: str, markup: str) -> None:
        page = urljoin(base, relpath)
        links_found.extend(html_links(markup, SourceLocation(prefix / relpath), base=page))
        anchors[relpath] = anchor_names(markup)

    problems = [
        *release.everything.problems,
        *check_content_text(everything, config.root),
        *asset_problems(config),
        *check_outputs(out, config, everything, written, on_page=read_page),
    ]
    links_found += output_links(out, base_url=base, output_prefix=prefix, html=False)
    # Severity first, so that an override never turns a draft's note back into an error.
    problems = _soften_drafts(apply_severity(problems, config), release)
    problems += [held.problem() for held in release.held]
    # Every place relative to the workspace, so that the list sorts by file and line.
    problems = [replace(p, location=p.location.relative_to(config.root)) for p in problems]

    origins = LinkOrigins.for_workspace(config, published)
    found = [
        (url, origins.locate(url, where, Path(where.path).relative_to(prefix).as_posix()))
        for url, where in links_found
    ]
    inside = collect_link_targets(written, found, base_url=base)
    targets = [t for t in inside if is_internal(t.uri, base)]
    internal = check_internal_links(targets, out, base, anchors)
    # Links out of the site are checked for everything that will be published, embargoed
    # items included; drafts are left alone until they stop being drafts.
    not_drafts = list(content_links(_without_drafts(release), config.root))
    outside = collect_link_targets(not_drafts, found, base_url=base)
    external = tuple(t for t in outside if not is_internal(t.uri, base))
    findings = []
    for result in internal:
        reported = apply_severity(link_problems([result]), config)
        if reported:
            findings.append((result, reported[0]))
    return RuleFindings(
        problems=tuple(sort_problems(problems)),
        internal=tuple(internal),
        external=external,
        link_findings=tuple(findings),
    )


def _draft_files(release: Release) -> set[str]:
    """The content files of drafts: a draft issue's files, and draft items'."""
    files: set[str] = set()
    for issue in release.everything.issues:
        if issue.draft:
            files.add(_key(issue.source))
            files.update(_key(item.source) for item in issue.items)
        files.update(_key(item.source) for item in issue.items if item.draft)
    return files


def _key(location: SourceLocation) -> str:
    return Path(location.path).resolve().as_posix()


def _soften_drafts(problems: list[Problem], release: Release) -> list[Problem]:
    drafts = _draft_files(release)
    if not drafts:
        return problems
    root = release.everything.config.root
    softened = []
    for problem in problems:
        path = Path(problem.location.path)
        if _key(SourceLocation(path if path.is_absolute() else root / path)) in drafts:
            problem = Problem(
                problem.location, Severity.NOTE, f"in a draft: {problem.message}", problem.code
            )
        softened.append(problem)
    return softened


def _without_drafts(release: Release) -> list[Issue]:
    return [
        replace(issue, items=tuple(i for i in issue.items if not i.draft))
        for issue in release.everything.issues
        if not issue.draft
    ]
