"""Reading web server access logs into reach figures (spfcomms.metrics.accesslog)."""

from __future__ import annotations

import bz2
import gzip
import lzma
import random
import shutil
import tempfile
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spfcomms import Config, load_workspace
from spfcomms.metrics.accesslog import (
    MAX_SKIPPED_KEPT,
    AccessLogSummary,
    SitePaths,
    summarise_access_log,
)
from spfcomms.metrics.distinct import DistinctHashes
from spfcomms.metrics.logfiles import BLOCK_BYTES, detect_compression
from spfcomms.metrics.useragents import Aggregator, Bot, Visitor, classify_user_agent
from spfcomms.model.exceptions import MetricsError

DATA = Path(__file__).resolve().parent / "data" / "accesslog"
KEY = b"test-key"
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0"

SITE = SitePaths(
    base_path="/bulletin/",
    issue_pages={
        "/bulletin/issues/2023-12/": "2023-12",
        "/bulletin/issues/2023-12/index.html": "2023-12",
    },
    item_pages={
        "/bulletin/items/north-east-spf/": "north-east-spf",
        "/bulletin/items/north-east-spf/index.html": "north-east-spf",
    },
    feed_paths={
        "/bulletin/feed.xml": "feed.xml",
        "/bulletin/atom.xml": "atom.xml",
        "/bulletin/feed.json": "feed.json",
    },
    snippet_prefix="/bulletin/snippets/",
    feed_prefix="/bulletin/feeds/",
    own_hosts=frozenset({"socialpartnershipforum.org"}),
)


def summarise(path: Path, key: bytes = KEY) -> AccessLogSummary:
    return summarise_access_log(path, site_paths=SITE, hash_key=key)


def log_line(
    ip: str,
    path: str,
    *,
    when: str = "10/Dec/2023:10:00:00 +0000",
    status: int = 200,
    agent: str = FIREFOX,
    referer: str = "-",
    method: str = "GET",
) -> str:
    return f'{ip} - - [{when}] "{method} {path} HTTP/1.1" {status} 512 "{referer}" "{agent}"\n'


@pytest.fixture(scope="module")
def basic() -> AccessLogSummary:
    return summarise(DATA / "basic.log")


# --- what is counted ------------------------------------------------------------------


def test_page_views_count_successful_gets_by_people_under_every_spelling_of_the_page(
    basic: AccessLogSummary,
) -> None:
    # "dir/", "dir/index.html" and "dir/?utm_source=..." are one page; the 304, the HEAD,
    # the 404, the 500 and Googlebot's request are not views.
    assert basic.page_views == {("issue", "2023-12"): 4, ("item", "north-east-spf"): 1}


def test_unique_readers_are_distinct_pairs_of_address_and_agent(
    basic: AccessLogSummary,
) -> None:
    # Four views of the issue: one reader twice, a second reader, and the first
    # reader's address with another browser.
    assert basic.unique_readers == {("issue", "2023-12"): 3, ("item", "north-east-spf"): 1}


def test_feed_fetches_include_not_modified_polls_and_aggregators_but_not_bots(
    basic: AccessLogSummary,
) -> None:
    assert basic.feed_fetches == {
        "atom.xml": 3,
        "feed.json": 2,
        "feed.xml": 11,
        "feeds/news/feed.xml": 1,
    }


def test_each_aggregator_reports_its_latest_subscriber_count_per_feed(
    basic: AccessLogSummary,
) -> None:
    assert basic.feed_subscribers == {
        ("BazQux", "", "feed.xml"): 6,
        ("Feedbin", "1373711", "feed.json"): 5,
        ("Feedfetcher-Google", "1234567890123456789", "feed.xml"): 4,
        ("Feedly", "", "feed.xml"): 125,
        ("Inoreader", "", "atom.xml"): 42,
        ("Netvibes", "98765", "atom.xml"): 7,
        ("NewsBlur", "6021234", "feed.xml"): 12,
        ("Overcast", "456789", "feed.xml"): 2,
        ("SomeReader", "", "atom.xml"): 9,
        ("The Old Reader", "5e8f3a2b1c", "feed.xml"): 3,
    }


