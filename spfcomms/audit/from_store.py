"""Reach figures for the audit, read from the metrics store.

Every figure is the one the metrics summary takes: when several sources measured the
same thing (GA4 and the access log for page views), the preferred one, and the audit's
data-quality notes say what the other said. Figures about a channel as a whole (feed
subscribers per aggregator, pickups per partner, the most viewed site pages, figures
kept by hand) are listed one by one with their period and source, never added up.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import tzinfo
from typing import TYPE_CHECKING

from ..metrics.measures import days_covered
from ..metrics.store import store_exists
from ..model.config import Config
from .reach import ChannelFigure, ReachData

if TYPE_CHECKING:
    from ..metrics.measures import Figure
    from ..metrics.site import SiteSummary
    from ..metrics.summary import IssueSummary, ManualFigure

TOP_PAGES = 10
"""How many of the site's most viewed pages the audit lists."""


def reach_from_metrics(config: Config) -> ReachData:
    """Everything the metrics store knows, as ``ReachData``.

    A workspace whose store was never created has no figures yet: that gives an empty
    ``ReachData`` (and the report says so) rather than creating a database.
    """
    if not store_exists(config):
        return ReachData()
    from ..metrics import MetricsStore, issue_summaries, site_summary

    store = MetricsStore.open(config)
    try:
        prefer = config.metrics.prefer
        summaries = issue_summaries(store, prefer=prefer)
        site = site_summary(store, prefer=prefer)
    finally:
        store.close()

    issues: dict[str, dict[str, float]] = {}
    items: dict[str, dict[str, float]] = {}
    channels: dict[str, list[ChannelFigure]] = defaultdict(list)
    caveats: list[str] = []
    sources: set[str] = set()
    for summary in summaries:
        figures = _issue_figures(summary, caveats, sources)
        if figures:
            issues[summary.issue_id] = figures
        for item in summary.items:
            if item.item_id is None:
                continue
            item_figures = items.setdefault(item.item_id, {})
            clicks = item.unique_clicks if item.unique_clicks is not None else item.clicks
            if clicks:
                item_figures["unique_clicks"] = clicks
            if item.page_views is not None:
                item_figures["web_views"] = item.page_views.value
        for manual in summary.manual:
            channels[manual.channel].append(_manual(manual, summary.issue_id, config.tz))
    _site_figures(site, channels, config.tz)
    return ReachData(
        issues=issues,
        items={k: v for k, v in items.items() if v},
        channels={k: tuple(v) for k, v in sorted(channels.items())},
        caveats=tuple(caveats),
        sources=tuple(sorted(sources)),
    )


def _issue_figures(
    summary: IssueSummary, caveats: list[str], sources: set[str]
) -> dict[str, float]:
    figures: dict[str, float] = {}
    email = summary.email
    if email is not None:
        for name, value in (
            ("emails_sent", email.sent),
            ("delivered", email.delivered),
            ("unique_opens", email.unique_opens),
            ("unique_clicks", email.unique_clicks),
            ("unsubscribed", email.unsubscribed),
        ):
            if value is not None:
                figures[name] = value
        sources.add(email.source)
        if email.opens_mpp_inflated:
            caveats.append(
                f"Opens for {summary.issue_id} include opens by mail privacy proxies; "
                "the source also gave the figure without them."
            )
        for other, said in email.others.items():
            caveats.append(
                f"Email figures for {summary.issue_id} are {email.source}'s; {other} also "
                f"reported the campaign ({_said(said)}), not added."
            )
    if summary.web_views is not None:
        figures["web_views"] = summary.web_views.value
        sources.add(summary.web_views.source)
        _other_sources(summary.web_views, f"Web page views for {summary.issue_id}", caveats)
    for name, value in (
        ("feed_subscribers", summary.feed_subscribers),
        ("feed_fetches", summary.feed_fetches),
    ):
        if value is not None:
            figures[name] = value
    if summary.partner_pickups:
        figures["partner_pickups"] = sum(summary.partner_pickups.values())  # different partners
    return figures


def _said(figures: dict[str, float]) -> str:
    shown = [
        (n, figures[n]) for n in ("emails_sent", "unique_opens", "unique_clicks") if n in figures
    ]
    return ", ".join(f"{n.replace('_', ' ')} {v:,.0f}" for n, v in shown) or "other figures"


def _other_sources(figure: Figure, what: str, caveats: list[str]) -> None:
    if figure.others:
        caveats.append(
            f"{what} are {figure.source}'s ({figure.value:,.0f}); {figure.describe_others()} "
            "for the same pages: one measure, so not added."
        )


def _manual(figure: ManualFigure, issue_id: str | None, tz: tzinfo) -> ChannelFigure:
    note = "; ".join(p for p in (figure.note or "", f"issue {issue_id}" if issue_id else "") if p)
    return ChannelFigure(
        metric=figure.metric,
        value=figure.value,
        unit=figure.unit or "",
        label=figure.label or "",
        period=days_covered(figure.period_start, figure.period_end, tz),
        source=figure.source or "kept by hand",
        note=note,
    )


def _site_figures(site: SiteSummary, channels: dict[str, list[ChannelFigure]], tz: tzinfo) -> None:
    for manual in site.manual:
        channels[manual.channel].append(_manual(manual, None, tz))
    for count in site.latest_feed_subscribers:
        channels["feed"].append(
            ChannelFigure(
                metric="feed_subscribers",
                value=count.subscribers,
                unit="subscribers",
                label=f"{count.aggregator}, {count.feed}",
                period=days_covered(count.reported_at, None, tz) or count.month,
                source=count.source,
                note="the latest count this aggregator reported",
            )
        )
    for name, group, unit in (
        ("partner_pickups", site.partner_pickups, "requests"),
        ("feed_fetches", site.feed_fetches, "requests"),
    ):
        channel = "partner" if name == "partner_pickups" else "feed"
        for named in group:
            channels[channel].append(_site_figure(name, named.name, named.figure, unit, tz))
    for page in site.pages[:TOP_PAGES]:
        channels["web"].append(_site_figure("page_views", page.page, page.views, "views", tz))


def _site_figure(metric: str, label: str, figure: Figure, unit: str, tz: tzinfo) -> ChannelFigure:
    return ChannelFigure(
        metric=metric,
        value=figure.value,
        unit=unit,
        label=label,
        period=days_covered(figure.period_start, figure.period_end, tz),
        source=figure.source,
        note=figure.describe_others(),
    )
