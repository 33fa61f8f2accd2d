"""The communications audit: ``spfcomms.audit(config, period)`` returns an ``AuditReport``.

The package is also the function: ``spfcomms.audit(config, Period.of("2024-01",
"2024-12"))`` runs ``spfcomms.commands.audit.audit`` (the package root makes this
module callable). The report is one typed value holding every figure (``Value``: the
figure, its unit, its sources, or why it is missing), table, chart and finding of the
audit's eight sections; ``render.py`` writes it as one self-contained HTML page, CSV
and JSON, and ``pdf.py`` prints the page. ``docs/audit.md`` describes the report.
"""

from __future__ import annotations

import typing as _typing

from .._lazy import lazy_names as _lazy_names

if _typing.TYPE_CHECKING:
    from .evidence import Evidence as Evidence
    from .evidence import read_evidence as read_evidence
    from .findings import Finding as Finding
    from .inputs import AuditInputs as AuditInputs
    from .inventory import Inventory as Inventory
    from .inventory import sector_of as sector_of
    from .inventory import take_inventory as take_inventory
    from .objectives import ObjectiveResult as ObjectiveResult
    from .period import Month as Month
    from .period import Period as Period
    from .render import figures_csv as figures_csv
    from .render import render_audit as render_audit
    from .render import render_html as render_html
    from .render import report_json as report_json
    from .render import write_audit as write_audit
    from .report import AuditReport as AuditReport
    from .report import build_report as build_report
    from .values import SourceNote as SourceNote
    from .values import Table as Table
    from .values import Value as Value

# name -> (module, attribute), loaded on first use.
_LAZY: dict[str, tuple[str, str]] = {
    "AuditInputs": ("inputs", "AuditInputs"),
    "AuditReport": ("report", "AuditReport"),
    "Evidence": ("evidence", "Evidence"),
    "Finding": ("findings", "Finding"),
    "Inventory": ("inventory", "Inventory"),
    "Month": ("period", "Month"),
    "ObjectiveResult": ("objectives", "ObjectiveResult"),
    "Period": ("period", "Period"),
    "SourceNote": ("values", "SourceNote"),
    "Table": ("values", "Table"),
    "Value": ("values", "Value"),
    "build_report": ("report", "build_report"),
    "figures_csv": ("render", "figures_csv"),
    "read_evidence": ("evidence", "read_evidence"),
    "render_audit": ("render", "render_audit"),
    "render_html": ("render", "render_html"),
    "report_json": ("render", "report_json"),
    "sector_of": ("inventory", "sector_of"),
    "take_inventory": ("inventory", "take_inventory"),
    "write_audit": ("render", "write_audit"),
}
__getattr__, __dir__ = _lazy_names(__name__, _LAZY)

__all__ = [
    "AuditInputs",
    "AuditReport",
    "Evidence",
    "Finding",
    "Inventory",
    "Month",
    "ObjectiveResult",
    "Period",
    "SourceNote",
    "Table",
    "Value",
    "build_report",
    "figures_csv",
    "read_evidence",
    "render_audit",
    "render_html",
    "report_json",
    "sector_of",
    "take_inventory",
    "write_audit",
]
