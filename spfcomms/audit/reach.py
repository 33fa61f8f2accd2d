"""Reach figures as the audit report reads them, independent of where they are stored.

The metrics store fills a ``ReachData``; so can a script, from any source. Metric names
are the ones in ``METRICS``; rates are derived here, with the definitions the report
prints (delivered = sent - bounces; rates over delivered; click-to-open = unique clicks /
unique opens), and the one ``ratio`` of ``metrics/definitions.py``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ..metrics.definitions import ratio

# The figures the report knows, in the order its tables show them, with their labels.
METRICS: dict[str, str] = {
    "emails_sent": "Emails sent",
    "delivered": "Delivered",
    "unique_opens": "Unique opens",
    "unique_clicks": "Unique clicks",
    "unsubscribed": "Unsubscribes",
    "web_views": "Web page views",
    "feed_subscribers": "Feed subscribers",
    "feed_fetches": "Feed fetches",
    "partner_pickups": "Partner pickups",
}

Figures = Mapping[str, float]


@dataclass(frozen=True, slots=True)
class ChannelFigure:
    """One figure about a channel as a whole, shown as it was measured: never added to
    another figure of a different period or source."""

    metric: str
    value: float
    unit: str = ""
    label: str = ""
    """What it is about: an account, an episode, a partner, a page."""
    period: str = ""
    """``2018-04-01 to 2019-02-28``, or one day."""
    source: str = ""
    note: str = ""

    @property
    def measure(self) -> str:
        """``impressions (linkedin)``: the metric and what it is about."""
        name = self.metric.replace("_", " ")
        return f"{name} ({self.label})" if self.label else name


@dataclass(frozen=True, slots=True)
class ReachData:
    """Reach per issue and per item, channel-wide figures, and caveats about the data."""

    issues: Mapping[str, Figures] = field(default_factory=dict)
    items: Mapping[str, Figures] = field(default_factory=dict)
    channels: Mapping[str, tuple[ChannelFigure, ...]] = field(default_factory=dict)
    """Figures about a channel as a whole: feed subscribers per aggregator, pickups per
    partner, site pages, and figures kept by hand (social followers, podcast listens)."""
    caveats: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (self.issues or self.items or self.channels)


def derived_rates(figures: Figures) -> dict[str, float | None]:
    """Open rate, click rate and click-to-open rate from an issue's figures."""
    delivered = figures.get("delivered")
    if delivered is None and "emails_sent" in figures:
        delivered = figures["emails_sent"] - figures.get("bounces", 0.0)
    return {
        "open_rate": ratio(figures.get("unique_opens"), delivered),
        "click_rate": ratio(figures.get("unique_clicks"), delivered),
        "click_to_open": ratio(figures.get("unique_clicks"), figures.get("unique_opens")),
    }
