"""Drafts and embargoes: out of every published output until their time, previews show them.

Every file of every build is parsed as what it is (HTML, XML, JSON, a MIME message,
text) and searched for the held-back issue and items, so an output added later is
covered without changing these tests.
"""

from __future__ import annotations

import email
import json
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from email.policy import default
from pathlib import Path
from typing import Any

import feedparser
import pytest
from bs4 import BeautifulSoup

from spfcomms import load_config
from spfcomms.cli import main
from spfcomms.commands.build import build
from spfcomms.commands.check import check_workspace

# 19 December 2023, 12:00 UTC: the case study is embargoed until the 20th, 10:00 London.
BEFORE = "1702987200"
DAY_AFTER = "1703160000"  # 21 December 2023, 12:00 UTC
EMBARGOED_ID = "north-east-spf"
EMBARGOED_TITLE = "Creating the North East SPF"
DRAFT_ID = "news-2023-12-communications-review"
DRAFT_TITLE = "Making SPF communications count"
DRAFT_ISSUE_ITEMS = (
    "wider-group-2023-06-21",
    "news-2023-06-edi-improvement-plan",
    "news-2023-06-sussex-vpr-strategy",
)
PUBLISHED_ID = "wider-group-2023-12-06"
GUID = f"tag:www.socialpartnershipforum.org,2023:{EMBARGOED_ID}"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def held(repo_workspace: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The repository's workspace with a draft issue, a draft item and an embargo; it
    has a partner's own snippet set, so every kind of output is there to search."""
    # The partner's own snippet set is renamed: its name in the repository is the id of
    # the embargoed case study, which the test looks for in every file.
    _edit(
        repo_workspace / "spfcomms.toml",
        'partners = ["north-east-spf"]',
        'partners = ["north-trust"]',
    )
    issues = repo_workspace / "issues"
    _edit(
        issues / "2023-12/north-east-spf.md",
        'kind = "case-study"\n',
        'kind = "case-study"\npublish_at = 2023-12-20T10:00:00\n',
    )
    _edit(issues / f"2023-12/{DRAFT_ID}.md", 'kind = "news"\n', 'kind = "news"\ndraft = true\n')
    _edit(issues / "2023-06/issue.toml", "number = 47\n", "number = 47\ndraft = true\n")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BEFORE)
    monkeypatch.chdir(repo_workspace)
    return repo_workspace


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def parsed_text(path: Path) -> str:
    """Everything a reader or a program gets from one output file, parsed as what it is."""
    data = path.read_bytes()
    suffix = path.suffix.lower()
    if suffix == ".html":
        soup = BeautifulSoup(data, "html.parser")
        attributes = [str(v) for tag in soup.find_all(True) for v in tag.attrs.values()]
        return soup.get_text(" ") + " " + " ".join(attributes)
    if suffix == ".xml":
        root = ElementTree.fromstring(data)  # any XML: feeds, a sitemap ...
        parts = [
            t for element in root.iter() for t in (element.text or "", *element.attrib.values())
        ]
        feed = feedparser.parse(data)
        assert not feed.bozo, (path, feed.get("bozo_exception"))
        parts += [json.dumps(entry, default=str) for entry in feed.entries]
        return " ".join(parts)
    if suffix == ".json":
        return " ".join(_strings(json.loads(data)))
    if suffix == ".eml":
        message = email.message_from_bytes(data, policy=default)
        parts = [str(v) for _, v in message.items()]
        parts += [p.get_content() for p in message.walk() if not p.is_multipart()]
        return " ".join(parts)
    if suffix in (".png", ".jpg", ".jpeg", ".gif"):
        return ""  # the workspace's logo: an image holds no content text
    return data.decode("utf-8")  # .txt, .css: text


def texts(root: Path) -> dict[str, str]:
    files = sorted(p for p in root.rglob("*") if p.is_file())
    assert files
    return {p.relative_to(root).as_posix(): parsed_text(p) for p in files}


def _mentions(text: str, markers: tuple[str, ...]) -> list[str]:
    return [m for m in markers if m in text]


