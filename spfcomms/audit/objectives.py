"""Section 1, objectives and targets: each objective of ``[audit]`` met, not met or not
measurable, with its figure; and the baselines kept by hand that the forum measures
itself against.

Counts are compared with a baseline per month, because a baseline's period (the
stocktake's eleven months) is rarely the audit's; levels and rates are compared as
they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from ..metrics.measures import Kind
from ..model.config import ObjectiveConfig
from ..model.targets import MEASURES, MeasureName, TargetKind, parse_measure, parse_target
from .evidence import Stored
from .figures import days_of
from .inputs import Context
from .values import CHANGE, RATE, Block, Column, Paragraph, Section, Table, Text, Value, unique_slug

MET = "met"
NOT_MET = "not met"
NOT_MEASURABLE = "not measurable"
DAYS_A_MONTH = 365.25 / 12


@dataclass(frozen=True, slots=True)
class ObjectiveResult:
    """One objective judged against the period's figure."""

    number: int
    text: str
    measure: str
    target: str
    status: str
    """``met``, ``not met`` or ``not measurable``."""
    figure: Value
    """The period's figure (per month when compared with a baseline's per month)."""
    compared_with: Value | None
    """What the target compares the figure with: the target's number, the yearly growth,
    or the baseline."""
    explanation: str
    owner: str


@dataclass(frozen=True, slots=True)
class Baseline:
    """A figure kept by hand from an earlier review, used as a yardstick."""

    key: str
    measure: str
    """``web.page_views:tackling bullying page``."""
    figure: Value
    period: str
    per_month: Value | None
    """The figure a month, for counts; None for levels and rates."""
    row: Stored


def months_covered(row: Stored) -> float | None:
    """How many months a stored figure's period spans (days / 30.44)."""
    if row.period_start is None or row.period_end is None:
        return None
    days = (row.period_end - row.period_start).total_seconds() / 86400
    return days / DAYS_A_MONTH if days > 0 else None


def baselines(ctx: Context) -> list[Baseline]:
    """Every baseline figure of the store, oldest period first."""
    found = []
    used: set[str] = set()
    for row in sorted(
        ctx.evidence.baselines,
        key=lambda r: (r.period_start or r.period_end or _EPOCH, r.channel, r.metric),
    ):
        name = f"{row.channel}.{row.metric}" + (f":{row.label}" if row.label else "")
        n = unique_slug(name, used)
        sources = ctx.notes.of([row.origin])
        months = months_covered(row)
        per_month = None
        if row.combines_as in (Kind.COUNT, Kind.CHANGE) and months:
            per_month = Value(
                f"baseline.{n}.per_month",
                row.value / months,
                f"{row.unit or ''} a month".strip(),
                sources,
                note=f"{row.value:,.0f} over {months:.1f} months",
            )
        found.append(
            Baseline(
                f"baseline.{n}",
                name,
                Value(f"baseline.{n}.figure", row.value, row.unit or "", sources),
                days_of(row, ctx.config.tz),
                per_month,
                row,
            )
        )
    return found


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def find_baseline(ctx: Context, reference: str) -> tuple[Baseline | None, str]:
    """The baseline ``reference`` names, or None and why not."""
    name = parse_measure(reference)
    matches = [
        b
        for b in baselines(ctx)
        if b.row.channel == name.channel
        and b.row.metric == name.metric
        and (name.label is None or (b.row.label or "") == name.label)
    ]
    labels = sorted({b.row.label or "" for b in matches})
    if not matches:
        sources = ", ".join(ctx.config.audit.baseline_sources) or "none named"
        return None, f"no baseline {reference} kept by hand (baseline sources: {sources})"
    if len(labels) > 1:
        return None, f"several baselines {reference} ({', '.join(labels)}): name one with :label"
    return max(matches, key=lambda b: b.row.period_end or _EPOCH), ""


def evaluate(ctx: Context, number: int, objective: ObjectiveConfig) -> ObjectiveResult:
    """Judge one objective on the period's figures."""
    return _Judge(ctx, number, objective).judge()


