"""The page for partner sites, and the feed autodiscovery links on every page."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from spfcomms import Config, build, load_config

from .support import feeds as f

BASE = "https://www.socialpartnershipforum.org/bulletin/"


@pytest.fixture
def built(repo_workspace: Path) -> tuple[Config, Path]:
    config = load_config(repo_workspace)
    build(config)
    return config, config.output_dir


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _pages(root: Path) -> list[Path]:
    """The site's pages (emails and snippets are not pages)."""
    return sorted(
        p for p in root.rglob("index.html") if not p.relative_to(root).parts[0] == "snippets"
    )


def _local(root: Path, url: str) -> Path:
    assert url.startswith(BASE), url
    path = root / url.removeprefix(BASE).split("#")[0]
    return path / "index.html" if url.endswith("/") else path


def test_every_feed_is_listed_with_its_formats_last_update_and_subscribe_links(
    built: tuple[Config, Path],
) -> None:
    _, root = built
    page = _soup(root / "partners/index.html")
    table = page.find("table")
    assert isinstance(table, Tag)
    rows = table.select("tbody tr")
    feed_dirs = sorted({p.parent for p in root.rglob("feed.xml")})
    assert len(rows) == len(feed_dirs) == 1 + 3 + 9
    for row in rows:
        links = row.select("a[type]")
        assert [a.get_text() for a in links] == ["RSS", "Atom", "JSON Feed"]
        assert [a["type"] for a in links] == [
            "application/rss+xml",
            "application/atom+xml",
            "application/feed+json",
        ]
        rss = _local(root, str(links[0]["href"]))
        assert rss.is_file() and _local(root, str(links[2]["href"])).is_file()
        parsed = f.parse(rss.read_bytes())
        # What it carries is the feed's own description, its last update the feed's.
        assert parsed.feed.subtitle in row.get_text(" ")
        time = row.find("time")
        assert isinstance(time, Tag)
        year, month, day = parsed.feed.updated_parsed[:3]
        assert time["datetime"] == f"{year:04d}-{month:02d}-{day:02d}"
    names = [row.strong.get_text() for row in rows if row.strong]
    assert names[:4] == ["Everything", "Key comms", "Case studies", "News"]
    assert "Violence prevention and reduction" in names


def test_every_list_snippet_is_previewed_and_quoted_exactly(built: tuple[Config, Path]) -> None:
    _, root = built
    text = (root / "partners/index.html").read_text(encoding="utf-8")
    page = BeautifulSoup(text, "html.parser")
    snippets = sorted(
        p
        for p in (root / "snippets").rglob("*.html")
        if p.relative_to(root / "snippets").parts[0] not in ("items", "partners")
    )
    assert len(snippets) == 1 + 1 + 3 + 9  # latest, latest issue, kinds, topics
    for path in snippets:
        relpath = path.relative_to(root).as_posix()
        anchor = relpath.removesuffix(".html").replace("/", "-")
        section = page.find(id=anchor)
        assert isinstance(section, Tag), relpath
        html = path.read_text(encoding="utf-8")
        # The preview is the snippet itself, byte for byte, inside the page ...
        assert html in text
        assert section.select_one(".preview .spfc") is not None
        # ... and the code to paste is the whole file, exactly.
        code = section.select_one("pre code")
        assert code is not None and code.get_text() == html, relpath
        address = section.find("a", string=relpath)
        assert isinstance(address, Tag) and address["href"] == BASE + relpath
    cards = {a["href"] for a in page.select("#item-cards ~ ul a, #item-cards + p + ul a")}
    on_disk = {BASE + p.relative_to(root).as_posix() for p in (root / "snippets/items").glob("*")}
    assert cards == on_disk


