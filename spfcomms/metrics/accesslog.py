"""Reading a web server's access log into reach figures per issue, item and feed.

The log is in the combined format that Apache and nginx write by default::

    203.0.113.9 - - [10/Dec/2023:13:55:36 +0000] "GET /bulletin/issues/2023-12/ HTTP/1.1" 200
    5120 "https://www.example.nhs.uk/news/" "Mozilla/5.0 (...)"

(one line in the file). It is read as a stream of bytes, in blocks, and only totals are
kept, so memory does not grow with the length of the log; the one thing that grows is
the tables used to count distinct readers, which hold an 8-byte keyed BLAKE2b hash per
distinct reader (never an IP address). ``docs/access-logs.md`` defines every figure.

This is the hot path of a metrics import, so the loop is written for speed: one
compiled regular expression on bytes, dictionary lookups for paths and agents (each
distinct User-Agent is classified once), and timestamps turned into numbers through a
per-hour cache instead of building a datetime per line.
"""

from __future__ import annotations

import calendar
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from hashlib import blake2b
from ipaddress import IPv4Network, IPv6Network, ip_address, ip_network
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

from ..model.exceptions import MetricsError
from .distinct import DistinctHashes
from .logfiles import DECOMPRESSION_ERRORS, iter_line_blocks, open_log
from .urls import page_key
from .useragents import FETCHER_RULES, VISITOR, Agent, Aggregator, Bot, classify_user_agent

if TYPE_CHECKING:
    from ..model.config import Config
    from ..model.content import Issue

logger = logging.getLogger(__name__)

SITE_FEEDS = ("feed.xml", "atom.xml", "feed.json")
"""The site-wide feeds, relative to the site root."""
FEED_SUFFIXES = (b".xml", b".json", b".atom", b".rss")
"""Under ``feeds/``, a request for a name ending in one of these is a feed fetch."""
MAX_SKIPPED_KEPT = 100
"""How many skipped lines are listed (with their line numbers); all are counted."""
SNIFF_LINES = 1000
"""A file is not an access log when more than half of its first lines cannot be read."""
_AGENT_CACHE_SIZE = 20_000
_HOST_CACHE_SIZE = 5_000
_HOUR_CACHE_SIZE = 10_000

# Fast path: what Apache and nginx write. Request method and path are optional so that
# lines with an empty or garbage request ("-", a TLS handshake) still count as parsed.
# The agent's closing quote must end the line or a field, so that an escaped quote
# (\") inside the agent sends the line to the slow path instead of cutting the agent.
_TIMESTAMP = rb"\[(\d\d/[A-Za-z]{3}/\d{4}:(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d [+-]\d{4})\]"
_LINE = re.compile(
    rb"(\S++) \S++ \S++ " + _TIMESTAMP + rb' "(?:([A-Z]++) ([^\s"]++)[^"]*+|[^"]*+)" (\d{3}) '
    rb'(?:\d++|-) "([^"]*+)" "([^"]*+)"(?=\s|$)'
)
# Slow path, tried only when the fast one fails: backslash-escaped quotes inside the
# quoted fields, a quoted or spaced user name, lower-case methods, runs of spaces.
# Quantifiers are possessive (never give back): a long line that does not match fails
# in linear time instead of backtracking through every way of splitting it.
_QUOTED = rb'"((?:[^"\\]++|\\.)*+)"'
_LINE_LENIENT = re.compile(
    rb'(\S++) \S++ (?:"(?:[^"\\]++|\\.)*+"|\S++) ' + _TIMESTAMP + rb'\s++"(?:([A-Za-z]++) ++'
    rb'([^\s"\\]++)(?:[^"\\]++|\\.)*+|(?:[^"\\]++|\\.)*+)" ++(\d{3}) ++(?:\d++|-) ++'
    + _QUOTED
    + rb" ++"
    + _QUOTED
)
_REFERER_HOST = re.compile(rb"[A-Za-z][A-Za-z0-9+.-]*://(?:[^@/?#]*@)?([^/?#:\s]+)")
_AGENT_HOST = re.compile(rb"https?://([A-Za-z0-9.-]+)")
_MONTHS = {
    name.encode(): number
    for number, name in enumerate(calendar.month_abbr)
    if name  # month_abbr[0] is ""
}
_MINUTE_SECOND = {
    f"{minute:02d}:{second:02d}".encode(): minute * 60 + second
    for minute in range(60)
    for second in range(60)
}

