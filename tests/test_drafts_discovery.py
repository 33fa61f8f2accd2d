"""Drafts and embargoes in what issue 17 added: the sitemap, topic pages, topic feeds at
agenda-item grain, the partners page and the email's "In this issue" list.

The repository's workspace holds back two items of the December issue: the Wider Group
summary (a meeting whose agenda items carry topics, so topic feeds would carry them as
entries of their own) and the news story on communications (the only item on its
topic). Each test runs twice, once with the meeting a draft and the story embargoed,
once the other way round. The June meeting stays published: its agenda items show that
each check finds what is there, so that none passes on an empty tree.

In the published tree neither held item appears anywhere; in the preview
(``build --drafts``) the pages and the email show them under their banner, while the
sitemap, the feeds and the partners page stay exactly as published.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup, Tag
from lxml import etree

from spfcomms import build, load_config

from .conftest import DATA, REPO

BEFORE = "1702987200"  # 19 December 2023, 12:00 UTC: before the embargo ends
EMBARGO = "2023-12-20T10:00:00"
EMBARGO_BANNER = "Embargoed until 20 December 2023, 10:00 (Europe/London)"
DRAFT_BANNER = "Draft: not published"
BASE = "https://www.socialpartnershipforum.org/bulletin/"
AUTHORITY = "tag:www.socialpartnershipforum.org,2023:"

MEETING = "wider-group-2023-12-06"
MEETING_TITLE = "Key comms: SPF Wider Group, 6 December 2023"
MEETING_AGENDA = ("retention-exemplars", "sexual-safety", "violence-prevention-and-reduction-vpr")
MEETING_AGENDA_TITLES = ("Retention exemplars", "Ministerial introduction")
STORY = "news-2023-12-communications-review"
STORY_TITLE = "Making SPF communications count"
ONLY_HELD_TOPIC = "communications"  # tagged on the story alone
PUBLISHED_MEETING = "wider-group-2023-06-21"
PUBLISHED_ITEM = "north-east-spf"

SITEMAP_SCHEMA = etree.XMLSchema(etree.parse(str(DATA / "sitemap" / "sitemap.xsd")))
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@dataclass(frozen=True)
class Trees:
    """The published build and the preview of one way of holding the two items back."""

    published: Path
    preview: Path
    banners: dict[str, str]
    """Item id -> the banner its preview shows."""


def _hold(path: Path, kind: str, how: str) -> None:
    text = path.read_text(encoding="utf-8")
    line = f'kind = "{kind}"\n'
    assert line in text
    path.write_text(text.replace(line, line + how + "\n", 1), encoding="utf-8")


@pytest.fixture(scope="module", params=["meeting-draft", "meeting-embargoed"])
def trees(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Trees:
    root = tmp_path_factory.mktemp(request.param)
    for name in ("spfcomms.toml",):
        (root / name).write_bytes((REPO / name).read_bytes())
    for folder in ("issues", "templates"):
        _copy_tree(REPO / folder, root / folder)
    draft, embargo = "draft = true", f"publish_at = {EMBARGO}"
    meeting_how, story_how = (
        (draft, embargo) if request.param == "meeting-draft" else (embargo, draft)
    )
    _hold(root / "issues/2023-12" / f"{MEETING}.md", "meeting-summary", meeting_how)
    _hold(root / "issues/2023-12" / f"{STORY}.md", "news", story_how)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", BEFORE)
        config = load_config(root)
        published = build(config)
        preview = build(config, drafts=True)
    assert [h.id for h in published.held] == [MEETING, STORY]
    assert preview.preview
    banner = {draft: DRAFT_BANNER, embargo: EMBARGO_BANNER}
    return Trees(
        config.output_dir,
        config.preview_dir,
        {MEETING: banner[meeting_how], STORY: banner[story_how]},
    )


def _copy_tree(source: Path, target: Path) -> None:
    for path in sorted(source.rglob("*")):
        if path.is_file():
            (target / path.relative_to(source)).parent.mkdir(parents=True, exist_ok=True)
            (target / path.relative_to(source)).write_bytes(path.read_bytes())


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _hrefs(soup: BeautifulSoup) -> list[str]:
    return [str(a["href"]) for a in soup.find_all("a", href=True)]


def _held_markers() -> tuple[str, ...]:
    """What would give the held items away in any text or address."""
    return (MEETING, MEETING_TITLE, *MEETING_AGENDA_TITLES, STORY, STORY_TITLE)


def _leaks(text: str) -> list[str]:
    return [marker for marker in _held_markers() if marker in text]


# --- sitemap.xml ----------------------------------------------------------------------


def _sitemap_locs(root: Path) -> list[str]:
    document = etree.parse(str(root / "sitemap.xml"))
    assert SITEMAP_SCHEMA.validate(document), SITEMAP_SCHEMA.error_log
    return [
        url.findtext("s:loc", namespaces=SITEMAP_NS) or ""
        for url in document.getroot().iterfind("s:url", SITEMAP_NS)
    ]


def test_the_sitemap_lists_no_held_page(trees: Trees) -> None:
    locs = _sitemap_locs(trees.published)
    assert f"{BASE}items/{PUBLISHED_MEETING}/" in locs
    assert f"{BASE}items/{PUBLISHED_ITEM}/" in locs
    assert f"{BASE}topics/violence-prevention/" in locs
    assert [loc for loc in locs if _leaks(loc)] == []
    assert f"{BASE}topics/{ONLY_HELD_TOPIC}/" not in locs
    # Every page listed is a page of the published tree.
    for loc in locs:
        assert (trees.published / loc.removeprefix(BASE) / "index.html").is_file(), loc


def test_the_previews_sitemap_is_the_published_one(trees: Trees) -> None:
    # The preview has pages for the held items, but crawlers are never told of them.
    assert (trees.preview / f"items/{MEETING}/index.html").is_file()
    assert (trees.preview / f"topics/{ONLY_HELD_TOPIC}/index.html").is_file()
    published = (trees.published / "sitemap.xml").read_bytes()
    assert (trees.preview / "sitemap.xml").read_bytes() == published
    assert (trees.preview / "robots.txt").read_bytes() == (
        trees.published / "robots.txt"
    ).read_bytes()


# --- topic pages ----------------------------------------------------------------------


def _topic_pages(root: Path) -> list[Path]:
    pages = sorted((root / "topics").rglob("index.html"))
    assert root / "topics" / "index.html" in pages
    return pages


def test_no_topic_page_shows_a_held_item_or_agenda_item(trees: Trees) -> None:
    found: dict[str, list[str]] = {}
    for page in _topic_pages(trees.published):
        soup = _soup(page)
        leaks = _leaks(soup.get_text(" ")) + [m for h in _hrefs(soup) for m in _leaks(h)]
        if leaks:
            found[page.relative_to(trees.published).as_posix()] = leaks
        assert soup.find(class_="held-back") is None, page
    assert found == {}
    assert not (trees.published / "topics" / ONLY_HELD_TOPIC).exists()
    index = _soup(trees.published / "topics/index.html")
    assert f"topics/{ONLY_HELD_TOPIC}/index.html" not in " ".join(_hrefs(index))
    # The published meeting's agenda items are there, linked to their anchors.
    violence = _hrefs(_soup(trees.published / "topics/violence-prevention/index.html"))
    assert any(h.startswith(f"../../items/{PUBLISHED_MEETING}/index.html#") for h in violence), (
        violence
    )


def _entry_banners(page: Path, item_id: str) -> list[str]:
    """The banner above each entry of ``page`` that links to the item ``item_id``."""
    soup = _soup(page)
    banners = []
    for entry in soup.select("ul.topic-list > li"):
        heading_link = entry.find(["h2", "h3"])
        link = heading_link.find("a") if isinstance(heading_link, Tag) else None
        if link is None or f"items/{item_id}/" not in str(link["href"]):
            continue
        banner = entry.find(class_="held-back")
        banners.append(banner.get_text(strip=True) if banner is not None else "")
    return banners


def test_the_preview_shows_them_on_topic_pages_under_their_banner(trees: Trees) -> None:
    # The meeting's agenda items are entries of their topics' pages, each under the
    # meeting's banner, linked to its anchor on the meeting's page.
    for topic, anchor in (
        ("retention", "retention-exemplars"),
        ("violence-prevention", "violence-prevention-and-reduction-vpr"),
    ):
        page = trees.preview / f"topics/{topic}/index.html"
        assert _entry_banners(page, MEETING) == [trees.banners[MEETING]], topic
        assert f"../../items/{MEETING}/index.html#{anchor}" in _hrefs(_soup(page))
        anchors = {
            str(t["id"])
            for t in _soup(trees.preview / f"items/{MEETING}/index.html").find_all(id=True)
        }
        assert anchor in anchors
    # The story is the only entry of a topic that only the preview has.
    page = trees.preview / f"topics/{ONLY_HELD_TOPIC}/index.html"
    assert _entry_banners(page, STORY) == [trees.banners[STORY]]
    # Published entries carry no banner.
    page = trees.preview / "topics/violence-prevention/index.html"
    assert _entry_banners(page, PUBLISHED_MEETING) and set(
        _entry_banners(page, PUBLISHED_MEETING)
    ) == {""}


# --- topic feeds, agenda-item entries included -------------------------------------------


def _topic_feeds(root: Path) -> Iterator[Path]:
    folder = root / "feeds" / "tags"
    for feed in sorted(folder.rglob("*")):
        if feed.suffix in (".xml", ".json"):
            yield feed


def _entries(feed: Path) -> list[tuple[str, str, str]]:
    """(id, link, title) of every entry, the feed parsed as what it is."""
    if feed.suffix == ".json":
        items = json.loads(feed.read_bytes())["items"]
        return [(i["id"], i["url"], i.get("title", "")) for i in items]
    parsed = feedparser.parse(feed.read_bytes())
    assert parsed.bozo == 0, (feed, parsed.get("bozo_exception"))
    return [(e.id, e.link, e.title) for e in parsed.entries]


def test_no_topic_feed_carries_a_held_item_or_agenda_item(trees: Trees) -> None:
    feeds = list(_topic_feeds(trees.published))
    assert feeds
    assert not (trees.published / "feeds/tags" / ONLY_HELD_TOPIC).exists()
    agenda_entries = 0
    for feed in feeds:
        for guid, link, title in _entries(feed):
            assert not guid.startswith((AUTHORITY + MEETING, AUTHORITY + STORY)), (feed, guid)
            assert _leaks(link) == [] and _leaks(title) == [], (feed, link, title)
            agenda_entries += guid.startswith(f"{AUTHORITY}{PUBLISHED_MEETING}/")
    # The published meeting's agenda items are entries of their own: the check above
    # looked at agenda-item entries, not at an empty list.
    assert agenda_entries > 0


def test_the_previews_feeds_and_partners_page_are_the_published_ones(trees: Trees) -> None:
    for feed in _topic_feeds(trees.published):
        relative = feed.relative_to(trees.published)
        assert (trees.preview / relative).read_bytes() == feed.read_bytes(), relative
    assert sorted(p.relative_to(trees.preview) for p in _topic_feeds(trees.preview)) == sorted(
        p.relative_to(trees.published) for p in _topic_feeds(trees.published)
    )
    partners = "partners/index.html"
    assert (trees.preview / partners).read_bytes() == (trees.published / partners).read_bytes()


# --- the partners page --------------------------------------------------------------------


def test_the_partners_page_offers_nothing_held(trees: Trees) -> None:
    soup = _soup(trees.published / "partners/index.html")
    text = soup.get_text(" ")
    # The exact HTML to paste is on the page as text: it is searched too.
    assert _leaks(text) == []
    assert [h for h in _hrefs(soup) if _leaks(h)] == []
    assert f"feeds/tags/{ONLY_HELD_TOPIC}/" not in " ".join(_hrefs(soup))
    assert f"snippets/tags/{ONLY_HELD_TOPIC}.html" not in text
    assert "feeds/tags/violence-prevention/feed.xml" in " ".join(_hrefs(soup))
    assert PUBLISHED_ITEM in text


# --- the email's "In this issue" --------------------------------------------------------


def _contents(email_html: Path) -> Tag:
    heading = _soup(email_html).find("h2", string="In this issue")
    assert isinstance(heading, Tag)
    contents = heading.find_next_sibling("ul")
    assert isinstance(contents, Tag)
    return contents


def _text_contents(email_txt: Path) -> list[str]:
    text = email_txt.read_text(encoding="utf-8")
    start = text.index("In this issue\n-------------\n")
    return text[start:].split("\n\n")[0].splitlines()[2:]


def test_the_email_contents_list_only_what_is_published(trees: Trees) -> None:
    folder = trees.published / "issues/2023-12"
    contents = _contents(folder / "email.html")
    links = [str(a["href"]) for a in contents.find_all("a")]
    assert links == [f"#{PUBLISHED_ITEM}"]
    assert _leaks(contents.get_text(" ")) == []
    lines = _text_contents(folder / "email.txt")
    assert lines and all(_leaks(line) == [] for line in lines), lines
    assert lines[0].startswith("- Creating the North East SPF")


def test_the_previews_email_lists_them_with_their_banner(trees: Trees) -> None:
    folder = trees.preview / "issues/2023-12"
    contents = _contents(folder / "email.html")
    entries = {str(link["href"]): link.find_parent("li") for link in contents.find_all("a")}
    assert f"#{MEETING}" in entries and f"#{STORY}" in entries
    for item_id in (MEETING, STORY):
        label = entries[f"#{item_id}"].find("strong")  # type: ignore[union-attr]
        assert label is not None and label.get_text(strip=True) == trees.banners[item_id]
        # The anchor it links to is in the email.
        assert _soup(folder / "email.html").find(id=item_id) is not None
    published = entries[f"#{PUBLISHED_ITEM}"]
    assert published is not None and published.find("strong") is None
    # The meeting's agenda items are listed, linked to their headings.
    for anchor in MEETING_AGENDA:
        assert f"#{MEETING}--{anchor}" in entries
    text = " ".join(" ".join(_text_contents(folder / "email.txt")).split())  # unwrapped
    assert f"[{trees.banners[MEETING]}]" in text and f"[{trees.banners[STORY]}]" in text
