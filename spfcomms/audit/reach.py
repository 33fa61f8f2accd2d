"""Section 3, whom it reached: one part per channel, each in its own units.

Email (delivered, unique opens with the privacy-proxy caveat, unique clicks, click
rate, click-to-open rate, unsubscribes), web pages (the bulletin's and the rest of the
site's), feeds (subscribers per aggregator, requests and direct readers per feed),
partner sites (pickups per partner) and every channel kept by hand with its own metric
names. Nothing of one unit is added to or drawn with another.
"""

from __future__ import annotations

from collections import defaultdict

from ..model.content import Issue
from .charts import bar_chart, horizontal_chart, line_chart, present
from .evidence import Stored
from .figures import Tally, days_of, inside
from .inputs import Context
from .period import Month, Period
from .values import (
    RATE,
    Block,
    Cell,
    Column,
    Heading,
    Paragraph,
    Section,
    Table,
    Text,
    Value,
    unique_slug,
)

EMAIL_COLUMNS = {
    "delivered": "Delivered",
    "unique_opens": "Unique opens",
    "unique_clicks": "Unique clicks",
    "click_rate": "Click rate",
    "click_to_open": "Click-to-open",
    "unsubscribes": "Unsubscribes",
}
OPENS_CAVEAT = (
    "Unique opens count every email whose images were loaded. Apple Mail Privacy "
    "Protection and security scanners load them without anyone reading, so opens "
    "overstate readers; clicks do not."
)
HAND_KEPT_TITLES = {"podcast": "Podcast", "social": "Social media", "event": "Events"}


def reach_section(ctx: Context) -> Section:
    """Whom the period's issues reached, channel by channel."""
    blocks: list[Block] = []
    blocks += _email(ctx)
    blocks += _web(ctx)
    blocks += _feeds(ctx)
    blocks += _partners(ctx)
    blocks += _hand_kept(ctx)
    return Section(3, "reach", "Whom it reached", tuple(blocks))


def _issue_period(issue: Issue) -> Period:
    month = Month.of(issue.date)
    return Period(month, month)


def _email(ctx: Context) -> list[Block]:
    blocks: list[Block] = [Heading("Email", "reach-email")]
    rows: list[tuple[Cell, ...]] = []
    per_issue: list[tuple[Issue, dict[str, Tally]]] = []
    for issue in ctx.period_issues:
        # Issues are months (their ids are YEAR-MONTH): an issue's month is the issue.
        figures = ctx.calc.email(_issue_period(issue), f"reach.email.{issue.id}")
        per_issue.append((issue, figures))
        rows.append((Text(issue.id), *[figures[n].value for n in EMAIL_COLUMNS]))
    total = ctx.calc.email(ctx.period, "reach.email.period")
    if rows:
        rows.append((Text("Period"), *[total[n].value for n in EMAIL_COLUMNS]))
    table = Table(
        "reach-email",
        "Email per issue",
        (Column("Issue"), *[Column(label, numeric=True) for label in EMAIL_COLUMNS.values()]),
        tuple(rows),
        empty=f"No issue in {ctx.period.label}.",
        notes=(
            OPENS_CAVEAT,
            "Delivered is sent less bounces; the click rate is unique clicks over "
            "delivered; click-to-open is unique clicks over unique opens. The period's "
            "rates are over the issues that reported both figures.",
        ),
    )
    labels = [issue.id for issue, _ in per_issue]
    delivered = [f["delivered"].value.value for _, f in per_issue]
    rates = [f["click_rate"].value.value for _, f in per_issue]
    ctor = [f["click_to_open"].value.value for _, f in per_issue]
    blocks += present(
        bar_chart("reach-email-delivered", "Emails delivered per issue", labels, delivered,
                  "emails", table.key),
        line_chart("reach-email-rates", "Click rate and click-to-open rate per issue", labels,
                   [("Click rate", rates), ("Click-to-open", ctor)], RATE, table.key),
    )  # fmt: skip
    blocks.append(table)
    return blocks


