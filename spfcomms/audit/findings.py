"""Section 8, findings and recommendations: rules that fire only on the evidence.

Each rule looks for one thing in the figures and, when it is there, says what it found
with the numbers, what to do, who should do it (a role, from ``[audit].owners`` or
``[audit].owner``) and when to look again (``[audit].review_months`` after the period).
A rule never fires on missing figures: the one rule about missing figures is
``no-data``, which says they are missing.

The rules, and when each fires:

- ``no-data``: a channel has no figures for three months running in the period (for
  email, three issues running), or none at all;
- ``target-missed``: an objective's figure misses its target;
- ``falling-click-rate``: the click rate fell at each of the period's last three issues
  (four issues running, each with a click rate);
- ``kind-clicked-more``: items of one kind were clicked at least twice as often as items
  of another (three items of each or more, in issues with a click report);
- ``partner-stopped``: a partner picked up our feeds or snippets in two or more measured
  months, then in none of the last two or more measured months of the period;
- ``months-without-issue``: two or more months running without an issue, between issues;
- ``unbalanced-voices``: one side of the partnership had under a fifth of ten or more
  appearances.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from statistics import mean

from ..model.content import ItemKind
from .engagement import item_reach
from .inputs import Context
from .inventory import take_inventory
from .objectives import NOT_MET, ObjectiveResult
from .period import Month, Period, describe_months, month_ranges
from .quality import CHANNEL_NAMES, channels, expected_months, missing_months
from .values import RATE, Block, Paragraph, Section, Value, slug

QUARTER = 3
FALLS = 3
KIND_RATIO = 2.0
MIN_ITEMS = 3
STOPPED_MONTHS = 2
MIN_SIDE_SHARE = 0.2
MIN_APPEARANCES = 10


@dataclass(frozen=True, slots=True)
class Finding:
    """One finding: what the figures show, what to do, who and by when."""

    number: int
    rule: str
    title: str
    evidence: str
    figures: tuple[tuple[str, Value], ...]
    """The figures it rests on, each with what it is."""
    recommendation: str
    owner: str
    review_by: date


@dataclass(frozen=True, slots=True)
class Found:
    """What a rule found, before it is numbered and given an owner."""

    rule: str
    title: str
    evidence: str
    figures: tuple[tuple[str, Value], ...]
    recommendation: str
    owner: str = ""


Rule = Callable[[Context, list[ObjectiveResult]], list[Found]]


def no_data(ctx: Context, objectives: list[ObjectiveResult]) -> list[Found]:
    window = ctx.previous.span(ctx.period)
    if ctx.evidence.is_empty or not any(
        ctx.calc.months_with_data(c, window) for c in channels(ctx)
    ):
        return [
            Found(
                "no-data",
                "No reach figures for the period",
                f"The metrics store holds no figure for {ctx.period.label} or the period "
                f"before it: email, web, feeds and partner sites are all unmeasured.",
                (),
                "Import each month's mailing-tool report, web analytics export and access "
                "log with spfcomms metrics import, or pull the campaigns with spfcomms "
                "metrics pull mailchimp.",
            )
        ]
    gaps: list[tuple[str, str, list[Month], int, int]] = []
    for channel in channels(ctx):
        missing = missing_months(ctx, channel, ctx.period)
        expected = expected_months(ctx, channel, ctx.period)
        if not expected or not missing:
            continue
        longest = max(len(r) for r in _runs(missing, expected))
        if len(missing) < len(expected) and longest < QUARTER:
            continue
        gaps.append(
            (
                channel,
                CHANNEL_NAMES.get(channel, f"{channel.capitalize()} (kept by hand)"),
                missing,
                len(expected),
                longest,
            )
        )
    if not gaps:
        return []
    figures = tuple(
        (
            name,
            Value(
                f"finding.no-data.{channel}",
                float(len(missing)),
                "issues" if channel == "email" else "months",
                ctx.notes.workspace(),
                note=f"of {of} without figures",
            ),
        )
        for channel, name, missing, of, _longest in gaps
    )
    evidence = "; ".join(
        f"{name}: no figures for {describe_months(missing)}"
        + (
            f" (all {of} {'issues' if channel == 'email' else 'months'})"
            if len(missing) == of
            else f" ({len(missing)} of {of}, {longest} running)"
        )
        for channel, name, missing, of, longest in gaps
    )
    return [
        Found(
            "no-data",
            "Data is missing for " + ", ".join(name.lower() for _c, name, *_ in gaps),
            evidence + ".",
            figures,
            " ".join(_collect(channel) for channel, *_ in gaps),
        )
    ]


def _runs(gaps: list[Month], expected: list[Month]) -> list[list[Month]]:
    """Runs of consecutive entries of ``expected`` that are all gaps."""
    runs: list[list[Month]] = []
    current: list[Month] = []
    for month in expected:
        if month in gaps:
            current.append(month)
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def _collect(channel: str) -> str:
    return {
        "email": "Import the mailing tool's campaign report for every issue (or pull them "
        "with spfcomms metrics pull mailchimp) each month after sending.",
        "web": "Import the web analytics page export, or the site's access log, each month.",
        "feed": "Import the site's access log each month: feed aggregators report their "
        "subscribers in it.",
        "partner": "Import the site's access log each month, and name partner sites in "
        "[metrics].partners, so pickups are counted.",
    }.get(
        channel,
        f"Record the {channel} figures each month (spfcomms metrics import with a file of "
        "figures kept by hand).",
    )


def target_missed(ctx: Context, objectives: list[ObjectiveResult]) -> list[Found]:
    found = []
    for r in objectives:
        if r.status != NOT_MET:
            continue
        figures = (("Figure", r.figure),) + (
            (("Compared with", r.compared_with),) if r.compared_with is not None else ()
        )
        found.append(
            Found(
                "target-missed",
                f"Target missed: {r.text}",
                f"{r.explanation} ({r.measure}, {ctx.period.label}).",
                figures,
                f"Review what moves {r.measure} and agree actions at the next meeting; if "
                f"the target ({r.target}) no longer fits the forum's aims, change it in "
                "spfcomms.toml.",
                r.owner,
            )
        )
    return found


def falling_click_rate(ctx: Context, objectives: list[ObjectiveResult]) -> list[Found]:
    issues = ctx.period_issues[-(FALLS + 1) :]
    if len(issues) < FALLS + 1:
        return []
    rates = [
        ctx.calc.email(Period(Month.of(i.date), Month.of(i.date)), f"finding.falling.{i.id}")[
            "click_rate"
        ].value
        for i in issues
    ]
    values = [r.value for r in rates]
    if any(v is None for v in values):
        return []
    known = [v for v in values if v is not None]
    if not all(later < earlier for earlier, later in zip(known, known[1:], strict=False)):
        return []
    shown = ", ".join(f"{i.id} {r.shown()}" for i, r in zip(issues, rates, strict=True))
    return [
        Found(
            "falling-click-rate",
            "The click rate fell at each of the last three issues",
            f"Click rate: {shown}.",
            tuple((f"Click rate of {i.id}", r) for i, r in zip(issues, rates, strict=True)),
            "Look at what changed in those issues (subject lines, the order and length of "
            "items, the links offered), test a change in the next issue, and compare its "
            "click rate.",
        )
    ]


def kind_clicked_more(ctx: Context, objectives: list[ObjectiveResult]) -> list[Found]:
    per_kind: dict[ItemKind, list[int]] = {}
    sources: set[str] = set()
    for r in item_reach(ctx):
        if r.clicks is not None:
            per_kind.setdefault(r.item.kind, []).append(r.clicks)
            sources.update(r.sources)
    averages = {k: mean(v) for k, v in per_kind.items() if len(v) >= MIN_ITEMS}
    if len(averages) < 2:
        return []
    best = max(averages, key=lambda k: (averages[k], k.value))
    worst = min(averages, key=lambda k: (averages[k], k.value))
    if averages[best] <= 0 or (
        averages[worst] > 0 and averages[best] / averages[worst] < KIND_RATIO
    ):
        return []
    ordered = tuple(sorted(sources, key=lambda s: int(s[1:])))
    figures = tuple(
        (
            f"{k.label}, clicks an item",
            Value(
                f"finding.kind.{k.value}",
                averages[k],
                "clicks an item",
                ordered,
                note=f"{len(per_kind[k])} items",
            ),
        )
        for k in (best, worst)
    )
    times = (
        f"{averages[best] / averages[worst]:.1f} times"
        if averages[worst] > 0
        else "while the other was never clicked"
    )
    return [
        Found(
            "kind-clicked-more",
            f"{best.label} were clicked {times if averages[worst] > 0 else 'far'} more than "
            f"{worst.label.lower()}",
            f"{best.label}: {averages[best]:.1f} clicks an item over {len(per_kind[best])} "
            f"items; {worst.label.lower()}: {averages[worst]:.1f} over "
            f"{len(per_kind[worst])} items ({times}).",
            figures,
            f"Give {worst.label.lower()} a clearer place and summary in the email, or "
            f"fewer of them; keep {best.label.lower()} near the top.",
        )
    ]


def partner_stopped(ctx: Context, objectives: list[ObjectiveResult]) -> list[Found]:
    window = ctx.previous.span(ctx.period)
    measured = sorted(ctx.calc.measured_months("access-log") & set(window.months()))
    if not measured:
        return []
    monthly = ctx.calc.partner_months(window)
    found = []
    for partner in sorted(set(monthly) | set(ctx.partners)):
        series = [(m, monthly.get(partner, {}).get(m, 0.0)) for m in measured]
        tail = []
        for month, value in reversed(series):
            if value > 0:
                break
            tail.append(month)
        before = [m for m, v in series if v > 0]
        if len(tail) < STOPPED_MONTHS or len(before) < 2 or not all(m in ctx.period for m in tail):
            continue
        tail.reverse()
        last = max(before)
        found.append(
            Found(
                "partner-stopped",
                f"{partner} stopped picking up the bulletin",
                f"{partner} fetched our feeds or snippets in {len(before)} measured months, "
                f"last in {last.name}, and not at all in {describe_months(tail)} "
                f"({len(tail)} months measured by the access log).",
                (
                    (
                        "Measured months without pickups",
                        Value(
                            f"finding.partner.{slug(partner)}.months",
                            float(len(tail)),
                            "months",
                            ctx.notes.of(
                                r.origin
                                for r in ctx.calc.site_in(
                                    window, lambda r: r.source == "access-log"
                                )
                            ),
                        ),
                    ),
                ),
                f"Ask {partner} whether the feed or snippet is still on their site and "
                "working; offer the snippet code again.",
            )
        )
    return found


def months_without_issue(ctx: Context, objectives: list[ObjectiveResult]) -> list[Found]:
    ids = sorted(ctx.inputs.all_issues)
    if not ids:
        return []
    first, last = Month.parse(ids[0]), Month.parse(ids[-1])
    empty = [m for m in ctx.period if not ctx.calc.by_month.get(m) and first < m < last]
    runs = [r for r in month_ranges(empty) if r[1].minus(r[0]) + 1 >= 2]
    if not runs:
        return []
    months = [m for a, b in runs for m in Period(a, b)]
    figure = Value(
        "finding.months-without-issue", float(len(months)), "months", ctx.notes.workspace()
    )
    return [
        Found(
            "months-without-issue",
            "Months went by without an issue",
            f"No issue in {describe_months(months)}, between issues before and after.",
            (("Months without an issue", figure),),
            "Agree the bulletin's publishing rhythm with the forum and say it in the "
            "bulletin; if issues are skipped, tell readers when the next one is due.",
        )
    ]


def unbalanced_voices(ctx: Context, objectives: list[ObjectiveResult]) -> list[Found]:
    sides = ("Employers", "Trade unions", "Government and national bodies")
    sectors = take_inventory(ctx.period_issues).sectors
    total = sum(sectors.get(s, 0) for s in sides)
    if total < MIN_APPEARANCES:
        return []
    quiet = [s for s in sides if sectors.get(s, 0) / total < MIN_SIDE_SHARE]
    if not quiet:
        return []
    figures = tuple(
        (
            s,
            Value(
                f"finding.voices.{slug(s)}",
                sectors.get(s, 0) / total,
                RATE,
                ctx.notes.workspace(),
                note=f"{sectors.get(s, 0)} of {total} appearances",
            ),
        )
        for s in sides
    )
    shares = "; ".join(f"{s} {v.shown()}" for s, v in figures)
    return [
        Found(
            "unbalanced-voices",
            f"{' and '.join(quiet)} were seldom heard",
            f"Shares of the {total} appearances by presenters and featured organisations: "
            f"{shares}.",
            figures,
            f"Invite speakers and case studies from {' and '.join(quiet).lower()} for the "
            "coming issues.",
        )
    ]


RULES: tuple[Rule, ...] = (
    no_data,
    target_missed,
    falling_click_rate,
    kind_clicked_more,
    partner_stopped,
    months_without_issue,
    unbalanced_voices,
)


def review_date(ctx: Context) -> date:
    """The last day of the month ``[audit].review_months`` after the period."""
    return ctx.period.last.plus(ctx.config.audit.review_months).last_day


def findings(ctx: Context, objectives: list[ObjectiveResult]) -> list[Finding]:
    """Every finding the evidence supports, numbered in rule order."""
    audit = ctx.config.audit
    found = [f for rule in RULES for f in rule(ctx, objectives)]
    return [
        Finding(
            n,
            f.rule,
            f.title,
            f.evidence,
            f.figures,
            f.recommendation,
            f.owner or audit.owners.get(f.rule, audit.owner),
            review_date(ctx),
        )
        for n, f in enumerate(found, start=1)
    ]


def findings_section(ctx: Context, found: list[Finding]) -> Section:
    blocks: list[Block] = []
    if not found:
        blocks.append(
            Paragraph(
                "No rule found anything to act on in this period's figures: every target "
                "with a figure was met, and no channel went without figures for a quarter."
            )
        )
    return Section(8, "findings", "Findings and recommendations", tuple(blocks))
