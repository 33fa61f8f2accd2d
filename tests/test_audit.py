"""The communications audit over fourteen months of known figures (two periods of seven).

The workspace, exports and store are in tests/support/audit_fixture.py: every figure
below was worked out by hand from the figures written there, not by spfcomms.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import spfcomms
from spfcomms.audit import AuditReport, Period
from spfcomms.output.csvfile import safe_cell

from .support.audit_fixture import PLANTED, fourteen_months, main
from .support.golden import Golden

PERIOD = Period.of("2024-01", "2024-07")


@pytest.fixture(scope="module")
def fixture_root(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1700000000")
        patch.delenv("SPFCOMMS_DATABASE_URL", raising=False)
        yield fourteen_months(tmp_path_factory.mktemp("audit") / "workspace")


@pytest.fixture(scope="module")
def report(fixture_root: Path) -> AuditReport:
    return spfcomms.audit(spfcomms.load_config(fixture_root), PERIOD)


@pytest.fixture(scope="module")
def written(fixture_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("written") / "audit"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1700000000")
        code = main(["-q", "-c", str(fixture_root), "audit", "--from", "2024-01", "--to",
                     "2024-07", "-o", str(out)])  # fmt: skip
    assert code == 0
    return out


# Worked out by hand from tests/support/audit_fixture.py.
EXPECTED: dict[str, str] = {
    # What we published: six issues (no April), 21 items, issue numbers 67 to 73.
    "summary.issues": "6",
    "summary.items": "21",
    "published.total.meeting-summary": "6",
    "published.total.case-study": "3",
    "published.total.news": "12",
    "published.total.agenda_items": "12",
    "published.issue.2024-03.number": "69",
    "published.month.2024-04.issues": "0",
    "published.side.employers": "9",
    "published.side.trade-unions": "1",
    "published.side.government-and-national-bodies": "5",
    # Email: 6 x 4,000 delivered; clicks 400+360+320+280+240+200; 6 x 1,600 opens.
    "reach.email.period.delivered": "24,000",
    "reach.email.period.unique_clicks": "1,800",
    "reach.email.period.unique_opens": "9,600",
    "reach.email.period.click_rate": "7.5%",  # 1,800 / 24,000
    "reach.email.period.click_to_open": "18.8%",  # 1,800 / 9,600 = 18.75%
    "reach.email.period.unsubscribes": "54",  # 4+6+8+10+12+14
    "reach.email.2024-05.click_rate": "7.0%",  # 280 / 4,000
    # Web: GA4's 450 for January (not the log's 24), 24 for March, 20 for the others.
    "reach.web.2024-01": "450",
    "reach.web.2024-03": "24",
    "reach.web.2024-06": "20",  # its second news item was never viewed
    "reach.web.period": "554",
    "reach.web.page.root": "140",  # 20 a month for seven months
    "reach.web.page.contact-us": "35",
    # Feeds: the latest counts of July, 50 from Feedly and 5 from Inoreader.
    "reach.feed.subscribers": "55",
    # Partners: 3 requests a month from the trust; 2 a month from the union until March.
    "reach.partner.example-trust.pickups": "21",
    "reach.partner.north-union.pickups": "6",
    "reach.partner.north-union.months": "3",
    # Engagement: Key comms 60 clicks each (50 on the item, 10 on an agenda item).
    "engagement.item.wider-group-2024-01.clicks": "60",
    "engagement.kind.key-comms.average": "60",
    "engagement.kind.news.clicks": "110",  # 11 items of 10, one of 0
    "engagement.kind.news.average": "9.2",
    "engagement.kind.case-studies.items": "3",
    "engagement.agenda.wider-group-2024-07.workforce-plan": "10",
    "engagement.item.news-2024-06-2.views": "0",
    # Change: the previous period is seven issues of 3,900 delivered and 390 clicks.
    "change.email.delivered.previous": "27,300",
    "change.email.delivered.change": "-12.1%",  # (24,000 - 27,300) / 27,300
    "change.email.click_rate.previous": "10.0%",
    "change.email.click_rate.change": "-2.5 points",
    "change.email.unsubscribes.change": "+54.3%",  # (54 - 35) / 35
    "change.web.bulletin_views.previous": "148",  # five issues of 20, two of 24
    "change.web.other_views.previous": "175",
    "change.feed.subscribers.previous": "45",  # December: 40 + 5
    "change.partner.requests.period": "27",
    "change.partner.requests.previous": "35",  # 7 x 3 + 7 x 2
    "change.podcast.listens.period": "600",  # February 250 + June 350
    "change.podcast.listens.previous": "1,299",  # September 300 + 31 December 999
    "change.social.new_followers.period": "140",  # 7 x 20
    "change.social.new_followers.previous": "70",
    "trend.email.click_rate.2024-04": "no data",  # no issue in April
    "trend.feed.subscribers.2024-04": "52",  # 47 + 5
    # Baselines: per month over the stocktake's periods (334 and 273 days).
    "baseline.web-page-views-tackling-bullying-page.per_month": "340.4",  # 3,736 / 10.975 months
    "baseline.podcast-listens-award-episode.per_month": "44.6",  # 400 / 8.971 months
    "baseline.social-new-followers-twitter.per_month": "14.0",  # 154 / 10.975 months
    # Objectives.
    "objective.1.figure": "7.5%",
    "objective.2.growth": "+41.1%",  # (55 / 45) ** (12 / 7) - 1
    "objective.3.figure": "75.0%",  # 9 of 12 issue and partner pairs
    "objective.4.per_month": "79.1",  # 554 / 7
    "objective.5.per_month": "85.7",  # 600 / 7
    "objective.6.per_month": "20",  # 140 / 7
    "objective.7.figure": "1",
    # Health: five links checked in the period, one broken at its last check.
    "health.links.checked": "3",
    "health.links.broken": "1",
    "health.links.redirected": "1",
}


@pytest.mark.parametrize(("key", "shown"), sorted(EXPECTED.items()))
def test_every_figure_equals_its_hand_computed_value(
    report: AuditReport, key: str, shown: str
) -> None:
    assert report.figure(key).shown() == shown


def test_objectives_are_met_not_met_or_not_measurable_with_their_figures(
    report: AuditReport,
) -> None:
    assert [(o.number, o.status) for o in report.objectives] == [
        (1, "not met"),
        (2, "met"),
        (3, "not met"),
        (4, "not met"),
        (5, "met"),
        (6, "met"),
        (7, "not met"),
    ]
    assert report.objectives[1].explanation == (
        "+41.1% a year (45 for June 2023 to December 2023, 55 for January 2024 to July "
        "2024) against +25% a year"
    )
    assert report.objectives[3].compared_with is not None
    assert report.objectives[3].compared_with.shown() == "340.4"


def test_findings_fire_on_the_fixtures_evidence_with_owner_and_review_date(
    report: AuditReport,
) -> None:
    assert [(f.rule, f.title) for f in report.findings] == [
        ("no-data", "Data is missing for podcast (kept by hand)"),
        ("target-missed", "Target missed: Readers act on the bulletin"),
        ("target-missed", "Target missed: Every issue reaches every partner site"),
        ("target-missed",
         "Target missed: Bulletin pages read as much as the stocktake's most-read page"),
        ("target-missed", "Target missed: An issue every month"),
        ("falling-click-rate", "The click rate fell at each of the last three issues"),
        ("kind-clicked-more", "Key comms were clicked 6.5 times more than news"),
        ("partner-stopped", "north-union stopped picking up the bulletin"),
        ("unbalanced-voices", "Trade unions were seldom heard"),
    ]  # fmt: skip
    falling = report.findings[5]
    assert falling.evidence == (
        "Click rate: 2024-03 8.0%, 2024-05 7.0%, 2024-06 6.0%, 2024-07 5.0%."
    )
    assert {f.review_by.isoformat() for f in report.findings} == {"2024-10-31"}
    owners = {f.rule: f.owner for f in report.findings}
    assert owners["kind-clicked-more"] == "bulletin editor"  # [audit].owners
    assert owners["partner-stopped"] == "SPF programme manager"  # [audit].owner
    stopped = report.findings[7]
    assert "not at all in April to July 2024" in stopped.evidence
    assert all(value.sources for finding in report.findings for _, value in finding.figures)


def test_every_figure_has_a_source_or_a_reason_and_missing_is_never_zero(
    report: AuditReport,
) -> None:
    sources = {note.id for note in report.sources}
    for where, value in report.values():
        if value.is_missing:
            assert value.missing, (where, value.key)
            assert value.shown() == "no data"
        else:
            assert value.sources and set(value.sources) <= sources, (where, value.key)
    # No issue in April: its email figures are missing, with the reason, never 0.
    april = report.figure("trend.email.delivered.2024-04")
    assert (april.value, april.missing) == (None, "no issue in April 2024")


def test_each_source_says_what_it_is_its_period_and_import_date(report: AuditReport) -> None:
    by_name = {note.name: note for note in report.sources}
    reports = by_name["mailchimp-reports.csv"]
    assert (reports.kind, reports.imported) == ("export", "2023-11-14 22:13 UTC")
    # The days of the figures this report read from it: not August, after the period.
    assert reports.period == "2023-06-18 to 2024-07-18"
    assert by_name["access-2024-03.log"].period == "2024-03-03 to 2024-03-27"
    assert by_name["hand-kept.csv"].kind == "kept by hand"
    stocktake = [n for n in report.sources if n.detail.endswith("from NSPF stocktake 2019")]
    assert [n.period for n in stocktake] == ["2018-04-01 to 2019-02-28"]
    assert by_name[".spfcomms/linkcheck.sqlite"].kind == "link checks"
    assert by_name["spfcomms.toml"].detail == "the objectives and targets in [audit]"


def test_two_sources_of_one_measure_name_the_one_taken_and_never_add_them(
    report: AuditReport,
) -> None:
    rows = [[cell.text for cell in row] for row in report.table("quality-preferred").rows]  # type: ignore[union-attr]
    assert ["Views of the issue's pages", "ga4", "access-log said 24", "2024-01"] in rows


def _period_keys(report: AuditReport) -> dict[str, str]:
    """The figures that belong to the period itself (not the previous period)."""
    return {
        key: value.shown()
        for key, value in report.figures().items()
        if not key.endswith(".previous") and ".change" not in key
        and not re.search(r"\.2023-\d\d", key) and not key.startswith("baseline")
    }


def test_a_figure_just_outside_the_period_never_shows_as_one_of_its_figures(
    report: AuditReport, written: Path
) -> None:
    shown = _period_keys(report)
    for planted in ("999", "1,299", "888", "4,321", "55,555", "55,500"):
        assert planted not in shown.values(), planted
    # The day before --from counts for the previous period only, named as such.
    assert report.figure("change.podcast.listens.previous").shown() == "1,299"
    # The day after --to, and the August issue, are nowhere in any file.
    for name in ("index.html", "figures.csv", "audit.json", "issues.csv", "items.csv"):
        text = (written / name).read_text("utf-8")
        for after in (str(PLANTED["after"]), "55,555", "55555", "55,500", "55500", "2024-08-01"):
            assert after not in text, (name, after)
        assert "wider-group-2024-08" not in text
    # The figure that runs over --from is left out, and said to be.
    left = report.table("quality-left-out")
    kept = next(n.id for n in report.sources if n.name == "hand-kept.csv" and "page analytics"
                in n.detail)  # fmt: skip
    assert [[c.text for c in row] for row in left.rows] == [  # type: ignore[union-attr]
        ["social: impressions (linkedin)", "2023-12-20 to 2024-01-10", kept]
    ]


def test_the_csv_and_the_page_show_the_same_figures_with_the_same_sources(written: Path) -> None:
    page = BeautifulSoup((written / "index.html").read_text("utf-8"), "html.parser")
    rows = {r["figure"]: r for r in csv.DictReader(io.StringIO(
        (written / "figures.csv").read_text("utf-8")))}  # fmt: skip
    shown = page.select("[data-figure]")
    assert len(shown) > 300
    ids = {tag["id"] for tag in page.select("[id]")}
    for tag in shown:
        row = rows[tag["data-figure"]]
        # A change such as +41.1% is a formula to a spreadsheet: the CSV writes '+41.1%.
        assert row["shown"] == safe_cell(tag.get_text()), tag["data-figure"]
        marks = [a for a in tag.find_next_siblings("sup")]
        linked = [
            a.get_text() for sup in marks for a in sup.select("a.src")
        ][: len(row["sources"].split())]
        assert linked == row["sources"].split(), tag["data-figure"]
        for sup in marks:
            for a in sup.select("a"):
                assert a["href"][1:] in ids, a["href"]  # every note and source is on the page
        if row["missing_because"]:
            assert any(sup.select("a.mark") for sup in marks) or tag.get("class") == ["big", "na"]
    data = json.loads((written / "audit.json").read_text("utf-8"))
    in_json = {
        cell["key"]: cell["shown"]
        for section in data["sections"]
        for block in section["blocks"]
        for row in block.get("rows", [])
        for cell in row
        if "key" in cell
    }
    assert all(rows[key]["shown"] == safe_cell(value) for key, value in in_json.items())
    issues = list(csv.DictReader(io.StringIO((written / "issues.csv").read_text("utf-8"))))
    assert [r["issue"] for r in issues] == ["2024-01", "2024-02", "2024-03", "2024-05",
                                            "2024-06", "2024-07"]  # fmt: skip
    assert (issues[0]["delivered"], issues[0]["click_rate"], issues[0]["web_views"]) == (
        "4000", "0.1", "450",
    )  # fmt: skip
    items = {r["item"]: r for r in csv.DictReader(io.StringIO(
        (written / "items.csv").read_text("utf-8")))}  # fmt: skip
    assert (items["news-2024-06-2"]["clicks"], items["wider-group-2024-01"]["unique_clicks"]) == (
        "0", "54",
    )  # fmt: skip


def test_the_page_is_one_self_contained_file(written: Path) -> None:
    html = (written / "index.html").read_text("utf-8")
    assert sorted(p.name for p in written.iterdir()) == [
        ".spfcomms-manifest.json", "audit.json", "figures.csv", "findings.csv",
        "index.html", "issues.csv", "items.csv", "sources.csv",
    ]  # fmt: skip
    page = BeautifulSoup(html, "html.parser")
    assert not page.select("script, link, img, iframe, object, embed")
    assert not re.search(r"""(src|href)=["'](https?:)?//""", html)  # nothing to fetch
    assert "url(" not in html and "@import" not in html
    assert len(page.select("svg")) >= 8
    headings = [h.get_text() for h in page.select("main > section > h2")]
    assert headings == [
        "1. Objectives and targets",
        "2. What we published",
        "3. Whom it reached",
        "4. What people engaged with",
        "5. Change over time",
        "6. Health of the bulletin",
        "7. Data quality and sources",
        "8. Findings and recommendations",
    ]
    assert "@page { size: A4" in html and "break-before: page" in html