def _web(ctx: Context) -> list[Block]:
    blocks: list[Block] = [Heading("Web pages", "reach-web")]
    rows = []
    labels, values = [], []
    for issue in ctx.period_issues:
        tally = _issue_views(ctx, issue)
        rows.append((Text(issue.id), tally.value))
        labels.append(issue.id)
        values.append(tally.value.value)
    if rows:
        rows.append((Text("Period"), ctx.calc.bulletin_views(ctx.period, "reach.web.period").value))
    table = Table(
        "reach-web-issues",
        "Views of each issue's pages (its web page and its items' pages)",
        (Column("Issue"), Column("Page views", numeric=True)),
        tuple(rows),
        empty=f"No issue in {ctx.period.label}.",
        notes=(
            "Each issue's views come from one source: when analytics and the access log "
            "both counted them, the preferred one (see Data quality).",
        ),
    )
    blocks += present(
        bar_chart("reach-web-issues", "Views of each issue's pages", labels, values, "views",
                  table.key)
    )  # fmt: skip
    blocks.append(table)
    pages = ctx.calc.pages(ctx.period)
    used: set[str] = set()
    blocks.append(
        Table(
            "reach-web-pages",
            "The site's other most viewed pages",
            (Column("Page"), Column("Page views", numeric=True)),
            tuple(
                (
                    Text(page),
                    Value(
                        f"reach.web.page.{unique_slug(page, used)}",
                        views,
                        "views",
                        ctx.notes.of(origins),
                    ),
                )
                for page, (views, origins) in pages[:10]
            ),
            empty=f"No views of the site's other pages were imported for {ctx.period.label}.",
            notes=(f"The 10 most viewed of {len(pages)} pages.",) if len(pages) > 10 else (),
        )
    )
    return blocks


def _issue_views(ctx: Context, issue: Issue) -> Tally:
    e = ctx.evidence.issues.get(issue.id)
    key = f"reach.web.{issue.id}"
    if e is None or e.views is None:
        return Tally(Value(key, None, "views", missing="no page views imported for this issue"))
    return Tally(Value(key, e.views.value, "views", ctx.notes.of(e.views.origins)))


def _feeds(ctx: Context) -> list[Block]:
    blocks: list[Block] = [Heading("Feeds", "reach-feeds")]
    counts = ctx.calc.subscribers(ctx.period)
    used: set[str] = set()
    rows = [
        (
            Text(name),
            Text(days_of(row, ctx.config.tz)),
            Value(
                f"reach.feed.subscribers.{unique_slug(name, used)}",
                value,
                "subscribers",
                ctx.notes.of([row.origin]),
            ),
        )
        for name, (value, row) in counts.items()
    ]
    if rows:
        rows.append(
            (
                Text("All aggregators"),
                Text(""),
                ctx.calc.feed_subscribers(ctx.period, "reach.feed.subscribers").value,
            )
        )
    blocks.append(
        Table(
            "reach-feed-subscribers",
            "Feed subscribers reported by aggregators (the latest count in the period)",
            (
                Column("Aggregator and feed"),
                Column("Reported"),
                Column("Subscribers", numeric=True),
            ),
            tuple(rows),
            empty=f"No aggregator reported subscribers in {ctx.period.label} (their counts "
            "come from access logs).",
            notes=("A count is a level at a moment: counts are never added over time.",),
        )
    )
    fetches = ctx.calc.named(ctx.period, "feed_fetches", lambda r: r.url or "?")
    readers = ctx.calc.named(ctx.period, "direct_feed_readers", lambda r: r.url or "?")
    feeds = sorted(set(fetches) | set(readers))
    used = set()
    rows2 = []
    for feed in feeds:
        part = unique_slug(feed, used)
        rows2.append(
            (
                Text(feed),
                _renamed(
                    fetches.get(feed),
                    f"reach.feed.fetches.{part}",
                    "requests",
                    "no requests counted",
                ),
                _renamed(
                    readers.get(feed),
                    f"reach.feed.readers.{part}",
                    "readers",
                    "no direct readers counted",
                ),
            )
        )
    blocks.append(
        Table(
            "reach-feed-requests",
            "Requests for each feed, and readers fetching it directly",
            (
                Column("Feed"),
                Column("Requests", numeric=True),
                Column("Direct readers", numeric=True),
            ),
            tuple(rows2),
            empty=f"No access log measured the feeds in {ctx.period.label}.",
            notes=(
                "Requests are polls by feed readers and aggregators, not people; direct "
                "readers are distinct addresses fetching the feed themselves.",
            ),
        )
    )
    return blocks


