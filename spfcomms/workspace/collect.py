"""Reading a whole workspace: every issue loaded, every content rule run.

``load_workspace`` and ``spfcomms check`` both start from ``collect_workspace``, so
they read the workspace the same way.
"""

from __future__ import annotations

from ..model.config import Config
from ..model.content import Workspace
from ..model.problems import sort_problems
from .loaders import load_issues
from .validate import apply_severity, fail_if_errors, validate


def collect_workspace(config: Config) -> Workspace:
    """Load and validate every issue without raising: problems are in the result.

    ``[checks].severity`` is applied.
    """
    issues, problems = load_issues(
        config.issues_dir,
        tz=config.tz,
        roots=config.content_roots,
        allow_outside_symlinks=config.build.allow_outside_symlinks,
    )
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
