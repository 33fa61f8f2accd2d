"""Section 7, data quality: every source with its period and import date, the months
with no data per channel, what was preferred over what when two sources measured one
thing, and the figures left out because they run over the period's edge.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from .evidence import Batch
from .figures import days_of
from .inputs import Context
from .period import Month, Period, describe_months
from .values import Block, Column, Heading, Paragraph, Section, SourceNote, Table, Text, Value

FORMATS: dict[str, tuple[str, str]] = {
    "mailchimp-csv": ("export", "Mailchimp's Reports page export"),
    "mailchimp-report-csv": ("export", "a Mailchimp campaign report export"),
    "mailchimp-json": ("API report", "a Mailchimp API report saved to a file"),
    "mailchimp-api": ("API pull", "pulled from Mailchimp's Marketing API"),
    "mailchimp-api-csv": ("export", "a CSV of Mailchimp API fields"),
    "klaviyo-csv": ("export", "Klaviyo's campaign export"),
    "mapped-csv": ("export", "a mailing tool's CSV read through [metrics].column_map"),
    "link-clicks-csv": ("export", "a click report per link"),
    "ga4-csv": ("export", "a GA4 Pages and screens download"),
    "matomo-csv": ("export", "a Matomo page URL export"),
    "manual-csv": ("kept by hand", "figures kept by hand"),
    "manual-toml": ("kept by hand", "figures kept by hand"),
    "access-log": ("access log", "a web server access log"),
}
CHANNEL_NAMES = {
    "email": "Email",
    "web": "Web pages",
    "feed": "Feeds",
    "partner": "Partner sites",
}


def source_notes(ctx: Context) -> list[SourceNote]:
    """Every source of the report's figures, in the order of their ids."""
    notes: list[SourceNote] = []
    own = ctx.notes.own
    issues = ctx.inputs.issues
    if "workspace" in own:
        span = f"{issues[0].id} to {issues[-1].id}" if issues else ""
        notes.append(
            SourceNote(
                own["workspace"],
                "workspace",
                f"{ctx.config.build.issues_dir}/",
                f"the issue files ({len(issues)} issues read" + (f", {span}" if span else "") + ")",
            )
        )
    if "settings" in own:
        notes.append(
            SourceNote(
                own["settings"],
                "settings",
                ctx.config.source.name if ctx.config.source else "spfcomms.toml",
                "the objectives and targets in [audit]",
            )
        )
    if "links" in own:
        checked = [r.checked_at for r in ctx.health.links]
        notes.append(
            SourceNote(
                own["links"],
                "link checks",
                ctx.health.link_record,
                "results recorded by spfcomms check --links",
                f"{min(checked).date()} to {max(checked).date()}" if checked else "",
            )
        )
    if "build" in own:
        notes.append(
            SourceNote(
                own["build"],
                "site build",
                ctx.health.build_dir,
                "the emails of the last spfcomms build",
            )
        )
    spans = ctx.evidence.spans
    taken = ctx.evidence.taken()
    for origin, ident in sorted(ctx.notes.ids.items(), key=lambda kv: int(kv[1][1:])):
        batch = ctx.evidence.batches.get(origin.batch) or Batch(origin.batch, "?", "?", None)
        kind, detail = FORMATS.get(batch.format, ("import", batch.format))
        if origin.record:
            detail = f"{detail}, from {origin.record}"
        first, last = spans.get(origin, (None, None))
        notes.append(
            SourceNote(
                ident,
                kind,
                batch.file_name,
                detail,
                _days(first, last, ctx) or "not stated",
                f"{batch.imported_at:%Y-%m-%d %H:%M} UTC" if batch.imported_at else "",
                origin in taken,
            )
        )
    return notes


def _days(first: datetime | None, last: datetime | None, ctx: Context) -> str:
    from ..metrics.measures import days_covered

    return days_covered(first, last, ctx.config.tz)


def channels(ctx: Context) -> list[str]:
    """The channels the audit expects figures for: the bulletin's own, and every channel
    kept by hand in the store."""
    own = list(CHANNEL_NAMES)
    kept = sorted(ctx.evidence.hand_kept_channels - set(own))
    return own + kept


def expected_months(ctx: Context, channel: str, months: Period) -> list[Month]:
    """The months of ``months`` that should have figures of ``channel``: for email the
    months with an issue; for the others every month from the workspace's first issue."""
    if channel == "email":
        return [m for m in months if ctx.calc.by_month.get(m)]
    ids = ctx.inputs.all_issues
    start = Month.parse(ids[0]) if ids else months.first
    return [m for m in months if m >= start]


def missing_months(ctx: Context, channel: str, months: Period) -> list[Month]:
    """The expected months of ``months`` with no figure of ``channel``."""
    have = ctx.calc.months_with_data(channel, months)
    return [m for m in expected_months(ctx, channel, months) if m not in have]


