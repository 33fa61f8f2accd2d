"""Topics: named in spfcomms.toml, carried by items and agenda items, followed by feed.

A topic feed carries the agenda items of a meeting that deal with the topic (their
``Topics:`` line), each linked to its anchor on the meeting's page, with a GUID of its
own that no later issue changes.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from bs4 import BeautifulSoup

from spfcomms import ConfigError, build, load_config
from spfcomms.cli import main
from spfcomms.model.content import MeetingSummary
from spfcomms.workspace.collect import collect_workspace

from .conftest import REPO
from .support import feeds as f
from .support.docx_builder import markdown_to_docx
from .support.golden import Golden
from .support.workspace import CONFIG, MEETING, NEWS, one_issue

TOPICS = """
[topics]
retention = { name = "Staff retention", description = "Keeping staff in the NHS." }
sexual-safety = "Sexual safety"
"""

TAGGED_MEETING = MEETING.replace(
    "Presented by: Ann Example, chair (Example Trust); Bo Sample (Example Union)\n",
    "Presented by: Ann Example, chair (Example Trust); Bo Sample (Example Union)\n\n"
    "Topics: retention, sexual-safety\n",
).replace(
    "## Second item\n\n",
    "## Second item\n\nTopics: Retention\nPresented by: Di Speaker (Example Union)\n\n",
)


def _meeting(root: Path) -> MeetingSummary:
    workspace = collect_workspace(load_config(root))
    item = workspace.issues[0].items[0]
    assert isinstance(item, MeetingSummary)
    return item


# --- [topics] in spfcomms.toml -----------------------------------------------------


def test_topics_are_read_in_both_forms_and_found_by_any_spelling(tmp_path: Path) -> None:
    (tmp_path / "spfcomms.toml").write_text(CONFIG + TOPICS, encoding="utf-8")
    topics = load_config(tmp_path).topics
    assert [t.tag for t in topics.known] == ["retention", "sexual-safety"]
    assert topics.name("retention") == "Staff retention"
    assert topics.topic("retention").description == "Keeping staff in the NHS."
    assert topics.name("Sexual Safety") == "Sexual safety"
    # A tag [topics] does not list is shown as words, never as a slug.
    assert topics.find("workforce-planning") is None
    assert topics.name("workforce-planning") == "Workforce planning"


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('retention = { title = "x" }', "[topics].retention: unknown key title"),
        ("retention = { description = 'x' }", "[topics].retention.name: give the topic"),
        ("retention = 3", "[topics].retention: expected a name or a table"),
        (
            'retention = "A"\nRetention = "B"',
            "[topics].Retention: the same topic as [topics].retention",
        ),
    ],
)
def test_a_bad_topic_is_a_config_error_naming_it(tmp_path: Path, table: str, message: str) -> None:
    (tmp_path / "spfcomms.toml").write_text(f"{CONFIG}\n[topics]\n{table}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path)
    assert any(message in m for m in caught.value.messages), caught.value.messages


# --- the Topics: line of an agenda item ----------------------------------------------


def test_topics_lines_are_read_before_or_after_the_presenters(tmp_path: Path) -> None:
    root = one_issue(tmp_path / "ws", {"meeting": TAGGED_MEETING})
    first, second = _meeting(root).agenda
    assert first.tags == ("retention", "sexual-safety")
    assert [p.name for p in first.presenters] == ["Ann Example", "Bo Sample"]
    assert first.body.markdown.strip() == "What was said about the first item."
    # In one paragraph with the presenters line, before it.
    assert second.tags == ("Retention",)
    assert [p.name for p in second.presenters] == ["Di Speaker"]
    assert "Topics" not in second.body.html
    assert first.tags_source is not None and first.tags_source.line == 17


def test_a_topics_line_inside_the_text_is_text(tmp_path: Path) -> None:
    text = MEETING.replace(
        "What was said about the first item.", "What was said.\n\nTopics: retention"
    )
    first = _meeting(one_issue(tmp_path / "ws", {"meeting": text})).agenda[0]
    assert first.tags == ()
    assert "Topics: retention" in first.body.html


def test_sub_item_topics_count_for_their_agenda_item(tmp_path: Path) -> None:
    text = MEETING.replace("Sub-item text.", "Topics: bullying\n\nSub-item text.")
    meeting = _meeting(one_issue(tmp_path / "ws", {"meeting": text}))
    assert meeting.agenda[0].subitems[0].tags == ("bullying",)
    assert meeting.agenda[0].all_tags == ("bullying",)
    assert meeting.all_tags == ("bullying",)


# --- unknown tags ------------------------------------------------------------------


def test_unknown_tags_are_warnings_at_their_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    news = NEWS.format(id="news").replace("+++\n\n", 'tags = ["retention", "retnetion"]\n+++\n\n')
    meeting = TAGGED_MEETING.format(id="meeting").replace(
        "Topics: retention, sexual-safety", "Topics: bulying"
    )
    root = one_issue(tmp_path / "ws", {"meeting": meeting, "news": news})
    (root / "spfcomms.toml").write_text(CONFIG + TOPICS, encoding="utf-8")
    assert main(["-c", str(root), "check"]) == 0
    out = capsys.readouterr().out
    # Problems are shown relative to the workspace.
    assert (
        "issues/2024-01/news.md:7: warning: tag 'retnetion' has no name in [topics] of "
        "spfcomms.toml; did you mean 'retention'?"
    ) in out
    assert "issues/2024-01/meeting.md:17: warning: tag 'bulying' has no name in [topics]" in out
    assert out.count("[unknown-topic]") == 2


def test_without_a_topics_table_no_tag_is_unknown(tmp_path: Path) -> None:
    root = one_issue(tmp_path / "ws", {"meeting": TAGGED_MEETING})
    problems = collect_workspace(load_config(root)).problems
    assert [p for p in problems if p.code == "unknown-topic"] == []


# --- what readers see: names, topic feeds, topic pages --------------------------------


@pytest.fixture
def repo_build(repo_workspace: Path) -> Path:
    config = load_config(repo_workspace)
    build(config)
    return config.output_dir


def _topic_feeds(root: Path) -> list[Path]:
    return sorted((root / "feeds" / "tags").rglob("*.xml"))


def test_names_replace_tags_in_feed_titles_snippet_headings_and_pages(repo_build: Path) -> None:
    rss = f.parse((repo_build / "feeds/tags/violence-prevention/feed.xml").read_bytes())
    assert rss.feed.title == "Social Partnership Forum: Violence prevention and reduction"
    assert rss.feed.subtitle.startswith("Preventing and reducing violence and abuse")
    snippet = (repo_build / "snippets/tags/violence-prevention.html").read_text()
    assert "SPF bulletin: Violence prevention and reduction</h2>" in snippet
    page = BeautifulSoup(
        (repo_build / "items/north-east-spf/index.html").read_text(), "html.parser"
    )
    topics = page.select_one("p.topics")
    assert topics is not None
    assert [a.get_text() for a in topics.find_all("a")] == [
        "Partnership working",
        "Regional forums",
        "Workforce planning",
    ]
    # No slug is shown to readers anywhere on the pages, in a feed title or a heading.
    for path in repo_build.rglob("*.html"):
        soup = BeautifulSoup(path.read_text(), "html.parser")
        shown = [h.get_text() for h in soup.find_all(["h1", "h2", "h3", "title"])]
        shown += [a.get_text() for a in soup.select("p.topics a")]
        assert not [s for s in shown if "violence-prevention" in s or "regional-spf" in s], path


def test_every_topic_feed_parses_and_links_agenda_items_to_anchors_that_exist(
    repo_build: Path,
) -> None:
    feeds = _topic_feeds(repo_build)
    assert len(feeds) == 2 * 9  # RSS and Atom for each of the nine topics
    agenda_entries = 0
    for path in feeds:
        parsed = f.parse(path.read_bytes())  # fails unless bozo is 0
        assert parsed.bozo == 0
        for entry in parsed.entries:
            anchor = urlsplit(entry.link).fragment
            if not anchor:
                continue
            agenda_entries += 1
            assert entry.id.endswith(f"/{anchor}"), entry.id
            local = repo_build / urlsplit(entry.link).path.removeprefix("/bulletin/") / "index.html"
            soup = BeautifulSoup(local.read_text(), "html.parser")
            ids = {tag["id"] for tag in soup.select("[id]")}
            assert anchor in ids, (path, entry.link)
    assert agenda_entries >= 10
    for path in sorted((repo_build / "feeds" / "tags").rglob("feed.json")):
        f.validate_json_feed(path.read_bytes())


def test_a_topic_feed_carries_the_agenda_item_not_the_whole_meeting(repo_build: Path) -> None:
    rss = f.parse((repo_build / "feeds/tags/violence-prevention/feed.xml").read_bytes())
    base = "https://www.socialpartnershipforum.org/bulletin/items/"
    assert [(_page(e.link), e.title) for e in rss.entries] == [
        (
            base + "wider-group-2023-12-06/#violence-prevention-and-reduction-vpr",
            "Violence prevention and reduction (VPR) – Key comms: SPF Wider Group, "
            "6 December 2023",
        ),
        (
            base + "wider-group-2023-06-21/#spf-violence-reduction-subgroup-update",
            "SPF violence reduction subgroup update – Key comms: SPF Wider Group, 21 June 2023",
        ),
        (
            base + "news-2023-06-edi-improvement-plan/",
            "NHS equality, diversity and inclusion improvement plan published",
        ),
        (
            base + "news-2023-06-sussex-vpr-strategy/",
            "Sussex launches a system-wide violence prevention and reduction strategy",
        ),
    ]
    meeting = rss.entries[0]
    assert "Rebecca Smith" in meeting.content[0].value
    assert "Retention exemplars" not in meeting.content[0].value
    assert [t.term for t in meeting.tags] == ["Key comms", "violence-prevention"]


def _page(link: str) -> str:
    """An entry's link without campaign parameters: the page and anchor it leads to."""
    return urlunsplit(urlsplit(link)._replace(query=""))


