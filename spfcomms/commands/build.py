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

from ..checks.rules import RuleFindings, render_published, run_rules
from ..checks.unfinished import UNFINISHED_CODES
from ..model.clock import build_datetime
from ..model.config import Config
from ..model.content import Workspace
from ..model.exceptions import WriteError
from ..model.problems import Problem
from ..model.release import HeldBack, release
from ..output.writers import WrittenFile
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
    """Refuse an output folder whose replacement would delete the workspace's sources,
    and a preview that would replace the published folder."""
    output = (config.preview_dir if drafts else config.output_dir).resolve()
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
    if drafts and output == config.output_dir.resolve():
        raise WriteError(
            f"{output}: a preview with drafts must not replace the published folder; "
            "write it to [build].preview_dir (_preview) or another folder"
        )


def build(config: Config, *, strict: bool = False, drafts: bool = False) -> BuildResult:
    """Load, check, render and write the workspace (see the module docstring)."""
    check_output_dir(config, drafts=drafts)
    workspace = collect_workspace(config)
    split = release(workspace, build_datetime())
    out = render_published(split)
    findings: RuleFindings = run_rules(split, out)
    problems = findings.all_problems()
    if drafts:
        fail_if_errors([p for p in problems if p.code not in UNFINISHED_CODES])
        written = render_preview(split).commit(config.preview_dir)
        target = config.preview_dir
    else:
        fail_if_errors(problems, strict=strict)
        written = out.commit(config.output_dir)
        target = config.output_dir
    logger.info("built %d issues into %s", len(split.published.issues), target)
    return BuildResult(
        workspace=split.everything if drafts else split.published,
        written=tuple(written),
        problems=tuple(problems),
        held=split.held,
        preview=drafts,
    )