def test_every_chart_has_a_text_alternative_and_its_figures_in_a_table(
    report: AuditReport, written: Path
) -> None:
    page = BeautifulSoup((written / "index.html").read_text("utf-8"), "html.parser")
    for chart in report.charts():
        svg = page.select_one(f"#chart-{chart.key} svg")
        assert svg is not None and svg["role"] == "img"
        title, desc = (page.find(id=i) for i in svg["aria-labelledby"].split())
        assert title.get_text() == chart.title and desc.get_text() == chart.description
        table = page.find(id=f"table-{chart.table}")
        assert table is not None and table.name == "table", chart.key
    assert report.table("reach-email").rows  # the email charts' table has the figures


def test_the_audit_is_byte_identical_run_after_run(fixture_root: Path, tmp_path: Path) -> None:
    outputs = []
    for n in (1, 2):
        assert main(["-q", "-c", str(fixture_root), "audit", "--from", "2024-01", "--to",
                     "2024-07", "-o", str(tmp_path / f"a{n}")]) == 0  # fmt: skip
        outputs.append({p.name: p.read_bytes() for p in (tmp_path / f"a{n}").iterdir()})
    assert outputs[0] == outputs[1]


def test_golden_report(written: Path, golden: Golden) -> None:
    for name in ("index.html", "figures.csv", "findings.csv", "sources.csv"):
        golden.check(f"audit/{name}", (written / name).read_bytes())
