"""``spfcomms build`` as a library call: load, validate, render, write.

Everything is gathered and rendered in memory first; only then is the output folder
replaced, in one swap, so a failed build leaves the previous ``_build/`` untouched.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from ..checks.sizes import email_size_problems
from ..model.config import Config
from ..model.content import Workspace
from ..model.problems import Problem, sort_problems
from ..output.ownership import OutputKind, protected_paths
from ..output.writers import WrittenFile, claim_output_folder
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
    """Refuse an output folder that spfcomms may not replace (``claim_output_folder``)."""
    claim_output_folder(config.output_dir, OutputKind.SITE, protected=protected_paths(config))


def build(config: Config, *, strict: bool = False) -> BuildResult:
    """Load, validate, render and write the workspace into its output folder.

    The folder is replaced only when it is spfcomms's own (``claim_output_folder``),
    which is checked first, so a refused folder costs no rendering.
    """
    check_output_dir(config)
    workspace = load_workspace(config, strict=strict)
    out = render_site(workspace)
    # Problems only visible once rendered (an email too big for Gmail) stop a strict
    # build before anything is written, like content problems do.
    output_problems = apply_severity(email_size_problems(out, workspace.issues, config), config)
    problems = sort_problems([*workspace.problems, *output_problems])
    fail_if_errors(problems, strict=strict)
    written = out.commit(config.output_dir, protected=protected_paths(config))
    logger.info("built %d issues into %s", len(workspace.issues), config.output_dir)
    return BuildResult(workspace=workspace, written=tuple(written), problems=tuple(problems))