def quality_section(ctx: Context, notes: list[SourceNote]) -> Section:
    blocks: list[Block] = [Heading("Sources", "quality-sources")]
    blocks.append(
        Table(
            "sources",
            "Every source of the figures in this report",
            (
                Column("Source"),
                Column("Kind"),
                Column("File or record"),
                Column("What"),
                Column("Figures for"),
                Column("Imported"),
                Column("Used"),
            ),
            tuple(
                (
                    Text(n.id, anchor=n.anchor),
                    Text(n.kind),
                    Text(n.name),
                    Text(n.detail),
                    Text(n.period),
                    Text(n.imported),
                    Text(
                        "figures taken" if n.taken else "named only: another source was preferred"
                    ),
                )
                for n in notes
            ),
        )
    )
    blocks.append(Heading("Months with no data", "quality-gaps"))
    rows = []
    for channel in channels(ctx):
        gaps = missing_months(ctx, channel, ctx.period)
        expected = expected_months(ctx, channel, ctx.period)
        rows.append(
            (
                Text(CHANNEL_NAMES.get(channel, f"{channel.capitalize()} (kept by hand)")),
                Value(
                    f"quality.gaps.{channel}.months",
                    float(len(expected) - len(gaps)),
                    "months",
                    ctx.notes.workspace(),
                ),
                Value(
                    f"quality.gaps.{channel}.missing",
                    float(len(gaps)),
                    "months",
                    ctx.notes.workspace(),
                ),
                Text(describe_months(gaps) or "none"),
            )
        )
    blocks.append(
        Table(
            "quality-gaps",
            f"Months of {ctx.period.label} with and without figures, per channel",
            (
                Column("Channel"),
                Column("Months with figures", numeric=True),
                Column("Months without", numeric=True),
                Column("Which"),
            ),
            tuple(rows),
            notes=(
                "Email counts only the months with an issue; the other channels every "
                "month from the workspace's first issue. A month without figures is shown "
                "as no data, never as 0.",
            ),
        )
    )
    blocks.append(Heading("One figure per measure", "quality-preferred"))
    blocks.append(_preferred(ctx))
    blocks.append(_left_out(ctx))
    blocks.append(
        Paragraph(
            "Definitions: delivered = sent less bounces; click rate = unique clicks over "
            "delivered; click-to-open = unique clicks over unique opens; unsubscribe rate = "
            "unsubscribes over sent. Opens are inflated by mail privacy proxies. Feed "
            "subscribers are the latest count each aggregator reported, never a sum of "
            "polls. When two sources measured one thing, one is taken by the order in "
            f"[metrics].prefer ({', '.join(ctx.config.metrics.prefer)}) and the other is "
            "named, never added."
        )
    )
    return Section(7, "quality", "Data quality and sources", tuple(blocks))


def _preferred(ctx: Context) -> Table:
    # (what, taken, others) -> issues
    groups: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for issue in ctx.period_issues:
        e = ctx.evidence.issues.get(issue.id)
        if e is None:
            continue
        if e.email is not None and e.email.figures.others:
            groups[
                ("Email figures", e.email.figures.source, ", ".join(e.email.figures.others))
            ].append(issue.id)
        if e.views is not None and e.views.others:
            others = "; ".join(f"{s} said {v:,.0f}" for s, v in e.views.others.items())
            groups[("Views of the issue's pages", e.views.source, others)].append(issue.id)
        if e.clicks is not None and e.clicks.others:
            groups[("Clicks per link", e.clicks.source, ", ".join(e.clicks.others))].append(
                issue.id
            )
    rows = tuple(
        (Text(what), Text(taken), Text(others), Text(", ".join(ids)))
        for (what, taken, others), ids in sorted(groups.items())
    )
    return Table(
        "quality-preferred",
        "Where two sources measured the same thing: the one taken and the others",
        (
            Column("Figures"),
            Column("Taken from"),
            Column("Also reported, not added"),
            Column("Issues"),
        ),
        rows,
        empty="No two sources measured the same thing for the period's issues.",
    )


def _left_out(ctx: Context) -> Table:
    rows = ctx.calc.left_out(ctx.period)
    return Table(
        "quality-left-out",
        "Figures left out: their period runs over the edge of the audit's period",
        (Column("Figure"), Column("Its period"), Column("Source")),
        tuple(
            (
                Text(
                    f"{r.channel}: {r.metric.replace('_', ' ')}"
                    + (f" ({r.label or r.url})" if (r.label or r.url) else "")
                ),
                Text(days_of(r, ctx.config.tz)),
                Text(", ".join(ctx.notes.of([r.origin]))),
            )
            for r in rows
        ),
        empty="No figure was left out.",
    )
