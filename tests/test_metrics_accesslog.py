"""Storing an access-log summary: page views, feeds, subscribers, partner pickups."""

from __future__ import annotations

from pathlib import Path

from spfcomms import Config, load_workspace
from spfcomms.metrics import MetricsStore, import_file, issue_summary, records

BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:115.0) Gecko/20100101 Firefox/115.0"
FEEDLY = "Feedly/1.0 (+http://www.feedly.com/fetcher.html; 31 subscribers)"
FEEDLY_LATER = "Feedly/1.0 (+http://www.feedly.com/fetcher.html; 33 subscribers)"
BOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"


def _line(ip: str, when: str, path: str, status: int, agent: str, referer: str = "-") -> str:
    return f'{ip} - - [{when} +0000] "GET {path} HTTP/1.1" {status} 5120 "{referer}" "{agent}"\n'


def _log(path: Path) -> Path:
    base = "/bulletin/"
    lines = [
        _line("198.51.100.7", "29/Jun/2023:10:00:00", base + "issues/2023-06/", 200, BROWSER),
        _line(
            "198.51.100.7",
            "29/Jun/2023:10:01:00",
            base + "items/wider-group-2023-06-21/",
            200,
            BROWSER,
        ),
        _line(
            "198.51.100.8",
            "29/Jun/2023:11:00:00",
            base + "items/wider-group-2023-06-21/",
            200,
            BROWSER,
        ),
        _line(
            "198.51.100.8",
            "29/Jun/2023:11:05:00",
            base + "items/wider-group-2023-06-21/",
            304,
            BROWSER,
        ),
        _line("66.249.66.1", "29/Jun/2023:12:00:00", base + "issues/2023-06/", 200, BOT),
        _line("64.6.1.1", "29/Jun/2023:13:00:00", base + "feed.xml", 200, FEEDLY),
        _line("64.6.1.1", "30/Jun/2023:13:00:00", base + "feed.xml", 304, FEEDLY_LATER),
        _line(
            "203.0.113.5",
            "30/Jun/2023:14:00:00",
            base + "snippets/latest.html",
            200,
            BROWSER,
            "https://www.example-trust.nhs.uk/news/",
        ),
    ]
    path.write_text("".join(lines), encoding="utf-8")
    return path


def test_access_log_summary_is_stored_per_issue_item_feed_and_partner(
    store: MetricsStore, repo_config: Config, tmp_path: Path
) -> None:
    workspace = load_workspace(repo_config)
    log = _log(tmp_path / "access.log")
    result = import_file(store, workspace, log)
    assert result.format == "access-log"
    assert result.lines_read == 8
    summary = issue_summary(store, "2023-06")
    assert summary.web_views is not None
    # The bot and the 304 do not count.
    assert (summary.web_views.value, summary.web_views.source) == (3, "access-log")
    items = {i.item_id: i for i in summary.items}
    views = items["wider-group-2023-06-21"].page_views
    assert views is not None and (views.value, views.source) == (2, "access-log")
    assert summary.feed_subscribers == 33  # the latest count, not a sum
    assert summary.partner_pickups == {"example-trust.nhs.uk": 1}
    fetches = {r["url"]: r["value"] for r in records(store, metric="feed_fetches")}
    assert list(fetches.values()) == [2]
    # The same log again changes nothing.
    assert not import_file(store, workspace, log).changed


def test_lines_not_understood_are_warnings_at_their_line(
    store: MetricsStore, repo_config: Config
) -> None:
    log = Path(__file__).parent / "data" / "accesslog" / "malformed.log"
    result = import_file(store, load_workspace(repo_config), log)
    lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
    warned = [p for p in result.problems if p.code == "unreadable-line"]
    assert warned, "the malformed log has lines that are not log lines"
    assert all(p.file == "malformed.log" and p.severity == "warning" for p in warned)
    assert "this is not a log line" in lines[warned[0].line - 1]
    assert all(str(p).startswith(f"malformed.log:{p.line}: warning: ") for p in warned)
