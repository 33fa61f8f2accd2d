"""The audit reads its reach figures from the metrics store (SQLite and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

import pytest

from spfcomms import load_config, load_workspace
from spfcomms.audit import build_audit
from spfcomms.audit.from_store import reach_from_metrics
from spfcomms.cli import main

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "metrics"


def _import_examples(workspace: Path) -> None:
    files = [
        "mailchimp-2023-06.json",
        "mailchimp-reports-2023.csv",
        "link-clicks-2023-06.csv",
        "link-clicks-2023-12.csv",
        "ga4-pages-2023-06.csv",
        "manual-2023.toml",
        "manual-baselines-2019.csv",
        "access-2023-12.log",
    ]
    args = ["-q", "-c", str(workspace), "metrics", "import", *(str(EXAMPLES / f) for f in files)]
    assert main(args) == 0


def test_a_workspace_without_a_store_gives_no_figures_and_creates_no_database(
    repo_workspace: Path,
) -> None:
    config = load_config(repo_workspace)
    assert reach_from_metrics(config).is_empty
    assert not (repo_workspace / ".spfcomms").exists()


def test_reach_comes_from_every_kind_of_import(
    repo_workspace: Path, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SPFCOMMS_DATABASE_URL", database_url)
    _import_examples(repo_workspace)
    reach = reach_from_metrics(load_config(repo_workspace))
    june = reach.issues["2023-06"]
    assert june["emails_sent"] == 4210
    assert june["delivered"] == 4146
    assert june["unique_clicks"] == 512
    # GA4 counted 4,897 views of June's pages and the access log 34: one measure, two
    # sources, so the audit takes GA4's and says what the log said; never 4,931.
    assert june["web_views"] == 4897
    assert (
        "Web page views for 2023-06 are ga4's (4,897); access-log said 34 for the same "
        "pages: one measure, so not added." in reach.caveats
    )
    # June's campaign is in the API JSON and in the Reports export: the API's is taken.
    assert any(c.startswith("Email figures for 2023-06 are mailchimp-api's; mailchimp also")
               for c in reach.caveats)
    # 167 on its permalink, 38 on an agenda-item link, 88 on the VPR Standard link.
    assert reach.items["wider-group-2023-06-21"]["unique_clicks"] == 167 + 38 + 88
    # Two episodes, two periods: two figures, never one sum.
    podcast = [(f.measure, f.value, f.period) for f in reach.channels["podcast"]]
    assert podcast == [
        ("listens", 412, "2023-06-29 to 2023-07-31"),
        ("listens", 298, "2023-12-14 to 2024-01-13"),
        ("listens (HPMA partnership award episode)", 400, "2018-06-01 to 2019-02-28"),
    ]
    social = {f.measure: (f.value, f.unit, f.source) for f in reach.channels["social"]}
    assert social["impressions (linkedin)"] == (12840, "", "kept by hand")
    assert social["new followers (twitter)"] == (154, "followers", "NSPF stocktake 2019")
    feeds = {f.label: f.value for f in reach.channels["feed"] if f.metric == "feed_subscribers"}
    assert feeds["Feedly, feed.xml"] > 0
    assert any("2023-06" in caveat and "privacy" in caveat for caveat in reach.caveats)


def test_report_command_writes_the_audit_with_store_figures(
    repo_workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _import_examples(repo_workspace)
    capsys.readouterr()
    assert main(["-c", str(repo_workspace), "report", "--to", "2023-12"]) == 0
    out = capsys.readouterr().out
    assert "Audit of June 2023 to December 2023: 2 issue(s)" in out
    page = (repo_workspace / "_audit" / "index.html").read_text()
    assert "4,146" in page  # June's delivered emails
    assert (repo_workspace / "_audit" / "charts" / "email-engagement.svg").is_file()
    report = build_audit(
        load_workspace(load_config(repo_workspace)), reach_from_metrics(load_config(repo_workspace))
    )
    assert "Judge emails by clicks, not opens" in [r.title for r in report.recommendations]


def test_report_command_names_the_issues_when_the_range_is_empty(
    repo_workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["-c", str(repo_workspace), "report", "--from", "2030-01"]) == 1
    assert "no issues between 2030-01 and the last (issues: 2023-06, 2023-12)" in (
        capsys.readouterr().err
    )
