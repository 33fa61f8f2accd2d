"""Finding links in built HTML, feeds and JSON, and checking links inside the site."""

from __future__ import annotations

from pathlib import Path

from spfcomms.checks.internal_links import check_internal_links
from spfcomms.checks.linkextract import (
    LinkTarget,
    html_links,
    json_links,
    normalise_url,
    output_path_for,
    xml_links,
)
from spfcomms.checks.linkstatus import LinkStatus
from spfcomms.model.problems import SourceLocation
from spfcomms.output.writers import OutputTree

HERE = SourceLocation(Path("_build/feed.xml"))
BASE = "https://example.org/bulletin/"


def test_html_links_resolve_relative_urls_and_keep_lines() -> None:
    page = '<p>\n<a href="../../items/a/index.html#top">A</a>\n<img src="pic.png" alt="x"></p>'
    where = SourceLocation(Path("p.html"))
    found = list(html_links(page, where, base=BASE + "issues/1/index.html"))
    assert found == [
        (BASE + "items/a/index.html#top", SourceLocation(Path("p.html"), 2)),
        (BASE + "issues/1/pic.png", SourceLocation(Path("p.html"), 3)),
    ]


def test_xml_links_include_escaped_html_inside_entries() -> None:
    feed = (
        '<?xml version="1.0"?>\n<rss><channel>\n<link>https://example.org/bulletin/</link>\n'
        "<item><description>&lt;a href=&quot;https://example.org/report?a=1&amp;amp;b=2"
        "&quot;&gt;report&lt;/a&gt;</description></item>\n"
        '<atom:link href="https://example.org/bulletin/feed.xml" rel="self"/>\n'
        "</channel></rss>\n"
    )
    assert [(url, where.line) for url, where in xml_links(feed, HERE)] == [
        ("https://example.org/bulletin/", 3),
        ("https://example.org/report?a=1&b=2", 4),
        ("https://example.org/bulletin/feed.xml", 5),
    ]


def test_json_feed_links_include_urls_and_content_html() -> None:
    feed = (
        '{"home_page_url": "https://example.org/bulletin/", "items": [{"url": '
        '"https://example.org/bulletin/items/a/", "content_html": '
        '"<a href=\\"https://example.org/report\\">report</a>", "id": "a"}]}'
    )
    urls = [url for url, _ in json_links(feed, HERE)]
    assert urls == [
        "https://example.org/bulletin/",
        "https://example.org/bulletin/items/a/",
        "https://example.org/report",
    ]


def test_normalise_url_drops_default_port_case_and_campaign_tags() -> None:
    assert normalise_url("HTTPS://Example.ORG:443?utm_source=x&id=3#Part") == (
        "https://example.org/?id=3#Part"
    )
    assert normalise_url("http://example.org:8080/a") == "http://example.org:8080/a"


def test_site_urls_map_to_output_files() -> None:
    assert output_path_for(BASE + "issues/2023-12/", BASE) == "issues/2023-12/index.html"
    assert output_path_for(BASE + "feed.xml", BASE) == "feed.xml"


def test_internal_links_are_checked_against_the_build_with_their_anchors() -> None:
    out = OutputTree()
    out.add("issues/2023-12/index.html", '<h2 id="news">News</h2>')
    where = (SourceLocation(Path("_build/index.html"), 4),)
    targets = [
        LinkTarget(BASE + "issues/2023-12/", where),
        LinkTarget(BASE + "issues/2023-12/index.html#news", where),
        LinkTarget(BASE + "issues/2023-12/index.html#gone", where),
        LinkTarget(BASE + "issues/2031-01/", where),
    ]
    results = {r.uri[len(BASE):]: r for r in check_internal_links(targets, out, BASE)}
    assert results["issues/2023-12/"].status is LinkStatus.OK
    assert results["issues/2023-12/index.html#news"].status is LinkStatus.OK
    assert results["issues/2023-12/index.html#gone"].status is LinkStatus.BROKEN
    assert results["issues/2031-01/"].message == "issues/2031-01/index.html is not in the build"
