"""Section 2, what we published: issues (and the months with none), items per kind,
agenda items, voices by side of the partnership and by organisation, topics."""

from __future__ import annotations

from ..model.content import ItemKind
from . import svg
from .charts import FIGURES, horizontal_chart, present
from .inputs import Context
from .inventory import SECTORS, sector_of, take_inventory
from .period import Month, describe_months
from .values import (
    Block,
    Cell,
    Chart,
    Column,
    Paragraph,
    Section,
    Table,
    Text,
    Value,
    slug,
    unique_slug,
)


def published_section(ctx: Context) -> Section:
    """What the period's issues carried."""
    issues = ctx.period_issues
    inventory = take_inventory(issues)
    source = ctx.notes.workspace()

    def count(key: str, value: int, unit: str) -> Value:
        return Value(key, float(value), unit, source)

    blocks: list[Block] = [Paragraph(_summary(ctx))]
    kinds = list(ItemKind)
    rows: list[tuple[Cell, ...]] = []
    for entry in inventory.issues:
        issue = entry.issue
        key = f"published.issue.{issue.id}"
        rows.append(
            (
                Text(issue.id),
                count(f"{key}.number", issue.number, "number"),
                Text(issue.date.isoformat()),
                Text(issue.title),
                *[count(f"{key}.{k.value}", entry.items_by_kind[k], "items") for k in kinds],
                count(f"{key}.agenda_items", entry.agenda_items, "agenda items"),
                count(f"{key}.presenters", entry.presenters, "presenters"),
            )
        )
    if rows:
        rows.append(
            (
                Text("Period"),
                Text(""),
                Text(""),
                Text(f"{len(issues)} issues"),
                *[
                    count(f"published.total.{k.value}", inventory.items_by_kind[k], "items")
                    for k in kinds
                ],
                count("published.total.agenda_items", inventory.agenda_item_count, "agenda items"),
                count(
                    "published.total.presenters",
                    sum(e.presenters for e in inventory.issues),
                    "presenters",
                ),
            )
        )
    blocks.append(
        Table(
            "published-issues",
            "Issues published and what they carried",
            (
                Column("Issue"),
                Column("Number", numeric=True),
                Column("Date"),
                Column("Title"),
                *[Column(k.label, numeric=True) for k in kinds],
                Column("Agenda items", numeric=True),
                Column("Presenters", numeric=True),
            ),
            tuple(rows),
            empty=f"No issue was published in {ctx.period.label}.",
        )
    )
    blocks.extend(_per_month(ctx, source))
    blocks.extend(_voices(ctx, inventory.sectors, inventory.organisations, source))
    blocks.append(
        Table(
            "published-topics",
            "Topics: items per tag",
            (Column("Topic"), Column("Items", numeric=True)),
            tuple(
                (Text(ctx.config.topics.name(tag)), count(f"published.topic.{tag}", n, "items"))
                for tag, n in inventory.tags
            ),
            empty="No item in the period has a tag.",
        )
    )
    return Section(2, "published", "What we published", tuple(blocks))


def _summary(ctx: Context) -> str:
    issues = ctx.period_issues
    empty = [m for m in ctx.period if not ctx.calc.by_month.get(m)]
    words = [f"{len(issues)} issue{'s' if len(issues) != 1 else ''} in {ctx.period.label}."]
    if empty:
        words.append(f"No issue in {describe_months(empty)}.")
    numbers = sorted(i.number for i in issues)
    if numbers:
        gaps = [n for n in range(numbers[0], numbers[-1] + 1) if n not in set(numbers)]
        if gaps:
            many = len(gaps) > 1
            words.append(
                f"Issue number{'s' if many else ''} {_number_runs(gaps)} "
                f"{'are' if many else 'is'} not in the workspace."
            )
    return " ".join(words)


def _number_runs(numbers: list[int]) -> str:
    runs: list[list[int]] = []
    for n in numbers:
        if runs and runs[-1][-1] == n - 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    parts = [f"{r[0]}" if len(r) == 1 else f"{r[0]} to {r[-1]}" for r in runs]
    return ", ".join(parts)


def _per_month(ctx: Context, source: tuple[str, ...]) -> list[Block]:
    months = ctx.period.months()
    kinds = list(ItemKind)
    per: dict[Month, dict[ItemKind, int]] = {m: {k: 0 for k in kinds} for m in months}
    for issue in ctx.period_issues:
        for item in issue.items:
            per[Month.of(issue.date)][item.kind] += 1
    rows: tuple[tuple[Cell, ...], ...] = tuple(
        (
            Text(str(m)),
            *[
                Value(f"published.month.{m}.{k.value}", float(per[m][k]), "items", source)
                for k in kinds
            ],
            Value(
                f"published.month.{m}.issues",
                float(len(ctx.calc.by_month.get(m, []))),
                "issues",
                source,
            ),
        )
        for m in months
    )
    table = Table(
        "published-months",
        "Items published per month, by kind",
        (
            Column("Month"),
            *[Column(k.label, numeric=True) for k in kinds],
            Column("Issues", numeric=True),
        ),
        rows,
    )
    busiest = max(months, key=lambda m: (sum(per[m].values()), m))
    empty = [m for m in months if not sum(per[m].values())]
    description = (
        f"Stacked bars of items published each month from {ctx.period.label}, by kind. "
        f"Most in {busiest.name} ({sum(per[busiest].values())})."
        + (f" None in {describe_months(empty)}." if empty else "")
        + FIGURES
    )
    chart = Chart(
        "published-months",
        "Items published per month",
        description,
        svg.stacked_bars(
            "chart-published-months",
            "Items published per month",
            description,
            [m.short for m in months],
            [(k.label, [float(per[m][k]) for m in months]) for k in kinds],
        ),
        table.key,
    )
    return [chart, table]


def _voices(
    ctx: Context,
    sectors: dict[str, int],
    organisations: list[tuple[str, int]],
    source: tuple[str, ...],
) -> list[Block]:
    shown = [(s, n) for s, n in sectors.items() if n]
    table = Table(
        "published-sides",
        "Presenting and featured organisations by side of the partnership",
        (Column("Side"), Column("Appearances", numeric=True)),
        tuple(
            (
                Text(side),
                Value(f"published.side.{slug(side)}", float(sectors[side]), "appearances", source),
            )
            for side in SECTORS
        ),
    )
    blocks: list[Block] = present(
        horizontal_chart("published-sides", "Voices by side of the partnership",
                         "appearances by side of the partnership",
                         [(s, float(n)) for s, n in shown], table.key)
    )  # fmt: skip
    blocks.append(table)
    used: set[str] = set()
    blocks.append(
        Table(
            "published-organisations",
            "Organisations that presented or were featured",
            (Column("Organisation"), Column("Side"), Column("Appearances", numeric=True)),
            tuple(
                (
                    Text(name),
                    Text(sector_of(name)),
                    Value(
                        f"published.organisation.{unique_slug(name, used)}",
                        float(n),
                        "appearances",
                        source,
                    ),
                )
                for name, n in organisations
            ),
            empty="No presenter or featured organisation is named in the period.",
        )
    )
    return blocks