def _guids(root: Path) -> dict[str, dict[str, str]]:
    """feed file -> {entry's page and anchor: entry id}, for every topic feed."""
    return {
        path.relative_to(root).as_posix(): {
            _page(e.link): e.id for e in f.parse(path.read_bytes()).entries
        }
        for path in _topic_feeds(root)
    }


NEW_ISSUE = """number = 54
date = 2024-01-18
title = "January 2024: violence prevention and retention"
intro = "A new year."
items = ["wider-group-2024-01-10"]
"""
NEW_MEETING = """+++
kind = "meeting-summary"
id = "wider-group-2024-01-10"
title = "Key comms: SPF Wider Group, 10 January 2024"
date = 2024-01-18
summary = "The forum looked again at violence prevention and at retention."
tags = ["violence-prevention"]
group = "Wider Group"
meeting_date = 2024-01-10
+++

The chair welcomed members.

## Violence prevention and reduction (VPR)

Topics: violence-prevention

The survey closed in December.

## Retention exemplars

Topics: retention

The second cohort has started.
"""


def test_topic_guids_match_the_snapshot_and_no_new_issue_changes_them(
    repo_workspace: Path, golden: Golden
) -> None:
    config = load_config(repo_workspace)
    build(config)
    before = _guids(config.output_dir)
    snapshot = "".join(
        f"{feed} {guid} {link}\n"
        for feed, entries in sorted(before.items())
        for link, guid in sorted(entries.items())
    )
    golden.check("feeds/topic-guids.txt", snapshot)
    # A new issue whose agenda items share titles (and so anchors) with older ones.
    issue = repo_workspace / "issues" / "2024-01"
    issue.mkdir()
    (issue / "issue.toml").write_text(NEW_ISSUE, encoding="utf-8")
    (issue / "wider-group-2024-01-10.md").write_text(NEW_MEETING, encoding="utf-8")
    build(config)
    after = _guids(config.output_dir)
    for feed, entries in before.items():
        assert {link: after[feed].get(link) for link in entries} == entries, feed
    new = after["feeds/tags/violence-prevention/feed.xml"]
    assert new[
        "https://www.socialpartnershipforum.org/bulletin/items/wider-group-2024-01-10/"
        "#violence-prevention-and-reduction-vpr"
    ] == (
        "tag:www.socialpartnershipforum.org,2024:wider-group-2024-01-10/"
        "violence-prevention-and-reduction-vpr"
    )
    assert len(set(new.values())) == len(new)


