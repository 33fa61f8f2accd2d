"""Checking links over HTTP, politely, in parallel, with a dated on-disk record.

The policy follows Sphinx's linkcheck: HEAD first and GET when a server refuses HEAD;
redirects are followed and reported (a permanent one suggests the new address); a 429
is honoured by waiting for ``Retry-After`` (bounded by ``[linkcheck].max_retry_after``);
a 503 is *ignored*, not broken, because an outage says nothing about the link. Pages
whose ``#fragment`` matters are fetched with GET and the anchor is looked up (``id=`` or
``name=``). ``mailto:`` addresses are checked for syntax only.

A global pool of ``[linkcheck].workers`` threads checks pages, never more than
``[linkcheck].per_host`` at once on one host. Every network result is stored with its
time (``linkcache.py``); a result younger than ``[linkcheck].cache_hours`` is reused
without a request.
"""

from __future__ import annotations

import email.utils
import logging
import re
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from datetime import datetime, timedelta
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote, urldefrag, urlsplit

import requests

from ..model.clock import build_datetime, wall_time
from ..model.config import LinkcheckConfig
from ..model.netfailure import failure_reason, is_offline, is_unknown_host
from .linkcache import LinkStore
from .linkextract import LinkTarget, anchor_names
from .linkstatus import LinkResult, LinkStatus, Progress

logger = logging.getLogger(__name__)

_MAX_BODY = 5 * 1024 * 1024
_MAX_REDIRECTS = 10
_PERMANENT = frozenset({301, 308})
_EMAIL = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$"
)


def check_links(
    targets: Sequence[LinkTarget],
    config: LinkcheckConfig,
    *,
    store_path: Path | None = None,
    progress: Progress | None = None,
) -> list[LinkResult]:
    """Check every target and return one result each, sorted by URI.

    Results younger than ``config.cache_hours`` in the store at ``store_path`` are reused
    without a request; new network results are added to it. ``progress`` is called once
    per result as it arrives (from the calling thread).
    """
    now = build_datetime()
    store = LinkStore(store_path) if store_path is not None else None
    try:
        results, fetched = _check_all(targets, config, now, store, progress)
    finally:
        if store is not None:
            store.close()
    logger.info("checked %d links (%d over the network)", len(results), len(fetched))
    return sorted(results, key=lambda r: r.uri)


def _check_all(
    targets: Sequence[LinkTarget],
    config: LinkcheckConfig,
    now: datetime,
    store: LinkStore | None,
    progress: Progress | None,
) -> tuple[list[LinkResult], list[LinkResult]]:
    """Every result, and those that came over the network (recorded in ``store``)."""
    ignore = [re.compile(pattern) for pattern in config.ignore]
    results: list[LinkResult] = []

    def done(result: LinkResult) -> None:
        results.append(result)
        if progress is not None:
            progress(result)

    since = now - timedelta(hours=config.cache_hours)
    fresh = store.fresh((t.uri for t in targets), since) if store is not None else {}
    pages: dict[str, list[LinkTarget]] = {}
    for target in targets:
        offline = _offline_result(target, ignore, now)
        if offline is not None:
            done(offline)
            continue
        cached = fresh.get(target.uri)
        if cached is not None:
            done(cached._replace(locations=target.locations, cached=True))
            continue
        pages.setdefault(urldefrag(target.uri).url, []).append(target)

    checker = _Checker(config, now)
    fetched: list[LinkResult] = []
    with ThreadPoolExecutor(max_workers=config.workers, thread_name_prefix="linkcheck") as pool:
        futures = [pool.submit(checker.check_page, page, group) for page, group in pages.items()]
        for future in as_completed(futures):
            for result in future.result():
                fetched.append(result)
                done(result)
    if store is not None:
        # An unchecked link (this machine was offline) is no part of its history.
        store.record(r for r in fetched if r.status is not LinkStatus.UNCHECKED)
    return results, fetched


