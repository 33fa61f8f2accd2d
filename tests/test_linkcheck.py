"""Link checking against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import sqlite3
import time
from contextlib import closing
from datetime import timedelta
from pathlib import Path

import pytest

from spfcomms.checks.linkcache import link_health, link_history
from spfcomms.checks.linkcheck import check_links, parse_retry_after
from spfcomms.checks.linkextract import LinkTarget, collect_link_targets, normalise_url
from spfcomms.checks.linkstatus import LinkResult, LinkStatus
from spfcomms.model.config import LinkcheckConfig
from spfcomms.model.content import Link
from spfcomms.model.problems import SourceLocation

from .support.http import LoopbackServer, Response

PAGE = (
    '<!doctype html><html lang="en"><body><h2 id="present">Here</h2>'
    '<a name="named-anchor"></a></body></html>'
)
FAST = LinkcheckConfig(timeout=0.3, retries=0, workers=8, per_host=4, max_retry_after=3.0,
                       user_agent="spfcomms-tests/1.0")


def _target(server: LoopbackServer, path: str, line: int = 1) -> LinkTarget:
    where = SourceLocation(Path("issues/2024-01/news.md"), line)
    return LinkTarget(normalise_url(server.url + path), (where,))


def _check(server: LoopbackServer, *paths: str, config: LinkcheckConfig = FAST,
           store: Path | None = None) -> dict[str, LinkResult]:
    results = check_links([_target(server, p) for p in paths], config, store_path=store)
    return {r.uri[len(server.url):]: r for r in results}


@pytest.fixture
def site(http_server: LoopbackServer) -> LoopbackServer:
    server = http_server
    server.route("/ok", 200, PAGE)
    server.route("/gone", 410, "gone")
    server.redirect("/moved", "/ok", 301)
    server.redirect("/moved-308", "/ok", 308)
    server.redirect("/temporary", "/ok", 302)
    server.redirect("/loop", "/loop", 302)
    server.route("/unavailable", 503, "down for maintenance")
    server.route("/slow", 200, PAGE, delay=1.0)

    def no_head(method: str, path: str, headers: dict[str, str]) -> Response:
        if method == "HEAD":
            return 405, {"Allow": "GET"}, b""
        return 200, {"Content-Type": "text/html"}, PAGE.encode()

    server.routes["/no-head"] = no_head
    return server


def test_working_page_is_ok_with_one_head_request(site: LoopbackServer) -> None:
    result = _check(site, "/ok")["/ok"]
    assert (result.status, result.code) == (LinkStatus.OK, 200)
    assert site.hits[("HEAD", "/ok")] == 1 and site.hits[("GET", "/ok")] == 0


@pytest.mark.parametrize(("path", "code", "message"), [
    ("/missing", 404, "404 Not Found"),
    ("/gone", 410, "410 Gone"),
])
def test_missing_and_gone_pages_are_broken(site: LoopbackServer, path: str, code: int,
                                           message: str) -> None:
    result = _check(site, path)[path]
    assert (result.status, result.code, result.message) == (LinkStatus.BROKEN, code, message)
    assert result.lines() == [f"issues/2024-01/news.md:1: [broken] {site.url}{path} — {message}"]


@pytest.mark.parametrize("path", ["/moved", "/moved-308"])
def test_permanent_redirect_suggests_the_new_address(site: LoopbackServer, path: str) -> None:
    result = _check(site, path)[path]
    assert result.status is LinkStatus.REDIRECTED
    assert result.new_uri == f"{site.url}/ok"
    assert "moved permanently" in result.message and "update the link" in result.message


def test_temporary_redirect_is_reported_without_asking_for_an_update(
    site: LoopbackServer,
) -> None:
    result = _check(site, "/temporary")["/temporary"]
    assert (result.status, result.code) == (LinkStatus.REDIRECTED, 302)
    assert "update the link" not in result.message


def test_redirect_to_a_missing_page_is_broken_and_says_where_it_went(
    site: LoopbackServer,
) -> None:
    site.redirect("/moved-to-nowhere", "/nowhere", 301)
    result = _check(site, "/moved-to-nowhere")["/moved-to-nowhere"]
    assert (result.status, result.code) == (LinkStatus.BROKEN, 404)
    assert result.message == f"404 Not Found (after a redirect to {site.url}/nowhere)"


def test_redirect_loop_is_broken(site: LoopbackServer) -> None:
    result = _check(site, "/loop")["/loop"]
    assert result.status is LinkStatus.BROKEN
    assert "redirect loop" in result.message


def test_head_refused_falls_back_to_get(site: LoopbackServer) -> None:
    result = _check(site, "/no-head")["/no-head"]
    assert result.status is LinkStatus.OK
    assert site.hits[("HEAD", "/no-head")] == 1 and site.hits[("GET", "/no-head")] == 1


def test_service_unavailable_is_ignored_not_broken(site: LoopbackServer) -> None:
    result = _check(site, "/unavailable")["/unavailable"]
    assert (result.status, result.code) == (LinkStatus.IGNORED, 503)


def test_slow_server_times_out(site: LoopbackServer) -> None:
    started = time.monotonic()
    result = _check(site, "/slow")["/slow"]
    assert result.status is LinkStatus.TIMEOUT
    assert time.monotonic() - started < 0.9


def test_timeout_is_retried_as_configured(site: LoopbackServer) -> None:
    retrying = LinkcheckConfig(timeout=0.2, retries=1, max_retry_after=1.0)
    assert _check(site, "/slow", config=retrying)["/slow"].status is LinkStatus.TIMEOUT
    assert site.hits[("HEAD", "/slow")] == 2


def test_429_waits_for_retry_after_then_succeeds(http_server: LoopbackServer) -> None:
    calls: list[float] = []

    def limited(method: str, path: str, headers: dict[str, str]) -> Response:
        calls.append(time.monotonic())
        if len(calls) == 1:
            return 429, {"Retry-After": "1", "Content-Type": "text/plain"}, b"slow down"
        return 200, {"Content-Type": "text/html"}, b"<p>fine</p>"

    http_server.routes["/limited"] = limited
    result = _check(http_server, "/limited")["/limited"]
    assert result.status is LinkStatus.OK
    assert len(calls) == 2 and calls[1] - calls[0] >= 0.95


def test_429_beyond_the_wait_limit_is_rate_limited_without_waiting(
    http_server: LoopbackServer,
) -> None:
    http_server.route("/busy", 429, "busy", {"Retry-After": "120"})
    started = time.monotonic()
    result = _check(http_server, "/busy")["/busy"]
    assert (result.status, result.code) == (LinkStatus.RATE_LIMITED, 429)
    assert time.monotonic() - started < 1.0


def test_fragment_present_in_the_target_page_is_ok(site: LoopbackServer) -> None:
    results = _check(site, "/ok#present", "/ok#named-anchor")
    assert results["/ok#present"].status is LinkStatus.OK
    assert results["/ok#named-anchor"].status is LinkStatus.OK
    assert site.hits[("GET", "/ok")] == 1  # one fetch serves every fragment of a page


def test_fragment_missing_from_the_target_page_is_broken(site: LoopbackServer) -> None:
    result = _check(site, "/ok#absent")["/ok#absent"]
    assert result.status is LinkStatus.BROKEN
    assert result.message == "anchor '#absent' not found"


def test_fragment_after_a_redirect_is_looked_up_in_the_final_page(site: LoopbackServer) -> None:
    result = _check(site, "/moved#present")["/moved#present"]
    assert result.status is LinkStatus.REDIRECTED
    assert result.new_uri == f"{site.url}/ok#present"


def test_polite_user_agent_is_sent(http_server: LoopbackServer) -> None:
    seen: list[str] = []

    def capture(method: str, path: str, headers: dict[str, str]) -> Response:
        seen.append(headers.get("User-Agent", ""))
        return 200, {"Content-Type": "text/html"}, b""

    http_server.routes["/ua"] = capture
    _check(http_server, "/ua")
    assert seen == ["spfcomms-tests/1.0"]


def test_mailto_is_checked_for_syntax_without_the_network() -> None:
    good = LinkTarget("mailto:forum.secretariat@example.org", ())
    bad = LinkTarget("mailto:forum.secretariat.example.org", ())
    # The email's "forward to a colleague" link names no address, only the message.
    forward = LinkTarget("mailto:?subject=December%202023&body=https%3A%2F%2Fx.org%2F", ())
    empty = LinkTarget("mailto:", ())
    results = {r.uri: r for r in check_links([good, bad, forward, empty], FAST)}
    assert results[good.uri].status is LinkStatus.OK
    assert results[bad.uri].status is LinkStatus.BROKEN
    assert results[forward.uri].status is LinkStatus.OK
    assert results[empty.uri].status is LinkStatus.BROKEN


def test_ignore_patterns_skip_the_request(site: LoopbackServer) -> None:
    config = LinkcheckConfig(timeout=0.3, ignore=(r"/gone$",))
    result = _check(site, "/gone", config=config)["/gone"]
    assert result.status is LinkStatus.IGNORED
    assert site.hits[("HEAD", "/gone")] == 0


def test_per_host_limit_caps_concurrent_requests(http_server: LoopbackServer) -> None:
    for n in range(12):
        http_server.route(f"/page-{n}", 200, "<p>x</p>", delay=0.05)
    config = LinkcheckConfig(timeout=2.0, workers=12, per_host=3)
    results = _check(http_server, *(f"/page-{n}" for n in range(12)), config=config)
    assert all(r.status is LinkStatus.OK for r in results.values())
    assert http_server.max_in_flight == 3


def test_second_run_uses_fresh_cached_results_without_requests(
    site: LoopbackServer, tmp_path: Path
) -> None:
    store = tmp_path / "links.sqlite"
    paths = ("/ok", "/missing", "/moved", "/unavailable")
    first = _check(site, *paths, store=store)
    requests_after_first = sum(site.hits.values())
    second = _check(site, *paths, store=store)
    assert sum(site.hits.values()) == requests_after_first + 1  # only the 503 is asked again
    for path in ("/ok", "/missing", "/moved"):
        assert second[path].cached
        assert second[path][:4] == first[path][:4]
    assert not second["/unavailable"].cached


def test_stale_cached_results_are_checked_again(
    site: LoopbackServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "links.sqlite"
    _check(site, "/ok", store=store)
    later = 1_700_000_000 + int(timedelta(hours=25).total_seconds())
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(later))
    again = _check(site, "/ok", store=store)["/ok"]
    assert not again.cached
    assert site.hits[("HEAD", "/ok")] == 2


def test_history_keeps_every_dated_result_for_the_audit(
    site: LoopbackServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "links.sqlite"
    _check(site, "/ok", "/missing", store=store)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(1_700_000_000 + 2 * 86400))
    site.route("/missing", 200, PAGE)  # fixed since
    _check(site, "/ok", "/missing", store=store)
    history = link_history(store, f"{site.url}/missing")
    assert [(r.status, r.checked_at.date().isoformat()) for r in history] == [
        (LinkStatus.BROKEN, "2023-11-14"),
        (LinkStatus.OK, "2023-11-16"),
    ]
    assert link_health(store) == [
        ("2023-11-14", {LinkStatus.BROKEN: 1, LinkStatus.OK: 1}),
        ("2023-11-16", {LinkStatus.OK: 2}),
    ]


def test_progress_callback_sees_every_result(site: LoopbackServer) -> None:
    seen: list[str] = []
    targets = [_target(site, p) for p in ("/ok", "/gone", "/moved")]
    check_links(targets, FAST, progress=lambda r: seen.append(r.uri))
    assert sorted(seen) == sorted(t.uri for t in targets)


def test_retry_after_accepts_seconds_and_http_dates() -> None:
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == 10.0
    assert parse_retry_after("soon") is None


def test_links_are_deduplicated_after_normalising() -> None:
    here = SourceLocation(Path("issues/2024-01/news.md"), 4)
    there = SourceLocation(Path("issues/2024-01/case.md"), 9)
    written = [
        Link("https://Example.org:443/report?utm_source=x", "report", here),
        Link("https://example.org/report", "the report", there),
    ]
    found = [("https://example.org/report", SourceLocation(Path("_build/index.html"), 3))]
    targets = collect_link_targets(written, found, base_url="https://example.org/bulletin/")
    assert targets == [LinkTarget("https://example.org/report", (there, here))]


def _old_cache(path: Path, rows: list[tuple[str, str, int, str, str, str]]) -> None:
    """A cache as spfcomms wrote it with the sqlite3 module, before it used SQLAlchemy."""
    with closing(sqlite3.connect(path)) as con, con:
        con.execute(
            "CREATE TABLE link_results (uri TEXT NOT NULL, status TEXT NOT NULL, code "
            "INTEGER NOT NULL, message TEXT NOT NULL, new_uri TEXT NOT NULL, checked_at TEXT "
            "NOT NULL)"
        )
        con.execute("CREATE INDEX link_results_uri ON link_results (uri, checked_at)")
        con.executemany("INSERT INTO link_results VALUES (?, ?, ?, ?, ?, ?)", rows)


def test_a_cache_written_by_the_sqlite3_version_is_read_as_it_is(
    site: LoopbackServer, tmp_path: Path
) -> None:
    store = tmp_path / "links.sqlite"
    checked = "2023-11-14T22:00:00+00:00"  # 13 minutes before SOURCE_DATE_EPOCH
    _old_cache(store, [(f"{site.url}/ok", "ok", 200, "200 OK", "", checked)])
    result = _check(site, "/ok", "/missing", store=store)
    assert result["/ok"].cached and not result["/missing"].cached
    assert ("HEAD", "/ok") not in site.hits
    assert [(r.uri[len(site.url) :], r.status) for r in link_history(store)] == [
        ("/ok", LinkStatus.OK),
        ("/missing", LinkStatus.BROKEN),
    ]


@pytest.mark.parametrize(
    "content",
    [
        b"this is not a database\n" * 100,
        b"",  # an empty file is an empty SQLite database: the table is created in it
    ],
)
def test_an_unreadable_cache_is_set_aside_and_started_anew(
    site: LoopbackServer, tmp_path: Path, content: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    store = tmp_path / "links.sqlite"
    store.write_bytes(content)
    result = _check(site, "/ok", store=store)
    assert result["/ok"].status is LinkStatus.OK
    assert [r.status for r in link_history(store)] == [LinkStatus.OK]
    aside = tmp_path / "links.sqlite.unreadable"
    assert aside.exists() == bool(content)
    if content:
        assert aside.read_bytes() == content
        assert "kept as" in caplog.text


def test_a_cache_with_another_table_layout_is_set_aside(
    site: LoopbackServer, tmp_path: Path
) -> None:
    store = tmp_path / "links.sqlite"
    with closing(sqlite3.connect(store)) as con, con:
        con.execute("CREATE TABLE link_results (uri TEXT, status TEXT)")
        con.execute("INSERT INTO link_results VALUES ('https://example.org/', 'ok')")
    assert _check(site, "/ok", store=store)["/ok"].status is LinkStatus.OK
    assert [r.uri for r in link_history(store)] == [f"{site.url}/ok"]
    assert (tmp_path / "links.sqlite.unreadable").is_file()
