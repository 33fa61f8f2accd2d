"""The communications audit as one typed value, ``AuditReport``.

The report follows the government communication evaluation model (inputs, outputs,
outtakes, outcomes) in plain headings:

1. Objectives and targets   5. Change over time
2. What we published        6. Health of the bulletin
3. Whom it reached          7. Data quality and sources
4. What people engaged with 8. Findings and recommendations

``build_report`` makes it from ``AuditInputs``; ``render.py`` writes it as one HTML
page, CSV and JSON, and ``pdf.py`` prints the page.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from .change import Headline, change_section, headlines
from .engagement import ItemRow, engagement_section, item_rows
from .findings import Finding, findings, findings_section
from .health import health_section
from .inputs import AuditInputs, Context
from .objectives import Baseline, ObjectiveResult, baselines, evaluate, objectives_section
from .period import Period
from .published import published_section
from .quality import quality_section, source_notes
from .reach import reach_section
from .values import Chart, Section, SourceNote, Table, Value

OWN_SOURCES = ("workspace", "settings", "link checks", "site build")
"""The kinds of source that are not the metrics store."""


@dataclass(frozen=True, slots=True)
class AuditReport:
    """Every figure, table, chart and finding of one audit."""

    site_name: str
    period: Period
    previous: Period
    trend: Period
    issues: tuple[str, ...]
    """The ids of the period's issues."""
    summary: tuple[tuple[str, Value], ...]
    """The figures at a glance: (label, figure)."""
    objectives: tuple[ObjectiveResult, ...]
    baselines: tuple[Baseline, ...]
    headlines: tuple[Headline, ...]
    findings: tuple[Finding, ...]
    sources: tuple[SourceNote, ...]
    sections: tuple[Section, ...] = field(default_factory=tuple)
    items: tuple[ItemRow, ...] = ()
    """Every item of the period with its clicks and views (``items.csv``)."""
    language: str = "en-GB"

    @property
    def measured(self) -> bool:
        """True when some figure comes from the metrics store."""
        return any(n.kind not in OWN_SOURCES for n in self.sources)

    def tables(self) -> Iterator[Table]:
        for section in self.sections:
            yield from section.tables()

    def charts(self) -> Iterator[Chart]:
        for section in self.sections:
            yield from section.charts()

    def table(self, key: str) -> Table:
        """The table with this key; ``KeyError`` names the tables there are."""
        for table in self.tables():
            if table.key == key:
                return table
        raise KeyError(f"no table '{key}' (tables: {', '.join(t.key for t in self.tables())})")

    def values(self) -> Iterator[tuple[str, Value]]:
        """Every figure of the report with where it is shown (a table key, ``summary`` or
        ``finding-N``); a figure shown in several places comes once for each."""
        for _label, value in self.summary:
            yield "summary", value
        for table in self.tables():
            for _row, _column, value in table.values():
                yield table.key, value
        for finding in self.findings:
            for _label, value in finding.figures:
                yield f"finding-{finding.number}", value
        for item in self.items:
            for value in (item.clicks, item.unique_clicks, item.views):
                yield "items", value

    def figures(self) -> dict[str, Value]:
        """Every figure by its key (a key is one figure wherever it is shown)."""
        found: dict[str, Value] = {}
        for _where, value in self.values():
            seen = found.setdefault(value.key, value)
            if seen != value:
                raise ValueError(f"two figures share the key {value.key}: {seen} and {value}")
        return found

    def figure(self, key: str) -> Value:
        """The figure with this key."""
        found = self.figures()
        if key not in found:
            raise KeyError(f"no figure '{key}'")
        return found[key]

    def source(self, ident: str) -> SourceNote:
        """The source note with this id (``S3``)."""
        for note in self.sources:
            if note.id == ident:
                return note
        raise KeyError(f"no source '{ident}'")


def build_report(inputs: AuditInputs) -> AuditReport:
    """The audit of ``inputs.period`` (see the module docstring)."""
    ctx = Context(inputs)
    results = [
        evaluate(ctx, n, objective)
        for n, objective in enumerate(inputs.config.audit.objectives, start=1)
    ]
    found_headlines = headlines(ctx)
    found = findings(ctx, results)
    notes = source_notes(ctx)
    sections = (
        objectives_section(ctx, results),
        published_section(ctx),
        reach_section(ctx),
        engagement_section(ctx),
        change_section(ctx, found_headlines),
        health_section(ctx),
        quality_section(ctx, notes),
        findings_section(ctx, found),
    )
    return AuditReport(
        site_name=inputs.config.site.name,
        period=ctx.period,
        previous=ctx.previous,
        trend=ctx.trend,
        issues=tuple(i.id for i in ctx.period_issues),
        summary=_summary(ctx, found_headlines),
        objectives=tuple(results),
        baselines=tuple(baselines(ctx)),
        headlines=tuple(found_headlines),
        findings=tuple(found),
        sources=tuple(notes),
        sections=sections,
        items=tuple(item_rows(ctx)),
        language=inputs.config.site.language,
    )


def _summary(ctx: Context, found: list[Headline]) -> tuple[tuple[str, Value], ...]:
    from ..model.targets import MeasureName

    cards: list[tuple[str, Value]] = [
        ("issues published", ctx.calc.content("issues", ctx.period, "summary.issues").value),
        ("items", ctx.calc.content("items", ctx.period, "summary.items").value),
    ]
    wanted = {
        "email.delivered": "emails delivered",
        "email.click_rate": "click rate",
        "web.bulletin_views": "views of bulletin pages",
        "feed.subscribers": "feed subscribers",
    }
    by_name = {str(h.name): h for h in found}
    for name, label in wanted.items():
        if name in by_name:
            cards.append((label, by_name[name].now.value))
        else:
            channel, metric = name.split(".")
            tally = ctx.calc.measure(MeasureName(channel, metric), ctx.period, f"summary.{name}")
            cards.append((label, tally.value))
    return tuple(cards)
