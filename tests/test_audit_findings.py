"""Each finding rule fires on the evidence that calls for it, and on nothing else.

The evidence is made by hand (``Evidence`` is plain data), over small workspaces of
monthly issues written by tests/support/audit_fixture.py; each case says whether its
rule fires. Missing figures never make a rule fire, except ``no-data``, whose whole
message is that they are missing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pytest

import spfcomms
from spfcomms.audit import AuditReport, Evidence, Period
from spfcomms.audit.evidence import Clicks, Email, IssueEvidence, ItemClicks, Origin, Stored
from spfcomms.metrics.summary import email_figures

from .support.audit_fixture import CONFIG, items_of, write_workspace


def email(delivered: int, clicks: int | None, opens: int = 1000) -> Email:
    rows = [
        Stored("email", "emails_sent", float(delivered + 50), "mailchimp", 1, None, None),
        Stored("email", "hard_bounces", 50.0, "mailchimp", 1, None, None),
        Stored("email", "unique_opens", float(opens), "mailchimp", 1, None, None),
    ]
    if clicks is not None:
        rows.append(Stored("email", "unique_clicks", float(clicks), "mailchimp", 1, None, None))
    figures = email_figures(rows, ("mailchimp",))
    assert figures is not None
    return Email(figures, (Origin(1),))


def click_report(month: str, per_kind: dict[str, int]) -> Clicks:
    items = {
        item.id: ItemClicks(per_kind.get(item.kind, 0), per_kind.get(item.kind, 0))
        for item in items_of(month)
    }
    return Clicks("link-clicks", (Origin(2),), items)


def pickups(partner: str, month: str, value: int) -> Stored:
    year, number = (int(p) for p in month.split("-"))
    return Stored(
        "partner", "partner_pickups", float(value), "access-log", 3,
        datetime(year, number, 3, 9, tzinfo=UTC), datetime(year, number, 27, 17, tzinfo=UTC),
        label=partner,
    )  # fmt: skip


def subscribers(month: str) -> Stored:
    year, number = (int(p) for p in month.split("-"))
    moment = datetime(year, number, 27, 17, tzinfo=UTC)
    return Stored("feed", "feed_subscribers", 40.0, "access-log", 3, moment, moment,
                  url="feed.xml", label="Feedly")  # fmt: skip


def views(month: str) -> Stored:
    year, number = (int(p) for p in month.split("-"))
    return Stored(
        "web", "page_views", 30.0, "access-log", 3,
        datetime(year, number, 3, 9, tzinfo=UTC), datetime(year, number, 27, 17, tzinfo=UTC),
        url="/",
    )  # fmt: skip


def months(first: str, last: str) -> list[str]:
    return [str(m) for m in Period.of(first, last)]


@dataclass
class Case:
    """A small workspace, its evidence, and the rule that should or should not fire."""

    rule: str
    fires: bool
    issues: list[str]
    evidence: Callable[[], Evidence] = Evidence
    period: tuple[str, str] = ("2024-01", "2024-06")
    config: str = ""
    owner_note: str = ""
    extra: dict[str, str] = field(default_factory=dict)


def _with_email(issues: list[str], rates: dict[str, int | None]) -> Callable[[], Evidence]:
    def make() -> Evidence:
        found = {
            month: IssueEvidence(month, email=email(4000, clicks))
            for month, clicks in rates.items()
            if month in issues
        }
        # Every other channel measured every month, so only email can lack figures.
        site = tuple(
            row
            for m in months("2023-01", "2024-12")
            for row in (views(m), pickups("example-trust", m, 3), subscribers(m))
        )
        return Evidence(issues=found, site=site)

    return make


def _with_clicks(per_kind: dict[str, int], issues: list[str]) -> Callable[[], Evidence]:
    def make() -> Evidence:
        return Evidence(
            issues={m: IssueEvidence(m, clicks=click_report(m, per_kind)) for m in issues}
        )

    return make


def _with_partners(series: dict[str, int | None]) -> Callable[[], Evidence]:
    # None: no access log that month (not measured); a number: the month's pickups.
    def make() -> Evidence:
        site = []
        for month, value in series.items():
            if value is None:
                continue
            site.append(views(month))
            if value:
                site.append(pickups("north-union", month, value))
        return Evidence(site=tuple(site))

    return make


SIX = months("2024-01", "2024-06")
PRESENTERS_BALANCED = """
[audit]
owner = "SPF programme manager"
"""

CASES = {
    # no-data: the one rule about missing figures.
    "no figures at all": Case("no-data", True, SIX),
    "email missing for three issues running": Case(
        "no-data", True, SIX, _with_email(SIX, {m: 100 for m in SIX[:3]})
    ),
    "email missing for two issues running": Case(
        "no-data", False, SIX, _with_email(SIX, {m: 100 for m in SIX[:4]})
    ),
    # falling-click-rate: four issues running, each lower than the one before.
    "click rate fell at each of the last three issues": Case(
        "falling-click-rate", True, SIX,
        _with_email(SIX, {"2024-01": 400, "2024-02": 400, "2024-03": 380, "2024-04": 360,
                          "2024-05": 340, "2024-06": 320}),
    ),  # fmt: skip
    "click rate fell, then rose at the last issue": Case(
        "falling-click-rate", False, SIX,
        _with_email(SIX, {"2024-01": 400, "2024-02": 400, "2024-03": 380, "2024-04": 360,
                          "2024-05": 340, "2024-06": 350}),
    ),  # fmt: skip
    "click rate falling but the last issue has no clicks reported": Case(
        "falling-click-rate", False, SIX,
        _with_email(SIX, {"2024-01": 400, "2024-02": 390, "2024-03": 380, "2024-04": 360,
                          "2024-05": 340, "2024-06": None}),
    ),  # fmt: skip
    "click rate falling over only three issues": Case(
        "falling-click-rate", False, months("2024-04", "2024-06"),
        _with_email(SIX, {"2024-04": 380, "2024-05": 360, "2024-06": 340}),
        period=("2024-04", "2024-06"),
    ),
    # kind-clicked-more: twice as often, three items of each kind or more.
    "key comms clicked twice as often as news": Case(
        "kind-clicked-more", True, SIX, _with_clicks({"meeting": 20, "case": 15, "news-1": 10,
                                                      "news-2": 10}, SIX),
    ),  # fmt: skip
    "key comms clicked 1.9 times as often as news": Case(
        "kind-clicked-more", False, SIX, _with_clicks({"meeting": 19, "case": 15, "news-1": 10,
                                                       "news-2": 10}, SIX),
    ),  # fmt: skip
    "only two key comms measured": Case(
        "kind-clicked-more", False, SIX,
        _with_clicks({"meeting": 90, "news-1": 10, "news-2": 10}, SIX[:2]),
    ),
    "no click report": Case("kind-clicked-more", False, SIX, _with_email(SIX, {})),
    # partner-stopped: pickups, then none in two or more measured months at the end.
    "partner stopped for the last two measured months": Case(
        "partner-stopped", True, SIX,
        _with_partners({"2024-01": 2, "2024-02": 2, "2024-03": 2, "2024-04": 2,
                        "2024-05": 0, "2024-06": 0}),
    ),  # fmt: skip
    "partner quiet for one measured month only": Case(
        "partner-stopped", False, SIX,
        _with_partners({"2024-01": 2, "2024-02": 2, "2024-03": 2, "2024-04": 2,
                        "2024-05": 2, "2024-06": 0}),
    ),  # fmt: skip
    "no access log for the last two months": Case(
        "partner-stopped", False, SIX,
        _with_partners({"2024-01": 2, "2024-02": 2, "2024-03": 2, "2024-04": 2,
                        "2024-05": None, "2024-06": None}),
    ),  # fmt: skip
    # months-without-issue: two months running without an issue, between issues.
    "two months without an issue": Case(
        "months-without-issue", True, ["2024-01", "2024-02", "2024-05", "2024-06"]
    ),
    "one month without an issue": Case(
        "months-without-issue", False, ["2024-01", "2024-02", "2024-03", "2024-05", "2024-06"]
    ),
    "the months before the first issue": Case(
        "months-without-issue", False, ["2024-04", "2024-05", "2024-06"]
    ),
    # unbalanced-voices: a side under a fifth of ten or more appearances.
    "unions once in fifteen appearances": Case(
        "unbalanced-voices", True, months("2024-01", "2024-06")
    ),
    "fewer than ten appearances": Case("unbalanced-voices", False, ["2024-02", "2024-03"]),
    # target-missed: a figure that misses its target; never a figure that is missing.
    "click rate under its target": Case(
        "target-missed", True, SIX, _with_email(SIX, {m: 200 for m in SIX}),
        config='[[audit.objectives]]\ntext = "Clicks"\nmeasure = "email.click_rate"\n'
        'target = ">= 8%"\n',
    ),
    "click rate over its target": Case(
        "target-missed", False, SIX, _with_email(SIX, {m: 400 for m in SIX}),
        config='[[audit.objectives]]\ntext = "Clicks"\nmeasure = "email.click_rate"\n'
        'target = ">= 8%"\n',
    ),
    "click rate not measured": Case(
        "target-missed", False, SIX,
        config='[[audit.objectives]]\ntext = "Clicks"\nmeasure = "email.click_rate"\n'
        'target = ">= 8%"\n',
    ),
}


def _audit(tmp_path: Path, case: Case) -> AuditReport:
    config = CONFIG.split("[audit]")[0] + '[audit]\nowner = "SPF programme manager"\n'
    root = write_workspace(tmp_path / "ws", case.issues, config + case.config)
    return spfcomms.audit(spfcomms.load_config(root), Period.of(*case.period),
                          evidence=case.evidence())  # fmt: skip


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_finding_fires_where_it_should_and_not_where_it_should_not(
    tmp_path: Path, name: str
) -> None:
    case = CASES[name]
    report = _audit(tmp_path, case)
    fired = [f for f in report.findings if f.rule == case.rule]
    assert bool(fired) is case.fires, [(f.rule, f.evidence) for f in report.findings]
    for finding in fired:
        assert finding.evidence and finding.recommendation
        assert finding.owner == "SPF programme manager"
        assert finding.review_by.isoformat() == "2024-09-30"


def test_no_rule_but_no_data_fires_on_missing_figures(tmp_path: Path) -> None:
    # Two issues: too few appearances for the balance of voices, which rests on content.
    case = Case("no-data", True, SIX[:2], config=CASES["click rate not measured"].config)
    report = _audit(tmp_path, case)
    assert [f.rule for f in report.findings] == ["no-data"]
    assert report.findings[0].title == "No reach figures for the period"
    assert report.objectives[0].status == "not measurable"
