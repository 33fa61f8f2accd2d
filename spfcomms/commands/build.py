"""``spfcomms build`` as a library call: load, validate, render, write.

Everything is gathered and rendered in memory first; only then is the output folder
replaced, in one swap, so a failed build leaves the previous ``_build/`` untouched.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from ..checks.assets import asset_problems
from ..checks.sizes import email_size_problems
from ..model.config import Config
from ..model.content import Workspace
from ..model.exceptions import WriteError
from ..model.problems import Problem, sort_problems
from ..output.writers import WrittenFile
from ..render.site import render_site
from ..workspace.collect import load_workspace
from ..workspace.validate import apply_severity, fail_if_errors

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What a build did: the workspace it built, the files it wrote, and the problems
    (content warnings and output warnings such as an email near Gmail's clipping limit)."""

    workspace: Workspace
    written: tuple[WrittenFile, ...]
    problems: tuple[Problem, ...] = ()


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
    output_problems = apply_severity(
        [*asset_problems(config), *email_size_problems(out, workspace.issues, config)], config
    )
    problems = sort_problems([*workspace.problems, *output_problems])
    fail_if_errors(problems, strict=strict)
    written = out.commit(config.output_dir)
    logger.info("built %d issues into %s", len(workspace.issues), config.output_dir)
    return BuildResult(workspace=workspace, written=tuple(written), problems=tuple(problems))
