"""The communications audit: inventory, recommendations, charts, CSV and the page."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from spfcomms import load_config, load_workspace
from spfcomms.audit import (
    ChannelFigure,
    ReachData,
    build_audit,
    derived_rates,
    issues_csv,
    items_csv,
    render_audit,
)
from spfcomms.audit.inventory import sector_of
from spfcomms.audit.recommend import recommend
from spfcomms.metrics.definitions import ratio
from spfcomms.model.content import ItemKind
from spfcomms.render.templating import make_environment

from .support.browser import DESKTOP, PHONE, Browser
from .support.golden import Golden

REACH = ReachData(
    issues={
        "2023-06": {
            "emails_sent": 4100,
            "delivered": 4020,
            "unique_opens": 1800,
            "unique_clicks": 410,
            "web_views": 950,
        },
        "2023-12": {
            "emails_sent": 4200,
            "delivered": 4150,
            "unique_opens": 1900,
            "unique_clicks": 380,
            "web_views": 1020,
            "feed_subscribers": 37,
            "partner_pickups": 12,
        },
    },
    items={
        "wider-group-2023-12-06": {"unique_clicks": 210, "web_views": 400},
        "north-east-spf": {"unique_clicks": 120},
        "news-2023-12-communications-review": {"unique_clicks": 20},
    },
    channels={
        "Podcast": (
            ChannelFigure(
                "listens",
                400,
                unit="listens",
                label="HPMA partnership award episode",
                period="2018-06-01 to 2019-02-28",
                source="NSPF stocktake 2019",
            ),
        )
    },
    sources=("example mailing-tool report",),
)


def _write_issue(root: Path, month: int, *, with_kinds: bool = False) -> None:
    folder = root / "issues" / f"2024-{month:02d}"
    folder.mkdir(parents=True)
    (folder / "issue.toml").write_text(
        f'number = {month}\ndate = 2024-{month:02d}-10\ntitle = "Issue {month}"\n'
        f'items = ["news-{month}"]\n'
    )
    (folder / f"news-{month}.md").write_text(
        f'+++\nkind = "news"\nid = "news-{month}"\ntitle = "News {month}"\n'
        f'date = 2024-{month:02d}-10\nsummary = "A summary."\n+++\n\nSome text.\n'
    )


@pytest.fixture
def six_month_workspace(tmp_path: Path) -> Path:
    (tmp_path / "spfcomms.toml").write_text('[site]\nbase_url = "https://example.org/b/"\n')
    for month in range(1, 7):
        _write_issue(tmp_path, month)
    return tmp_path


def test_inventory_counts_what_the_repository_issues_published(repo_workspace: Path) -> None:
    workspace = load_workspace(load_config(repo_workspace))
    report = build_audit(workspace)
    inventory = report.inventory
    assert [i.issue.id for i in inventory.issues] == ["2023-06", "2023-12"]
    assert inventory.items_by_kind == {
        ItemKind.MEETING_SUMMARY: 2,
        ItemKind.CASE_STUDY: 1,
        ItemKind.NEWS: 3,
    }
    june, december = inventory.issues
    assert (june.agenda_items, june.presenters) == (7, 6)
    assert (december.agenda_items, december.presenters) == (5, 8)
    assert "NHS Employers" in dict(inventory.organisations)
    assert report.period == "June 2023 to December 2023"


@pytest.mark.parametrize(
    ("organisation", "side"),
    [
        ("UNISON", "Trade unions"),
        ("UNISON Liverpool Hospitals branch", "Trade unions"),
        ("NHS England", "Government and national bodies"),
        ("Department of Health and Social Care", "Government and national bodies"),
        ("Liverpool University Hospitals NHS Foundation Trust", "Employers"),
        ("NHS Employers", "Employers"),
        ("A Charity", "Other"),
    ],
)
def test_organisations_are_placed_on_their_side_of_the_partnership(
    organisation: str, side: str
) -> None:
    assert sector_of(organisation) == side


def test_missing_reach_figures_are_the_first_recommendation(repo_workspace: Path) -> None:
    workspace = load_workspace(load_config(repo_workspace))
    report = build_audit(workspace, ReachData(issues={"2023-06": {"delivered": 10}}))
    first = report.recommendations[0]
    assert first.title == "Record reach for every issue"
    assert "1 of 2 issues have no reach figures (2023-12)" in first.evidence


def test_a_falling_click_rate_is_flagged_with_its_evidence(six_month_workspace: Path) -> None:
    workspace = load_workspace(load_config(six_month_workspace))
    clicks = [100, 100, 100, 60, 60, 60]
    reach = ReachData(
        issues={
            f"2024-{m:02d}": {"delivered": 1000, "unique_clicks": c, "unique_opens": 400}
            for m, c in zip(range(1, 7), clicks, strict=True)
        }
    )
    titles = {r.title: r for r in build_audit(workspace, reach).recommendations}
    trend = titles["Reverse the fall in click rate"]
    assert trend.evidence == (
        "The last three issues averaged a 6.0% click rate, against 10.0% before them."
    )


def test_a_steady_click_rate_raises_no_trend_recommendation(six_month_workspace: Path) -> None:
    workspace = load_workspace(load_config(six_month_workspace))
    reach = ReachData(
        issues={f"2024-{m:02d}": {"delivered": 1000, "unique_clicks": 100} for m in range(1, 7)}
    )
    titles = [r.title for r in build_audit(workspace, reach).recommendations]
    assert "Reverse the fall in click rate" not in titles


def test_complete_figures_with_partners_and_subscribers_skip_the_cascade_advice(
    repo_workspace: Path,
) -> None:
    workspace = load_workspace(load_config(repo_workspace))
    titles = [r.title for r in build_audit(workspace, REACH).recommendations]
    assert "Record reach for every issue" not in titles
    assert "Extend the cascade through partner sites" not in titles
    assert "Give readers more key comms" in titles  # 210 clicks against 20 for news


def test_balance_of_voices_flags_a_side_that_is_rarely_heard(repo_workspace: Path) -> None:
    workspace = load_workspace(load_config(repo_workspace))
    inventory = build_audit(workspace).inventory
    quiet = type(inventory)(
        issues=inventory.issues,
        items_by_kind=inventory.items_by_kind,
        tags=inventory.tags,
        organisations=inventory.organisations,
        sectors={
            "Employers": 9,
            "Trade unions": 1,
            "Government and national bodies": 5,
            "Other": 0,
        },
    )
    advice = {r.title: r for r in recommend(quiet, REACH)}
    voices = advice["Hear from every side of the partnership"]
    assert voices.action == "Invite more speakers and case studies from trade unions."


def test_issues_csv_has_stable_columns_and_rates(repo_workspace: Path) -> None:
    report = build_audit(load_workspace(load_config(repo_workspace)), REACH)
    rows = list(csv.DictReader(io.StringIO(issues_csv(report))))
    assert [r["issue"] for r in rows] == ["2023-06", "2023-12"]
    december = rows[1]
    assert december["delivered"] == "4150"
    assert december["click_rate"] == f"{380 / 4150:.4f}"
    assert december["click_to_open"] == f"{380 / 1900:.4f}"
    assert december["unsubscribed"] == ""  # not reported is not zero
    items = list(csv.DictReader(io.StringIO(items_csv(report))))
    assert {"item": "north-east-spf", "unique_clicks": "120"}.items() <= next(
        r for r in items if r["item"] == "north-east-spf"
    ).items()


def test_audit_output_is_byte_identical_and_matches_golden(
    repo_workspace: Path, golden: Golden
) -> None:
    config = load_config(repo_workspace)
    workspace = load_workspace(config)
    first = render_audit(build_audit(workspace, REACH), make_environment(config))
    second = render_audit(build_audit(workspace, REACH), make_environment(config))
    assert first.paths == second.paths
    assert all(first.get(p) == second.get(p) for p in first.paths)
    assert "charts/email-engagement.svg" in first.paths
    golden.check("audit/index.html", first.get("index.html"))
    golden.check("audit/issues.csv", first.get("issues.csv"))


def test_audit_page_reads_well_on_phone_and_desktop(
    repo_workspace: Path, tmp_path: Path, browser: Browser
) -> None:
    config = load_config(repo_workspace)
    out = render_audit(build_audit(load_workspace(config), REACH), make_environment(config))
    out.commit(tmp_path / "audit")
    page = (tmp_path / "audit" / "index.html").as_uri()
    for name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        report = browser.open(page, viewport, screenshot=tmp_path / f"audit-{name}.png")
        assert not report.scrolls_sideways, name
        assert report.console_errors == [] and report.page_errors == []
    images = browser.evaluate(page, "[...document.images].map(i => [i.alt, i.naturalWidth > 0])")
    assert images and all(alt and loaded for alt, loaded in images)


def test_the_audit_and_the_metrics_share_one_ratio() -> None:
    assert (ratio(5, 10), ratio(0, 10)) == (0.5, 0.0)
    # No base, or a negative one from bad data, gives no rate rather than 0 or a
    # negative percentage.
    assert [ratio(5, 0), ratio(5, -2), ratio(None, 10), ratio(5, None)] == [None] * 4
    assert derived_rates({"emails_sent": 10.0, "bounces": 12.0, "unique_opens": 3.0}) == {
        "open_rate": None,
        "click_rate": None,
        "click_to_open": None,
    }
    assert derived_rates({"delivered": 200.0, "unique_opens": 50.0, "unique_clicks": 10.0}) == {
        "open_rate": 0.25,
        "click_rate": 0.05,
        "click_to_open": 0.2,
    }
