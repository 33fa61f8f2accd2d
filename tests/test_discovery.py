"""Being found and shared: sitemap.xml, robots.txt, sharing cards and the print stylesheet."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from lxml import etree

from spfcomms import Config, build, load_config

from .conftest import DATA
from .support.browser import DESKTOP, Browser

BASE = "https://www.socialpartnershipforum.org/bulletin/"
SITEMAP_SCHEMA = etree.XMLSchema(etree.parse(str(DATA / "sitemap" / "sitemap.xsd")))
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture
def built(repo_workspace: Path) -> tuple[Config, Path]:
    config = load_config(repo_workspace)
    build(config)
    return config, config.output_dir


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _sitemap(root: Path) -> dict[str, str]:
    """loc -> lastmod of a sitemap that the sitemaps.org schema accepts."""
    document = etree.parse(str(root / "sitemap.xml"))
    assert SITEMAP_SCHEMA.validate(document), SITEMAP_SCHEMA.error_log
    return {
        url.findtext("s:loc", namespaces=NS) or "": url.findtext("s:lastmod", namespaces=NS) or ""
        for url in document.getroot().iterfind("s:url", NS)
    }


def test_the_schema_refuses_a_bad_sitemap() -> None:
    # The schema is strict enough to catch what matters: a relative address, a bad date.
    bad = etree.fromstring(
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>/x</loc>'
        b"<lastmod>14 Dec 2023</lastmod></url></urlset>"
    )
    assert not SITEMAP_SCHEMA.validate(bad)


def test_the_sitemap_lists_every_page_at_its_canonical_address(built: tuple[Config, Path]) -> None:
    _, root = built
    entries = _sitemap(root)
    pages = sorted(
        p for p in root.rglob("index.html") if p.relative_to(root).parts[0] != "snippets"
    )
    canonical = {}
    for page in pages:
        link = _soup(page).find("link", rel="canonical")
        assert link is not None, page
        canonical[str(link["href"])] = page
    assert set(entries) == set(canonical)
    assert len(entries) == 1 + 2 + 6 + 1 + 9 + 1  # archive, issues, items, topics, partners
    assert not [loc for loc in entries if "email" in loc or "snippets" in loc]
    # Dates are the content's, never the build's.
    assert entries[BASE] == "2023-12-14"
    assert entries[BASE + "issues/2023-06/"] == "2023-06-29"
    assert entries[BASE + "items/north-east-spf/"] == "2023-12-14"
    assert entries[BASE + "topics/staff-wellbeing/"] == "2023-06-29"


def test_robots_txt_names_the_sitemap(built: tuple[Config, Path]) -> None:
    _, root = built
    lines = (root / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "User-agent: *"
    assert f"Sitemap: {BASE}sitemap.xml" in lines


def _meta(page: BeautifulSoup) -> dict[str, str]:
    found = {}
    for tag in page.find_all("meta"):
        key = tag.get("property") or tag.get("name")
        if key and key not in found:
            found[str(key)] = str(tag.get("content"))
    return found


@pytest.mark.parametrize(
    ("page", "title"),
    [
        ("items/north-east-spf/index.html", "Creating the North East SPF"),
        ("issues/2023-12/index.html", "December 2023: retention, sexual safety"),
    ],
)
def test_item_and_issue_pages_carry_sharing_cards(
    built: tuple[Config, Path], page: str, title: str
) -> None:
    _, root = built
    soup = _soup(root / page)
    meta = _meta(soup)
    canonical = soup.find("link", rel="canonical")
    assert canonical is not None
    description = soup.find("meta", attrs={"name": "description"})
    assert description is not None
    assert meta["og:type"] == "article"
    assert meta["og:title"].startswith(title) and meta["twitter:title"] == meta["og:title"]
    assert meta["og:url"] == canonical["href"]
    assert meta["og:description"] == meta["twitter:description"] == description["content"]
    assert meta["og:image"] == meta["twitter:image"] == BASE + "assets/spf-logo.png"
    assert (root / "assets/spf-logo.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert meta["twitter:card"] == "summary"
    assert meta["og:site_name"] == "Social Partnership Forum"
    assert meta["og:locale"] == "en_GB"


def test_only_issue_and_item_pages_link_the_print_stylesheet(built: tuple[Config, Path]) -> None:
    _, root = built
    for page in root.rglob("index.html"):
        relpath = page.relative_to(root).as_posix()
        if relpath.startswith("snippets/"):
            continue
        link = _soup(page).find("link", href=lambda h: bool(h) and h.endswith("print.css"))
        wanted = relpath.startswith(("issues/", "items/"))
        assert (link is not None) == wanted, relpath
        if link is not None:
            assert link["media"] == "print"
            assert (page.parent / str(link["href"])).resolve().is_file()


PRINTED = """() => {
  const style = e => getComputedStyle(e);
  const link = document.querySelector('main a[href^="http"]');
  return {
    nav: style(document.querySelector('.site-header nav')).display,
    footer: style(document.querySelector('.site-footer')).display,
    toc: style(document.querySelector('.toc')).display,
    text: style(document.body).color,
    background: style(document.body).backgroundColor,
    after: getComputedStyle(link, '::after').content,
  };
}"""


@pytest.mark.browser
def test_issue_pages_print_black_on_white_without_navigation(
    browser: Browser, built: tuple[Config, Path], tmp_path: Path
) -> None:
    _, root = built
    page = browser.page(DESKTOP)
    try:
        page.goto((root / "issues/2023-12/index.html").as_uri())
        on_screen = page.evaluate(PRINTED)
        page.emulate_media(media="print")
        printed = page.evaluate(PRINTED)
        page.pdf(path=str(tmp_path / "issue-2023-12.pdf"))
    finally:
        page.context.close()
    assert on_screen["nav"] != "none" and on_screen["after"] == "none"
    assert printed["nav"] == printed["footer"] == printed["toc"] == "none"
    assert printed["text"] == "rgb(0, 0, 0)"
    assert printed["background"] == "rgb(255, 255, 255)"
    assert printed["after"].startswith('" (https://')
    assert (tmp_path / "issue-2023-12.pdf").stat().st_size > 10_000


def test_a_page_of_content_the_site_does_not_publish_is_left_out(repo_config: Config) -> None:
    # A preview build shows held-back items as pages; the sitemap names only what the
    # site publishes.
    from spfcomms.output.writers import OutputTree
    from spfcomms.render.sitemap import render_sitemap

    from .support.site import site_for

    out = OutputTree()
    for page in (
        "index.html",
        "items/north-east-spf/index.html",
        "items/a-draft/index.html",
        "topics/index.html",
        "topics/not-published/index.html",
    ):
        out.add(page, "<!doctype html>")
    render_sitemap(site_for(repo_config), out)
    listed = out.get("sitemap.xml").decode()
    assert f"<loc>{BASE}items/north-east-spf/</loc>" in listed
    assert f"<loc>{BASE}topics/</loc>" in listed
    assert "a-draft" not in listed and "not-published" not in listed
