"""Reach figures for the audit, read from the metrics store."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from sqlalchemy.engine import make_url

from ..metrics.store import database_url
from ..model.config import Config
from .reach import ReachData


def _is_level(metric: str) -> bool:
    # Followers and subscribers are counts at a moment; listens and views add up.
    return any(word in metric for word in ("follower", "subscriber", "members"))


def reach_from_metrics(config: Config) -> ReachData:
    """Everything the metrics store knows, as ``ReachData``.

    A workspace whose store was never created has no figures yet: that gives an empty
    ``ReachData`` (and the report says so) rather than creating a database.
    """
    url = make_url(database_url(config))
    if url.get_backend_name() == "sqlite" and not (url.database and Path(url.database).exists()):
        return ReachData()
    from ..metrics import MetricsStore, issue_summaries

    store = MetricsStore.open(config)
    try:
        summaries = issue_summaries(store)
    finally:
        store.close()

    issues: dict[str, dict[str, float]] = {}
    items: dict[str, dict[str, float]] = {}
    channels: dict[str, dict[str, float]] = defaultdict(dict)
    caveats: list[str] = []
    sources: set[str] = set()
    for summary in summaries:
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
            sources.update(email.sources)
            if email.opens_mpp_inflated:
                caveats.append(
                    f"Opens for {summary.issue_id} include opens by mail privacy proxies; "
                    "the source also gave the figure without them."
                )
        if summary.web_views:
            figures["web_views"] = sum(summary.web_views.values())
        for name, value in (
            ("feed_subscribers", summary.feed_subscribers),
            ("feed_fetches", summary.feed_fetches),
        ):
            if value is not None:
                figures[name] = value
        if summary.partner_pickups:
            figures["partner_pickups"] = sum(summary.partner_pickups.values())
        if figures:
            issues[summary.issue_id] = figures
        for item in summary.items:
            if item.item_id is None:
                continue
            item_figures = items.setdefault(item.item_id, {})
            clicks = item.unique_clicks if item.unique_clicks is not None else item.clicks
            if clicks:
                item_figures["unique_clicks"] = item_figures.get("unique_clicks", 0.0) + clicks
            if item.page_views:
                item_figures["web_views"] = item_figures.get("web_views", 0.0) + sum(
                    item.page_views.values()
                )
        for manual in sorted(summary.manual, key=lambda m: (m.period_end is None, m.period_end)):
            label = manual.label or manual.metric
            channel = channels[manual.channel]
            if _is_level(manual.metric):
                channel[label] = manual.value  # the latest count, never a sum
            else:
                channel[label] = channel.get(label, 0.0) + manual.value
    return ReachData(
        issues=issues,
        items={k: v for k, v in items.items() if v},
        channels={k: dict(sorted(v.items())) for k, v in sorted(channels.items())},
        caveats=tuple(caveats),
        sources=tuple(sorted(sources)),
    )
