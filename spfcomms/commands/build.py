"""``spfcomms build`` as a library call: load, check, render, write.

Everything is gathered and rendered in memory first, and the same rules as ``spfcomms
check`` run over it (``checks/rules.py``: everything but the links outside the site);
only when nothing is an error is the output folder replaced, in one swap, so a failed
build leaves the previous ``_build/`` untouched.

Drafts and embargoed content (``model/release.py``) are left out of everything
published. ``drafts=True`` writes a preview instead, into ``[build].preview_dir``: the
web pages and emails show held-back content under a banner, the feeds and snippets are
exactly the published ones. A preview stops on the errors a build stops on, except
unfinished text: a preview is where unfinished text gets finished (it is reported).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from ..checks.rules import RuleFindings, render_published, run_rules
from ..checks.unfinished import UNFINISHED_CODES
from ..model.clock import build_datetime
from ..model.config import Config
from ..model.content import Workspace
from ..model.problems import Problem
from ..model.release import HeldBack, release
from ..output.ownership import OutputKind, ProtectedPath, protected_paths
from ..output.writers import WrittenFile, claim_output_folder
from ..render.site import render_preview
from ..workspace.collect import collect_workspace
from ..workspace.validate import fail_if_errors

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What a build did: the workspace it built, the files it wrote, the problems the
    rules found (warnings, and notes such as what is held back) and what it held back."""

    workspace: Workspace
    written: tuple[WrittenFile, ...]
    problems: tuple[Problem, ...] = ()
    held: tuple[HeldBack, ...] = ()
    preview: bool = False


def check_output_dir(config: Config, *, drafts: bool = False) -> None:
    """Refuse an output folder that spfcomms may not replace (``claim_output_folder``).

    A preview is an output of its own kind, so it never replaces a published site (nor
    a published build a preview), and it may not be, hold or lie inside the published
    output folder.
    """
    kind, output = _target(config, drafts=drafts)
    claim_output_folder(output, kind, protected=output_protected(config, drafts=drafts))


def output_protected(config: Config, *, drafts: bool = False) -> list[ProtectedPath]:
    """What the folder a build replaces must not touch: the workspace's own files, and
    for a preview, the published output folder as well."""
    protected = protected_paths(config)
    if drafts:
        protected.append(ProtectedPath(config.output_dir, "the published output folder"))
    return protected


def _target(config: Config, *, drafts: bool) -> tuple[OutputKind, Path]:
    if drafts:
        return OutputKind.PREVIEW, config.preview_dir
    return OutputKind.SITE, config.output_dir


def build(config: Config, *, strict: bool = False, drafts: bool = False) -> BuildResult:
    """Load, check, render and write the workspace (see the module docstring).

    The folder is replaced only when it is spfcomms's own (``claim_output_folder``),
    which is checked first, so a refused folder costs no rendering.
    """
    check_output_dir(config, drafts=drafts)
    workspace = collect_workspace(config)
    split = release(workspace, build_datetime())
    out = render_published(split)
    findings: RuleFindings = run_rules(split, out)
    problems = findings.all_problems()
    _, target = _target(config, drafts=drafts)
    if drafts:
        fail_if_errors([p for p in problems if p.code not in UNFINISHED_CODES])
        out = render_preview(split)
    else:
        fail_if_errors(problems, strict=strict)
    written = out.commit(target, protected=output_protected(config, drafts=drafts))
    logger.info("built %d issues into %s", len(split.published.issues), target)
    return BuildResult(
        workspace=split.everything if drafts else split.published,
        written=tuple(written),
        problems=tuple(problems),
        held=split.held,
        preview=drafts,
    )
