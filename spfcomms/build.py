"""The build pipeline: load, validate, render, write.

Everything is gathered and rendered in memory first; only then is the output folder
replaced, in one swap, so a failed build leaves the previous ``_build/`` untouched.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from .config import Config
from .content import Issue
from .exceptions import Problem, WriteError, sort_problems
from .loaders import load_issues
from .render import Renderer, Site
from .render.email import email_size_problems, render_emails
from .render.feeds import render_feeds
from .render.snippets import render_snippets
from .render.web import render_web
from .templating import make_environment
from .validate import apply_severity, fail_if_errors, validate
from .writers import OutputTree, WrittenFile

logger = logging.getLogger(__name__)

# The output formats, in the order they are rendered.
RENDERERS: tuple[Renderer, ...] = (render_web, render_feeds, render_snippets, render_emails)


@dataclass(frozen=True, slots=True)
class Workspace:
    """A loaded and validated workspace."""

    config: Config
    issues: tuple[Issue, ...]
    problems: tuple[Problem, ...]

    def issue(self, issue_id: str) -> Issue:
        """The issue with this id; KeyError names the ones that exist."""
        for issue in self.issues:
            if issue.id == issue_id:
                return issue
        known = ", ".join(i.id for i in self.issues) or "none"
        raise KeyError(f"no issue '{issue_id}' (issues: {known})")


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What a build did: the workspace it built, the files it wrote, and the problems
    (content warnings and output warnings such as an email near Gmail's clipping limit)."""

    workspace: Workspace
    written: tuple[WrittenFile, ...]
    problems: tuple[Problem, ...] = ()


def collect_workspace(config: Config) -> Workspace:
    """Load and validate every issue without raising: problems are in the result.

    ``[checks].severity`` is applied. ``load_workspace`` and ``spfcomms check`` both
    start here, so they read the workspace the same way.
    """
    issues, problems = load_issues(config.issues_dir, tz=config.tz)
    problems += validate(issues, config)
    ordered = tuple(sorted(issues, key=lambda i: (i.date, i.id)))
    return Workspace(
        config=config,
        issues=ordered,
        problems=tuple(sort_problems(apply_severity(problems, config))),
    )


def load_workspace(config: Config, *, strict: bool = False) -> Workspace:
    """Load and validate every issue; raise one ContentError listing every error.

    With ``strict`` warnings are errors too. Problems that do not stop the build are
    returned in ``Workspace.problems``.
    """
    workspace = collect_workspace(config)
    fail_if_errors(list(workspace.problems), strict=strict)
    return workspace


def render_site(workspace: Workspace) -> OutputTree:
    """Run every renderer over the workspace, in memory."""
    site = Site(
        config=workspace.config,
        issues=workspace.issues,
        env=make_environment(workspace.config),
    )
    out = OutputTree()
    for renderer in RENDERERS:
        renderer(site, out)
    return out


def check_output_dir(config: Config) -> None:
    """Refuse an output folder whose replacement would delete the workspace's sources."""
    output = config.output_dir.resolve()
    protected = [config.root, config.issues_dir, config.templates_dir]
    if config.source is not None:
        protected.append(config.source)
    for path in protected:
        path = path.resolve()
        if path == output or output in path.parents:
            raise WriteError(
                f"{output}: the output folder would replace {path}; "
                "choose a folder of its own, such as _build"
            )


def build(config: Config, *, strict: bool = False) -> BuildResult:
    """Load, validate, render and write the workspace into its output folder."""
    check_output_dir(config)
    workspace = load_workspace(config, strict=strict)
    out = render_site(workspace)
    # Problems only visible once rendered (an email too big for Gmail) stop a strict
    # build before anything is written, like content problems do.
    output_problems = apply_severity(email_size_problems(out, workspace.issues, config), config)
    problems = sort_problems([*workspace.problems, *output_problems])
    fail_if_errors(problems, strict=strict)
    written = out.commit(config.output_dir)
    logger.info("built %d issues into %s", len(workspace.issues), config.output_dir)
    return BuildResult(workspace=workspace, written=tuple(written), problems=tuple(problems))
