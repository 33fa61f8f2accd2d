"""Section 4, what people engaged with: items and agenda items ranked by clicks and by
views, clicks per kind and per topic, and the items nobody clicked.

Only issues with a click report count for clicks, and only issues with page views for
views: an item of an issue nobody measured is not an item nobody opened.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from statistics import mean

from ..model.content import AnyItem, Issue, ItemKind, MeetingSummary
from .evidence import Chosen, IssueEvidence
from .inputs import Context
from .values import Block, Column, Paragraph, Section, Table, Text, Value, slug

TOP = 10


@dataclass(frozen=True, slots=True)
class ItemReach:
    """One item of the period with what was measured about it."""

    issue: Issue
    item: AnyItem
    clicks: int | None
    """Clicks on its links; None when its issue has no click report."""
    unique: int | None
    views: Chosen | None
    views_measured: bool
    """True when its issue has page views (so no views is a real zero)."""
    sources: tuple[str, ...]


def item_reach(ctx: Context) -> list[ItemReach]:
    """Every item of the period's issues, with its clicks and views where measured."""
    found = []
    for issue in ctx.period_issues:
        e: IssueEvidence | None = ctx.evidence.issues.get(issue.id)
        clicks = e.clicks if e is not None else None
        for item in issue.items:
            entry = clicks.items.get(item.id) if clicks is not None else None
            views = e.item_views.get(item.id) if e is not None else None
            origins = [*(clicks.origins if clicks else ()), *(views.origins if views else ())]
            found.append(
                ItemReach(
                    issue,
                    item,
                    (entry.clicks if entry else 0) if clicks is not None else None,
                    entry.unique if entry else (0 if clicks is not None else None),
                    views,
                    bool(e and e.views),
                    ctx.notes.of(origins),
                )
            )
    return found


def _clicks_value(key: str, reach: ItemReach, ctx: Context) -> Value:
    e = ctx.evidence.issues.get(reach.issue.id)
    if reach.clicks is None or e is None or e.clicks is None:
        return Value(key, None, "clicks", missing="no click report for its issue")
    return Value(key, float(reach.clicks), "clicks", ctx.notes.of(e.clicks.origins))


def _views_value(key: str, reach: ItemReach, ctx: Context) -> Value:
    if reach.views is not None:
        return Value(key, reach.views.value, "views", ctx.notes.of(reach.views.origins))
    e = ctx.evidence.issues.get(reach.issue.id)
    if reach.views_measured and e is not None and e.views is not None:
        return Value(key, 0.0, "views", ctx.notes.of(e.views.origins))
    return Value(key, None, "views", missing="no page views for its issue")


@dataclass(frozen=True, slots=True)
class ItemRow:
    """One item of the period and its figures, as ``items.csv`` lists it."""

    issue: str
    item: str
    kind: str
    title: str
    clicks: Value
    unique_clicks: Value
    views: Value


def item_rows(ctx: Context) -> list[ItemRow]:
    """Every item of the period's issues with its clicks and views."""
    rows = []
    for r in item_reach(ctx):
        clicks = _clicks_value(f"engagement.item.{r.item.id}.clicks", r, ctx)
        unique = (
            Value(
                f"engagement.item.{r.item.id}.unique_clicks",
                float(r.unique),
                "clicks",
                clicks.sources,
            )
            if r.unique is not None and not clicks.is_missing
            else Value(
                f"engagement.item.{r.item.id}.unique_clicks",
                None,
                "clicks",
                missing=clicks.missing or "the click report gives no unique clicks",
            )
        )
        rows.append(
            ItemRow(
                r.issue.id,
                r.item.id,
                r.item.kind.value,
                r.item.title,
                clicks,
                unique,
                _views_value(f"engagement.item.{r.item.id}.views", r, ctx),
            )
        )
    return rows


def engagement_section(ctx: Context) -> Section:
    """What readers chose in the period."""
    reach = item_reach(ctx)
    clicked = [r for r in reach if r.clicks is not None]
    viewed = [r for r in reach if r.views is not None or r.views_measured]
    blocks: list[Block] = []
    if not clicked and not viewed:
        blocks.append(
            Paragraph(
                "No click report and no page views were imported for the period's issues, "
                "so nothing can be said about what readers chose."
            )
        )
    blocks.append(_ranked(ctx, clicked, "clicks"))
    blocks.append(_ranked(ctx, viewed, "views"))
    blocks.append(_agenda(ctx, clicked))
    blocks.append(_per_group(ctx, clicked, "kind"))
    blocks.append(_per_group(ctx, clicked, "topic"))
    blocks.append(_unopened(ctx, clicked))
    return Section(4, "engagement", "What people engaged with", tuple(blocks))


