"""Bad exports stop with file:line and store nothing; re-imports and newer exports."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa

from spfcomms import Config, Workspace, load_workspace
from spfcomms.metrics import MetricsStore, import_file, issue_summary, records, schema
from spfcomms.model.exceptions import MetricsError

DATA = Path(__file__).parent / "data" / "metrics"
BROKEN = DATA / "broken"
ENCODINGS = DATA / "encodings"


@pytest.fixture
def workspace(repo_config: Config) -> Workspace:
    return load_workspace(repo_config)


def _counts(store: MetricsStore) -> tuple[int, int, int]:
    with store.connect() as connection:
        return tuple(  # type: ignore[return-value]
            connection.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
            for table in (schema.import_batches, schema.metrics, schema.link_clicks)
        )


@pytest.mark.parametrize(
    ("name", "options", "message"),
    [
        (
            "klaviyo-bad-number.csv",
            {"issue": "2023-06"},
            "klaviyo-bad-number.csv:7: column 'Unique Opens': 'abc' is not a whole number",
        ),
        (
            "klaviyo-missing-columns.csv",
            {},
            "klaviyo-missing-columns.csv:1: missing columns 'Unique Opens', 'Unique Clicks' "
            "(the header has: Campaign Name, Tags, Subject, List, Send Time, Send Weekday, "
            "Total Recipients, Unique Placed Order, Placed Order Rate, Revenue, Open Rate, "
            "Total Opens, Click Rate, Total Clicks, Unsubscribes, Spam Complaints, "
            "Spam Complaints Rate, Successful Deliveries, Bounces, Bounce Rate, Campaign ID, "
            "Campaign Channel)",
        ),
        (
            "mailchimp-cp1251.csv",
            {},
            "mailchimp-cp1251.csv:2: not UTF-8 text: byte 0xc1 at column 1 cannot be read; "
            "save the export as UTF-8",
        ),
        (
            "manual-bad-date.csv",
            {},
            "manual-bad-date.csv:3: column 'period_start': '31 July' is not a date "
            "(use YYYY-MM-DD)",
        ),
        (
            "manual-duplicate.csv",
            {},
            "manual-duplicate.csv:4: the same figure appears twice (first at line 2)",
        ),
        (
            "links-without-issue.csv",
            {},
            "links-without-issue.csv: cannot tell which issue these clicks belong to (no "
            "utm_campaign naming one issue, no 'issue' column); give --issue (issues: "
            '2023-06 "June 2023: violence reduction, pregnancy loss policy and sexual '
            'safety"; 2023-12 "December 2023: retention, sexual safety and violence '
            'prevention")',
        ),
    ],
)
def test_broken_export_is_refused_with_file_line_and_nothing_is_stored(
    store: MetricsStore, workspace: Workspace, name: str, options: dict[str, str], message: str
) -> None:
    with pytest.raises(MetricsError) as caught:
        import_file(store, workspace, BROKEN / name, **options)  # type: ignore[arg-type]
    assert str(caught.value) == message
    assert _counts(store) == (0, 0, 0)


def test_a_campaign_that_matches_no_issue_is_skipped_and_listed_not_refused(
    store: MetricsStore, workspace: Workspace
) -> None:
    result = import_file(store, workspace, BROKEN / "mailchimp-unknown-campaign.csv")
    assert result.rows == 0
    assert [str(p) for p in result.skipped] == [
        "mailchimp-unknown-campaign.csv:2: note: skipped the campaign 'Spring reminder', "
        "'Save the date' sent 2023-03-02: it matches no issue [campaign-skipped]",
    ]
    assert [str(p) for p in result.warnings] == [
        "mailchimp-unknown-campaign.csv: warning: no figures found [no-figures]"
    ]
    assert _counts(store) == (1, 0, 0)


def test_a_single_campaign_report_that_matches_no_issue_is_refused_with_the_issues(
    store: MetricsStore, workspace: Workspace, tmp_path: Path
) -> None:
    report = tmp_path / "spring.csv"
    report.write_text(
        (DATA / "mailchimp" / "report-2023-12.csv")
        .read_text(encoding="utf-8")
        .replace("SPF bulletin December 2023", "Spring reminder")
        .replace("Retention, sexual safety and violence prevention", "Save the date")
        .replace("Dec 14, 2023", "Mar 2, 2023"),
        encoding="utf-8",
    )
    with pytest.raises(MetricsError) as caught:
        import_file(store, workspace, report)
    assert str(caught.value) == (
        "spring.csv: cannot tell which issue the campaign 'Spring reminder', 'Save the date' "
        "sent 2023-03-02 belongs to; give --issue (issues: "
        '2023-06 "June 2023: violence reduction, pregnancy loss policy and sexual safety"; '
        '2023-12 "December 2023: retention, sexual safety and violence prevention")'
    )
    assert _counts(store) == (0, 0, 0)
    forced = import_file(store, workspace, report, issue="2023-12")
    assert forced.issue_ids == ("2023-12",)


def test_bad_row_after_good_rows_rolls_back_the_whole_file(
    store: MetricsStore, workspace: Workspace
) -> None:
    # Rows 2-6 are fine and were already sent to the database when row 7 failed.
    with pytest.raises(MetricsError):
        import_file(store, workspace, BROKEN / "klaviyo-bad-number.csv", issue="2023-06")
    assert _counts(store) == (0, 0, 0)


def test_utf8_bom_semicolons_and_windows_1252_are_read(
    store: MetricsStore, workspace: Workspace
) -> None:
    bom = import_file(store, workspace, ENCODINGS / "mailchimp-bom.csv")
    assert bom.format == "mailchimp-api-csv" and bom.rows == 13
    semicolon = import_file(store, workspace, ENCODINGS / "mailchimp-semicolon.csv")
    assert semicolon.rows == 6
    assert [r.describe() for r in semicolon.replaced] == [
        "replaced 13 figure(s) for 2023-12 imported from mailchimp-bom.csv on 2023-11-14 "
        "22:13 UTC"
    ]
    assert {r["metric"]: r["value"] for r in records(store, issue="2023-12")}[
        "emails_sent"
    ] == 4388
    cp1252 = import_file(store, workspace, ENCODINGS / "mailchimp-cp1252.csv")
    assert [str(p) for p in cp1252.warnings] == [
        "mailchimp-cp1252.csv: warning: not UTF-8; read as Windows-1252 (save exports as UTF-8 "
        "to be sure) [encoding]"
    ]
    labels = {r["label"] for r in records(store, issue="2023-12")}
    assert labels == {"SPF bulletin December 2023 – £0 events and Partners’ news"}


def test_importing_the_same_file_twice_changes_nothing(
    store: MetricsStore, workspace: Workspace, tmp_path: Path
) -> None:
    first = import_file(store, workspace, DATA / "mailchimp-2023-06.json")
    before = records(store)
    # Same bytes under another name: still the same export.
    copy = tmp_path / "renamed.json"
    shutil.copy(DATA / "mailchimp-2023-06.json", copy)
    again = import_file(store, workspace, copy)
    assert first.changed and not again.changed
    assert again.messages() == [
        "renamed.json: already imported on 2023-11-14 22:13 UTC, nothing changed"
    ]
    assert records(store) == before
    assert _counts(store) == (1, 13, 0)


def test_newer_export_of_the_same_campaign_replaces_the_older_figures_and_says_so(
    store: MetricsStore, workspace: Workspace
) -> None:
    import_file(store, workspace, DATA / "mailchimp-2023-12.csv")
    newer = import_file(store, workspace, DATA / "mailchimp-2023-12-later.csv")
    assert newer.messages() == [
        "mailchimp-2023-12-later.csv: stored 13 figure(s) as mailchimp-api-csv (2023-12)",
        "replaced 13 figure(s) for 2023-12 imported from mailchimp-2023-12.csv on "
        "2023-11-14 22:13 UTC",
    ]
    summary = issue_summary(store, "2023-12")
    assert summary.email is not None
    assert summary.email.unique_opens == 2517
    # The older figures are kept, hidden, for the record.
    history = records(store, issue="2023-12", metric="unique_opens", include_replaced=True)
    assert [(r["value"], r["replaced_by"]) for r in history] == [
        (2402, newer.batch_id),
        (2517, None),
    ]


def test_other_issues_and_sources_are_not_replaced(
    store: MetricsStore, workspace: Workspace
) -> None:
    import_file(store, workspace, DATA / "mailchimp-2023-06.json")
    import_file(store, workspace, DATA / "ga4-pages-2023-06.csv")
    december = import_file(store, workspace, DATA / "mailchimp-2023-12.csv")
    assert december.replaced == ()
    assert len(records(store, issue="2023-06")) == 13 + 8
