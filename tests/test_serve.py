"""``spfcomms serve``: a real server on 127.0.0.1, rebuilding when the workspace changes."""

from __future__ import annotations

import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from spfcomms import load_config
from spfcomms.cli import main
from spfcomms.commands.serve import BuildReport, PreviewServer


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def _wait_for(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError("condition not met in time")


@pytest.fixture
def server(repo_workspace: Path) -> Iterator[tuple[PreviewServer, list[BuildReport]]]:
    reports: list[BuildReport] = []
    preview = PreviewServer(
        load_config(repo_workspace), port=0, interval=0.05, on_build=reports.append
    )
    with preview:
        yield preview, reports


def test_serves_pages_and_feeds_with_their_content_types(
    server: tuple[PreviewServer, list[BuildReport]],
) -> None:
    preview, reports = server
    assert reports and reports[0].ok
    assert preview.url.startswith("http://127.0.0.1:")
    expected = {
        "": "text/html; charset=utf-8",
        "issues/2023-12/": "text/html; charset=utf-8",
        "feed.xml": "application/rss+xml; charset=utf-8",
        "atom.xml": "application/atom+xml; charset=utf-8",
        "feed.json": "application/feed+json; charset=utf-8",
        "feeds/news/atom.xml": "application/atom+xml; charset=utf-8",
        "snippets/spfcomms-snippets.css": "text/css; charset=utf-8",
    }
    for path, content_type in expected.items():
        status, headers, body = _get(preview.url + path)
        assert status == 200, path
        assert headers["Content-Type"] == content_type, path
        assert int(headers["Content-Length"]) == len(body) > 0
    status, headers, _ = _get(preview.url + "issues/2023-12")
    assert status == 200  # urllib followed the redirect to the slash
    assert _get(preview.url + "no-such-page.html")[0] == 404
    assert _get(preview.url + "../spfcomms.toml")[0] == 404
    assert _get(preview.url + "%2e%2e/spfcomms.toml")[0] == 404


def test_conditional_get_answers_304(server: tuple[PreviewServer, list[BuildReport]]) -> None:
    preview, _ = server
    status, headers, body = _get(preview.url + "feed.xml")
    etag, modified = headers["ETag"], headers["Last-Modified"]
    assert status == 200 and body
    status, _, body = _get(preview.url + "feed.xml", {"If-None-Match": etag})
    assert (status, body) == (304, b"")
    status, _, body = _get(preview.url + "feed.xml", {"If-Modified-Since": modified})
    assert (status, body) == (304, b"")
    status, _, body = _get(preview.url + "feed.xml", {"If-None-Match": '"something-else"'})
    assert status == 200 and body
    old = "Mon, 01 Jan 2001 00:00:00 GMT"
    assert _get(preview.url + "feed.xml", {"If-Modified-Since": old})[0] == 200


def test_rebuilds_when_an_item_changes_and_survives_a_broken_one(
    server: tuple[PreviewServer, list[BuildReport]], repo_workspace: Path
) -> None:
    preview, reports = server
    item = repo_workspace / "issues/2023-12/north-east-spf.md"
    original = item.read_text(encoding="utf-8")
    item.write_text(original.replace("Creating the North East SPF", "Building the North East SPF"))
    _wait_for(lambda: b"Building the North East SPF" in _get(preview.url + "atom.xml")[2])
    assert reports[-1].ok

    item.write_text(original.replace('kind = "case-study"', 'kind = "no-such-kind"'))
    _wait_for(lambda: not reports[-1].ok)
    assert "no-such-kind" in str(reports[-1].error)
    # The previous build is still online.
    status, _, body = _get(preview.url + "atom.xml")
    assert status == 200 and b"Building the North East SPF" in body

    item.write_text(original)
    _wait_for(lambda: b"Creating the North East SPF" in _get(preview.url + "atom.xml")[2])


def test_no_watch_builds_once(repo_workspace: Path) -> None:
    reports: list[BuildReport] = []
    with PreviewServer(
        load_config(repo_workspace), port=0, watch=False, interval=0.05, on_build=reports.append
    ) as preview:
        (repo_workspace / "issues/2023-12/issue.toml").touch()
        time.sleep(0.3)
        assert len(reports) == 1
        assert _get(preview.url + "feed.json")[0] == 200


def test_cli_serve_prints_the_address_and_stops_cleanly(
    repo_workspace: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[PreviewServer] = []
    original_start = PreviewServer.start

    def start_and_remember(self: PreviewServer) -> None:
        original_start(self)
        started.append(self)
        # Stop as soon as the command has had time to print its address.
        threading.Timer(0.3, self.stop).start()

    monkeypatch.setattr(PreviewServer, "start", start_and_remember)
    code = main(["serve", "--config", str(repo_workspace), "--port", "0", "--no-watch"])
    out = capsys.readouterr().out
    assert code == 0
    assert started and f"at {started[0].url}" in out
    assert "Built" in out


def test_a_port_in_use_is_reported(
    repo_workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with PreviewServer(load_config(repo_workspace), port=0, watch=False) as busy:
        code = main(["serve", "--config", str(repo_workspace), "--port", str(busy.port)])
    assert code == 1
    assert "cannot listen on 127.0.0.1" in capsys.readouterr().err
