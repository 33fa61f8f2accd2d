"""The site section: feed subscribers over time, feed fetches, partner pickups (by
Referer, by a partner's server), views of every site page, and hand-kept figures of no
issue, in ``metrics show`` (table, JSON, CSV). On SQLite and on PostgreSQL."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from spfcomms import Config, load_workspace
from spfcomms.cli import main
from spfcomms.commands.metrics import show, site_csv, summary_json
from spfcomms.metrics import MetricsStore, import_file, issue_summary, site_summary
from spfcomms.model.exceptions import MetricsError

from .support.metrics import access_line

DATA = Path(__file__).parent / "data" / "metrics"
FEEDLY = "Feedly/1.0 (+http://www.feedly.com/fetcher.html; {} subscribers)"
INOREADER = "Mozilla/5.0 (compatible; inoreader.com; {} subscribers)"
NEWSBLUR = "NewsBlur Feed Fetcher - {} subscribers - https://www.newsblur.com/site/6021234/spf"


def _polls_long_after_the_last_issue(path: Path) -> Path:
    """Aggregators polling the feeds in December (the last issue) and again in March and
    April 2024, months after it; many polls a day, each saying its count."""
    lines = []
    for day, feedly, inoreader in (
        ("15/Dec/2023", 31, 6),
        ("16/Dec/2023", 33, 6),
        ("04/Mar/2024", 36, 8),
        ("20/Mar/2024", 35, 8),
        ("01/Apr/2024", 38, 9),
        ("02/Apr/2024", 37, 9),
    ):
        for hour in ("06", "12", "18"):
            lines.append(access_line("192.0.2.10", f"{day}:{hour}:00:00", "/bulletin/feed.xml",
                                     304, FEEDLY.format(feedly)))
            lines.append(access_line("192.0.2.20", f"{day}:{hour}:05:00", "/bulletin/atom.xml",
                                     200, INOREADER.format(inoreader)))
    # Out of order in the file: the latest by time wins, not the last line.
    lines.insert(0, access_line("192.0.2.30", "03/Apr/2024:09:00:00", "/bulletin/feed.xml",
                                200, NEWSBLUR.format(12)))
    lines.append(access_line("192.0.2.30", "28/Mar/2024:09:00:00", "/bulletin/feed.xml",
                             200, NEWSBLUR.format(11)))
    path.write_text("".join(lines), encoding="utf-8")
    return path


def test_show_json_of_a_log_alone_has_the_latest_count_per_aggregator_and_feed(
    metrics_workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = _polls_long_after_the_last_issue(tmp_path / "access.log")
    assert main(["-q", "-c", str(metrics_workspace), "metrics", "import", str(log)]) == 0
    assert main(["-c", str(metrics_workspace), "metrics", "show", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    latest = [
        (c["aggregator"], c["feed"], c["subscribers"], c["reported_at"], c["source"])
        for c in data["site"]["latest_feed_subscribers"]
    ]
    assert latest == [
        ("Feedly", "feed.xml", 37, "2024-04-02T18:00:00+00:00", "access-log"),
        ("Inoreader", "atom.xml", 9, "2024-04-02T18:05:00+00:00", "access-log"),
        ("NewsBlur 6021234", "feed.xml", 12, "2024-04-03T09:00:00+00:00", "access-log"),
    ]
    history = [
        (c["month"], c["aggregator"], c["subscribers"]) for c in data["site"]["feed_subscribers"]
    ]
    assert history == [
        ("2023-12", "Feedly", 33),
        ("2023-12", "Inoreader", 6),
        ("2024-03", "Feedly", 35),
        ("2024-03", "Inoreader", 8),
        ("2024-03", "NewsBlur 6021234", 11),
        ("2024-04", "Feedly", 37),
        ("2024-04", "Inoreader", 9),
        ("2024-04", "NewsBlur 6021234", 12),
    ]
    fetches = {f["name"]: f["figure"]["value"] for f in data["site"]["feed_fetches"]}
    assert fetches == {"atom.xml": 18, "feed.xml": 20}
    # The December issue's window holds only December's counts: never a sum of polls.
    december = next(i for i in data["issues"] if i["issue_id"] == "2023-12")
    assert december["feed_subscribers"] == 33 + 6


def _partner_log(path: Path) -> Path:
    lines = [
        # A partner page embedding our snippet, seen by its Referer (host mapped to a name).
        access_line("198.51.100.7", "14/Dec/2023:09:00:00", "/bulletin/snippets/latest.html",
                    referer="https://news.example-trust.nhs.uk/bulletin/"),
        # An unmapped partner, named by its host.
        access_line("198.51.100.8", "14/Dec/2023:09:01:00", "/bulletin/snippets/latest.html",
                    referer="https://www.unison-north.example.org/"),
        # The partner's WordPress fetching the feed on its server: a pickup, not a bot.
        access_line("203.0.113.40", "14/Dec/2023:09:02:00", "/bulletin/feed.xml",
                    agent="WordPress/6.4.2; https://www.example-trust.nhs.uk"),
        # A PHP script from the regional SPF's server (its IP range) taking a snippet.
        access_line("192.0.2.77", "14/Dec/2023:09:03:00", "/bulletin/snippets/latest-issue.html",
                    agent="PHP/8.2"),
        # curl from the same range in a cron job, answered 304: still a pickup.
        access_line("192.0.2.78", "14/Dec/2023:09:04:00", "/bulletin/feed.xml", 304,
                    agent="curl/8.4.0"),
        # curl and Drupal from nobody we know: bots.
        access_line("203.0.113.99", "14/Dec/2023:09:05:00", "/bulletin/feed.xml",
                    agent="curl/8.4.0"),
        access_line("203.0.113.98", "14/Dec/2023:09:06:00", "/bulletin/feed.xml",
                    agent="Drupal (+https://www.drupal.org/)"),
        # Other pages of the site, a stylesheet (not a page) and a bot.
        access_line("198.51.100.9", "14/Dec/2023:09:07:00", "/case-studies/"),
        access_line("198.51.100.10", "14/Dec/2023:09:08:00", "/case-studies/?page=2"),
        access_line("198.51.100.11", "14/Dec/2023:09:09:00", "/case-studies/index.html"),
        access_line("198.51.100.12", "14/Dec/2023:09:10:00", "/bullying/"),
        access_line("198.51.100.12", "14/Dec/2023:09:10:01", "/assets/site.css"),
        access_line("198.51.100.13", "14/Dec/2023:09:11:00", "/bulletin/"),
        access_line("66.249.66.1", "14/Dec/2023:09:12:00", "/bullying/",
                    agent="Mozilla/5.0 (compatible; Googlebot/2.1)"),
        access_line("198.51.100.14", "14/Dec/2023:09:13:00", "/missing/", 404),
    ]
    path.write_text("".join(lines), encoding="utf-8")
    return path


def test_partners_by_referer_host_and_by_their_servers_and_every_site_page(
    store: MetricsStore, repo_config: Config, tmp_path: Path
) -> None:
    partners = {
        "example-trust.nhs.uk": "example-trust",
        "192.0.2.0/24": "regional-spf",
    }
    config = replace(repo_config, metrics=replace(repo_config.metrics, partners=partners))
    workspace = load_workspace(config)
    import_file(store, workspace, _partner_log(tmp_path / "access.log"))
    site = site_summary(store)
    pickups = {p.name: p.figure.value for p in site.partner_pickups}
    assert pickups == {"example-trust": 2, "regional-spf": 2, "unison-north.example.org": 1}
    fetches = {f.name: f.figure.value for f in site.feed_fetches}
    assert fetches == {"feed.xml": 2}  # the partners' WordPress and curl; not the bots
    pages = {p.page: p.views.value for p in site.pages}
    assert pages == {"/case-studies": 3, "/bullying": 1, "/bulletin": 1}
    assert issue_summary(store, "2023-12").partner_pickups == pickups


def test_the_show_story_gives_the_site_alone_or_with_the_issues(
    store: MetricsStore, repo_config: Config, tmp_path: Path
) -> None:
    import_file(store, load_workspace(repo_config), _partner_log(tmp_path / "access.log"))
    site_only = show(store, site_only=True)
    assert site_only.issues is None and site_only.site is not None
    assert list(json.loads(summary_json(site_only))) == ["site"]
    rows = list(csv.DictReader(io.StringIO(site_csv(site_only.site))))
    pages = [(r["section"], r["name"], r["value"]) for r in rows if r["name"] == "/case-studies"]
    assert pages == [("page_views", "/case-studies", "3")]
    one = show(store, issue_id="2023-12")
    assert one.site is None and [s.issue_id for s in one.issues or ()] == ["2023-12"]
    assert list(json.loads(summary_json(one))) == ["issues"]
    both = show(store)
    assert both.site == site_only.site and len(both.issues or ()) == 2
    with pytest.raises(MetricsError, match="give an issue or --site, not both"):
        show(store, issue_id="2023-12", site_only=True)


def test_hand_kept_baselines_keep_their_metric_unit_label_period_and_source(
    metrics_workspace: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "220")  # a wide table: no cell is wrapped
    files = [DATA / "manual-baselines-2019.csv", DATA / "manual-2023.toml"]
    assert main(["-q", "-c", str(metrics_workspace), "metrics", "import", *map(str, files)]) == 0
    assert main(["-c", str(metrics_workspace), "metrics", "show", "--site", "--csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    manual = [
        (r["name"], r["detail"], r["value"], r["unit"], r["period_start"][:10], r["source"])
        for r in rows
        if r["section"] == "manual"
    ]
    assert manual == [
        ("podcast/listens", "HPMA partnership award episode", "400", "listens", "2018-05-31",
         "NSPF stocktake 2019"),
        ("social/new_followers", "twitter", "154", "followers", "2018-03-31",
         "NSPF stocktake 2019"),
        ("web/page_views", "tackling bullying page", "3736", "views", "2018-03-31",
         "NSPF stocktake 2019"),
        ("web/page_views_per_month", "case studies page", "250", "views a month", "2018-03-31",
         "NSPF stocktake 2019"),
    ]
    assert main(["-c", str(metrics_workspace), "metrics", "show"]) == 0
    table = capsys.readouterr().out
    assert "Social impressions (linkedin)" in table  # the metric is named, not just the label
    assert "Social new followers (twitter)" in table
    assert "154 followers" in table and "2018-04-01 to 2019-02-28" in table
    assert "NSPF stocktake 2019" in table
    assert main(["-c", str(metrics_workspace), "metrics", "show", "--json"]) == 0
    data: dict[str, Any] = json.loads(capsys.readouterr().out)
    kinds = {f["metric"]: f["kind"] for f in data["site"]["manual"]}
    assert kinds == {
        "listens": "count",
        "new_followers": "change",
        "page_views": "count",
        "page_views_per_month": "rate",
    }
    # Two podcast episodes of two issues stay two figures.
    listens = [
        (i["issue_id"], f["value"]) for i in data["issues"] for f in i["manual"]
        if f["metric"] == "listens"
    ]
    assert listens == [("2023-12", 298)]


def test_a_manual_kind_that_is_not_known_is_refused(
    store: MetricsStore, repo_config: Config, tmp_path: Path
) -> None:
    bad = tmp_path / "manual.csv"
    bad.write_text("channel,metric,value,period_start,period_end,kind\n"
                   "social,followers,2315,2023-07-01,2023-07-01,snapshot\n")
    with pytest.raises(Exception) as caught:
        import_file(store, load_workspace(repo_config), bad)
    assert str(caught.value) == (
        "manual.csv:2: kind 'snapshot': use one of count, level, change, rate, distinct "
        "(or leave it empty)"
    )


def test_show_site_on_an_empty_store_says_how_to_fill_it(
    repo_workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["-c", str(repo_workspace), "-q", "metrics", "show", "--site"]) == 1
    assert "is empty: import some figures" in capsys.readouterr().err
    assert main(["-c", str(repo_workspace), "-q", "metrics", "show", "2023-12", "--site"]) == 1
    assert "give an issue or --site, not both" in capsys.readouterr().err


def test_partner_settings_are_checked(tmp_path: Path) -> None:
    from spfcomms import load_config
    from spfcomms.model.exceptions import ConfigError

    (tmp_path / "spfcomms.toml").write_text(
        '[metrics]\npartners = { "192.0.2.0/33" = "x", "bad host!" = "y" }\n'
        'mailchimp_api_url = "ftp://x"\n[snippets]\npartners = ["Example Trust"]\n'
    )
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path)
    text = str(caught.value)
    assert "'192.0.2.0/33' is neither a host name nor an IP range" in text
    assert "'bad host!' is not a host name" in text
    assert "[metrics].mailchimp_api_url: expected an http(s) URL, got 'ftp://x'" in text
    assert "[snippets].partners: 'Example Trust' must be lower-case letters" in text


