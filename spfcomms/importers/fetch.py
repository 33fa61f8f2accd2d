"""Fetching a web page to import, with limits on time, size and redirects.

Every way a fetch can go wrong becomes an ``ImportSourceError`` that says what happened
in words: the status the server gave, the limit that was hit, the content type that is
not a page.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import requests

from .._version import __version__
from ..model.exceptions import ImportSourceError
from ..model.netfailure import failure_reason
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
    """GET ``url``; raise ImportSourceError for anything but a readable document."""
    with requests.Session() as session:
        session.max_redirects = max_redirects
        session.headers["User-Agent"] = USER_AGENT
        try:
            response = session.get(url, timeout=timeout, stream=True)
        except requests.TooManyRedirects:
            raise ImportSourceError(
                f"{url}: more than {max_redirects} redirects; use the final address"
            ) from None
        except requests.Timeout:
            raise ImportSourceError(f"{url}: no answer within {timeout:g} seconds") from None
        except requests.exceptions.InvalidURL as exc:
            raise ImportSourceError(f"{url}: not a valid address ({exc})") from None
        except requests.RequestException as exc:
            raise ImportSourceError(f"{url}: cannot connect ({_reason(exc)})") from None
        with response:
            return _read(url, response, timeout=timeout, max_bytes=max_bytes)


def _read(
    url: str, response: requests.Response, *, timeout: float, max_bytes: int
) -> FetchedDocument:
    final = response.url or url
    if response.history:
        logger.info("%s redirected to %s", url, final)
    if response.status_code >= 400:
        reason = response.reason or ""
        raise ImportSourceError(
            f"{final}: the server answered {response.status_code} {reason}".rstrip()
            + ("; check the address" if response.status_code in (404, 410) else "")
        )
    content_type = response.headers.get("Content-Type", "")
    media_type = content_type.split(";", 1)[0].strip().lower()
    fmt = CONTENT_TYPES.get(media_type)
    if fmt is None:
        raise ImportSourceError(
            f"{final}: is '{media_type or 'of no stated type'}', not a web page or document "
            "spfcomms can import (HTML, plain text, Markdown or .docx)"
        )
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise ImportSourceError(
            f"{final}: {int(declared)} bytes is more than the import limit of {max_bytes} bytes"
        )
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in response.iter_content(chunk_size=65536):
            size += len(chunk)
            if size > max_bytes:
                raise ImportSourceError(
                    f"{final}: more than the import limit of {max_bytes} bytes; stopped reading"
                )
            chunks.append(chunk)
    except requests.RequestException as exc:
        raise ImportSourceError(f"{final}: the download failed ({_reason(exc)})") from None
    encoding = response.encoding if "charset" in content_type.lower() else None
    return FetchedDocument(url=final, data=b"".join(chunks), format=fmt, encoding=encoding)


def _reason(exc: Exception) -> str:
    return failure_reason(exc)