def test_the_latest_count_is_chosen_by_log_time_not_file_order_and_never_summed(
    basic: AccessLogSummary,
) -> None:
    # Feedly reported 120 (7 Dec), then 125 (9 Dec); the line for 8 Dec (130) comes
    # last in the file but is older. A sum of the three would be 375.
    key = ("Feedly", "", "feed.xml")
    assert basic.feed_subscribers[key] == 125
    assert basic.feed_subscribers_seen[key] == datetime(2023, 12, 9, 8, 0, tzinfo=UTC)


def test_direct_feed_readers_are_people_and_self_hosted_readers_counted_once(
    basic: AccessLogSummary,
) -> None:
    # Tiny Tiny RSS polled feed.xml twice (200 then 304); NetNewsWire once; curl is a bot.
    assert basic.direct_feed_readers == {
        "feed.json": 1,
        "feed.xml": 2,
        "feeds/news/feed.xml": 1,
    }


def test_partner_pickups_come_from_foreign_referers_of_snippets_and_feeds(
    basic: AccessLogSummary,
) -> None:
    # "www." is ignored; our own site, an empty Referer and bingbot are not pickups.
    assert basic.partner_pickups == {"example-trust.nhs.uk": 2, "union.example.org.uk": 1}


def test_bots_and_aggregators_reading_pages_are_counted_as_excluded(
    basic: AccessLogSummary,
) -> None:
    # Googlebot on the issue, Feedly on an item page, curl on a feed, bingbot on a snippet.
    assert basic.bots_excluded == 4


def test_first_and_last_seen_are_timezone_aware_and_converted_to_utc(
    basic: AccessLogSummary,
) -> None:
    assert basic.first_seen == datetime(2023, 12, 6, 7, 30, tzinfo=UTC)  # 08:30 +0100
    assert basic.last_seen == datetime(2023, 12, 31, 23, 59, 59, tzinfo=UTC)
    assert (basic.lines, basic.parsed, basic.skipped, basic.skipped_count) == (37, 37, [], 0)


def test_a_gzip_log_gives_the_same_summary_as_the_plain_one(basic: AccessLogSummary) -> None:
    assert summarise(DATA / "basic.log.gz") == basic


@pytest.mark.parametrize("compress", [gzip.compress, bz2.compress, lzma.compress])
def test_compression_is_recognised_by_content_not_by_name(
    tmp_path: Path, basic: AccessLogSummary, compress: object
) -> None:
    rotated = tmp_path / "access.log.1"
    rotated.write_bytes(compress((DATA / "basic.log").read_bytes()))  # type: ignore[operator]
    assert summarise(rotated) == basic


def test_a_log_without_a_final_newline_and_with_crlf_endings_reads_the_same(
    tmp_path: Path, basic: AccessLogSummary
) -> None:
    text = (DATA / "basic.log").read_bytes().rstrip(b"\n").replace(b"\n", b"\r\n")
    crlf = tmp_path / "crlf.log"
    crlf.write_bytes(text)
    assert summarise(crlf) == basic


def test_a_page_or_feed_the_log_never_mentions_is_absent(basic: AccessLogSummary) -> None:
    assert ("issue", "2023-06") not in basic.page_views
    assert "feeds/case-studies/atom.xml" not in basic.feed_fetches


# --- privacy --------------------------------------------------------------------------


def test_no_address_from_the_log_appears_anywhere_in_the_summary(
    basic: AccessLogSummary,
) -> None:
    text = repr(basic)
    for line in (DATA / "basic.log").read_text().splitlines():
        address = line.split(" ", 1)[0]
        assert address not in text


def test_another_hash_key_gives_the_same_counts(basic: AccessLogSummary) -> None:
    assert summarise(DATA / "basic.log", key=b"another key, another hash") == basic


def test_an_empty_hash_key_is_refused() -> None:
    with pytest.raises(MetricsError, match="the hash key is empty"):
        summarise(DATA / "basic.log", key=b"")


def test_a_hash_key_longer_than_blake2b_takes_is_accepted(basic: AccessLogSummary) -> None:
    assert summarise(DATA / "basic.log", key=b"k" * 200) == basic