def test_topic_pages_list_every_entry_and_link_the_topic_feeds(repo_build: Path) -> None:
    page = BeautifulSoup(
        (repo_build / "topics/violence-prevention/index.html").read_text(), "html.parser"
    )
    assert page.h1 is not None and page.h1.get_text() == "Violence prevention and reduction"
    entries = [h.a["href"] for h in page.select(".topic-list h3")]
    assert entries == [
        "../../items/wider-group-2023-12-06/index.html#violence-prevention-and-reduction-vpr",
        "../../items/wider-group-2023-06-21/index.html#spf-violence-reduction-subgroup-update",
        "../../items/news-2023-06-edi-improvement-plan/index.html",
        "../../items/news-2023-06-sussex-vpr-strategy/index.html",
    ]
    feeds = [a["href"] for a in page.select("ul.feeds a")]
    assert feeds == [
        f"https://www.socialpartnershipforum.org/bulletin/feeds/tags/violence-prevention/{name}"
        for name in ("feed.xml", "atom.xml", "feed.json")
    ]
    alternates = [link["href"] for link in page.select('link[rel="alternate"]')]
    assert feeds[0] in alternates
    index = BeautifulSoup((repo_build / "topics/index.html").read_text(), "html.parser")
    assert len(index.select(".topic-list > li")) == 9


