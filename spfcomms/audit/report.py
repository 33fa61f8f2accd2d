"""Assembling the communications audit and writing it as HTML, CSV and SVG.

The layout follows the usual evaluation structure: objectives, channels, outputs
(what was published), reach, engagement (what worked), trend, data quality and
numbered recommendations.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import jinja2

from ..model.content import AnyItem, Issue, ItemKind, Workspace
from ..model.exceptions import SpfcommsError
from ..output.csvfile import csv_text
from ..output.ownership import OutputKind, ProtectedPath
from ..output.writers import OutputTree, WrittenFile
from ..render.templating import render_template
from . import charts
from .inventory import Inventory, IssueInventory, sector_of, take_inventory
from .reach import METRICS, Figures, ReachData, derived_rates
from .recommend import Recommendation, recommend

RATE_LABELS = {
    "open_rate": "Open rate",
    "click_rate": "Click rate",
    "click_to_open": "Click-to-open",
}


@dataclass(frozen=True, slots=True)
class Chart:
    """An SVG chart with the text alternative a screen reader gets."""

    name: str
    title: str
    alt: str
    svg: str

    @property
    def path(self) -> str:
        return f"charts/{self.name}.svg"


@dataclass(frozen=True, slots=True)
class IssueRow:
    """One issue's line in the report: what it carried and whom it reached."""

    inventory: IssueInventory
    figures: Figures
    rates: dict[str, float | None]

    @property
    def issue(self) -> Issue:
        return self.inventory.issue


@dataclass(frozen=True, slots=True)
class ItemRow:
    """One item and its reach."""

    issue: Issue
    item: AnyItem
    figures: Figures


@dataclass(frozen=True, slots=True)
class AuditReport:
    """Everything the audit shows, ready to render."""

    site_name: str
    period: str
    inventory: Inventory
    reach: ReachData
    issue_rows: tuple[IssueRow, ...]
    item_rows: tuple[ItemRow, ...]
    recommendations: tuple[Recommendation, ...]
    charts: tuple[Chart, ...]

    @property
    def top_items(self) -> tuple[ItemRow, ...]:
        """Up to ten items with the most engagement, clicks first, then views."""
        engaged = [r for r in self.item_rows if r.figures]
        engaged.sort(
            key=lambda r: (
                -r.figures.get("unique_clicks", 0.0),
                -r.figures.get("web_views", 0.0),
                r.item.id,
            )
        )
        return tuple(engaged[:10])

    def totals(self) -> dict[str, float]:
        """Period totals of every additive metric (subscribers take the latest issue)."""
        totals: dict[str, float] = {}
        for row in self.issue_rows:
            for name, value in row.figures.items():
                if name == "feed_subscribers":
                    totals[name] = value
                else:
                    totals[name] = totals.get(name, 0.0) + value
        return totals


def _select(issues: tuple[Issue, ...], first: str | None, last: str | None) -> tuple[Issue, ...]:
    chosen = tuple(
        i for i in issues if (first is None or i.id >= first) and (last is None or i.id <= last)
    )
    if not chosen:
        known = ", ".join(i.id for i in issues) or "none"
        raise SpfcommsError(
            f"no issues between {first or 'the first'} and {last or 'the last'} (issues: {known})"
        )
    return chosen


def build_audit(
    workspace: Workspace,
    reach: ReachData | None = None,
    *,
    first: str | None = None,
    last: str | None = None,
) -> AuditReport:
    """The audit of the issues from ``first`` to ``last`` (issue ids, inclusive)."""
    reach = reach or ReachData()
    issues = _select(workspace.issues, first, last)
    inventory = take_inventory(issues)
    issue_rows = tuple(
        IssueRow(
            inv,
            reach.issues.get(inv.issue.id, {}),
            derived_rates(reach.issues.get(inv.issue.id, {})),
        )
        for inv in inventory.issues
    )
    item_rows = tuple(
        ItemRow(issue, item, reach.items.get(item.id, {}))
        for issue in issues
        for item in issue.items
    )
    period = issues[0].date.strftime("%B %Y")
    if len(issues) > 1:
        period = f"{period} to {issues[-1].date.strftime('%B %Y')}"
    return AuditReport(
        site_name=workspace.config.site.name,
        period=period,
        inventory=inventory,
        reach=reach,
        issue_rows=issue_rows,
        item_rows=item_rows,
        recommendations=tuple(recommend(inventory, reach)),
        charts=tuple(_charts(inventory, issue_rows)),
    )


