"""Recommendations drawn from the inventory and the reach figures. Pure.

Each rule looks at one question an audit asks (is the data there? are rates falling?
which kind of item works? whose voices are heard? does the cascade reach partners?)
and, when the evidence calls for it, returns a recommendation with that evidence.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from statistics import mean

from ..model.content import ItemKind
from .inventory import Inventory
from .reach import ReachData, derived_rates

# A side of the partnership presenting less than this share of agenda items is flagged.
MIN_SECTOR_SHARE = 0.2
# A relative fall in click rate larger than this, recent issues against earlier ones.
CLICK_RATE_FALL = 0.10


@dataclass(frozen=True, slots=True)
class Recommendation:
    """One numbered recommendation with the evidence behind it."""

    title: str
    evidence: str
    action: str
    owner: str = "SPF programme manager"


Rule = Callable[[Inventory, ReachData], Recommendation | None]


def collect_data(inventory: Inventory, reach: ReachData) -> Recommendation | None:
    issue_ids = [i.issue.id for i in inventory.issues]
    missing = [i for i in issue_ids if not reach.issues.get(i)]
    if not missing:
        return None
    shown = ", ".join(missing[:6]) + (" ..." if len(missing) > 6 else "")
    return Recommendation(
        title="Record reach for every issue",
        evidence=f"{len(missing)} of {len(issue_ids)} issues have no reach figures ({shown}).",
        action="Each month, import the mailing tool's campaign report and the web analytics "
        "export with 'spfcomms metrics import', so every issue can be compared.",
    )


def click_rate_trend(inventory: Inventory, reach: ReachData) -> Recommendation | None:
    rates = [
        derived_rates(reach.issues[i.issue.id])["click_rate"]
        for i in inventory.issues
        if i.issue.id in reach.issues
    ]
    known = [r for r in rates if r is not None]
    if len(known) < 4:
        return None
    recent, earlier = known[-3:], known[:-3]
    before, now = mean(earlier), mean(recent)
    if before <= 0 or (before - now) / before <= CLICK_RATE_FALL:
        return None
    return Recommendation(
        title="Reverse the fall in click rate",
        evidence=f"The last three issues averaged a {now:.1%} click rate, against {before:.1%} "
        "before them.",
        action="Test shorter intros and clearer 'read more' links, and put the item readers "
        "clicked most in recent months first.",
    )


def best_kind(inventory: Inventory, reach: ReachData) -> Recommendation | None:
    per_kind: dict[ItemKind, list[float]] = {}
    for issue_inventory in inventory.issues:
        for item in issue_inventory.issue.items:
            figures = reach.items.get(item.id)
            if figures and "unique_clicks" in figures:
                per_kind.setdefault(item.kind, []).append(figures["unique_clicks"])
    averages = {kind: mean(values) for kind, values in per_kind.items() if values}
    if len(averages) < 2:
        return None
    best = max(averages, key=lambda k: (averages[k], k.value))
    worst = min(averages, key=lambda k: (averages[k], k.value))
    if averages[worst] and averages[best] / averages[worst] < 1.5:
        return None
    return Recommendation(
        title=f"Give readers more {best.label.lower()}",
        evidence=f"{best.label} averaged {averages[best]:.0f} unique clicks per item; "
        f"{worst.label.lower()} averaged {averages[worst]:.0f}.",
        action=f"Feature at least one item from {best.label.lower()} in every issue, and "
        f"review how {worst.label.lower()} are written and placed.",
    )


def balance_of_voices(inventory: Inventory, reach: ReachData) -> Recommendation | None:
    partners = ("Employers", "Trade unions", "Government and national bodies")
    total = sum(inventory.sectors.get(s, 0) for s in partners)
    if total < 5:
        return None
    quiet = [s for s in partners if inventory.sectors.get(s, 0) / total < MIN_SECTOR_SHARE]
    if not quiet:
        return None
    shares = "; ".join(f"{s}: {inventory.sectors.get(s, 0) / total:.0%}" for s in partners)
    return Recommendation(
        title="Hear from every side of the partnership",
        evidence=f"Share of presenting organisations by side: {shares}.",
        action=f"Invite more speakers and case studies from {' and '.join(quiet).lower()}.",
    )


def partner_cascade(inventory: Inventory, reach: ReachData) -> Recommendation | None:
    # Is there any sign of partners and feed readers? Figures kept by hand for a
    # "partner" channel count too (pickups logs cannot see); nothing is added up here.
    pickups = any(f.get("partner_pickups") for f in reach.issues.values()) or any(
        figure.value
        for channel, figures in reach.channels.items()
        for figure in figures
        if "partner" in channel.lower() or figure.metric == "partner_pickups"
    )
    subscribers = any(f.get("feed_subscribers") for f in reach.issues.values()) or any(
        figure.value
        for figures in reach.channels.values()
        for figure in figures
        if figure.metric == "feed_subscribers"
    )
    if pickups and subscribers:
        return None
    missing = []
    if not pickups:
        missing.append("no partner site was seen embedding our snippets or feeds")
    if not subscribers:
        missing.append("no feed reader reported subscribers")
    return Recommendation(
        title="Extend the cascade through partner sites",
        evidence="In this period " + " and ".join(missing) + ".",
        action="Offer the RSS feed and the embeddable snippets to regional SPFs, trusts and "
        "unions, and ask national partners to carry the latest issue on their sites.",
    )


def open_caveat(inventory: Inventory, reach: ReachData) -> Recommendation | None:
    if not any("unique_opens" in f for f in reach.issues.values()):
        return None
    return Recommendation(
        title="Judge emails by clicks, not opens",
        evidence="Apple Mail Privacy Protection and security scanners open emails "
        "automatically, so open counts overstate readership.",
        action="Report unique clicks and click rate as the headline email measures; quote "
        "opens only with this caveat.",
    )


RULES: tuple[Rule, ...] = (
    collect_data,
    click_rate_trend,
    best_kind,
    balance_of_voices,
    partner_cascade,
    open_caveat,
)


def recommend(inventory: Inventory, reach: ReachData) -> list[Recommendation]:
    """Every recommendation the evidence supports, in rule order."""
    found = (rule(inventory, reach) for rule in RULES)
    return [r for r in found if r is not None]
