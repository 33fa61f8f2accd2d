"""Importing web pages from a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import time

import pytest

from spfcomms.importers import ImportedMeeting, import_source
from spfcomms.model.exceptions import ImportSourceError

from .support.http import LoopbackServer
from .support.importers import IMPORT_DATA

PAGE = (IMPORT_DATA / "keycomms_variants.html").read_bytes()


def _chunked(payload: bytes, size: int = 4096) -> bytes:
    parts = [payload[i : i + size] for i in range(0, len(payload), size)]
    return b"".join(f"{len(p):x}\r\n".encode() + p + b"\r\n" for p in parts) + b"0\r\n\r\n"


def test_a_page_is_fetched_and_imported(http_server: LoopbackServer) -> None:
    http_server.route("/key-comms", body=PAGE)
    result = import_source(f"{http_server.url}/key-comms", issue_id="2024-01")
    (item,) = result.items
    assert isinstance(item, ImportedMeeting)
    assert len(item.agenda) == 7
    assert result.source == f"{http_server.url}/key-comms"


def test_redirects_are_followed_and_the_final_address_is_the_source(
    http_server: LoopbackServer,
) -> None:
    http_server.route("/old", status=301, headers={"Location": "/new"})
    http_server.route("/new", body=PAGE)
    result = import_source(f"{http_server.url}/old", issue_id="2024-01")
    assert result.source == f"{http_server.url}/new"
    assert http_server.hits[("GET", "/new")] == 1


def test_a_redirect_loop_stops_with_a_clear_error(http_server: LoopbackServer) -> None:
    http_server.route("/loop", status=302, headers={"Location": "/loop"})
    with pytest.raises(ImportSourceError, match="more than 5 redirects"):
        import_source(f"{http_server.url}/loop")
    assert http_server.hits[("GET", "/loop")] == 6


def test_a_missing_page_says_what_the_server_answered(http_server: LoopbackServer) -> None:
    with pytest.raises(ImportSourceError) as caught:
        import_source(f"{http_server.url}/gone")
    assert str(caught.value) == (
        f"{http_server.url}/gone: the server answered 404 Not Found; check the address"
    )


def test_a_server_error_is_reported(http_server: LoopbackServer) -> None:
    http_server.route("/broken", status=503, body="down")
    with pytest.raises(ImportSourceError, match="answered 503 Service Unavailable"):
        import_source(f"{http_server.url}/broken")


def test_a_slow_server_times_out(http_server: LoopbackServer) -> None:
    def slow(method: str, path: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        time.sleep(1.0)
        return 200, {"Content-Type": "text/html"}, PAGE

    http_server.routes["/slow"] = slow
    started = time.monotonic()
    with pytest.raises(ImportSourceError, match="no answer within 0.2 seconds"):
        import_source(f"{http_server.url}/slow", timeout=0.2)
    assert time.monotonic() - started < 0.9


def test_a_document_that_is_not_a_page_is_refused(http_server: LoopbackServer) -> None:
    http_server.route("/file.pdf", body=b"%PDF-1.4", headers={"Content-Type": "application/pdf"})
    with pytest.raises(ImportSourceError) as caught:
        import_source(f"{http_server.url}/file.pdf")
    assert "is 'application/pdf', not a web page or document spfcomms can import" in str(
        caught.value
    )


def test_an_oversized_declared_body_is_refused_before_reading(http_server: LoopbackServer) -> None:
    http_server.route("/big", body=b"<p>" + b"x" * 50_000 + b"</p>")
    with pytest.raises(ImportSourceError, match="50007 bytes is more than the import limit"):
        import_source(f"{http_server.url}/big", max_bytes=10_000)


def test_an_oversized_streamed_body_stops_at_the_limit(http_server: LoopbackServer) -> None:
    body = _chunked(b"<p>" + b"y" * 200_000 + b"</p>")
    http_server.route(
        "/stream",
        body=body,
        headers={"Content-Type": "text/html", "Transfer-Encoding": "chunked"},
    )
    with pytest.raises(ImportSourceError, match="more than the import limit of 100000 bytes"):
        import_source(f"{http_server.url}/stream", max_bytes=100_000)


def test_plain_text_pages_are_read_as_text(http_server: LoopbackServer) -> None:
    text = (IMPORT_DATA / "keycomms_variants.txt").read_bytes()
    http_server.route("/kc.txt", body=text, headers={"Content-Type": "text/plain; charset=utf-8"})
    (item,) = import_source(f"{http_server.url}/kc.txt", issue_id="2024-01").items
    assert isinstance(item, ImportedMeeting) and len(item.agenda) == 7


def test_a_refused_connection_is_a_clear_error() -> None:
    with pytest.raises(ImportSourceError, match="cannot connect"):
        import_source("http://127.0.0.1:9/nothing", timeout=1)