def test_the_page_explains_embedding_campaign_tags_and_whom_to_contact(
    built: tuple[Config, Path],
) -> None:
    config, root = built
    page = _soup(root / "partners/index.html")

    def section(heading: str) -> Tag:
        found = page.find(id=heading)
        assert isinstance(found, Tag)
        parent = found.find_parent("section")
        assert isinstance(parent, Tag)
        return parent

    code = [c.get_text() for c in section("server-side").select("pre code")]
    fetch = f"curl -fsS -z spf-latest.html -o spf-latest.html {BASE}snippets/latest.html"
    assert any(fetch in c for c in code)
    assert any("<!--#include virtual=" in c for c in code)
    assert any("readfile(" in c for c in code)
    rows = [
        [td.get_text() for td in tr.find_all("td")]
        for tr in section("campaign-tags").select("tbody tr")
    ]
    utm = config.utm
    assert [row[:3] for row in rows] == [
        ["the email", utm.source, utm.medium],
        ["feed entries", utm.feed_source, utm.feed_medium],
        ["the shared snippets", utm.snippet_source, utm.snippet_medium],
        ["the set of north-east-spf", "north-east-spf", utm.snippet_medium],
    ]
    mailto = "mailto:bulletin@socialpartnershipforum.org"
    assert section("contact").find("a", href=mailto) is not None


def test_every_page_links_the_partners_page_from_its_footer(built: tuple[Config, Path]) -> None:
    _, root = built
    pages = _pages(root)
    assert len(pages) >= 20
    for path in pages:
        footer = _soup(path).find("footer")
        assert isinstance(footer, Tag), path
        links = [a for a in footer.find_all("a") if "partners/index.html" in str(a["href"])]
        assert links, path
        assert (path.parent / str(links[0]["href"])).resolve() == (root / "partners/index.html")


def _alternates(path: Path) -> list[str]:
    return [str(link["href"]) for link in _soup(path).select('link[rel="alternate"]')]


def test_every_page_names_the_site_feed_and_its_own_kind_and_topic_feeds(
    built: tuple[Config, Path],
) -> None:
    _, root = built
    site_feeds = [BASE + name for name in ("feed.xml", "atom.xml", "feed.json")]
    for path in _pages(root):
        alternates = _alternates(path)
        assert alternates[:3] == site_feeds, path
        assert all(_local(root, href).is_file() for href in alternates), path
        assert len(alternates) == len(set(alternates)), path
    formats = ("feed.xml", "atom.xml", "feed.json")
    folders = ("case-studies", "tags/partnership-working", "tags/regional-spf")
    item = _alternates(root / "items/north-east-spf/index.html")
    assert item[3:] == [
        BASE + f"feeds/{folder}/{name}"
        for folder in (*folders, "tags/workforce-planning")
        for name in formats
    ]
    topic = _alternates(root / "topics/retention/index.html")
    assert topic[3:] == [BASE + f"feeds/tags/retention/{name}" for name in formats]
    issue = _alternates(root / "issues/2023-06/index.html")
    assert {href.split("/")[-2] for href in issue[3:]} == {"meeting-summaries", "news"}
    assert _alternates(root / "partners/index.html") == site_feeds


def test_a_partners_own_set_is_listed_and_its_links_say_its_name(
    built: tuple[Config, Path],
) -> None:
    _, root = built
    page = _soup(root / "partners/index.html")
    own = page.find(id="own-sets")
    assert isinstance(own, Tag)
    listed = [str(a["href"]) for a in own.find_parent("section").select("li a")]  # type: ignore[union-attr]
    folder = root / "snippets/partners/north-east-spf"
    on_disk = sorted(BASE + p.relative_to(root).as_posix() for p in folder.rglob("*.html"))
    assert sorted(listed) == on_disk and len(on_disk) == 1 + 1 + 3 + 9
    latest = (folder / "latest.html").read_text(encoding="utf-8")
    assert "utm_source=north-east-spf&amp;utm_medium=snippet" in latest


def test_without_topic_feeds_no_page_links_one(repo_workspace: Path) -> None:
    from spfcomms.commands.check import check_workspace

    toml = repo_workspace / "spfcomms.toml"
    toml.write_text(toml.read_text() + "\n[feed]\nper_tag = false\n", encoding="utf-8")
    config = load_config(repo_workspace)
    build(config)
    root = config.output_dir
    assert not (root / "feeds" / "tags").exists()
    # Every link inside the site still leads somewhere (check follows them all).
    assert list(check_workspace(config).all_problems()) == []
    for path in _pages(root):
        assert not [href for href in _alternates(path) if "/tags/" in href], path
    topic = _soup(root / "topics/retention/index.html")
    assert topic.select("ul.feeds") == []
    rows = _soup(root / "partners/index.html").select("table")[0].select("tbody tr")
    assert len(rows) == 1 + 3
