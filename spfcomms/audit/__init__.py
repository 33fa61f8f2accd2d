"""The communications audit: what was published, whom it reached, what worked.

``build_audit(workspace, reach)`` assembles an ``AuditReport`` from the content and a
``ReachData`` (from the metrics store or any other source); ``write_audit`` writes it as
an HTML page with SVG charts and CSV tables.
"""

from __future__ import annotations

import typing as _typing

from .._lazy import lazy_names as _lazy_names

if _typing.TYPE_CHECKING:
    from .inventory import Inventory as Inventory
    from .inventory import take_inventory as take_inventory
    from .reach import METRICS as METRICS
    from .reach import ChannelFigure as ChannelFigure
    from .reach import ReachData as ReachData
    from .reach import derived_rates as derived_rates
    from .recommend import Recommendation as Recommendation
    from .recommend import recommend as recommend
    from .report import AuditReport as AuditReport
    from .report import build_audit as build_audit
    from .report import issues_csv as issues_csv
    from .report import items_csv as items_csv
    from .report import render_audit as render_audit
    from .report import write_audit as write_audit

# name -> (module, attribute), loaded on first use.
_LAZY: dict[str, tuple[str, str]] = {
    "AuditReport": ("report", "AuditReport"),
    "ChannelFigure": ("reach", "ChannelFigure"),
    "Inventory": ("inventory", "Inventory"),
    "METRICS": ("reach", "METRICS"),
    "ReachData": ("reach", "ReachData"),
    "Recommendation": ("recommend", "Recommendation"),
    "build_audit": ("report", "build_audit"),
    "derived_rates": ("reach", "derived_rates"),
    "issues_csv": ("report", "issues_csv"),
    "items_csv": ("report", "items_csv"),
    "recommend": ("recommend", "recommend"),
    "render_audit": ("report", "render_audit"),
    "take_inventory": ("inventory", "take_inventory"),
    "write_audit": ("report", "write_audit"),
}
__getattr__, __dir__ = _lazy_names(__name__, _LAZY)

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