def _charts(inventory: Inventory, rows: tuple[IssueRow, ...]) -> list[Chart]:
    labels = [row.issue.id for row in rows]
    result = [
        Chart(
            "items-per-issue",
            "Items published per issue",
            "Bar chart of items per issue by kind; the same figures are in the table "
            "'What was published'.",
            charts.stacked_bars(
                "Items published per issue",
                labels,
                [
                    (kind.label, [row.inventory.items_by_kind[kind] for row in rows])
                    for kind in ItemKind
                ],
                ylabel="items",
            ),
        )
    ]
    sectors = [(s, n) for s, n in inventory.sectors.items() if n]
    if sectors:
        result.append(
            Chart(
                "voices-by-side",
                "Presenting organisations by side of the partnership",
                "Bar chart: " + "; ".join(f"{s} {n}" for s, n in sectors) + ".",
                charts.horizontal_bars(
                    "Presenting organisations by side of the partnership",
                    [s for s, _ in sectors],
                    [float(n) for _, n in sectors],
                ),
            )
        )
    reach_series = [
        (METRICS[name], [row.figures.get(name, 0.0) for row in rows])
        for name in ("delivered", "web_views", "feed_subscribers", "partner_pickups")
        if any(name in row.figures for row in rows)
    ]
    if reach_series:
        result.append(
            Chart(
                "reach-per-issue",
                "Reach per issue by channel",
                "Stacked bars of reach per issue; the figures are in the table 'Who it reached'.",
                charts.stacked_bars("Reach per issue by channel", labels, reach_series),
            )
        )
    if any(row.rates["click_rate"] is not None for row in rows):
        result.append(
            Chart(
                "email-engagement",
                "Email click rate and click-to-open rate",
                "Line chart of click rate and click-to-open rate per issue; the figures are "
                "in the table 'Who it reached'.",
                charts.lines(
                    "Email click rate and click-to-open rate",
                    labels,
                    [
                        ("Click rate", [row.rates["click_rate"] for row in rows]),
                        ("Click-to-open", [row.rates["click_to_open"] for row in rows]),
                    ],
                    percent=True,
                ),
            )
        )
    return result


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:.4f}"


def issues_csv(report: AuditReport) -> str:
    """One row per issue with stable columns: content counts, reach, rates."""
    header = [
        "issue",
        "number",
        "date",
        "title",
        "items",
        *[k.value for k in ItemKind],
        "agenda_items",
        "presenters",
        "organisations",
        *METRICS,
        *RATE_LABELS,
    ]
    rows: list[list[object]] = []
    for row in report.issue_rows:
        inv = row.inventory
        rows.append(
            [
                inv.issue.id,
                inv.issue.number,
                inv.issue.date.isoformat(),
                inv.issue.title,
                sum(inv.items_by_kind.values()),
                *[inv.items_by_kind[k] for k in ItemKind],
                inv.agenda_items,
                inv.presenters,
                len(inv.organisations),
                *[_number(row.figures.get(m)) for m in METRICS],
                *[_number(row.rates[r]) for r in RATE_LABELS],
            ]
        )
    return csv_text(header, rows)


def items_csv(report: AuditReport) -> str:
    """One row per item with its reach."""
    header = ["issue", "item", "kind", "title", "date", "tags", *METRICS]
    rows: list[list[object]] = [
        [
            r.issue.id,
            r.item.id,
            r.item.kind.value,
            r.item.title,
            r.item.date.isoformat(),
            " ".join(r.item.tags),
            *[_number(r.figures.get(m)) for m in METRICS],
        ]
        for r in report.item_rows
    ]
    return csv_text(header, rows)


def render_audit(report: AuditReport, env: jinja2.Environment) -> OutputTree:
    """The report's files: index.html, issues.csv, items.csv and charts/*.svg."""
    out = OutputTree(OutputKind.AUDIT)
    out.add(
        "index.html",
        render_template(
            env,
            "audit/report.html",
            report=report,
            metrics=METRICS,
            rate_labels=RATE_LABELS,
            kinds=list(ItemKind),
            sector_of=sector_of,
            totals=report.totals(),
        ),
    )
    out.add("issues.csv", issues_csv(report))
    out.add("items.csv", items_csv(report))
    for chart in report.charts:
        out.add(chart.path, chart.svg)
    return out


def write_audit(
    report: AuditReport,
    env: jinja2.Environment,
    output_dir: Path,
    *,
    protected: Sequence[ProtectedPath] = (),
) -> list[WrittenFile]:
    """Render the report and replace ``output_dir`` with it atomically, when it is
    spfcomms's own (``claim_output_folder``) and none of ``protected``."""
    return render_audit(report, env).commit(output_dir, protected=protected)