# --- user agents ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("agent", "expected"),
    [
        (
            "Feedly/1.0 (+http://www.feedly.com/fetcher.html; 123 subscribers; like "
            "FeedFetcher-Google)",
            Aggregator("Feedly", 123, ""),
        ),
        (
            "Feedfetcher-Google; (+http://www.google.com/feedfetcher.html; 4 subscribers; "
            "feed-id=7160327123)",
            Aggregator("Feedfetcher-Google", 4, "7160327123"),
        ),
        (
            "Mozilla/5.0 (compatible; inoreader.com; 1 subscriber)",
            Aggregator("Inoreader", 1, ""),
        ),
        (
            "NewsBlur Feed Fetcher - 12 subscribers - https://www.newsblur.com/site/42/x "
            "(Mozilla/5.0)",
            Aggregator("NewsBlur", 12, "42"),
        ),
        ("Feedbin feed-id:1373711 - 5 subscribers", Aggregator("Feedbin", 5, "1373711")),
        (
            "Netvibes (crawler/bot; http://www.netvibes.com; 5 subscribers; feedId: 7734)",
            Aggregator("Netvibes", 5, "7734"),
        ),
        (
            "Mozilla/5.0 (compatible; theoldreader.com; 3 subscribers; feed-id=ab12)",
            Aggregator("The Old Reader", 3, "ab12"),
        ),
        (
            "Overcast/1.0 Podcast Sync (123 subscribers; feed-id=456789; +http://overcast.fm/)",
            Aggregator("Overcast", 123, "456789"),
        ),
        ("Feedly/1.0 (+http://www.feedly.com/fetcher.html)", Aggregator("Feedly", None, "")),
        (
            "Mozilla/5.0 (compatible; reader.example; 8 subscribers)",
            Aggregator("reader.example", 8, ""),
        ),
        ("SomeReader/3.1 (9 readers)", Aggregator("SomeReader", 9, "")),
        ("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", Bot("bot")),
        ("Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", Bot("bot")),
        ("Mozilla/5.0 (compatible; Yahoo! Slurp)", Bot("slurp")),
        ("Sogou web spider/4.0", Bot("spider")),
        ("facebookexternalhit/1.1", Bot("link-preview")),
        ("curl/8.4.0", Bot("http-library")),
        ("python-requests/2.31.0", Bot("http-library")),
        ("-", Bot("empty")),
        ("", Bot("empty")),
        (FIREFOX, Visitor()),
        ("Mozilla/5.0 (Linux; Android 9; CUBOT P30) AppleWebKit/537.36 Chrome/119", Visitor()),
        ("Tiny Tiny RSS/23.04 (https://tt-rss.org/)", Visitor()),
    ],
)
def test_user_agents_are_told_apart(agent: str, expected: object) -> None:
    assert classify_user_agent(agent) == expected


# --- messy logs -----------------------------------------------------------------------


def test_malformed_lines_are_skipped_with_their_line_numbers() -> None:
    summary = summarise(DATA / "malformed.log")
    assert summary.skipped == [
        (3, "not in the combined log format"),
        (5, "empty line"),
        (7, "the timestamp is not a real date"),
        (8, "not in the combined log format"),
        (9, "not in the combined log format"),
        (14, "not in the combined log format"),
    ]
    assert (summary.lines, summary.parsed, summary.skipped_count) == (14, 8, 6)


def test_escaped_quotes_empty_requests_and_broken_utf8_still_count() -> None:
    summary = summarise(DATA / "malformed.log")
    # Lines 1, 2, 6 (an agent with \" inside) and 10 view the issue; 4 and 13 (an agent
    # that is not UTF-8) the item.
    assert summary.page_views == {("issue", "2023-12"): 4, ("item", "north-east-spf"): 2}
    assert summary.unique_readers == {("issue", "2023-12"): 3, ("item", "north-east-spf"): 2}


def test_only_the_first_skipped_lines_are_listed_but_all_are_counted(tmp_path: Path) -> None:
    good = log_line("192.0.2.1", "/bulletin/issues/2023-12/")
    log = tmp_path / "access.log"
    log.write_text((good * 3 + "garbage\n") * 150)
    summary = summarise(log)
    assert summary.skipped_count == 150
    assert len(summary.skipped) == MAX_SKIPPED_KEPT
    assert summary.skipped[:2] == [
        (4, "not in the combined log format"),
        (8, "not in the combined log format"),
    ]
    assert summary.page_views == {("issue", "2023-12"): 450}