# What a path in the log is to us; _OTHER is false, so the loop can test "if not kind".
_OTHER, _PAGE, _FEED, _SNIPPET, _SITE_PAGE = 0, 1, 2, 3, 4
MAX_SITE_PAGES = 10_000
"""Distinct other pages of the site counted one by one; the rest share one figure."""
OTHER_PAGES = "(other pages)"
# A path is a page when it ends in "/", names a document or has no extension at all.
_PAGE_SUFFIXES = (b"/", b".html", b".htm", b".php", b".asp", b".aspx", b".shtml")
_FETCHER = Bot("fetcher")  # a script or CMS fetching on a server: a pickup from a partner
_TARGET_CACHE_SIZE = 50_000
_BOT = Bot("cached")  # every bot shares one cache value, so the loop tests identity


@dataclass(frozen=True, slots=True)
class SitePaths:
    """Which URL paths on the web server are our issues, items, feeds and snippets."""

    base_path: str
    """URL path prefix of the site, ending in ``/`` (``/bulletin/``)."""
    issue_pages: dict[str, str]
    """URL path -> issue id, for ``.../issues/2023-12/`` and ``.../index.html``."""
    item_pages: dict[str, str]
    """URL path -> item id."""
    feed_paths: dict[str, str]
    """URL path -> feed name (``/bulletin/feed.xml`` -> ``feed.xml``)."""
    snippet_prefix: str
    """Requests under this path are snippet pickups (``/bulletin/snippets/``)."""
    feed_prefix: str = ""
    """Requests under this path for ``.xml``, ``.json``, ``.atom`` or ``.rss`` names are
    feeds too, named by their path below ``base_path`` (per-kind and per-tag feeds)."""
    own_hosts: frozenset[str] = frozenset()
    """Our own host names; a Referer from them is not a partner pickup."""
    partner_hosts: dict[str, str] = field(default_factory=dict)
    """Partner host names (``www.`` dropped) -> partner name; subdomains count too."""
    partner_networks: tuple[tuple[IPv4Network | IPv6Network, str], ...] = ()
    """Partner IP ranges -> partner name, for server-side fetches."""

    @classmethod
    def from_workspace(cls, config: Config, issues: Iterable[Issue]) -> SitePaths:
        """The paths of a workspace's issues, items, feeds and snippets on its site."""
        base_path = urlsplit(config.site.base_url).path or "/"
        if not base_path.endswith("/"):
            base_path += "/"
        issue_pages: dict[str, str] = {}
        item_pages: dict[str, str] = {}
        for issue in issues:
            for path in _page_variants(base_path + issue.path):
                issue_pages[path] = issue.id
            for item in issue.items:
                for path in _page_variants(base_path + item.path):
                    item_pages[path] = item.id
        own_hosts = {urlsplit(config.site.base_url).hostname or "", *config.utm.domains}
        hosts, networks = partner_map(config.metrics.partners)
        return cls(
            base_path=base_path,
            issue_pages=issue_pages,
            item_pages=item_pages,
            feed_paths={base_path + name: name for name in SITE_FEEDS},
            snippet_prefix=base_path + "snippets/",
            feed_prefix=base_path + "feeds/",
            own_hosts=frozenset(_normal_host(host) for host in own_hosts if host),
            partner_hosts=hosts,
            partner_networks=networks,
        )


def partner_map(
    partners: dict[str, str],
) -> tuple[dict[str, str], tuple[tuple[IPv4Network | IPv6Network, str], ...]]:
    """``[metrics].partners`` split into host names and IP ranges."""
    hosts: dict[str, str] = {}
    networks: list[tuple[IPv4Network | IPv6Network, str]] = []
    for key, name in partners.items():
        try:
            networks.append((ip_network(key, strict=False), name))
        except ValueError:
            hosts[_normal_host(key)] = name
    return hosts, tuple(networks)


