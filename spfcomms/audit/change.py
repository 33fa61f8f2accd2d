"""Section 5, change: the headline figures of this period against the previous period of
the same length and against the baselines, and a twelve-month trend line for each.

A change is computed only between two figures that cover the same ground: a total over
some of the issues is not compared with a total over all of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.targets import MEASURES, MeasureName
from .charts import line_chart, present
from .figures import Tally
from .inputs import Context
from .objectives import baselines, find_baseline
from .period import Period
from .values import (
    CHANGE,
    POINTS,
    RATE,
    Block,
    Column,
    Paragraph,
    Section,
    Table,
    Text,
    Value,
)

HEADLINES = (
    "email.delivered",
    "email.unique_clicks",
    "email.click_rate",
    "email.click_to_open",
    "email.unsubscribes",
    "web.bulletin_views",
    "web.other_views",
    "feed.subscribers",
    "partner.requests",
)


@dataclass(frozen=True, slots=True)
class Headline:
    """A headline figure: its name, label and its value in each period and month."""

    name: MeasureName
    label: str
    now: Tally
    before: Tally
    change: Value
    months: tuple[Value, ...]
    """One value a month over the trend period."""


def headline_names(ctx: Context) -> list[MeasureName]:
    """The audit's headline measures, then every measure kept by hand in the window."""
    names = [MeasureName(*n.split(".")) for n in HEADLINES]
    window = ctx.previous.span(ctx.period).span(ctx.trend)
    kept = {(r.channel, r.metric) for r in ctx.calc.hand_kept_rows(window)}
    # A figure kept by hand under the name of one of the audit's own measures would be
    # read as that measure: the audit's own wins.
    names += [MeasureName(c, m) for c, m in sorted(kept) if f"{c}.{m}" not in MEASURES]
    return names


def label_of(name: MeasureName) -> str:
    if name.key in MEASURES:
        return MEASURES[name.key].label
    return f"{name.channel.capitalize()}: {name.metric.replace('_', ' ')} (kept by hand)"


def change_value(key: str, now: Tally, before: Tally, previous: Period) -> Value:
    """This period against the previous one: relative for counts, in points for rates."""
    a, b = now.value, before.value
    if a.value is None:
        return Value(key, None, CHANGE, missing="no figure for this period")
    if b.value is None:
        return Value(key, None, CHANGE, missing=f"no figure for {previous.label}")
    if not (now.complete and before.complete):
        return Value(
            key,
            None,
            CHANGE,
            missing="not like for like: a figure does not cover all its period's issues",
        )
    sources = tuple(sorted(set(a.sources) | set(b.sources), key=lambda s: int(s[1:])))
    if a.unit == RATE:
        return Value(key, a.value - b.value, POINTS, sources)
    if b.value <= 0:
        return Value(key, None, CHANGE, missing=f"the figure for {previous.label} is 0")
    return Value(key, (a.value - b.value) / b.value, CHANGE, sources)


def headlines(ctx: Context) -> list[Headline]:
    """Every headline figure with data in the period, the previous period or the trend."""
    found = []
    for name in headline_names(ctx):
        key = str(name)
        now = ctx.calc.measure(name, ctx.period, f"change.{key}.period", ctx.partners)
        before = ctx.calc.measure(name, ctx.previous, f"change.{key}.previous", ctx.partners)
        months = tuple(
            ctx.calc.measure(name, Period(m, m), f"trend.{key}.{m}", ctx.partners).value
            for m in ctx.trend
        )
        if now.value.is_missing and before.value.is_missing and all(v.is_missing for v in months):
            continue
        found.append(
            Headline(
                name,
                label_of(name),
                now,
                before,
                change_value(f"change.{key}.change", now, before, ctx.previous),
                months,
            )
        )
    return found


def change_section(ctx: Context, found: list[Headline]) -> Section:
    """The change table, the baseline comparison and the trend charts and table."""
    blocks: list[Block] = []
    if not found:
        blocks.append(
            Paragraph(
                "No reach figures for this period, the previous one or the "
                "last twelve months: nothing to compare."
            )
        )
    blocks.append(
        Table(
            "change",
            f"{ctx.period.label} against {ctx.previous.label}",
            (
                Column("Measure"),
                Column("This period", numeric=True),
                Column("Previous period", numeric=True),
                Column("Change", numeric=True),
            ),
            tuple((Text(h.label), h.now.value, h.before.value, h.change) for h in found),
            empty="No figures to compare.",
            notes=(
                "Rates change in percentage points; other figures by a share of the "
                "previous figure.",
            ),
        )
    )
    blocks.append(_against_baselines(ctx))
    trend_table = Table(
        "trend",
        f"Twelve months to {ctx.trend.last.name}, month by month",
        (Column("Month"), *[Column(h.label, numeric=True) for h in found]),
        tuple(
            (Text(str(month)), *[h.months[n] for h in found]) for n, month in enumerate(ctx.trend)
        ),
    )
    labels = [m.short for m in ctx.trend]
    for h in found:
        name = str(h.name).replace(".", "-").replace(":", "-")
        blocks += present(
            line_chart(f"trend-{name}", f"{h.label}, month by month", labels,
                       [(h.label, [v.value for v in h.months])], h.now.value.unit,
                       trend_table.key, small=True)
        )  # fmt: skip
    blocks.append(trend_table)
    return Section(5, "change", "Change over time", tuple(blocks))


def _against_baselines(ctx: Context) -> Table:
    rows = []
    for b in baselines(ctx):
        n = b.key.split(".", 1)[1]
        reference = next(
            (
                o
                for o in ctx.config.audit.objectives
                if o.baseline and find_baseline(ctx, o.baseline)[0] == b
            ),
            None,
        )
        name = (
            MeasureName(*reference.measure.split(":")[0].split("."))
            if reference is not None
            else MeasureName(b.row.channel, b.row.metric, b.row.label)
        )
        now = ctx.calc.measure(name, ctx.period, f"change.baseline.{n}.period", ctx.partners)
        per_month: Value | Text = Text("")
        if b.per_month is not None and now.value.value is not None and now.value.unit != RATE:
            per_month = Value(
                f"change.baseline.{n}.per_month",
                now.value.value / ctx.period.length,
                b.per_month.unit,
                now.value.sources,
            )
        rows.append(
            (
                Text(b.measure),
                Text(b.period),
                b.figure,
                b.per_month if b.per_month is not None else Text(""),
                Text(label_of(name)),
                now.value,
                per_month,
            )
        )
    return Table(
        "change-baselines",
        "This period against the baselines",
        (
            Column("Baseline"),
            Column("Its period"),
            Column("Figure", numeric=True),
            Column("A month", numeric=True),
            Column("Compared with"),
            Column("This period", numeric=True),
            Column("A month", numeric=True),
        ),
        tuple(rows),
        empty="No baseline figures to compare with.",
        notes=(
            "A baseline is compared with the measure an objective names for it, otherwise "
            "with the same figure kept by hand; counts are compared a month at a time.",
        ),
    )