def test_line_numbers_stay_right_across_blocks(tmp_path: Path) -> None:
    good = log_line("192.0.2.1", "/bulletin/issues/2023-12/")
    count = BLOCK_BYTES // len(good) * 3  # about three blocks of the reader
    lines = [good] * count
    bad_at = [2, count // 2, count - 1]
    for number in bad_at:
        lines[number - 1] = "same garbage every time\n"
    log = tmp_path / "access.log"
    log.write_text("".join(lines))
    summary = summarise(log)
    assert [number for number, _ in summary.skipped] == bad_at
    assert summary.lines == count


def test_a_file_that_is_not_an_access_log_is_refused_with_file_and_line(tmp_path: Path) -> None:
    csv = tmp_path / "report.csv"
    csv.write_text(
        "Campaign Name,Subject,Send Time\n" + "December,SPF bulletin,2023-12-06\n" * 1500
    )
    with pytest.raises(MetricsError) as caught:
        summarise(csv)
    assert str(caught.value) == (
        f"{csv}:1: not an access log in the combined format: 1000 of the first 1000 "
        "lines could not be read (line 1: not in the combined log format)"
    )


def test_a_short_file_that_is_mostly_not_log_lines_is_refused(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("first\n" + log_line("192.0.2.1", "/") + "third\n")
    with pytest.raises(MetricsError, match=r"notes\.txt:1: not an access log .* 2 of the first 3"):
        summarise(notes)


def test_an_empty_log_gives_an_empty_summary(tmp_path: Path) -> None:
    empty = tmp_path / "empty.log"
    empty.write_bytes(b"")
    assert summarise(empty) == AccessLogSummary()


def test_a_binary_file_without_newlines_is_refused_without_reading_it_whole(
    tmp_path: Path,
) -> None:
    blob = tmp_path / "image.png"
    blob.write_bytes(b"\x89PNG\r\n\x1a\n" + random.Random(1).randbytes(3 * BLOCK_BYTES))
    with pytest.raises(MetricsError, match="not an access log"):
        summarise(blob)


def test_a_damaged_gzip_file_is_refused_with_the_line_reached(tmp_path: Path) -> None:
    whole = gzip.compress((DATA / "basic.log").read_bytes() * 50, mtime=0)
    cut = tmp_path / "cut.log.gz"
    cut.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(MetricsError, match=r"cut\.log\.gz:\d+: the compressed data is damaged"):
        summarise(cut)


def test_a_missing_file_is_a_metrics_error(tmp_path: Path) -> None:
    with pytest.raises(MetricsError, match="missing.log: cannot read"):
        summarise(tmp_path / "missing.log")


def test_progress_reports_bytes_read_from_disk_up_to_the_file_size() -> None:
    seen: list[int] = []
    summarise_access_log(DATA / "basic.log.gz", site_paths=SITE, hash_key=KEY, progress=seen.append)
    assert seen
    assert seen == sorted(seen)
    assert seen[-1] == (DATA / "basic.log.gz").stat().st_size


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.binary(max_size=300), min_size=1, max_size=30))
def test_arbitrary_bytes_never_crash_the_parser(lines: list[bytes]) -> None:
    good = log_line("192.0.2.1", "/bulletin/feed.xml").encode()
    mixed = b"".join(line.replace(b"\n", b" ") + b"\n" + good for line in lines)
    with tempfile.TemporaryDirectory() as folder:
        log = Path(folder) / "fuzz.log"
        log.write_bytes(mixed)
        try:
            summary = summarise(log)
        except MetricsError:
            # Only a file that starts like a compressed one may be refused.
            assert detect_compression(log) is not None
            return
    assert summary.lines == 2 * len(lines)
    assert summary.parsed + summary.skipped_count == summary.lines
    assert summary.parsed >= len(lines)


_field = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters='"\n\r'), max_size=80
)


@settings(max_examples=200, deadline=None)
@given(path=_field, agent=_field, referer=_field)
def test_arbitrary_paths_agents_and_referers_in_well_formed_lines_are_parsed(
    path: str, agent: str, referer: str
) -> None:
    line = log_line("192.0.2.1", "/" + path.replace(" ", "%20"), agent=agent, referer=referer)
    with tempfile.TemporaryDirectory() as folder:
        log = Path(folder) / "fuzz.log"
        log.write_text(line * 2, encoding="utf-8")
        summary = summarise(log)
    assert (summary.lines, summary.parsed) == (2, 2)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.binary(min_size=8, max_size=8), max_size=400))