# --- the Topics: line survives import --------------------------------------------------

KEY_COMMS = """# Key comms

SPF Wider Group, 10 January 2024

The chair welcomed members.

## Staff retention update

Presented by: Ann Example (NHS England)

Topics: retention, workforce-planning

The leaver rate fell again this quarter.

## Tackling violence

Topics: violence-prevention

Members discussed the new survey of trusts.
"""


def _as_html(markdown: str) -> str:
    from markdown_it import MarkdownIt

    return f"<html><body>{MarkdownIt('commonmark').render(markdown)}</body></html>"


def _as_text(markdown: str) -> str:
    # A plain-text copy: headings are bare lines (a "Topics:" line must not read as one).
    return markdown.replace("## ", "").replace("# ", "")


@pytest.mark.parametrize("suffix", [".md", ".txt", ".html", ".docx"])
def test_agenda_topics_survive_import(tmp_path: Path, suffix: str) -> None:
    root = tmp_path / "ws"
    (root / "issues").mkdir(parents=True)
    shutil.copy2(REPO / "spfcomms.toml", root / "spfcomms.toml")
    shutil.copytree(REPO / "templates", root / "templates")
    source = tmp_path / f"key-comms{suffix}"
    if suffix == ".docx":
        markdown_to_docx(KEY_COMMS, source)
    else:
        writers = {".md": lambda m: m, ".txt": _as_text, ".html": _as_html}
        source.write_text(writers[suffix](KEY_COMMS), encoding="utf-8")
    assert main(["-c", str(root), "import", str(source), "--into", "2024-01"]) == 0
    meeting = _meeting(root)
    assert [(a.title, a.tags) for a in meeting.agenda] == [
        ("Staff retention update", ("retention", "workforce-planning")),
        ("Tackling violence", ("violence-prevention",)),
    ]
    assert [p.describe() for p in meeting.agenda[0].presenters] == ["Ann Example, NHS England"]
    workspace = collect_workspace(load_config(root))
    assert [p for p in workspace.problems if p.code == "unknown-topic"] == []