def _offline_result(
    target: LinkTarget, ignore: list[re.Pattern[str]], now: datetime
) -> LinkResult | None:
    uri = target.uri
    if any(pattern.search(uri) for pattern in ignore):
        return LinkResult(
            uri, LinkStatus.IGNORED, 0, "matches [linkcheck].ignore", target.locations, now
        )
    scheme = urlsplit(uri).scheme
    if scheme == "mailto":
        addresses, _, query = uri[len("mailto:") :].partition("?")
        addresses = unquote(addresses)
        if not addresses and re.search(r"(^|&)(subject|body)=", query):
            # No address but a message (RFC 6068): the reader chooses whom to send it
            # to, as with the email's "forward to a colleague" link.
            return LinkResult(uri, LinkStatus.OK, 0, "a message to forward", target.locations, now)
        bad = [a for a in addresses.split(",") if not _EMAIL.match(a.strip())]
        if bad or not addresses:
            return LinkResult(
                uri,
                LinkStatus.BROKEN,
                0,
                f"invalid email address '{', '.join(bad)}'",
                target.locations,
                now,
            )
        return LinkResult(uri, LinkStatus.OK, 0, "address syntax only", target.locations, now)
    if scheme not in ("http", "https"):
        return LinkResult(
            uri,
            LinkStatus.UNCHECKED,
            0,
            f"{scheme or 'relative'} links are not checked",
            target.locations,
            now,
        )
    return None


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or an HTTP date)."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (wall_time() if now is None else now))


class _Outcome(NamedTuple):
    status: LinkStatus
    code: int
    message: str
    response: requests.Response | None = None


