"""Importing every export format into the store, on SQLite and on PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from spfcomms import Config, Workspace, load_workspace
from spfcomms.metrics import MetricsStore, detect_format, import_file, issue_summary, records

DATA = Path(__file__).parent / "data" / "metrics"


@pytest.fixture
def workspace(repo_config: Config) -> Workspace:
    return load_workspace(repo_config)


def _values(store: MetricsStore, issue: str, channel: str = "email") -> dict[str, float]:
    return {r["metric"]: r["value"] for r in records(store, issue=issue, channel=channel)}


def test_mailchimp_json_report_stores_raw_and_proxy_excluded_opens_and_flags_raw(
    store: MetricsStore, workspace: Workspace
) -> None:
    result = import_file(store, workspace, DATA / "mailchimp-2023-06.json")
    assert result.format == "mailchimp-json"
    assert result.issue_ids == ("2023-06",)
    rows = {r["metric"]: r for r in records(store, issue="2023-06")}
    assert rows["unique_opens"]["value"] == 2288
    assert rows["unique_opens"]["flags"] == "mpp_inflated"
    assert rows["opens_total"]["flags"] == "mpp_inflated"
    assert rows["proxy_excluded_unique_opens"]["value"] == 1187
    assert rows["proxy_excluded_unique_opens"]["flags"] == ""
    assert rows["emails_sent"]["period_start"] == datetime(2023, 6, 29, 9, 0, 12, tzinfo=UTC)
    assert rows["emails_sent"]["imported_at"].tzinfo is not None


def test_mailchimp_reports_list_is_matched_to_issues_by_subject(
    store: MetricsStore, workspace: Workspace
) -> None:
    result = import_file(store, workspace, DATA / "mailchimp-reports.json")
    assert result.issue_ids == ("2023-06", "2023-12")
    assert _values(store, "2023-12")["emails_sent"] == 4388


def test_mailchimp_api_columns_csv_reads_thousands_separators(
    store: MetricsStore, workspace: Workspace
) -> None:
    result = import_file(store, workspace, DATA / "mailchimp-2023-12.csv")
    assert result.format == "mailchimp-api-csv"
    figures = _values(store, "2023-12")
    assert figures["emails_sent"] == 4388
    assert figures["unique_opens"] == 2402


def test_klaviyo_export_skips_sms_campaigns_and_keeps_delivered(
    store: MetricsStore, workspace: Workspace
) -> None:
    result = import_file(store, workspace, DATA / "klaviyo-campaigns.csv")
    assert result.format == "klaviyo-csv"
    assert result.rows == 2 * 9  # nine figures per campaign
    june = _values(store, "2023-06")
    assert june["emails_sent"] == 4210
    assert june["delivered"] == 4146
    assert june["bounces"] == 64
    assert all(r["source"] == "klaviyo" for r in records(store))


def test_mapped_csv_uses_the_column_map_from_config(
    store: MetricsStore, workspace: Workspace
) -> None:
    column_map = {
        "Newsletter": "campaign_title",
        "Date sent": "send_time",
        "Sent": "emails_sent",
        "Bounced": "bounces",
        "Opened (unique)": "unique_opens",
        "Clicked (unique)": "unique_clicks",
        "Opted out": "unsubscribed",
    }
    config = workspace.config
    config = replace(config, metrics=replace(config.metrics, column_map=column_map,
                                             column_map_source="campaign-tool"))
    mapped = replace(workspace, config=config)
    result = import_file(store, mapped, DATA / "mapped-2023-06.csv")
    assert result.format == "mapped-csv"
    summary = issue_summary(store, "2023-06")
    assert summary.email is not None
    assert summary.email.source == "campaign-tool"
    assert summary.email.delivered == 4210 - 64


def test_link_clicks_are_mapped_to_items_and_agenda_items(
    store: MetricsStore, workspace: Workspace
) -> None:
    result = import_file(store, workspace, DATA / "links-2023-06.csv")
    assert result.format == "link-clicks-csv"
    assert result.issue_ids == ("2023-06",)
    items = {i.item_id: i for i in issue_summary(store, "2023-06").items}
    meeting = items["wider-group-2023-06-21"]
    # Its permalink (214), a link to an agenda item on it (41), the VPR Standard link in
    # the first agenda item (96). The EDI plan is linked only from the news story (58).
    assert meeting.clicks == 214 + 41 + 96
    assert meeting.clicks_by_anchor == {
        "spf-violence-reduction-subgroup-update": 96,
        "tackling-sexual-misconduct-in-the-nhs": 41,
    }
    assert items["news-2023-06-edi-improvement-plan"].clicks == 58
    assert items["news-2023-06-sussex-vpr-strategy"].clicks == 1077
    assert items[None].clicks == 12  # the social link is in no item


def test_ga4_export_reads_its_dates_and_matches_pages(
    store: MetricsStore, workspace: Workspace
) -> None:
    result = import_file(store, workspace, DATA / "ga4-pages-2023-06.csv")
    assert result.format == "ga4-csv"
    assert result.warnings == ()
    assert [str(p) for p in result.problems] == [
        "ga4-pages-2023-06.csv: note: 2 page(s) are not issue or item pages: stored as site "
        "pages [site-pages]"
    ]
    summary = issue_summary(store, "2023-06")
    assert summary.web_views is not None
    assert (summary.web_views.value, summary.web_views.source) == (
        1620 + 2210 + 12 + 640 + 415,
        "ga4",
    )
    items = {i.item_id: i for i in summary.items}
    views = items["wider-group-2023-06-21"].page_views
    assert views is not None and (views.value, views.source) == (2222, "ga4")
    row = records(store, metric="page_views", issue="2023-06")[0]
    assert row["period_start"] == datetime(2023, 6, 28, 23, 0, tzinfo=UTC)  # London midnight
    assert row["period_end"] == datetime(2023, 7, 31, 23, 0, tzinfo=UTC)


def test_matomo_export_needs_the_period(store: MetricsStore, workspace: Workspace) -> None:
    with pytest.raises(Exception) as caught:
        import_file(store, workspace, DATA / "matomo-pages-2023-12.csv")
    assert str(caught.value) == (
        "matomo-pages-2023-12.csv: a Matomo export does not say which days it covers; give "
        "--from and --to (for example --from 2023-06-01 --to 2023-06-30)"
    )
    result = import_file(
        store, workspace, DATA / "matomo-pages-2023-12.csv",
        period_start=datetime(2023, 12, 14).date(), period_end=datetime(2024, 1, 13).date(),
    )
    assert result.format == "matomo-csv"
    views = issue_summary(store, "2023-12").web_views
    assert views is not None and (views.value, views.source) == (1502 + 1890 + 441 + 603, "matomo")


def test_manual_csv_and_toml_figures(store: MetricsStore, workspace: Workspace) -> None:
    import_file(store, workspace, DATA / "manual-2023.csv")
    import_file(store, workspace, DATA / "manual-2023.toml")
    june = issue_summary(store, "2023-06")
    assert [(f.channel, f.metric, f.value, f.label) for f in june.manual] == [
        ("podcast", "listens", 412.0, None),
        ("social", "followers", 2315.0, "linkedin"),
        ("social", "impressions", 12840.0, "linkedin"),
    ]
    december = issue_summary(store, "2023-12")
    assert {(f.channel, f.metric): f.value for f in december.manual} == {
        ("event", "attendance"): 86,
        ("partner", "pickups"): 7,
        ("podcast", "listens"): 298,
        ("social", "impressions"): 9705,
    }


def test_formats_are_detected_from_extension_and_header() -> None:
    expected = {
        "mailchimp-2023-06.json": "mailchimp-json",
        "mailchimp-2023-12.csv": "mailchimp-api-csv",
        "mailchimp/reports-2023.csv": "mailchimp-csv",
        "mailchimp/reports-2023-12-semicolon.csv": "mailchimp-csv",
        "mailchimp/reports-2023-12-cp1252.csv": "mailchimp-csv",
        "mailchimp/report-2023-12.csv": "mailchimp-report-csv",
        "mailchimp/ab-report-2023-06.csv": "mailchimp-report-csv",
        "klaviyo-campaigns.csv": "klaviyo-csv",
        "links-2023-06.csv": "link-clicks-csv",
        "ga4-pages-2023-06.csv": "ga4-csv",
        "matomo-pages-2023-12.csv": "matomo-csv",
        "manual-2023.csv": "manual-csv",
        "manual-2023.toml": "manual-toml",
    }
    assert {name: detect_format(DATA / name) for name in expected} == expected
    assert detect_format(Path("access.log.1.gz")) == "access-log"


def test_progress_callback_reaches_the_end_of_the_file(
    store: MetricsStore, workspace: Workspace
) -> None:
    calls: list[tuple[int, int | None]] = []
    import_file(store, workspace, DATA / "klaviyo-campaigns.csv",
                progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (4, 4)


def test_utf16_matomo_export_with_api_column_names(
    store: MetricsStore, workspace: Workspace, tmp_path: Path
) -> None:
    export = tmp_path / "matomo-api.csv"
    export.write_text(
        "label,nb_visits,nb_hits,url\n"
        "bulletin/issues/2023-12,1190,1502,https://www.socialpartnershipforum.org/bulletin/issues/2023-12/\n",
        encoding="utf-16",
    )
    result = import_file(store, workspace, export, format="matomo-csv",
                         period_start=datetime(2023, 12, 14).date(),
                         period_end=datetime(2023, 12, 31).date())
    assert result.rows == 2
    summary = issue_summary(store, "2023-12")
    assert summary.web_views is not None and summary.web_visitors is not None
    assert (summary.web_views.value, summary.web_visitors.value) == (1502, 1190)
    assert summary.web_views.source == summary.web_visitors.source == "matomo"


def test_unknown_layout_asks_for_a_format(tmp_path: Path) -> None:
    export = tmp_path / "mystery.csv"
    export.write_text("Name,Count\nx,1\n", encoding="utf-8")
    with pytest.raises(Exception) as caught:
        detect_format(export)
    assert str(caught.value) == (
        "mystery.csv:1: cannot tell the format from the header (Name, Count); give --format "
        "(mailchimp-csv, mailchimp-report-csv, mailchimp-json, mailchimp-api-csv, klaviyo-csv, "
        "mapped-csv, link-clicks-csv, ga4-csv, matomo-csv, manual-csv, manual-toml, access-log)"
    )


def test_column_map_to_an_unknown_field_is_named(
    store: MetricsStore, workspace: Workspace
) -> None:
    config = replace(workspace.config, metrics=replace(
        workspace.config.metrics, column_map={"Sent": "emails_sent", "Opened": "opens"}))
    with pytest.raises(Exception) as caught:
        import_file(store, replace(workspace, config=config), DATA / "mapped-2023-06.csv",
                    format="mapped-csv")
    assert str(caught.value).startswith(
        "[metrics].column_map: unknown field(s) opens (known: emails_sent, hard_bounces,"
    )
