"""Mailchimp's own CSV exports: the Reports page's "Export as CSV" and one campaign's
report (A/B tests included), with the layouts, dates, counts and encodings Mailchimp
and spreadsheets write. Exact stored figures, on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from spfcomms import Config, Workspace, load_workspace
from spfcomms.metrics import MetricsStore, detect_format, import_file, issue_summary, records
from spfcomms.model.exceptions import MetricsError

DATA = Path(__file__).parent / "data" / "metrics" / "mailchimp"

JUNE = {
    "emails_sent": 4210,
    "delivered": 4146,
    "soft_bounces": 41,
    "hard_bounces": 23,
    "bounces": 64,
    "unique_opens": 2288,
    "opens_total": 5312,
    "unique_clicks": 512,
    "clicks_total": 803,
    "unsubscribed": 9,
    "abuse_reports": 1,
}
DECEMBER = {
    "emails_sent": 4388,
    "delivered": 4333,
    "soft_bounces": 37,
    "hard_bounces": 18,
    "bounces": 55,
    "unique_opens": 2402,
    "opens_total": 5620,
    "unique_clicks": 577,
    "clicks_total": 911,
    "unsubscribed": 12,
    "abuse_reports": 0,
}


# December's campaign a month on, as its own report and a later export give it.
DECEMBER_LATER = {
    "emails_sent": 4388,
    "delivered": 4333,
    "bounces": 55,
    "unique_opens": 2517,
    "opens_total": 5981,
    "unique_clicks": 618,
    "clicks_total": 990,
    "unsubscribed": 14,
    "abuse_reports": 0,
}


@pytest.fixture
def workspace(repo_config: Config) -> Workspace:
    return load_workspace(repo_config)


def _email(store: MetricsStore, issue: str) -> dict[str, float]:
    return {r["metric"]: r["value"] for r in records(store, issue=issue, channel="email")}


def test_the_reports_export_stores_each_bulletin_and_skips_what_matches_no_issue(
    store: MetricsStore, workspace: Workspace
) -> None:
    path = DATA / "reports-2023.csv"
    assert detect_format(path) == "mailchimp-csv"
    result = import_file(store, workspace, path)
    assert (result.format, result.issue_ids, result.rows) == (
        "mailchimp-csv",
        ("2023-06", "2023-12"),
        22,
    )
    assert _email(store, "2023-06") == JUNE
    assert _email(store, "2023-12") == DECEMBER
    # The test send (same month as June's issue) and the other list's newsletter are not
    # the bulletin: skipped and listed, and the file still imports.
    assert [str(p) for p in result.skipped] == [
        "reports-2023.csv:3: note: skipped the campaign 'Layout test (comms team)', 'Test "
        "send: new bulletin header' sent 2023-06-27: it matches no issue [campaign-skipped]",
        "reports-2023.csv:4: note: skipped the campaign 'Wider Group members note', 'Papers "
        "for the December meeting' sent 2023-11-30: it matches no issue [campaign-skipped]",
    ]
    assert result.warnings == ()
    assert result.messages()[-1].startswith(
        "skipped 2 campaign(s) that match no issue; if one is a bulletin, name the issue"
    )
    june = {r["metric"]: r for r in records(store, issue="2023-06")}
    # "Jun 29, 2023 10:00 am" in the account's zone (London, summer time) is 09:00 UTC.
    assert june["emails_sent"]["period_start"] == datetime(2023, 6, 29, 9, 0, tzinfo=UTC)
    assert june["emails_sent"]["origin"] == "campaign 4f1a2b3c9d"
    assert june["emails_sent"]["source"] == "mailchimp"
    summary = issue_summary(store, "2023-06")
    assert summary.email is not None
    assert (summary.email.delivered, summary.email.open_rate) == (4146, 2288 / 4146)


def test_a_campaign_report_stores_its_stats_and_credits_clicks_to_items_and_anchors(
    store: MetricsStore, workspace: Workspace
) -> None:
    path = DATA / "report-2023-12.csv"
    assert detect_format(path) == "mailchimp-report-csv"
    result = import_file(store, workspace, path)
    assert (result.format, result.issue_ids) == ("mailchimp-report-csv", ("2023-12",))
    assert _email(store, "2023-12") == DECEMBER_LATER
    sent = records(store, metric="emails_sent")[0]["period_start"]
    assert sent == datetime(2023, 12, 14, 10, 30, tzinfo=UTC)  # "Thu, Dec 14, 2023 10:30"
    items = {i.item_id: i for i in issue_summary(store, "2023-12").items}
    meeting = items["wider-group-2023-12-06"]
    assert meeting.clicks == 380 + 80 + 160 + 90 + 25
    assert meeting.unique_clicks == 240 + 70 + 140 + 80 + 24
    assert meeting.clicks_by_anchor == {"retention-exemplars": 90, "sexual-safety": 80 + 160 + 25}
    assert meeting.clicks_source == "mailchimp"
    assert items["north-east-spf"].clicks == 110
    # The issue page, the social link and Mailchimp's own links are outside our items.
    assert items[None].clicks == 62 + 9 + 14 + 0


def test_an_ab_report_adds_its_combinations_and_their_clicks(
    store: MetricsStore, workspace: Workspace
) -> None:
    path = DATA / "ab-report-2023-06.csv"
    assert detect_format(path) == "mailchimp-report-csv"
    result = import_file(store, workspace, path)
    assert result.issue_ids == ("2023-06",)
    # Each combination went to different recipients: the campaign is their sum.
    assert _email(store, "2023-06") == {
        "emails_sent": 2105 + 2105,
        "delivered": 2073 + 2073,
        "bounces": 32 + 32,
        "unique_opens": 1150 + 1138,
        "opens_total": 2660 + 2652,
        "unique_clicks": 262 + 250,
        "clicks_total": 409 + 394,
        "unsubscribed": 5 + 4,
        "abuse_reports": 1 + 0,
    }
    label = records(store, metric="emails_sent")[0]["label"]
    assert label == "SPF bulletin June 2023 (subject line test)"
    # Each combination's links carry their own mc_cid; they are one link each.
    items = {i.item_id: i for i in issue_summary(store, "2023-06").items}
    assert items["news-2023-06-sussex-vpr-strategy"].clicks == 290 + 284
    assert items["wider-group-2023-06-21"].clicks_by_anchor == {
        "spf-violence-reduction-subgroup-update": 27 + 25,
        "tackling-sexual-misconduct-in-the-nhs": 12 + 10,
    }


def test_an_ab_report_names_its_issue_by_a_combination_subject(
    store: MetricsStore, workspace: Workspace, tmp_path: Path
) -> None:
    report = tmp_path / "ab.csv"
    text = (DATA / "ab-report-2023-06.csv").read_text(encoding="utf-8")
    report.write_text(text.replace("SPF bulletin June 2023 (subject line test)", "A/B test"),
                      encoding="utf-8")
    assert import_file(store, workspace, report).issue_ids == ("2023-06",)


def test_a_newer_report_of_the_same_campaign_replaces_the_reports_export_row(
    store: MetricsStore, workspace: Workspace
) -> None:
    import_file(store, workspace, DATA / "reports-2023.csv")
    newer = import_file(store, workspace, DATA / "report-2023-12.csv")
    assert [r.describe() for r in newer.replaced] == [
        "replaced 11 figure(s) for 2023-12 imported from reports-2023.csv on 2023-11-14 "
        "22:13 UTC"
    ]
    email = issue_summary(store, "2023-12").email
    assert email is not None and (email.unique_opens, email.others) == (2517, {})
    assert _email(store, "2023-06") == JUNE  # the other campaign is untouched


def test_a_semicolon_separated_copy_from_a_spreadsheet(
    store: MetricsStore, workspace: Workspace
) -> None:
    result = import_file(store, workspace, DATA / "reports-2023-12-semicolon.csv")
    assert (result.format, result.issue_ids) == ("mailchimp-csv", ("2023-12",))
    assert _email(store, "2023-12") == {**DECEMBER_LATER, "soft_bounces": 37, "hard_bounces": 18}


def test_a_windows_1252_export_is_read_with_a_warning(
    store: MetricsStore, workspace: Workspace
) -> None:
    result = import_file(store, workspace, DATA / "reports-2023-12-cp1252.csv")
    assert [str(p) for p in result.warnings] == [
        "reports-2023-12-cp1252.csv: warning: not UTF-8; read as Windows-1252 (save exports "
        "as UTF-8 to be sure) [encoding]"
    ]
    assert _email(store, "2023-12") == DECEMBER
    assert {r["label"] for r in records(store)} == {
        "SPF bulletin December 2023 – £0 events and partners’ news"
    }


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ('"Recipients Who Opened:","2,517 (58.09%)"', '"Recipients Who Opened:","lots"'),
            "report.csv:12: column 'recipients who opened': 'lots' is not a whole number",
        ),
        (
            ('"Recipients Who Clicked:","618 (14.26%)"\r\n', ""),
            "report.csv:6: the 'Overall Stats' block has no 'Recipients Who Clicked:' line",
        ),
        (
            ('"Delivery Date/Time:","Thu, Dec 14, 2023 10:30"', '"Delivery Date/Time:","soon"'),
            "report.csv:4: column 'Delivery Date/Time': 'soon' is not a date and time",
        ),
        (
            ('"Overall Stats"', '"Opens by location"'),
            "report.csv: no 'Overall Stats' or 'Combination N Stats' block: is this a "
            "Mailchimp campaign report?",
        ),
        (
            ('"URL","Total Clicks","Unique Clicks"', '"Link","Clicks"'),
            "report.csv:23: the 'Clicks By Url' table needs the columns URL and Total Clicks "
            "(it has: Link, Clicks)",
        ),
    ],
)
def test_a_broken_campaign_report_names_the_line_and_stores_nothing(
    store: MetricsStore,
    workspace: Workspace,
    tmp_path: Path,
    change: tuple[str, str],
    message: str,
) -> None:
    text = (DATA / "report-2023-12.csv").read_bytes().decode("utf-8")
    assert change[0] in text
    broken = tmp_path / "report.csv"
    broken.write_bytes(text.replace(*change).encode("utf-8"))
    with pytest.raises(MetricsError) as caught:
        import_file(store, workspace, broken)
    assert str(caught.value) == message
    assert records(store) == []


def test_a_reports_export_without_its_key_columns_names_them(
    store: MetricsStore, workspace: Workspace, tmp_path: Path
) -> None:
    text = (DATA / "reports-2023.csv").read_text(encoding="utf-8")
    broken = tmp_path / "reports.csv"
    broken.write_text(text.replace('"Unique Opens"', '"Opens (unique)"'), encoding="utf-8")
    with pytest.raises(MetricsError) as caught:
        import_file(store, workspace, broken, format="mailchimp-csv")
    assert str(caught.value).startswith(
        "reports.csv:1: missing column 'Unique Opens' (the header has: Title, Subject, List, "
    )
    assert records(store) == []


def test_na_cells_and_thousands_separators_in_the_reports_export(
    store: MetricsStore, workspace: Workspace, tmp_path: Path
) -> None:
    text = (DATA / "reports-2023.csv").read_text(encoding="utf-8")
    lines = text.splitlines()
    # December's row with "4,388" quoted and its abuse complaints not available.
    lines[4] = lines[4].replace(",4388,4333,", ',"4,388","4,333",')
    lines[4] = lines[4].replace(",12,0,0,0,", ",12,n/a,0,0,")
    export = tmp_path / "reports.csv"
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    import_file(store, workspace, export)
    december = _email(store, "2023-12")
    assert (december["emails_sent"], december["delivered"]) == (4388, 4333)
    assert "abuse_reports" not in december
