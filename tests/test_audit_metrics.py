"""The audit from the command line and from Python, on SQLite and PostgreSQL, for a
workspace without figures, a single issue, ten years of issues and the repository's own
workspace with the example exports."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

import spfcomms
from spfcomms.audit import Evidence, Period, report_json
from spfcomms.audit.evidence import Email, IssueEvidence, Origin, Stored
from spfcomms.cli import main
from spfcomms.metrics.summary import email_figures

from .support.audit_fixture import fourteen_months, write_workspace
from .support.metrics import fresh_database_url

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "metrics"
PERIOD = Period.of("2024-01", "2024-07")


def _import_examples(workspace: Path) -> None:
    files = [
        "mailchimp-2023-06.json",
        "mailchimp-reports-2023.csv",
        "mailchimp-report-2023-12.csv",
        "link-clicks-2023-06.csv",
        "link-clicks-2023-12.csv",
        "ga4-pages-2023-06.csv",
        "manual-2023.toml",
        "manual-baselines-2019.csv",
        "access-2023-12.log",
    ]
    args = ["-q", "-c", str(workspace), "metrics", "import", *(str(EXAMPLES / f) for f in files)]
    assert main(args) == 0


def test_postgresql_and_sqlite_give_the_same_report(
    tmp_path: Path, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    reports = []
    for kind in ("sqlite", "postgres"):
        url = fresh_database_url(kind, tmp_path / kind, request)
        if kind == "postgres":
            monkeypatch.setenv("SPFCOMMS_DATABASE_URL", url)
        root = fourteen_months(tmp_path / kind / "workspace", build=False)
        reports.append(report_json(spfcomms.audit(spfcomms.load_config(root), PERIOD)))
    assert reports[0] == reports[1]
    assert json.loads(reports[1])["objectives"][0]["figure"]["shown"] == "7.5%"


def test_a_workspace_without_figures_gets_a_report_that_says_so_and_no_database(
    repo_workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["-c", str(repo_workspace), "audit"]) == 0
    out = capsys.readouterr().out
    assert "Audit of June 2023 to December 2023: 2 issue(s), 6 objective(s)" in out
    assert "No reach figures yet: import them with 'spfcomms metrics import'." in out
    assert not (repo_workspace / ".spfcomms").exists()
    report = spfcomms.audit(spfcomms.load_config(repo_workspace))
    delivered = report.figure("reach.email.period.delivered")
    assert (delivered.value, delivered.missing) == (
        None,
        "no email figures imported for the 2 issues (2023-06 to 2023-12)",
    )
    assert {o.status for o in report.objectives} == {"not measurable"}
    assert [f.rule for f in report.findings] == ["no-data", "months-without-issue"]
    assert report.findings[0].title == "No reach figures for the period"
    # What was published is known all the same.
    assert report.figure("published.total.agenda_items").shown() == "12"


def test_a_single_issue_gets_a_report_with_nothing_to_compare(tmp_path: Path) -> None:
    root = write_workspace(tmp_path / "ws", ["2024-03"])
    rows = [
        Stored("email", "emails_sent", 4100.0, "mailchimp", 1, None, None),
        Stored("email", "hard_bounces", 100.0, "mailchimp", 1, None, None),
        Stored("email", "unique_opens", 1600.0, "mailchimp", 1, None, None),
        Stored("email", "unique_clicks", 320.0, "mailchimp", 1, None, None),
    ]
    figures = email_figures(rows, ("mailchimp",))
    assert figures is not None
    evidence = Evidence(issues={"2024-03": IssueEvidence("2024-03", email=Email(
        figures, (Origin(1),)))})  # fmt: skip
    report = spfcomms.audit(spfcomms.load_config(root), evidence=evidence)
    assert str(report.period) == "2024-03"  # no month before the first issue
    assert report.figure("reach.email.period.click_rate").shown() == "8.0%"
    change = report.figure("change.email.click_rate.change")
    assert change.missing == "no figure for February 2024"
    assert report.objectives[0].status == "met"  # 8.0% against >= 8%
    growth = report.objectives[1]
    assert (growth.status, growth.explanation) == (
        "not measurable",
        "no subscriber counts for March 2024",
    )


def _ten_years(tmp_path: Path) -> tuple[Path, Evidence]:
    months = [str(m) for m in Period.of("2014-01", "2023-12")]
    root = write_workspace(tmp_path / "ws", months)
    issues = {}
    for n, month in enumerate(months):
        sent = 3000 + 10 * n
        rows = [
            Stored("email", "emails_sent", float(sent), "mailchimp", 1, None, None),
            Stored("email", "hard_bounces", 50.0, "mailchimp", 1, None, None),
            Stored("email", "unique_opens", sent * 0.4, "mailchimp", 1, None, None),
            Stored("email", "unique_clicks", sent * 0.1, "mailchimp", 1, None, None),
        ]
        figures = email_figures(rows, ("mailchimp",))
        assert figures is not None
        issues[month] = IssueEvidence(month, email=Email(figures, (Origin(1),)))
    year, number = 2023, 12
    feed = Stored(
        "feed", "feed_subscribers", 40.0, "access-log", 2,
        datetime(year, number, 20, tzinfo=UTC), datetime(year, number, 20, tzinfo=UTC),
        url="feed.xml", label="Feedly",
    )  # fmt: skip
    return root, Evidence(issues=issues, site=(feed,))


def test_ten_years_of_monthly_issues_give_a_readable_report(tmp_path: Path) -> None:
    root, evidence = _ten_years(tmp_path)
    config = spfcomms.load_config(root)
    whole = spfcomms.audit(config, Period.of("2014-01", "2023-12"), evidence=evidence)
    assert len(whole.issues) == 120
    assert len(whole.table("reach-email").rows) == 121  # every issue and the period
    assert whole.figure("reach.email.period.delivered").shown() == "425,400"
    # sent 3,000 + 10n for n = 0..119, less 50 bounces each: 120 x 2,950 + 10 x 7,140
    assert len(whole.table("trend").rows) == 12  # the trend stays twelve months
    assert whole.figure("change.email.delivered.change").missing == (
        "no figure for January 2004 to December 2013"
    )
    default = spfcomms.audit(config, evidence=evidence)  # the last twelve months
    assert str(default.period) == "2023-01 to 2023-12"
    assert default.figure("change.email.delivered.previous").shown() == "47,580"
    # 2022: sent 3,000 + 10n for n = 96..107, less 50 bounces: 12 x 2,950 + 10 x 1,218


def test_report_is_the_same_command_as_audit(
    repo_workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _import_examples(repo_workspace)
    written = []
    for command in ("audit", "report"):
        out = repo_workspace / f"out-{command}"
        assert main(["-q", "-c", str(repo_workspace), command, "-o", str(out)]) == 0
        written.append({p.name: p.read_bytes() for p in out.iterdir()})
    assert written[0] == written[1]
    capsys.readouterr()
    assert main(["-c", str(repo_workspace), "report", "--help"]) == 0
    assert "usage: spfcomms audit" in capsys.readouterr().out


def test_the_repository_audit_uses_its_own_objectives_and_the_stocktake_baselines(
    repo_workspace: Path,
) -> None:
    _import_examples(repo_workspace)
    report = spfcomms.audit(spfcomms.load_config(repo_workspace))
    assert report.period.label == "June 2023 to December 2023"
    assert report.figure("reach.email.2023-06.delivered").shown() == "4,146"
    statuses = {o.measure: (o.status, o.figure.shown()) for o in report.objectives}
    assert statuses["email.click_rate"] == ("met", "13.3%")  # (512 + 618) / (4,146 + 4,333)
    assert statuses["podcast.listens"] == ("met", "101.4")  # (412 + 298) / 7 months
    baselines = {b.measure: b.figure.shown() for b in report.baselines}
    assert baselines == {
        "web.page_views:tackling bullying page": "3,736",
        "web.page_views_per_month:case studies page": "250",
        "podcast.listens:HPMA partnership award episode": "400",
        "social.new_followers:twitter": "154",
    }


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--from", "2024-13"], "argument --from: '2024-13' is not a month"),
        (["--from", "2024-06", "--to", "2024-01"], "the period ends (2024-01) before it starts"),
    ],
)
def test_a_wrong_period_is_a_usage_error(
    repo_workspace: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    assert main(["-c", str(repo_workspace), "audit", *argv]) == 2
    assert message in capsys.readouterr().err
    assert not (repo_workspace / "_audit").exists()


def test_pdf_without_playwright_says_what_to_install_and_writes_nothing(
    repo_workspace: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "playwright", None)
    monkeypatch.setitem(sys.modules, "playwright.sync_api", None)
    assert main(["-c", str(repo_workspace), "audit", "--pdf"]) == 1
    err = capsys.readouterr().err
    assert "--pdf needs playwright: pip install 'spfcomms[pdf]'" in err
    assert not (repo_workspace / "_audit").exists()


def test_pdf_with_a_chromium_that_fails_names_it(
    repo_workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    missing = tmp_path / "no-such-chromium"
    monkeypatch.setenv("SPFCOMMS_CHROMIUM", str(missing))
    assert main(["-c", str(repo_workspace), "audit", "--pdf"]) == 1
    err = capsys.readouterr().err
    assert f"Chromium ({missing}) could not print the audit" in err
    assert not (repo_workspace / "_audit").exists()


def test_the_audit_is_a_function_of_the_package(repo_workspace: Path) -> None:
    config = spfcomms.load_config(repo_workspace)
    report = spfcomms.audit(config, Period.of("2023-06", "2023-12"))
    assert isinstance(report, spfcomms.audit.AuditReport)
    assert "audit" in spfcomms.__all__
