"""``spfcomms report`` as a library call: the communications audit, written to a folder.

The content comes from the workspace, the reach figures from the metrics store (a
workspace whose store was never created gets a content-only report, never a new
database), and the page from the same Jinja environment as every other output.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..audit.from_store import reach_from_metrics
from ..audit.reach import ReachData
from ..audit.report import AuditReport, build_audit, write_audit
from ..model.config import Config
from ..output.ownership import OutputKind, protected_paths
from ..output.writers import WrittenFile, claim_output_folder
from ..render.templating import make_environment
from ..workspace.collect import load_workspace

AUDIT_DIR = "_audit"
"""Where the audit goes in the workspace, unless told otherwise."""


@dataclass(frozen=True, slots=True)
class AuditResult:
    """The audit report, the folder it was written to and the files in it."""

    report: AuditReport
    output_dir: Path
    written: tuple[WrittenFile, ...]


def audit(
    config: Config,
    *,
    first: str | None = None,
    last: str | None = None,
    output_dir: Path | None = None,
    metrics: bool = True,
    reach: ReachData | None = None,
) -> AuditResult:
    """Write the audit of the issues from ``first`` to ``last`` (ids, inclusive).

    Reach figures are read from the metrics store unless ``metrics`` is false or
    ``reach`` gives them. The folder (default ``_audit`` in the workspace) is replaced
    in one step.
    """
    output = (output_dir or config.root / AUDIT_DIR).absolute()
    protected = protected_paths(config)
    # Checked first, so that a refused folder costs no work and opens no store.
    claim_output_folder(output, OutputKind.AUDIT, protected=protected)
    workspace = load_workspace(config)
    if reach is None and metrics:
        reach = reach_from_metrics(config)
    report = build_audit(workspace, reach, first=first, last=last)
    written = write_audit(report, make_environment(config), output, protected=protected)
    output = output.resolve()
    return AuditResult(report=report, output_dir=output, written=tuple(written))