def test_distinct_hashes_count_like_a_set(digests: list[bytes]) -> None:
    distinct = DistinctHashes()
    for digest in digests + digests[::2]:
        distinct.add(digest)
    assert len(distinct) == len(set(digests))


def test_distinct_hashes_grow_past_many_thousands() -> None:
    rng = random.Random(3)
    digests = [rng.randbytes(8) for _ in range(20_000)]
    distinct = DistinctHashes()
    for digest in digests * 2:
        distinct.add(digest)
    assert len(distinct) == len(set(digests))


# --- memory ---------------------------------------------------------------------------


def test_memory_stays_flat_however_long_the_log(tmp_path: Path) -> None:
    rng = random.Random(7)
    paths = [
        "/bulletin/issues/2023-12/",
        "/bulletin/items/north-east-spf/",
        "/bulletin/feed.xml",
        "/bulletin/snippets/latest.html",
        "/bulletin/assets/style.css",
    ]
    hour = [
        log_line(
            f"192.0.2.{rng.randrange(200)}",
            rng.choice(paths),
            when=f"10/Dec/2023:{{hour}}:{minute:02d}:{second:02d} +0000",
            referer="https://partner.example.org/news",
        )
        for minute in range(60)
        for second in range(0, 60, 3)
    ]
    log = tmp_path / "long.log"
    with log.open("w") as out:
        for index in range(-(-200_000 // len(hour))):
            out.write("".join(hour).replace("{hour}", f"{index % 24:02d}"))
    assert log.stat().st_size > 30_000_000
    tracemalloc.start()
    try:
        summary = summarise(log)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert summary.parsed == summary.lines >= 200_000
    assert summary.page_views[("issue", "2023-12")] > 30_000
    # The file is 30+ MB; reading it holds about two blocks of it at a time.
    assert peak < 6 * BLOCK_BYTES


# --- the site's paths -----------------------------------------------------------------


def test_site_paths_come_from_the_workspace(repo_config: Config) -> None:
    workspace = load_workspace(repo_config)
    paths = SitePaths.from_workspace(repo_config, workspace.issues)
    assert paths.base_path == "/bulletin/"
    assert paths.issue_pages["/bulletin/issues/2023-12/"] == "2023-12"
    assert paths.issue_pages["/bulletin/issues/2023-12/index.html"] == "2023-12"
    assert paths.item_pages["/bulletin/items/north-east-spf/"] == "north-east-spf"
    assert paths.feed_paths == {
        "/bulletin/feed.xml": "feed.xml",
        "/bulletin/atom.xml": "atom.xml",
        "/bulletin/feed.json": "feed.json",
    }
    assert paths.snippet_prefix == "/bulletin/snippets/"
    assert paths.feed_prefix == "/bulletin/feeds/"
    assert paths.own_hosts == frozenset({"socialpartnershipforum.org"})


def test_the_workspace_paths_count_the_fixture_log_the_same(
    repo_config: Config, basic: AccessLogSummary
) -> None:
    workspace = load_workspace(repo_config)
    paths = SitePaths.from_workspace(repo_config, workspace.issues)
    summary = summarise_access_log(DATA / "basic.log", site_paths=paths, hash_key=KEY)
    assert summary == basic


def test_a_site_at_the_root_of_its_host(tmp_path: Path) -> None:
    shutil.copy2(DATA / "basic.log", tmp_path / "access.log")
    at_root = SitePaths(
        base_path="/",
        issue_pages={"/issues/2023-12/": "2023-12"},
        item_pages={},
        feed_paths={"/feed.xml": "feed.xml"},
        snippet_prefix="/snippets/",
    )
    line = log_line("192.0.2.1", "/issues/2023-12/") + log_line("192.0.2.2", "/feed.xml")
    (tmp_path / "access.log").write_text(line)
    summary = summarise_access_log(tmp_path / "access.log", site_paths=at_root, hash_key=KEY)
    assert summary.page_views == {("issue", "2023-12"): 1}
    assert summary.feed_fetches == {"feed.xml": 1}