def _page_variants(path: str) -> tuple[str, ...]:
    # A page is reached as "dir/", "dir/index.html" and, on some servers, "dir".
    folder = path if path.endswith("/") else path + "/"
    return (folder, folder + "index.html", folder.rstrip("/"))


def _normal_host(host: str) -> str:
    host = host.strip().lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


@dataclass(slots=True)
class AccessLogSummary:
    """What one access log says about our reach. ``docs/access-logs.md`` defines each figure.

    Keys of ``page_views`` and ``unique_readers`` are ``("issue" | "item", id)``. Pages,
    feeds and partners that the log never mentions are absent (not zero).
    """

    lines: int = 0
    parsed: int = 0
    skipped: list[tuple[int, str]] = field(default_factory=list)
    """``(line number, reason)`` of the first ``MAX_SKIPPED_KEPT`` lines skipped."""
    skipped_count: int = 0
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    page_views: dict[tuple[str, str], int] = field(default_factory=dict)
    unique_readers: dict[tuple[str, str], int] = field(default_factory=dict)
    feed_fetches: dict[str, int] = field(default_factory=dict)
    feed_subscribers: dict[tuple[str, str, str], int] = field(default_factory=dict)
    """``(aggregator, feed id or "", feed name)`` -> the latest count it reported."""
    feed_subscribers_seen: dict[tuple[str, str, str], datetime] = field(default_factory=dict)
    """When each count in ``feed_subscribers`` was reported."""
    feed_subscribers_monthly: dict[tuple[str, str, str, str], tuple[int, datetime]] = field(
        default_factory=dict
    )
    """``(aggregator, feed id, feed, "2023-12")`` -> the latest count of that month (as
    the log writes its times) and when it was reported."""
    site_page_views: dict[str, int] = field(default_factory=dict)
    """Views of the site's other pages (not issue or item pages), by path; at most
    ``MAX_SITE_PAGES`` paths, the rest under ``OTHER_PAGES``."""
    direct_feed_readers: dict[str, int] = field(default_factory=dict)
    partner_pickups: dict[str, int] = field(default_factory=dict)
    """Pickups per partner: its name from ``[metrics].partners``, else the Referer host."""
    bots_excluded: int = 0


def summarise_access_log(
    path: Path,
    *,
    site_paths: SitePaths,
    hash_key: bytes,
    progress: Callable[[int], None] | None = None,
) -> AccessLogSummary:
    """Read a combined-format access log (plain, gzip, bzip2 or xz) into an AccessLogSummary.

    ``hash_key`` (any non-empty bytes) keys the hash under which distinct readers are told
    apart; the hashes never leave this function. ``progress`` is called after each
    block with how many bytes of the file on disk (compressed, if it is) have been read.

    Lines that cannot be read are skipped and listed. A file whose first lines are
    mostly not access-log lines raises ``MetricsError`` naming the first bad line.
    """
    if not hash_key:
        raise MetricsError("the hash key is empty; distinct readers need a secret key")
    if len(hash_key) > 64:  # BLAKE2b's longest key
        hash_key = blake2b(hash_key).digest()
    scan = _Scan(site_paths, hash_key)
    with open_log(path) as (stream, raw):
        try:
            scan.run(path, iter_line_blocks(stream, raw), progress)
        except DECOMPRESSION_ERRORS as exc:
            raise MetricsError(
                f"{path}:{scan.lines + 1}: the compressed data is damaged or cut short ({exc})"
            ) from None
    scan.check_is_log(path, final=True)
    return scan.summary()


class _Tally:
    """The running figures of one page or feed (or the kind of a snippet or other path).

    For a page, ``count`` is its views and ``readers`` its distinct readers; for a feed,
    its fetches and its direct readers. Every spelling of a page's path ("dir/",
    "dir/index.html") shares one tally.
    """

    __slots__ = ("count", "key", "kind", "readers")

    def __init__(self, kind: int, key: Any = None) -> None:
        self.kind = kind
        self.key = key
        self.count = 0
        self.readers = DistinctHashes()


