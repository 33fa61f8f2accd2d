"""Fetching a web page to import, with limits on time, size and redirects.

Every way a fetch can go wrong becomes an ``ImportSourceError`` that says what happened
in words: the status the server gave, the limit that was hit, the content type that is
not a page. The time limit is a deadline for the whole fetch; a login written into the
address (``https://user:password@host/``) is used for the request but never kept in
the imported item or shown in a message.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import requests
import urllib3

from .._version import __version__
from ..model.exceptions import ImportSourceError
from ..model.netfailure import failure_reason
from ..model.urls import redact_url, redact_urls, without_credentials
from .limits import DEFAULT_MAX_BYTES, DEFAULT_MAX_REDIRECTS, DEFAULT_TIMEOUT

logger = logging.getLogger(__name__)

USER_AGENT = f"spfcomms/{__version__} (import)"

# Content types we can read, and the reader that reads them.
CONTENT_TYPES = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/plain": "txt",
    "text/markdown": "md",
    "text/x-markdown": "md",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
}


@dataclass(frozen=True, slots=True)
class FetchedDocument:
    """The bytes of a fetched document and what they are."""

    url: str
    """The final address, after redirects."""
    data: bytes
    format: str
    encoding: str | None


def fetch(
    url: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_redirects: int = DEFAULT_MAX_REDIRECTS,
) -> FetchedDocument:
    """GET ``url``; raise ImportSourceError for anything but a readable document.

    ``timeout`` is a deadline for the whole fetch (connection, redirects, headers and
    body), not for each read, so a server that sends a byte a second cannot hold an
    import for longer. Messages show the address without any login in it.
    """
    shown = redact_url(url)
    outcome: list[FetchedDocument | BaseException] = []
    stop = threading.Event()

    def work() -> None:
        try:
            outcome.append(_fetch(url, shown, timeout, max_bytes, max_redirects, stop))
        except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread
            outcome.append(exc)

    # requests' timeout bounds each read; the deadline is kept by waiting for a worker.
    worker = threading.Thread(target=work, name="spfcomms-fetch", daemon=True)
    worker.start()
    worker.join(timeout)
    if not outcome:
        stop.set()  # the worker stops at its next read and closes the connection
        raise ImportSourceError(
            f"{shown}: no answer within {timeout:g} seconds (the whole download must fit in "
            "that time); try again later, or allow longer with --timeout"
        )
    result = outcome[0]
    if isinstance(result, BaseException):
        raise result
    return result


def _fetch(
    url: str, shown: str, timeout: float, max_bytes: int, max_redirects: int, stop: threading.Event
) -> FetchedDocument:
    with requests.Session() as session:
        session.headers["User-Agent"] = USER_AGENT
        current = url
        # Redirects are followed here, not by requests, so that each target is checked
        # (only http and https) before anything is asked of it.
        for _ in range(max_redirects + 1):
            response = _get(session, current, shown, timeout)
            if not response.is_redirect:
                with response:
                    return _read(current, response, max_bytes=max_bytes, stop=stop)
            location = response.headers.get("Location", "")
            response.close()
            target = urljoin(current, location)
            if urlsplit(target).scheme.lower() not in ("http", "https"):
                raise ImportSourceError(
                    f"{shown}: the server redirected to '{redact_url(target)[:200]}', which is "
                    "not a web address (http or https); only web pages can be imported"
                )
            logger.info("%s redirected to %s", redact_url(current), redact_url(target))
            current = target
        raise ImportSourceError(
            f"{shown}: more than {max_redirects} redirects; use the final address"
        )


def _get(session: requests.Session, url: str, shown: str, timeout: float) -> requests.Response:
    try:
        return session.get(url, timeout=timeout, stream=True, allow_redirects=False)
    except requests.Timeout:
        raise ImportSourceError(f"{shown}: no answer within {timeout:g} seconds") from None
    except requests.exceptions.InvalidSchema:
        raise ImportSourceError(
            f"{shown}: not a web address; only http and https pages can be imported"
        ) from None
    except requests.exceptions.InvalidURL as exc:
        raise ImportSourceError(f"{shown}: not a valid address ({_reason(exc)})") from None
    except requests.RequestException as exc:
        raise ImportSourceError(f"{shown}: cannot connect ({_reason(exc)})") from None


def _read(
    url: str, response: requests.Response, *, max_bytes: int, stop: threading.Event
) -> FetchedDocument:
    final = without_credentials(url)
    shown = redact_url(url)
    if response.status_code >= 400:
        reason = response.reason or ""
        raise ImportSourceError(
            f"{shown}: the server answered {response.status_code} {reason}".rstrip()
            + ("; check the address" if response.status_code in (404, 410) else "")
        )
    content_type = response.headers.get("Content-Type", "")
    media_type = content_type.split(";", 1)[0].strip().lower()
    fmt = CONTENT_TYPES.get(media_type)
    if fmt is None:
        raise ImportSourceError(
            f"{shown}: is '{media_type or 'of no stated type'}', not a web page or document "
            "spfcomms can import (HTML, plain text, Markdown or .docx)"
        )
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise ImportSourceError(
            f"{shown}: {int(declared)} bytes is more than the import limit of {max_bytes} bytes"
        )
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in _chunks(response):
            if stop.is_set():
                raise ImportSourceError(f"{shown}: the download was stopped at the deadline")
            size += len(chunk)
            if size > max_bytes:
                raise ImportSourceError(
                    f"{shown}: more than the import limit of {max_bytes} bytes; stopped reading"
                )
            chunks.append(chunk)
    except requests.RequestException as exc:
        raise ImportSourceError(f"{shown}: the download failed ({_reason(exc)})") from None
    encoding = response.encoding if "charset" in content_type.lower() else None
    return FetchedDocument(url=final, data=b"".join(chunks), format=fmt, encoding=encoding)


def _chunks(response: requests.Response) -> Iterator[bytes]:
    # read1 returns what has arrived (a slow server's every byte), so the deadline is
    # looked at after each read; iter_content would wait for a whole chunk first.
    raw = response.raw
    if hasattr(raw, "read1"):
        try:
            while chunk := raw.read1(65536, decode_content=True):
                yield chunk
        except urllib3.exceptions.HTTPError as exc:
            raise requests.exceptions.ChunkedEncodingError(exc) from None
        return
    yield from response.iter_content(chunk_size=65536)  # pragma: no cover - urllib3 < 2.3


def _reason(exc: Exception) -> str:
    reason = failure_reason(exc)
    if reason != type(exc).__name__:
        return reason
    # No network cause to name (a malformed address, a broken stream): the library's
    # own last words, with any address in them redacted.
    text = redact_urls(str(exc))
    return text.split(":")[-1].strip()[:120] or reason
