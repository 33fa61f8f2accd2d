"""Snippets that partner sites embed: sanitised, namespaced, absolute, up to date."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup, Tag

from spfcomms import build, load_config
from spfcomms.render.snippets import render_snippets

from .support import feeds as f
from .support.golden import Golden
from .support.partner import PARTNER_PAGE, embed, included_paths

XSS_WORKSPACE = f.DATA / "xss"


@pytest.fixture
def repo_build(repo_workspace: Path) -> Path:
    config = load_config(repo_workspace)
    build(config)
    return config.output_dir


@pytest.fixture
def hostile_build(tmp_path: Path) -> Path:
    workspace = tmp_path / "hostile"
    shutil.copytree(XSS_WORKSPACE, workspace)
    config = load_config(workspace)
    build(config)
    return config.output_dir


def _snippets(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted((root / "snippets").rglob("*.html"))
    }


def assert_safe_fragment(name: str, text: str, own_host: str | None = None) -> None:
    """No script, no handlers, no styles or ids, only spfc- classes and absolute links."""
    assert "<html" not in text and "<body" not in text, name
    soup = BeautifulSoup(text, "html.parser")
    for element in soup.find_all(True):
        assert isinstance(element, Tag)
        assert element.name in {
            "section",
            "article",
            "h2",
            "h3",
            "p",
            "a",
            "ul",
            "li",
            "time",
            "span",
        }, (name, element.name)
        for attribute, value in element.attrs.items():
            assert not attribute.lower().startswith("on"), (name, attribute)
            assert attribute not in ("style", "id", "target"), (name, attribute)
            if attribute == "class":
                assert all(c.startswith("spfc") for c in value), (name, value)
        if element.name == "a":
            href = element.get("href")
            if href is not None:
                parts = urlsplit(str(href))
                assert parts.scheme in ("https", "http") and parts.netloc, (name, href)
            # Our own links send the partner page as Referer (no noreferrer) so the
            # cascade can be measured; every link keeps noopener.
            ours = href is not None and urlsplit(str(href)).hostname == own_host
            expected = ["noopener"] if ours else ["noopener", "noreferrer"]
            assert element.get("rel") == expected, (name, element)


def test_repository_build_has_every_snippet(repo_build: Path) -> None:
    names = set(_snippets(repo_build))
    assert {
        "snippets/latest.html",
        "snippets/latest-issue.html",
        "snippets/meeting-summaries.html",
        "snippets/case-studies.html",
        "snippets/news.html",
        "snippets/tags/violence-prevention.html",
        "snippets/items/north-east-spf.html",
        "snippets/items/wider-group-2023-12-06.html",
    } <= names
    assert (repo_build / "snippets/spfcomms-snippets.css").is_file()


def test_every_snippet_is_a_safe_namespaced_fragment(repo_build: Path) -> None:
    for name, text in _snippets(repo_build).items():
        assert_safe_fragment(name, text, "www.socialpartnershipforum.org")


def test_hostile_content_leaves_snippets_safe(hostile_build: Path) -> None:
    snippets = _snippets(hostile_build)
    assert "snippets/items/hostile-news.html" in snippets
    for name, text in snippets.items():
        assert_safe_fragment(name, text, "bulletin.example.org")
    card = BeautifulSoup(snippets["snippets/items/hostile-news.html"], "html.parser")
    # The hostile title is shown as the text it is.
    assert '<script>window.__xss=1;alert("title")</script>' in card.get_text()


def test_hostile_content_leaves_feed_content_safe(hostile_build: Path) -> None:
    for path in ("atom.xml", "feed.xml"):
        for entry in f.parse((hostile_build / path).read_bytes()).entries:
            content = BeautifulSoup(entry.content[0].value, "html.parser")
            for element in content.find_all(True):
                assert isinstance(element, Tag)
                assert element.name not in ("script", "svg", "math", "iframe", "object", "style")
                for attribute, value in element.attrs.items():
                    assert not attribute.lower().startswith("on"), (path, element)
                    if attribute in ("href", "src"):
                        assert urlsplit(str(value)).scheme in ("https", "http", "mailto"), value
    f.validate_json_feed((hostile_build / "feed.json").read_bytes())


def test_latest_snippet_shows_the_configured_number_of_items() -> None:
    cfg = f.config(snippets={"latest": 2, "show_summary": False})
    items = [f.news(f"story-{n}", date(2024, 1, n + 1)) for n in range(4)]
    out = f.render_only(render_snippets, cfg, f.issue(1, date(2024, 1, 10), *items))
    latest = BeautifulSoup(out.get("snippets/latest.html").decode(), "html.parser")
    links = [str(a["href"]) for a in latest.select(".spfc-title a")]
    tags = "utm_source=partner-site&utm_medium=snippet&utm_campaign=2024-01"
    assert links == [
        f"https://news.example.org/bulletin/items/story-3/?{tags}",
        f"https://news.example.org/bulletin/items/story-2/?{tags}",
    ]
    assert not latest.select(".spfc-summary")


def test_snippets_can_be_turned_off() -> None:
    cfg = f.config(snippets={"enabled": False})
    out = f.render_only(
        render_snippets, cfg, f.issue(1, date(2024, 1, 10), f.news("s", date(2024, 1, 10)))
    )
    assert len(out) == 0


def test_partner_example_page_embeds_the_current_snippets(repo_build: Path, golden: Golden) -> None:
    page = PARTNER_PAGE.read_text(encoding="utf-8")
    assert len(included_paths(page)) >= 5
    expected = embed(page, lambda path: (repo_build / path).read_text(encoding="utf-8"))
    if golden.update:
        PARTNER_PAGE.write_text(expected, encoding="utf-8")
        return
    assert page == expected, (
        "examples/partner-site/index.html is out of date; refresh it with "
        "'python3 -m pytest --update-golden tests/test_snippets.py'"
    )


def test_our_links_in_snippets_say_where_they_were_shown_and_send_the_referer() -> None:
    cfg = f.config(
        snippets={"partners": ["north-trust", "quiet-union"]},
        utm={"untagged_partners": ["quiet-union"]},
    )
    story = f.news("story", date(2024, 1, 5))
    out = f.render_only(render_snippets, cfg, f.issue(1, date(2024, 1, 10), story))

    def links(path: str) -> list[tuple[str, list[str]]]:
        soup = BeautifulSoup(out.get(path).decode(), "html.parser")
        return [(str(a["href"]), list(a.get("rel") or [])) for a in soup.find_all("a")]

    shared = links("snippets/latest.html")
    assert shared[0] == (
        "https://news.example.org/bulletin/items/story/?utm_source=partner-site"
        "&utm_medium=snippet&utm_campaign=2024-01",
        ["noopener"],
    )
    # The feed link is ours too; the "All bulletins" link leads to no one issue.
    assert ("https://news.example.org/bulletin/?utm_source=partner-site&utm_medium=snippet",
            ["noopener"]) in shared
    # A feed's address is what readers subscribe to: it stays the same everywhere.
    assert ("https://news.example.org/bulletin/feed.xml", ["noopener"]) in shared
    partner = links("snippets/partners/north-trust/latest.html")
    assert partner[0][0].endswith("?utm_source=north-trust&utm_medium=snippet&utm_campaign=2024-01")
    assert links("snippets/partners/north-trust/latest-issue.html")[0][0].endswith(
        "issues/2024-01/?utm_source=north-trust&utm_medium=snippet&utm_campaign=2024-01"
    )
    assert links("snippets/partners/quiet-union/latest.html")[0] == (
        "https://news.example.org/bulletin/items/story/",
        ["noopener"],
    )
    assert "snippets/partners/north-trust/items/story.html" not in out.paths


def test_snippet_tags_can_be_switched_off() -> None:
    cfg = f.config(utm={"snippet_medium": ""})
    story = f.news("story", date(2024, 1, 5))
    out = f.render_only(render_snippets, cfg, f.issue(1, date(2024, 1, 10), story))
    assert b"utm_" not in out.get("snippets/latest.html")