HELD_MARKERS = (
    EMBARGOED_ID,
    EMBARGOED_TITLE,
    DRAFT_ID,
    DRAFT_TITLE,
    *DRAFT_ISSUE_ITEMS,
    "June 2023:",
    "issues/2023-06/",
)


def test_held_back_content_is_in_no_published_file(held: Path) -> None:
    result = build(load_config(held))
    assert [(h.id, h.reason.value) for h in result.held] == [
        ("2023-06", "draft"),
        (EMBARGOED_ID, "embargo"),
        (DRAFT_ID, "draft"),
    ]
    found = texts(held / "_build")
    leaks = {path: _mentions(text, HELD_MARKERS) for path, text in found.items()}
    assert {path: m for path, m in leaks.items() if m} == {}
    # The parsing sees what is published: the Wider Group summary is everywhere it belongs.
    for path in (
        "index.html",
        "feed.xml",
        "atom.xml",
        "feed.json",
        "snippets/latest.html",
        "issues/2023-12/email.eml",
        "issues/2023-12/email.txt",
    ):
        assert PUBLISHED_ID in found[path] or "Wider Group" in found[path], path
    assert not (held / "_build/issues/2023-06").exists()
    assert not (held / f"_build/items/{EMBARGOED_ID}").exists()


def test_the_preview_shows_them_under_a_banner_but_never_in_feeds_or_snippets(
    held: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["build", "--drafts"]) == 0
    out = capsys.readouterr().out
    assert "Previewed 2 issues with 6 items: " in out
    assert "Drafts and embargoes: 3 held back (shown under a banner)." in out
    preview = held / "_preview"
    item = BeautifulSoup((preview / f"items/{EMBARGOED_ID}/index.html").read_text(), "html.parser")
    banner = item.find(class_="held-back")
    assert banner is not None
    assert banner.get_text() == "Embargoed until 20 December 2023, 10:00 (Europe/London)"
    draft_page = (preview / f"items/{DRAFT_ID}/index.html").read_text()
    assert '<p class="held-back" role="note">Draft: not published</p>' in draft_page
    issue_page = (preview / "issues/2023-06/index.html").read_text()
    assert '<p class="held-back" role="note">Draft: not published</p>' in issue_page
    mail = email.message_from_bytes(
        (preview / "issues/2023-12/email.eml").read_bytes(), policy=default
    )
    html = mail.get_body(("html",))
    text = mail.get_body(("plain",))
    assert html is not None and "Embargoed until 20 December 2023, 10:00" in html.get_content()
    assert text is not None and "*** Draft: not published ***" in text.get_content()
    found = texts(preview)
    for path, text_ in found.items():
        if path.startswith(("feeds/", "snippets/")) or path in (
            "feed.xml",
            "atom.xml",
            "feed.json",
        ):
            assert _mentions(text_, HELD_MARKERS) == [], path
    # The published tree was not touched by the preview.
    assert not (held / "_build").exists()


def test_a_preview_may_not_replace_the_published_folder(
    held: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["build", "--drafts", "-o", "_build"]) == 1
    err = capsys.readouterr().err
    assert "_build: not replaced: it is the published output folder" in err
    assert not (held / "_build").exists()


