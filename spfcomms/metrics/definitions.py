"""The definitions behind every rate spfcomms reports (docs/metrics.md lists them).

- delivered = sent - bounces (hard + soft; a source's own total when it gives no split;
  the source's "delivered" figure only when it gives neither)
- open rate = unique opens / delivered
- click rate = unique clicks / delivered
- click-to-open rate (CTOR) = unique clicks / unique opens
- unsubscribe rate = unsubscribes / sent

Opens are inflated by mail privacy protection (Apple Mail loads every image through a
proxy). Where the source gives opens without proxy opens (Mailchimp's
``proxy_excluded_*``), both figures are kept and the raw one is flagged; the rates are
computed for both.
"""

from __future__ import annotations

from collections.abc import Mapping


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    """``numerator / denominator``, or None when either is unknown or the base is not
    positive: a rate over no recipients (or over a negative count, from bad data) is not
    a rate. The audit and ``metrics show`` both use this one."""
    if numerator is None or denominator is None or denominator <= 0:
        return None
    return numerator / denominator


def bounces(figures: Mapping[str, float]) -> float | None:
    """Hard plus soft bounces, or the source's total."""
    hard, soft = figures.get("hard_bounces"), figures.get("soft_bounces")
    if hard is not None or soft is not None:
        return (hard or 0.0) + (soft or 0.0)
    return figures.get("bounces")


def delivered(figures: Mapping[str, float]) -> float | None:
    """Sent minus bounces (see the module docstring)."""
    sent = figures.get("emails_sent")
    lost = bounces(figures)
    if sent is not None and lost is not None:
        return sent - lost
    return figures.get("delivered", sent)


def open_rate(figures: Mapping[str, float], *, exclude_mpp: bool = False) -> float | None:
    """Unique opens over delivered."""
    opens = figures.get("proxy_excluded_unique_opens" if exclude_mpp else "unique_opens")
    return ratio(opens, delivered(figures))


def click_rate(figures: Mapping[str, float]) -> float | None:
    """Unique clicks over delivered."""
    return ratio(figures.get("unique_clicks"), delivered(figures))


def click_to_open_rate(figures: Mapping[str, float], *, exclude_mpp: bool = False) -> float | None:
    """Unique clicks over unique opens."""
    opens = figures.get("proxy_excluded_unique_opens" if exclude_mpp else "unique_opens")
    return ratio(figures.get("unique_clicks"), opens)


def unsubscribe_rate(figures: Mapping[str, float]) -> float | None:
    """Unsubscribes over sent."""
    return ratio(figures.get("unsubscribed"), figures.get("emails_sent"))