_NOT_OURS = _Tally(_OTHER)
_A_SNIPPET = _Tally(_SNIPPET)


class _Scan:
    """The running totals of one log, and the loop that updates them."""

    def __init__(self, site_paths: SitePaths, hash_key: bytes) -> None:
        self.tallies: dict[tuple[int, Any], _Tally] = {}
        # None is the path of a request line without one ("-", garbage).
        self.known: dict[bytes | None, _Tally] = {None: _NOT_OURS}
        self.known.update(self.path_table(site_paths))
        self.targets = dict(self.known)
        self.snippet_prefix = site_paths.snippet_prefix.encode()
        self.feed_prefix = site_paths.feed_prefix.encode() if site_paths.feed_prefix else None
        self.base_length = len(site_paths.base_path.encode())
        self.own_hosts = site_paths.own_hosts
        self.partner_hosts = site_paths.partner_hosts
        self.partner_networks = site_paths.partner_networks
        self.servers: dict[bytes, str | None] = {}
        self.site_pages = 0
        self.hasher = blake2b(digest_size=8, key=hash_key)
        self.lines = 0
        self.skipped: list[tuple[int, str]] = []
        self.skipped_count = 0
        self.early_bad = 0
        self.checked = False
        self.block_start = 0
        self.search_from = 0
        self.first: int | None = None
        self.last: int | None = None
        self.bots = 0
        self.subscribers: dict[tuple[str, str, str, bytes], tuple[int, int]] = {}
        self.pickups: dict[str, int] = {}
        self.agents: dict[bytes, Agent] = {}
        self.hosts: dict[bytes, str | None] = {}
        self.hours: dict[bytes, int] = {}

    def path_table(self, site_paths: SitePaths) -> dict[bytes | None, _Tally]:
        """Every exact path we count, as bytes, with its percent-encoded spelling too."""
        table: dict[bytes | None, _Tally] = {}
        entries = [
            *((path, _PAGE, ("issue", key)) for path, key in site_paths.issue_pages.items()),
            *((path, _PAGE, ("item", key)) for path, key in site_paths.item_pages.items()),
            *((path, _FEED, name) for path, name in site_paths.feed_paths.items()),
        ]
        for path, kind, key in entries:
            tally = self.tally(kind, key)
            for spelling in {path, quote(path, safe="/")}:
                table[spelling.encode("utf-8")] = tally
        return table

    def tally(self, kind: int, key: Any) -> _Tally:
        found = self.tallies.get((kind, key))
        if found is None:
            found = self.tallies[(kind, key)] = _Tally(kind, key)
        return found

    def run(
        self,
        path: Path,
        blocks: Iterable[tuple[list[bytes], int]],
        progress: Callable[[int], None] | None,
    ) -> None:
        """Read every block of lines, updating the totals."""
        # Everything the loop touches is a local variable, and each field of a line is
        # taken from the match only when it is needed: on a million lines, attribute
        # look-ups and unused bytes objects cost more than the regular expression.
        match = _LINE.match
        targets = self.targets
        agents = self.agents
        subscribers = self.subscribers
        minute_second = _MINUTE_SECOND
        copy_hasher = self.hasher.copy
        visitor = VISITOR
        bot = _BOT
        fetcher = _FETCHER
        page = _PAGE
        feed = _FEED
        site_page = _SITE_PAGE
        lineno = self.lines
        bots = 0
        # The current hour of the log: lines in it compare as bytes, so only the
        # earliest and latest are turned into numbers (when the hour changes).
        hour_prefix = b"\xff"
        zone = b""
        hour_base = 0
        earliest = latest = b""
        for lines, position in blocks:
            self.block_start = lineno
            self.search_from = 0
            for line in lines:
                m = match(line)
                if m is None:
                    m = self.slow_match(lines, line)
                    if m is None:
                        continue
                ts = m[2]
                if ts.startswith(hour_prefix) and ts.endswith(zone):
                    if ts > latest:
                        latest = ts
                    elif ts < earliest:
                        earliest = ts
                else:
                    self.note_span(earliest, latest)
                    base = self.hour_epoch(ts)
                    if base is None:
                        self.skip_line(lines, line, "the timestamp is not a real date")
                        continue
                    hour_base = base
                    hour_prefix = ts[:14]
                    zone = ts[21:]
                    earliest = latest = ts
                try:
                    tally = targets[m[4]]
                except KeyError:
                    tally = self.find_target(m[4])
                kind = tally.kind
                if not kind:
                    continue
                ua = m[7]
                try:
                    agent = agents[ua]
                except KeyError:
                    agent = self.classify(ua)
                if kind == page:
                    if agent is not visitor:
                        bots += 1
                    elif m[5][0] == 50 and m[3] == b"GET":  # 2xx
                        tally.count += 1
                        hasher = copy_hasher()
                        hasher.update(m[1])
                        hasher.update(ua)
                        tally.readers.add(hasher.digest())
                    continue
                if kind == site_page:
                    if agent is not visitor:
                        bots += 1
                    elif m[5][0] == 50 and m[3] == b"GET":
                        tally.count += 1
                    continue
                partner = None
                if agent is bot:
                    bots += 1
                    continue
                if agent is fetcher:
                    # A partner's server fetching our feed or snippet (WordPress, a PHP
                    # script, curl in a cron job) is a pickup; anyone else's, a bot.
                    partner = self.server_partner(m[1], ua)
                    if partner is None:
                        bots += 1
                        continue
                status = m[5]
                if m[3] != b"GET" or (status[0] != 50 and status != b"304"):
                    continue
                if partner is not None:
                    self.pickups[partner] = self.pickups.get(partner, 0) + 1
                    if kind == feed:
                        tally.count += 1
                    continue
                if kind == feed:
                    tally.count += 1
                    if agent is visitor:
                        hasher = copy_hasher()
                        hasher.update(m[1])
                        hasher.update(ua)
                        tally.readers.add(hasher.digest())
                    else:
                        aggregator: Aggregator = agent  # type: ignore[assignment]
                        if aggregator.subscribers is not None:
                            # Per month of the log ("Dec/2023"), so counts keep a history.
                            report = (aggregator.name, aggregator.feed_id, tally.key, ts[3:11])
                            epoch = hour_base + minute_second[ts[15:20]]
                            seen = subscribers.get(report)
                            if seen is None or epoch >= seen[0]:
                                subscribers[report] = (epoch, aggregator.subscribers)
                referer = m[6]
                if referer != b"-":
                    self.count_pickup(referer)
            lineno += len(lines)
            self.lines = lineno
            if not self.checked and lineno >= SNIFF_LINES:
                self.check_is_log(path, final=False)
            if progress is not None:
                progress(position)
        self.note_span(earliest, latest)
        self.bots += bots

    def slow_match(self, lines: list[bytes], line: bytes) -> re.Match[bytes] | None:
        """The lenient pattern, for lines the fast one refused; records a skip on failure."""
        m = _LINE_LENIENT.match(line)
        if m is None:
            reason = "empty line" if not line.strip() else "not in the combined log format"
            self.skip_line(lines, line, reason)
        return m

    def skip_line(self, lines: list[bytes], line: bytes, reason: str) -> None:
        """Count a skipped line, finding its number only now (the loop does not count).

        Lines are skipped in order, so the first copy of ``line`` after the previous
        skipped one is this one: an identical line before it would have been skipped too.
        """
        index = lines.index(line, self.search_from)
        self.search_from = index + 1
        lineno = self.block_start + index + 1
        self.skipped_count += 1
        if lineno <= SNIFF_LINES:
            self.early_bad += 1
        if len(self.skipped) < MAX_SKIPPED_KEPT:
            self.skipped.append((lineno, reason))

    def check_is_log(self, path: Path, *, final: bool) -> None:
        """Refuse a file that is mostly not access-log lines (the wrong file, a binary)."""
        if self.checked:
            return
        self.checked = True
        looked_at = min(self.lines, SNIFF_LINES)
        if looked_at and self.early_bad * 2 > looked_at:
            first_line, reason = self.skipped[0]
            raise MetricsError(
                f"{path}:{first_line}: not an access log in the combined format: "
                f"{self.early_bad} of the first {looked_at} lines could not be read "
                f"(line {first_line}: {reason})"
            )

    def hour_epoch(self, ts: bytes) -> int | None:
        """Seconds since 1970 at the start of the hour of ``10/Dec/2023:13:55:36 +0000``.

        ``None`` for a date that does not exist (``31/Feb``, ``10/Foo``).
        """
        key = ts[:14] + ts[20:]
        cached = self.hours.get(key)
        if cached is not None:
            return cached
        month = _MONTHS.get(ts[3:6].title())
        if month is None:
            return None
        try:
            start = datetime(int(ts[7:11]), month, int(ts[0:2]), int(ts[12:14]))
        except ValueError:
            return None
        zone = ts[21:]
        offset = (int(zone[1:3]) * 60 + int(zone[3:5])) * 60
        epoch = calendar.timegm(start.timetuple()) - (offset if zone[:1] == b"+" else -offset)
        if len(self.hours) >= _HOUR_CACHE_SIZE:
            self.hours.clear()
        self.hours[key] = epoch
        return epoch

    def note_span(self, earliest: bytes, latest: bytes) -> None:
        """Widen first/last seen by the earliest and latest time of one hour of the log."""
        if not earliest:
            return
        base = self.hour_epoch(earliest)
        if base is None:  # pragma: no cover - the hour was checked when it began
            return
        low = base + _MINUTE_SECOND[earliest[15:20]]
        high = base + _MINUTE_SECOND[latest[15:20]]
        if self.first is None or low < self.first:
            self.first = low
        if self.last is None or high > self.last:
            self.last = high

    def classify(self, ua: bytes) -> Agent:
        """Classify an agent once and remember it (the cache is emptied when full)."""
        agent = classify_user_agent(ua.decode("utf-8", "replace"))
        if isinstance(agent, Bot):
            cached: Agent = _FETCHER if agent.name in FETCHER_RULES else _BOT
        else:
            cached = agent
        if len(self.agents) >= _AGENT_CACHE_SIZE:
            self.agents.clear()
        self.agents[ua] = cached
        return cached

    def find_target(self, target_path: bytes) -> _Tally:
        """What a path not yet in the table is (query strings, snippets, feeds/); cached."""
        tally = self.resolve(target_path)
        targets = self.targets
        if len(targets) >= len(self.known) + _TARGET_CACHE_SIZE:
            # Keep the same dict object: the loop holds it in a local variable.
            targets.clear()
            targets.update(self.known)
        targets[target_path] = tally
        return tally

    def resolve(self, target_path: bytes) -> _Tally:
        if b"?" in target_path:
            target_path = target_path.partition(b"?")[0]
            found = self.known.get(target_path)
            if found is not None:
                return found
        if target_path.startswith(self.snippet_prefix):
            return _A_SNIPPET
        if (
            self.feed_prefix is not None
            and target_path.startswith(self.feed_prefix)
            and target_path.endswith(FEED_SUFFIXES)
        ):
            return self.tally(_FEED, target_path[self.base_length :].decode("utf-8", "replace"))
        return self.site_page(target_path)

    def site_page(self, target_path: bytes) -> _Tally:
        """Another page of the site, counted by its path (the first ``MAX_SITE_PAGES``)."""
        last = target_path.rpartition(b"/")[2]
        if not target_path.startswith(b"/") or (
            b"." in last and not target_path.endswith(_PAGE_SUFFIXES)
        ):
            return _NOT_OURS  # an image, a stylesheet, a download
        name = page_key(target_path.decode("utf-8", "replace"))
        if (_SITE_PAGE, name) not in self.tallies:
            if self.site_pages >= MAX_SITE_PAGES:
                name = OTHER_PAGES
            else:
                self.site_pages += 1
        return self.tally(_SITE_PAGE, name)

    def server_partner(self, address: bytes, ua: bytes) -> str | None:
        """The partner a server-side fetch comes from: by its address in a partner's IP
        range, or by the partner site a CMS names in its agent (``WordPress/6.4;
        https://www.example-trust.nhs.uk``); None for anyone else."""
        key = address + b" " + ua
        if key in self.servers:
            return self.servers[key]
        found: str | None = None
        try:
            ip = ip_address(address.decode("ascii"))
        except ValueError:
            ip = None
        if ip is not None:
            found = next((n for net, n in self.partner_networks if ip in net), None)
        if found is None:
            for host in _AGENT_HOST.findall(ua):
                found = self.partner_of(_normal_host(host.decode("ascii", "replace")))
                if found is not None:
                    break
        if len(self.servers) >= _HOST_CACHE_SIZE:
            self.servers.clear()
        self.servers[key] = found
        return found

    def partner_of(self, host: str) -> str | None:
        """The partner name of a host or of a domain above it, from ``[metrics].partners``."""
        labels = host.split(".")
        for start in range(len(labels) - 1):
            name = self.partner_hosts.get(".".join(labels[start:]))
            if name is not None:
                return name
        return None

    def count_pickup(self, referer: bytes) -> None:
        """Count a snippet or feed request whose Referer is a page on another site."""
        hosts = self.hosts
        host = hosts.get(referer, "")
        if host == "":
            match = _REFERER_HOST.match(referer)
            host = _normal_host(match.group(1).decode("ascii", "replace")) if match else None
            if host in self.own_hosts:
                host = None
            elif host is not None:
                host = self.partner_of(host) or host
            if len(hosts) >= _HOST_CACHE_SIZE:
                hosts.clear()
            hosts[referer] = host
        if host is not None:
            self.pickups[host] = self.pickups.get(host, 0) + 1

    def summary(self) -> AccessLogSummary:
        """The totals as an AccessLogSummary (sorted, so equal logs give equal summaries)."""

        def when(epoch: int | None) -> datetime | None:
            return None if epoch is None else datetime.fromtimestamp(epoch, UTC)

        pages = sorted((t.key, t) for t in self.tallies.values() if t.kind == _PAGE and t.count)
        feeds = sorted((t.key, t) for t in self.tallies.values() if t.kind == _FEED and t.count)
        others = sorted(
            (t.key, t.count) for t in self.tallies.values() if t.kind == _SITE_PAGE and t.count
        )
        monthly: dict[tuple[str, str, str, str], tuple[int, datetime]] = {}
        overall: dict[tuple[str, str, str], tuple[int, int]] = {}
        for (name, feed_id, feed_name, month), (epoch, count) in self.subscribers.items():
            monthly[(name, feed_id, feed_name, _month_label(month))] = (
                count,
                datetime.fromtimestamp(epoch, UTC),
            )
            seen = overall.get((name, feed_id, feed_name))
            if seen is None or epoch >= seen[0]:
                overall[(name, feed_id, feed_name)] = (epoch, count)
        latest = sorted(overall.items())
        return AccessLogSummary(
            lines=self.lines,
            parsed=self.lines - self.skipped_count,
            skipped=list(self.skipped),
            skipped_count=self.skipped_count,
            first_seen=when(self.first),
            last_seen=when(self.last),
            page_views={key: t.count for key, t in pages},
            unique_readers={key: len(t.readers) for key, t in pages},
            feed_fetches={key: t.count for key, t in feeds},
            feed_subscribers={key: count for key, (_, count) in latest},
            feed_subscribers_seen={
                key: datetime.fromtimestamp(epoch, UTC) for key, (epoch, _) in latest
            },
            feed_subscribers_monthly=dict(sorted(monthly.items())),
            site_page_views=dict(others),
            direct_feed_readers={key: len(t.readers) for key, t in feeds if t.readers},
            partner_pickups=dict(sorted(self.pickups.items())),
            bots_excluded=self.bots,
        )


def _month_label(month: bytes) -> str:
    """``b"Dec/2023"`` -> ``"2023-12"``."""
    number = _MONTHS.get(month[:3].title(), 0)
    return f"{month[4:].decode('ascii', 'replace')}-{number:02d}"