def _renamed(tally: Tally | None, key: str, unit: str, why: str) -> Value:
    if tally is None:
        return Value(key, None, unit, missing=why)
    v = tally.value
    return Value(key, v.value, unit, v.sources, v.missing, v.note)


def _partners(ctx: Context) -> list[Block]:
    blocks: list[Block] = [Heading("Partner sites", "reach-partners")]
    pickups = ctx.calc.named(ctx.period, "partner_pickups", lambda r: r.label or "?")
    monthly = ctx.calc.partner_months(ctx.period)
    measured = sorted(ctx.calc.measured_months("access-log") & set(ctx.period.months()))
    used: set[str] = set()
    rows = []
    for partner in sorted(set(pickups) | set(ctx.partners)):
        part = unique_slug(partner, used)
        months_with = sum(1 for v in monthly.get(partner, {}).values() if v > 0)
        rows.append(
            (
                Text(partner),
                _renamed(
                    pickups.get(partner),
                    f"reach.partner.{part}.pickups",
                    "requests",
                    "no pickups measured in the period",
                ),
                Value(
                    f"reach.partner.{part}.months",
                    float(months_with),
                    "months",
                    ctx.notes.of(
                        r.origin
                        for r in ctx.calc.site_in(ctx.period, lambda r: r.source == "access-log")
                    ),
                )
                if measured
                else Value(
                    f"reach.partner.{part}.months",
                    None,
                    "months",
                    missing="no monthly access log in the period",
                ),
            )
        )
    table = Table(
        "reach-partners",
        "Pickups of our feeds and snippets by partner sites",
        (
            Column("Partner"),
            Column("Requests", numeric=True),
            Column(f"Months with pickups (of {len(measured)} measured)", numeric=True),
        ),
        tuple(rows),
        empty="No partner site is known: name them in [metrics].partners, and import access logs.",
    )
    shown = [(p, t.value.value or 0.0) for p, t in pickups.items()]
    blocks += present(
        horizontal_chart("reach-partners", "Pickups by partner site",
                         "requests from each partner site in the period", shown, table.key)
    )  # fmt: skip
    blocks.append(table)
    return blocks


def _hand_kept(ctx: Context) -> list[Block]:
    per_channel: dict[str, list[Stored]] = defaultdict(list)
    start, end = ctx.period.bounds(ctx.config.tz)
    issue_ids = {i.id for i in ctx.period_issues}
    for e in ctx.evidence.issues.values():
        if e.issue_id in issue_ids:
            for row in e.hand_kept:
                per_channel[row.channel].append(row)
    for row in ctx.evidence.site:
        if row.hand_kept and row.period_start is not None and inside(row, start, end):
            per_channel[row.channel].append(row)
    channels = sorted(set(per_channel) | (ctx.evidence.hand_kept_channels - {"web"}))
    blocks: list[Block] = []
    if channels:
        blocks.append(Heading("Channels kept by hand", "reach-hand-kept"))
        blocks.append(
            Paragraph(
                "Figures no export gives, recorded by hand with their unit and source. "
                "Each is shown as it was recorded: two episodes stay two figures."
            )
        )
    for channel in channels:
        rows = sorted(
            per_channel.get(channel, []),
            key=lambda r: (r.metric, r.label or "", r.period_start or start),
        )
        blocks.append(_kept_table(ctx, channel, rows))
    return blocks


def _kept_table(ctx: Context, channel: str, rows: list[Stored]) -> Table:
    used: set[str] = set()
    cells = []
    for r in rows:
        days = days_of(r, ctx.config.tz)
        part = unique_slug(f"{r.metric} {r.label or ''} {days}", used)
        cells.append(
            (
                Text(r.metric.replace("_", " ") + (f" ({r.label})" if r.label else "")),
                Text(days + (f", issue {r.issue_id}" if r.issue_id else "")),
                Value(
                    f"reach.kept.{channel}.{part}", r.value, r.unit or "", ctx.notes.of([r.origin])
                ),
                Text(r.unit or ""),
                Text(r.note or ""),
            )
        )
    return Table(
        f"reach-kept-{channel}",
        HAND_KEPT_TITLES.get(channel, channel.replace("_", " ").capitalize()),
        (
            Column("Measure"),
            Column("Period"),
            Column("Figure", numeric=True),
            Column("Unit"),
            Column("Note"),
        ),
        tuple(cells),
        empty=f"No {channel} figures were recorded for {ctx.period.label}.",
    )
