"""The audit report written out: one self-contained HTML page, CSV files and JSON.

``index.html`` holds everything: its CSS is inline, its charts are inline SVG, it
loads nothing. Every figure in it carries ``data-figure`` (its key) and a link to its
source in the list of sources; a missing figure says ``no data`` with a note saying
why. ``figures.csv`` has one row per figure with the same key, the same text, the same
sources; ``audit.json`` is the whole report. ``issues.csv`` and ``items.csv`` are the
per-issue and per-item figures in spreadsheet shape.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import markupsafe

from ..model.content import ItemKind
from ..output.csvfile import csv_text
from ..output.ownership import OutputKind, ProtectedPath
from ..output.writers import OutputTree, WrittenFile
from ..render.templating import render_template
from .report import AuditReport
from .values import Chart, Heading, Paragraph, Table, Text, Value, plain_number

TEMPLATE = "audit/report.html"
FILES = (
    "index.html",
    "figures.csv",
    "sources.csv",
    "findings.csv",
    "issues.csv",
    "items.csv",
    "audit.json",
)
"""What an audit folder holds (and ``audit.pdf`` with ``--pdf``)."""
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


@dataclass(frozen=True, slots=True)
class CellView:
    """A table cell as the template writes it."""

    text: str
    numeric: bool = False
    figure: str = ""
    sources: tuple[tuple[str, str], ...] = ()
    """(id, anchor) of each source."""
    marks: tuple[tuple[str, str], ...] = ()
    """(letter, anchor) of each note about this cell."""
    missing: bool = False
    why: str = ""
    """Why a figure is missing."""
    note: str = ""
    """A caveat that goes with the figure."""
    href: str = ""
    anchor: str = ""


@dataclass(frozen=True, slots=True)
class TableView:
    key: str
    caption: str
    headings: tuple[tuple[str, bool], ...]
    rows: tuple[tuple[CellView, ...], ...]
    notes: tuple[tuple[str, str, str], ...]
    """(letter or "", anchor, text) of each note under the table."""
    empty: str


def _sources(value: Value) -> tuple[tuple[str, str], ...]:
    return tuple((s, f"source-{s.lower()}") for s in value.sources)


def value_view(value: Value, marks: tuple[tuple[str, str], ...] = ()) -> CellView:
    """A figure as the page shows it."""
    return CellView(
        value.shown(),
        numeric=True,
        figure=value.key,
        sources=_sources(value),
        marks=marks,
        missing=value.is_missing,
        why=value.missing,
        note=value.note,
    )


def table_view(table: Table) -> TableView:
    """A table with its figures' reasons and caveats gathered as lettered notes."""
    letters: dict[str, str] = {}

    def mark(text: str) -> tuple[str, str]:
        if text not in letters:
            n = len(letters)
            letters[text] = _LETTERS[n % 26] + ("" if n < 26 else str(n // 26))
        return letters[text], f"note-{table.key}-{letters[text]}"

    rows = []
    for row in table.rows:
        cells = []
        for column, cell in zip(table.columns, row, strict=True):
            if isinstance(cell, Value):
                reasons = [r for r in (cell.missing, cell.note) if r]
                cells.append(value_view(cell, tuple(mark(r) for r in reasons)))
            else:
                cells.append(
                    CellView(cell.text, numeric=column.numeric, href=cell.href, anchor=cell.anchor)
                )
        rows.append(tuple(cells))
    notes = tuple(
        (letter, f"note-{table.key}-{letter}", text) for text, letter in letters.items()
    ) + tuple(("", "", text) for text in table.notes)
    return TableView(
        table.key,
        table.caption,
        tuple((c.heading, c.numeric) for c in table.columns),
        tuple(rows),
        notes,
        table.empty,
    )


def _blocks(report: AuditReport) -> list[dict[str, Any]]:
    sections = []
    for section in report.sections:
        blocks: list[dict[str, Any]] = []
        for block in section.blocks:
            if isinstance(block, Table):
                blocks.append({"type": "table", "table": table_view(block)})
            elif isinstance(block, Chart):
                blocks.append(
                    {
                        "type": "chart",
                        "chart": block,
                        "svg": markupsafe.Markup(block.svg),  # drawn by svg.py, text escaped
                    }
                )
            elif isinstance(block, Heading):
                blocks.append({"type": "heading", "text": block.text, "key": block.key})
            elif isinstance(block, Paragraph):
                blocks.append({"type": "paragraph", "text": block.text})
        sections.append({"section": section, "blocks": blocks})
    return sections


def render_html(report: AuditReport, env: jinja2.Environment) -> str:
    """The report as one self-contained HTML page."""
    return render_template(
        env,
        TEMPLATE,
        report=report,
        sections=_blocks(report),
        cards=[(label, value_view(value)) for label, value in report.summary],
        findings=[
            (finding, [(label, value_view(v)) for label, v in finding.figures])
            for finding in report.findings
        ],
        files=FILES,
    )


def figures_csv(report: AuditReport) -> str:
    """One row per figure: its key, the text the page shows, the value, unit, reason,
    note, sources and where it is shown."""
    where: dict[str, list[str]] = {}
    found: dict[str, Value] = {}
    for place, value in report.values():
        found.setdefault(value.key, value)
        places = where.setdefault(value.key, [])
        if place not in places:
            places.append(place)
    notes = {n.id: n for n in report.sources}
    rows = [
        [
            key,
            value.shown(),
            plain_number(value.value),
            value.unit,
            value.missing,
            value.note,
            " ".join(value.sources),
            "; ".join(f"{notes[s].name} ({notes[s].kind})" for s in value.sources if s in notes),
            " ".join(where[key]),
        ]
        for key, value in found.items()
    ]
    header = [
        "figure",
        "shown",
        "value",
        "unit",
        "missing_because",
        "note",
        "sources",
        "source_names",
        "shown_in",
    ]
    return csv_text(header, rows)


def sources_csv(report: AuditReport) -> str:
    """Every source of the report's figures."""
    return csv_text(
        ["source", "kind", "name", "detail", "figures_for", "imported"],
        [[n.id, n.kind, n.name, n.detail, n.period, n.imported] for n in report.sources],
    )


def findings_csv(report: AuditReport) -> str:
    """Every finding with its figures, owner and review date."""
    return csv_text(
        ["finding", "rule", "title", "evidence", "figures", "recommendation", "owner", "review_by"],
        [
            [
                f.number,
                f.rule,
                f.title,
                f.evidence,
                " ".join(v.key for _label, v in f.figures),
                f.recommendation,
                f.owner,
                f.review_by.isoformat(),
            ]
            for f in report.findings
        ],
    )


_ISSUE_FIGURES = (
    ("delivered", "reach.email.{id}.delivered"),
    ("unique_opens", "reach.email.{id}.unique_opens"),
    ("unique_clicks", "reach.email.{id}.unique_clicks"),
    ("click_rate", "reach.email.{id}.click_rate"),
    ("click_to_open", "reach.email.{id}.click_to_open"),
    ("unsubscribes", "reach.email.{id}.unsubscribes"),
    ("web_views", "reach.web.{id}"),
)


def issues_csv(report: AuditReport) -> str:
    """One row per issue of the period: what it carried and whom it reached."""
    figures = report.figures()
    published = report.table("published-issues")
    header = [
        "issue",
        "number",
        "date",
        "title",
        *[k.value for k in ItemKind],
        "agenda_items",
        "presenters",
        *[name for name, _ in _ISSUE_FIGURES],
        "email_sources",
        "web_views_sources",
    ]
    rows = []
    for row in published.rows:
        first = row[0]
        if not isinstance(first, Text) or first.text not in report.issues:
            continue
        issue = first.text
        date, title = row[2], row[3]
        counts = [
            plain_number(figures[f"published.issue.{issue}.{part}"].value)
            for part in (*[k.value for k in ItemKind], "agenda_items", "presenters")
        ]
        reach = [figures[key.format(id=issue)] for _, key in _ISSUE_FIGURES]
        rows.append(
            [
                issue,
                plain_number(figures[f"published.issue.{issue}.number"].value),
                date.text if isinstance(date, Text) else "",
                title.text if isinstance(title, Text) else "",
                *counts,
                *[plain_number(v.value) for v in reach],
                " ".join(reach[0].sources),
                " ".join(reach[-1].sources),
            ]
        )
    return csv_text(header, rows)


def items_csv(report: AuditReport) -> str:
    """One row per item of the period with its clicks and page views."""
    return csv_text(
        [
            "issue",
            "item",
            "kind",
            "title",
            "clicks",
            "unique_clicks",
            "page_views",
            "clicks_missing_because",
            "page_views_missing_because",
            "sources",
        ],
        [
            [
                r.issue,
                r.item,
                r.kind,
                r.title,
                plain_number(r.clicks.value),
                plain_number(r.unique_clicks.value),
                plain_number(r.views.value),
                r.clicks.missing,
                r.views.missing,
                " ".join(sorted({*r.clicks.sources, *r.views.sources}, key=lambda s: int(s[1:]))),
            ]
            for r in report.items
        ],
    )


def _jsonable(value: Any) -> Any:
    if isinstance(value, Value):
        found: dict[str, Any] = {
            "key": value.key,
            "value": value.value,
            "unit": value.unit,
            "shown": value.shown(),
            "sources": list(value.sources),
        }
        if value.missing:
            found["missing_because"] = value.missing
        if value.note:
            found["note"] = value.note
        return found
    if isinstance(value, Text):
        return {"text": value.text}
    raise TypeError(type(value).__name__)


def report_json(report: AuditReport) -> str:
    """The whole report as JSON: periods, sources, objectives, findings, every section's
    tables (every figure with its key, value, unit, sources or reason) and charts."""
    data = {
        "site": report.site_name,
        "period": {
            "from": str(report.period.first),
            "to": str(report.period.last),
            "label": report.period.label,
        },
        "previous_period": {"from": str(report.previous.first), "to": str(report.previous.last)},
        "trend": {"from": str(report.trend.first), "to": str(report.trend.last)},
        "issues": list(report.issues),
        "summary": [{"label": label, "figure": _jsonable(v)} for label, v in report.summary],
        "sources": [
            {
                "id": n.id,
                "kind": n.kind,
                "name": n.name,
                "detail": n.detail,
                "figures_for": n.period,
                "imported": n.imported,
            }
            for n in report.sources
        ],
        "objectives": [
            {
                "number": r.number,
                "text": r.text,
                "measure": r.measure,
                "target": r.target,
                "status": r.status,
                "figure": _jsonable(r.figure),
                "compared_with": _jsonable(r.compared_with) if r.compared_with else None,
                "explanation": r.explanation,
                "owner": r.owner,
            }
            for r in report.objectives
        ],
        "findings": [
            {
                "number": f.number,
                "rule": f.rule,
                "title": f.title,
                "evidence": f.evidence,
                "figures": [{"label": label, "figure": _jsonable(v)} for label, v in f.figures],
                "recommendation": f.recommendation,
                "owner": f.owner,
                "review_by": f.review_by.isoformat(),
            }
            for f in report.findings
        ],
        "sections": [
            {
                "number": s.number,
                "key": s.key,
                "title": s.title,
                "blocks": [_block_json(b) for b in s.blocks],
            }
            for s in report.sections
        ],
        "items": [
            {
                "issue": r.issue,
                "item": r.item,
                "kind": r.kind,
                "title": r.title,
                "clicks": _jsonable(r.clicks),
                "unique_clicks": _jsonable(r.unique_clicks),
                "page_views": _jsonable(r.views),
            }
            for r in report.items
        ],
    }
    # One line per section, table row and figure list would be kinder to read, but the
    # file is for programs: compact, so that ten years of issues write quickly.
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=_jsonable)
    # Markup characters as JSON escapes: the same data, and safe to paste into a page.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") + "\n"


def _block_json(block: object) -> dict[str, Any]:
    if isinstance(block, Table):
        return {
            "table": block.key,
            "caption": block.caption,
            "columns": [c.heading for c in block.columns],
            "rows": [[_jsonable(cell) for cell in row] for row in block.rows],
            "notes": list(block.notes),
            "empty": block.empty if not block.rows else "",
        }
    if isinstance(block, Chart):
        return {
            "chart": block.key,
            "title": block.title,
            "description": block.description,
            "figures_in": block.table,
        }
    if isinstance(block, Heading):
        return {"heading": block.text}
    assert isinstance(block, Paragraph)
    return {"paragraph": block.text}


def render_audit(report: AuditReport, env: jinja2.Environment) -> OutputTree:
    """The report's files (``FILES``)."""
    out = OutputTree(OutputKind.AUDIT)
    out.add("index.html", render_html(report, env))
    out.add("figures.csv", figures_csv(report))
    out.add("sources.csv", sources_csv(report))
    out.add("findings.csv", findings_csv(report))
    out.add("issues.csv", issues_csv(report))
    out.add("items.csv", items_csv(report))
    out.add("audit.json", report_json(report))
    return out


def write_audit(
    report: AuditReport,
    env: jinja2.Environment,
    output_dir: Path,
    *,
    protected: Sequence[ProtectedPath] = (),
) -> list[WrittenFile]:
    """Render the report and replace ``output_dir`` with it in one step, when it is
    spfcomms's own (``claim_output_folder``) and none of ``protected``."""
    return render_audit(report, env).commit(output_dir, protected=protected)