class _Judge:
    """One objective, its period's figure, and the result it leads to."""

    def __init__(self, ctx: Context, number: int, objective: ObjectiveConfig) -> None:
        self.ctx = ctx
        self.number = number
        self.objective = objective
        self.name = parse_measure(objective.measure)
        self.target = parse_target(objective.target)
        self.key = f"objective.{number}"
        self.now = ctx.calc.measure(self.name, ctx.period, f"{self.key}.figure", ctx.partners)

    def result(
        self, status: str, figure: Value, compared: Value | None, explanation: str
    ) -> ObjectiveResult:
        return ObjectiveResult(
            self.number,
            self.objective.text,
            str(self.name),
            self.objective.target,
            status,
            figure,
            compared,
            explanation,
            self.objective.owner or self.ctx.config.audit.owner,
        )

    def judged(
        self, met: bool, figure: Value, compared: Value, explanation: str
    ) -> ObjectiveResult:
        return self.result(MET if met else NOT_MET, figure, compared, explanation)

    def judge(self) -> ObjectiveResult:
        now = self.now.value
        if self.target.kind == TargetKind.NUMBER:
            unit = RATE if self.target.percent else now.unit
            compared = Value(
                f"{self.key}.target", self.target.number, unit, self.ctx.source("settings")
            )
            if now.value is None:
                return self.result(NOT_MEASURABLE, now, compared, now.missing)
            return self.judged(
                self.target.holds(now.value, self.target.number or 0.0),
                now,
                compared,
                f"{now.shown()} against {self.target.text}",
            )
        if now.value is None:
            return self.result(NOT_MEASURABLE, now, None, now.missing)
        if self.target.kind == TargetKind.GROWTH:
            return self.growth(now, now.value)
        return self.against_baseline(now, now.value)

    def growth(self, now: Value, value: float) -> ObjectiveResult:
        ctx = self.ctx
        before = ctx.calc.measure(self.name, ctx.previous, f"{self.key}.previous", ctx.partners)
        old = before.value.value
        if old is None:
            why = f"no figure for {ctx.previous.label}: {before.value.missing}"
            return self.result(NOT_MEASURABLE, now, None, why)
        if not (self.now.complete and before.complete):
            why = "the two periods' figures do not cover all their issues"
            return self.result(NOT_MEASURABLE, now, None, why)
        if old <= 0:
            return self.result(
                NOT_MEASURABLE, now, None, f"the figure for {ctx.previous.label} is 0"
            )
        yearly = (value / old) ** (12 / ctx.period.length) - 1
        growth = Value(
            f"{self.key}.growth",
            yearly,
            CHANGE,
            merge_sources(now.sources, before.value.sources),
            note=f"from {before.value.shown()} in {ctx.previous.label}",
        )
        return self.judged(
            self.target.holds(yearly, self.target.number or 0.0),
            now,
            growth,
            f"{growth.shown()} a year ({before.value.shown()} for {ctx.previous.label}, "
            f"{now.shown()} for {ctx.period.label}) against {self.target.text}",
        )

    def against_baseline(self, now: Value, value: float) -> ObjectiveResult:
        baseline, why = find_baseline(self.ctx, self.objective.baseline)
        if baseline is None:
            return self.result(NOT_MEASURABLE, now, None, why)
        length = self.ctx.period.length
        if _is_count(self.name, self.ctx) and baseline.per_month is not None:
            figure = Value(
                f"{self.key}.per_month",
                value / length,
                f"{now.unit} a month".strip(),
                now.sources,
                note="; ".join(p for p in (f"{now.shown()} over {length} months", now.note) if p),
            )
            return self.judged(
                self.target.holds(value / length, baseline.per_month.value or 0.0),
                figure,
                baseline.per_month,
                f"{figure.shown()} a month against {baseline.per_month.shown()} a month in "
                f"the baseline ({baseline.figure.shown()}, {baseline.period})",
            )
        return self.judged(
            self.target.holds(value, baseline.figure.value or 0.0),
            now,
            baseline.figure,
            f"{now.shown()} against {baseline.figure.shown()} in the baseline ({baseline.period})",
        )


def merge_sources(*groups: tuple[str, ...]) -> tuple[str, ...]:
    """Source ids of several figures, each once, in order."""
    return tuple(sorted({s for g in groups for s in g}, key=lambda s: int(s[1:])))


def _is_count(name: MeasureName, ctx: Context) -> bool:
    if name.built_in:
        info = MEASURES[name.key]
        return info.unit not in (RATE,) and name.key != "feed.subscribers"
    rows = ctx.calc.hand_kept_rows(ctx.period, name.channel, name.metric)
    kinds = {r.combines_as for r in rows}
    return not kinds or kinds <= {Kind.COUNT, Kind.CHANGE}


def objectives_section(ctx: Context, results: list[ObjectiveResult]) -> Section:
    """The objectives table and the baselines table."""
    blocks: list[Block] = []
    if not results:
        blocks.append(
            Paragraph(
                "No objectives are set. Add them to spfcomms.toml as [[audit.objectives]] "
                "with a measure and a target (see docs/audit.md), so the audit can say "
                "whether they were met."
            )
        )
    blocks.append(
        Table(
            "objectives",
            f"Objectives and targets, {ctx.period.label}",
            (
                Column("Objective"),
                Column("Measure"),
                Column("Target"),
                Column("Figure", numeric=True),
                Column("Compared with", numeric=True),
                Column("Status"),
            ),
            tuple(
                (
                    Text(r.text),
                    Text(r.measure),
                    Text(r.target),
                    r.figure,
                    r.compared_with if r.compared_with is not None else Text(""),
                    Text(f"{r.status}: {r.explanation}"),
                )
                for r in results
            ),
            empty="No objectives are set.",
        )
    )
    found = baselines(ctx)
    blocks.append(
        Table(
            "baselines",
            "Baselines: the forum's own earlier figures",
            (
                Column("Measure"),
                Column("Period"),
                Column("Figure", numeric=True),
                Column("A month", numeric=True),
                Column("Note"),
            ),
            tuple(
                (
                    Text(b.measure),
                    Text(b.period),
                    b.figure,
                    b.per_month if b.per_month is not None else Text(""),
                    Text(b.row.note or ""),
                )
                for b in found
            ),
            empty="No baseline figures: list the source of the figures kept by hand from an "
            "earlier review in [audit].baseline_sources.",
        )
    )
    return Section(1, "objectives", "Objectives and targets", tuple(blocks))