def test_check_lists_what_is_held_back_and_until_when(
    held: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = check_workspace(load_config(held))
    assert not report.failed()
    notes = [str(p) for p in report.problems if p.code == "held-back"]
    assert notes == [
        "issues/2023-06/issue.toml: note: issue '2023-06' is a draft: left out of every "
        "published output [held-back]",
        f"issues/2023-12/{DRAFT_ID}.md:3: note: item '{DRAFT_ID}' is a draft: left out of "
        "every published output [held-back]",
        f"issues/2023-12/{EMBARGOED_ID}.md:3: note: item '{EMBARGOED_ID}' is held back until "
        "20 December 2023, 10:00 (Europe/London) (it is embargoed) [held-back]",
    ]
    assert main(["check"]) == 0
    out = capsys.readouterr().out
    assert "20 December 2023, 10:00 (Europe/London)" in out
    assert out.splitlines()[-1].endswith("no errors; 3 held back (see the notes).")


def test_the_day_after_the_embargo_it_appears_with_the_guid_it_keeps(
    held: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", DAY_AFTER)
    result = build(load_config(held))
    assert [h.id for h in result.held] == ["2023-06", DRAFT_ID]
    feed = feedparser.parse((held / "_build/feed.xml").read_bytes())
    entries = {e.id: e for e in feed.entries}
    assert GUID in entries
    # Published when the embargo ended, not on the item's date.
    assert entries[GUID].published == "Wed, 20 Dec 2023 10:00:00 +0000"
    atom = feedparser.parse((held / "_build/atom.xml").read_bytes())
    assert GUID in {e.id for e in atom.entries}
    assert GUID in {e["id"] for e in json.loads((held / "_build/feed.json").read_bytes())["items"]}
    assert (held / f"_build/items/{EMBARGOED_ID}/index.html").is_file()
    assert EMBARGOED_ID in (held / "_build/snippets/latest.html").read_text()
    # Whenever the embargo ended, the GUID is the one the item always had.
    _edit(held / "issues/2023-12/north-east-spf.md", "2023-12-20T10:00:00", "2023-12-18T08:00:00")
    build(load_config(held))
    later = feedparser.parse((held / "_build/feed.xml").read_bytes())
    assert GUID in {e.id for e in later.entries}
    _edit(held / "issues/2023-12/north-east-spf.md", "publish_at = 2023-12-18T08:00:00\n", "")
    build(load_config(held))
    never = feedparser.parse((held / "_build/feed.xml").read_bytes())
    assert GUID in {e.id for e in never.entries}


def test_a_published_page_linking_to_a_held_one_is_a_broken_link(held: Path) -> None:
    _edit(
        held / "issues/2023-12/issue.toml",
        "Also in this issue:",
        "See [the North East story](https://www.socialpartnershipforum.org/bulletin/"
        "items/north-east-spf/). Also in this issue:",
    )
    report = check_workspace(load_config(held))
    broken = [p for p in report.all_problems() if p.code == "broken-link"]
    assert [str(p.location) for p in broken] == ["issues/2023-12/issue.toml:7"]
    assert "items/north-east-spf/index.html is not in the build" in broken[0].message


def test_unfinished_text_is_a_note_in_a_draft_and_an_error_when_embargoed(held: Path) -> None:
    _edit(held / f"issues/2023-12/{DRAFT_ID}.md", "+++\n\n", "+++\n\nNumbers TBC.\n\n")
    report = check_workspace(load_config(held))
    todo = [p for p in report.problems if p.code == "todo"]
    assert [(p.severity.value, p.message) for p in todo] == [
        ("note", "in a draft: unfinished text: 'Numbers TBC.'")
    ]
    build(load_config(held))  # a draft's unfinished text does not stop the build
    _edit(held / "issues/2023-12/north-east-spf.md", "+++\n\n", "+++\n\nNumbers TBC.\n\n")
    report = check_workspace(load_config(held))
    assert [p.severity.value for p in report.problems if p.code == "todo"] == ["note", "error"]


def test_serve_previews_them_under_a_banner_and_keeps_them_out_of_its_feeds(held: Path) -> None:
    import urllib.request

    from spfcomms.commands.serve import PreviewServer

    with PreviewServer(load_config(held), port=0, watch=False) as preview:
        with urllib.request.urlopen(preview.url + f"items/{EMBARGOED_ID}/", timeout=5) as page:
            assert b"Embargoed until 20 December 2023, 10:00 (Europe/London)" in page.read()
        with urllib.request.urlopen(preview.url + "feed.xml", timeout=5) as feed:
            entries = feedparser.parse(feed.read()).entries
        assert GUID not in {e.id for e in entries} and entries
    assert preview.output_dir == held / "_preview"
    assert not (held / "_build").exists()