class _Checker:
    """The network side: sessions per thread, a gate per host."""

    def __init__(self, config: LinkcheckConfig, now: datetime) -> None:
        self.config = config
        self.now = now
        self._local = threading.local()
        self._lock = threading.Lock()
        self._gates: dict[str, threading.Semaphore] = {}
        self._not_before: dict[str, float] = {}

    def _session(self) -> requests.Session:
        session: requests.Session | None = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            session.headers["User-Agent"] = self.config.user_agent
            session.max_redirects = _MAX_REDIRECTS
            adapter = requests.adapters.HTTPAdapter(pool_maxsize=self.config.per_host)
            session.mount("http://", adapter)
            session.mount("https://", adapter)
            self._local.session = session
        return session

    def _gate(self, host: str) -> threading.Semaphore:
        with self._lock:
            gate = self._gates.get(host)
            if gate is None:
                gate = self._gates[host] = threading.Semaphore(self.config.per_host)
            return gate

    def _wait_for_host(self, host: str) -> None:
        with self._lock:
            delay = self._not_before.get(host, 0.0) - time.monotonic()
        if delay > 0:
            time.sleep(delay)

    def _back_off(self, host: str, seconds: float) -> None:
        with self._lock:
            until = time.monotonic() + seconds
            self._not_before[host] = max(self._not_before.get(host, 0.0), until)

    def check_page(self, page: str, targets: list[LinkTarget]) -> list[LinkResult]:
        """Fetch ``page`` once and judge every target that points at it."""
        fragments = [urldefrag(t.uri).fragment for t in targets]
        outcome = self._fetch(page, need_body=any(fragments))
        results = []
        anchors: set[str] | None = None
        for target, fragment in zip(targets, fragments, strict=True):
            status, code, message = outcome.status, outcome.code, outcome.message
            new_uri = outcome.response.url if outcome.response is not None else ""
            if (
                fragment
                and outcome.response is not None
                and status in (LinkStatus.OK, LinkStatus.REDIRECTED)
            ):
                if anchors is None:
                    anchors = _anchors(outcome.response)
                if unquote(fragment) not in anchors:
                    status, message = LinkStatus.BROKEN, f"anchor '#{fragment}' not found"
            if new_uri and status is LinkStatus.REDIRECTED and fragment:
                new_uri = f"{new_uri}#{fragment}"
            results.append(
                LinkResult(
                    target.uri,
                    status,
                    code,
                    message,
                    target.locations,
                    self.now,
                    new_uri if status is LinkStatus.REDIRECTED else "",
                )
            )
        if outcome.response is not None:
            outcome.response.close()
        return results

    def _fetch(self, url: str, *, need_body: bool) -> _Outcome:
        host = urlsplit(url).netloc
        attempts = 0
        waited = 0.0
        while True:
            self._wait_for_host(host)
            try:
                with self._gate(host):
                    response = self._request(url, need_body=need_body)
            except requests.TooManyRedirects:
                return _Outcome(LinkStatus.BROKEN, 0, "redirect loop (too many redirects)")
            except requests.Timeout:
                attempts += 1
                if attempts <= self.config.retries:
                    continue
                return _Outcome(
                    LinkStatus.TIMEOUT, 0, f"no answer within {self.config.timeout:g} s"
                )
            except requests.ConnectionError as exc:
                attempts += 1
                if attempts <= self.config.retries:
                    continue
                if is_offline(exc):
                    # This machine's network, not the link: ask again next time.
                    reason = f"unchecked (offline): {failure_reason(exc)}"
                    return _Outcome(LinkStatus.UNCHECKED, 0, reason)
                if is_unknown_host(exc):
                    return _Outcome(LinkStatus.BROKEN, 0, "no such host (the name does not exist)")
                return _Outcome(LinkStatus.BROKEN, 0, f"cannot connect: {failure_reason(exc)}")
            except requests.RequestException as exc:
                return _Outcome(LinkStatus.ERROR, 0, f"{type(exc).__name__}: {exc}")
            if response.status_code == 429:
                delay = parse_retry_after(response.headers.get("Retry-After"))
                response.close()
                delay = 1.0 if delay is None else delay
                if waited + delay > self.config.max_retry_after:
                    return _Outcome(
                        LinkStatus.RATE_LIMITED,
                        429,
                        f"rate limited (429); Retry-After {delay:g} s is beyond "
                        f"[linkcheck].max_retry_after",
                    )
                waited += delay
                self._back_off(host, delay)
                continue
            return _judge(response)

    def _request(self, url: str, *, need_body: bool) -> requests.Response:
        session = self._session()
        timeout = self.config.timeout
        if not need_body:
            response = session.head(url, allow_redirects=True, timeout=timeout)
            # Some servers refuse or mishandle HEAD; ask again with GET before judging.
            if response.status_code < 400 or response.status_code in (429, 503):
                return response
            response.close()
        return session.get(url, allow_redirects=True, timeout=timeout, stream=True)


def _judge(response: requests.Response) -> _Outcome:
    code = response.status_code
    reason = response.reason or ""
    if code == 503:
        return _Outcome(
            LinkStatus.IGNORED,
            code,
            "503 Service Unavailable: the site may be down for a while; not counted as broken",
            response,
        )
    if code >= 400:
        message = f"{code} {reason}".strip()
        if response.history:
            message += f" (after a redirect to {response.url})"
        return _Outcome(LinkStatus.BROKEN, code, message, response)
    if response.history:
        first = response.history[0].status_code
        if first in _PERMANENT:
            message = f"moved permanently ({first}) to {response.url}: update the link"
        else:
            message = f"redirected ({first}) to {response.url}"
        return _Outcome(LinkStatus.REDIRECTED, first, message, response)
    return _Outcome(LinkStatus.OK, code, f"{code} {reason}".strip(), response)


def _anchors(response: requests.Response) -> set[str]:
    if "html" not in response.headers.get("Content-Type", "text/html"):
        return set()
    if response.request.method == "HEAD":
        return set()
    body = response.raw.read(_MAX_BODY, decode_content=True) if response.raw else b""
    return anchor_names(body)
