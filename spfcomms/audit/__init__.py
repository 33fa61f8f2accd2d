"""The communications audit: what was published, whom it reached, what worked.

``build_audit(workspace, reach)`` assembles an ``AuditReport`` from the content and a
``ReachData`` (from the metrics store or any other source); ``write_audit`` writes it as
an HTML page with SVG charts and CSV tables.
"""

from __future__ import annotations

from .inventory import Inventory, take_inventory
from .reach import METRICS, ChannelFigure, ReachData, derived_rates
from .recommend import Recommendation, recommend
from .report import AuditReport, build_audit, issues_csv, items_csv, render_audit, write_audit

__all__ = [
    "METRICS",
    "AuditReport",
    "ChannelFigure",
    "Inventory",
    "ReachData",
    "Recommendation",
    "build_audit",
    "derived_rates",
    "issues_csv",
    "items_csv",
    "recommend",
    "render_audit",
    "take_inventory",
    "write_audit",
]