def _ranked(ctx: Context, rows: list[ItemReach], by: str) -> Table:
    def score(r: ItemReach) -> float:
        if by == "clicks":
            return float(r.clicks or 0)
        return r.views.value if r.views is not None else 0.0

    ranked = sorted(rows, key=lambda r: (-score(r), r.issue.id, r.item.id))[:TOP]
    ranked = [r for r in ranked if score(r) > 0]
    title = "unique clicks" if by == "clicks" else "page views"
    return Table(
        f"engagement-top-{by}",
        f"Items with the most {'clicks' if by == 'clicks' else 'page views'}",
        (
            Column("Item"),
            Column("Kind"),
            Column("Issue"),
            Column("Clicks", numeric=True),
            Column("Page views", numeric=True),
        ),
        tuple(
            (
                Text(r.item.title),
                Text(r.item.kind.singular),
                Text(r.issue.id),
                _clicks_value(f"engagement.item.{r.item.id}.clicks", r, ctx),
                _views_value(f"engagement.item.{r.item.id}.views", r, ctx),
            )
            for r in ranked
        ),
        empty=f"No item has {title} in the imported figures.",
    )


def _agenda(ctx: Context, clicked: list[ItemReach]) -> Table:
    found: list[tuple[int, str, str, ItemReach, str]] = []
    for r in clicked:
        if not isinstance(r.item, MeetingSummary):
            continue
        e = ctx.evidence.issues.get(r.issue.id)
        entry = e.clicks.items.get(r.item.id) if e and e.clicks else None
        if entry is None:
            continue
        titles = {a.anchor: a.title for a in r.item.all_agenda_items()}
        for anchor, clicks in entry.anchors.items():
            if anchor in titles and clicks > 0:
                found.append((clicks, titles[anchor], anchor, r, r.item.title))
    found.sort(key=lambda f: (-f[0], f[3].issue.id, f[2]))
    rows = []
    for clicks, title, anchor, r, meeting in found[:TOP]:
        e = ctx.evidence.issues[r.issue.id]
        assert e.clicks is not None
        rows.append(
            (
                Text(title),
                Text(meeting),
                Text(r.issue.id),
                Value(
                    f"engagement.agenda.{r.item.id}.{anchor}",
                    float(clicks),
                    "clicks",
                    ctx.notes.of(e.clicks.origins),
                ),
            )
        )
    return Table(
        "engagement-agenda",
        "Agenda items with the most clicks",
        (Column("Agenda item"), Column("Meeting"), Column("Issue"), Column("Clicks", numeric=True)),
        tuple(rows),
        empty="No click on an agenda item's own links in the imported click reports.",
    )


def _per_group(ctx: Context, clicked: list[ItemReach], by: str) -> Table:
    groups: dict[str, list[ItemReach]] = defaultdict(list)
    for r in clicked:
        names = [r.item.kind.label] if by == "kind" else list(r.item.all_tags)
        for name in names:
            groups[name].append(r)
    order = [k.label for k in ItemKind] if by == "kind" else sorted(groups)
    topics = ctx.config.topics
    rows = []
    for name in order:
        members = groups.get(name)
        if not members:
            continue
        part = slug(name)
        sources = tuple(sorted({s for r in members for s in r.sources}, key=lambda s: int(s[1:])))
        total = sum(r.clicks or 0 for r in members)
        rows.append(
            (
                Text(name if by == "kind" else topics.name(name)),
                Value(
                    f"engagement.{by}.{part}.items",
                    float(len(members)),
                    "items",
                    ctx.notes.workspace(),
                ),
                Value(f"engagement.{by}.{part}.clicks", float(total), "clicks", sources),
                Value(
                    f"engagement.{by}.{part}.average",
                    mean(r.clicks or 0 for r in members),
                    "clicks an item",
                    sources,
                ),
            )
        )
    what = "kind" if by == "kind" else "topic"
    return Table(
        f"engagement-{by}",
        f"Clicks per {what} (items of issues with a click report)",
        (
            Column(what.capitalize()),
            Column("Items", numeric=True),
            Column("Clicks", numeric=True),
            Column("Clicks an item", numeric=True),
        ),
        tuple(rows),
        empty="No click report was imported for the period's issues.",
    )


def _unopened(ctx: Context, clicked: list[ItemReach]) -> Table:
    nobody = [r for r in clicked if r.clicks == 0 and (r.views is None or r.views.value == 0)]
    return Table(
        "engagement-unopened",
        "Items nobody clicked (in issues with a click report)",
        (Column("Item"), Column("Kind"), Column("Issue"), Column("Page views", numeric=True)),
        tuple(
            (
                Text(r.item.title),
                Text(r.item.kind.singular),
                Text(r.issue.id),
                _views_value(f"engagement.unopened.{r.item.id}.views", r, ctx),
            )
            for r in nobody
        ),
        empty="Every item of an issue with a click report was clicked at least once."
        if clicked
        else "No click report was imported for the period's issues.",
    )
