"""Reading issues and items: fields, structure, and problems with file and line."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from pathlib import Path

from spfcomms import CaseStudy, MeetingSummary, NewsItem, Person, Problem, load_issues
from spfcomms.model.problems import SourceLocation
from spfcomms.workspace.loaders import parse_item
from spfcomms.workspace.structure import parse_presenters, slugify

from .support.workspace import CASE_STUDY, MEETING, NEWS, one_issue

HERE = SourceLocation(Path("issues/2024-01/item.md"))


def _parse(text: str) -> tuple[object, list[str]]:
    problems: list[Problem] = []
    item = parse_item(text, HERE, problems)
    return item, [str(p) for p in problems]


def test_a_news_item_is_read_with_every_field() -> None:
    text = NEWS.format(id="news-one").replace(
        "+++\n\n",
        'tags = ["retention", "pay", "retention"]\nlink = "https://example.org/n"\n'
        'slug = "one"\n+++\n\n',
    )
    item, problems = _parse(text)
    assert problems == []
    assert isinstance(item, NewsItem)
    assert (item.id, item.slug, item.title) == ("news-one", "one", "A news story")
    assert item.date == dt.date(2024, 1, 15)
    assert item.summary == "What happened, in one sentence."
    assert item.tags == ("pay", "retention")
    assert item.link == "https://example.org/n"
    assert item.path == "items/one/"
    assert item.body.html == (
        '<p>The story, with <a href="https://example.org/source">a source</a>.</p>\n'
    )
    [link] = item.links
    assert (link.url, link.text, link.source.line) == ("https://example.org/source", "a source", 12)


def test_the_slug_defaults_to_the_id() -> None:
    item, _ = _parse(NEWS.format(id="news-two"))
    assert isinstance(item, NewsItem)
    assert item.slug == "news-two"


def test_a_toml_error_points_at_the_line_in_the_markdown_file() -> None:
    text = NEWS.format(id="x").replace('title = "A news story"', "title = A news story")
    item, problems = _parse(text)
    assert item is None
    assert len(problems) == 1
    assert problems[0].startswith(f"{HERE.path}:4: error: invalid TOML in front matter: ")
    assert problems[0].endswith("[bad-front-matter]")


def test_a_file_without_front_matter_says_how_to_start_one() -> None:
    _, problems = _parse("# Just a heading\n")
    assert problems == [
        f"{HERE.path}:1: error: a content file must start with TOML front matter between "
        "two '+++' lines [no-front-matter]"
    ]


def test_unclosed_front_matter_is_reported() -> None:
    _, problems = _parse('+++\nkind = "news"\n')
    assert problems == [
        f"{HERE.path}:1: error: the front matter opened on line 1 is never closed: add a "
        "line with '+++' [unclosed-front-matter]"
    ]


def test_a_byte_order_mark_and_windows_line_endings_are_accepted() -> None:
    text = "\ufeff" + NEWS.format(id="news-bom").replace("\n", "\r\n")
    item, problems = _parse(text)
    assert problems == []
    assert isinstance(item, NewsItem)
    assert item.links[0].source.line == 9


def test_missing_required_fields_are_reported_with_an_example_each() -> None:
    _, problems = _parse('+++\nkind = "news"\n+++\n\nText.\n')
    assert problems == [
        f"{HERE.path}:1: error: missing required field 'id' (add id = \"news-2023-12-survey\")"
        " [missing-field]",
        f"{HERE.path}:1: error: missing required field 'date' (add date = 2023-12-06) "
        "[missing-field]",
        f"{HERE.path}:1: error: missing required field 'title' (add title = \"...\") "
        "[missing-field]",
        f"{HERE.path}:1: error: missing required field 'summary' (add summary = \"...\") "
        "[missing-field]",
    ]


def test_malformed_fields_say_what_to_write() -> None:
    text = NEWS.format(id="Bad_ID").replace("date = 2024-01-15", 'date = "15/01/2024"')
    _, problems = _parse(text)
    assert problems == [
        f"{HERE.path}:3: error: id 'Bad_ID' may only use lower-case letters, digits and "
        "hyphens [bad-id]",
        f"{HERE.path}:5: error: field 'date' must be a TOML date such as 2023-12-06 (without "
        "quotes), got '15/01/2024' [bad-field]",
    ]


def test_unknown_fields_and_kinds_are_errors() -> None:
    _, problems = _parse(NEWS.format(id="n").replace("+++\n\n", 'colour = "red"\n+++\n\n'))
    assert problems == [
        f"{HERE.path}:7: error: unknown field 'colour' (known fields: date, draft, id, kind, "
        "link, publish_at, slug, summary, tags, title, updated) [unknown-field]"
    ]
    _, problems = _parse(NEWS.format(id="n").replace('kind = "news"', 'kind = "blog"'))
    assert problems == [
        f"{HERE.path}:2: error: unknown kind 'blog' (use meeting-summary, case-study, news) "
        "[bad-kind]"
    ]


def test_an_offset_date_time_is_read_as_the_day_in_the_workspace_time_zone() -> None:
    text = NEWS.format(id="n").replace("date = 2024-01-15", "date = 2024-01-31T23:30:00-05:00")
    problems: list[Problem] = []
    item = parse_item(text, HERE, problems, tz=zoneinfo.ZoneInfo("Europe/London"))
    assert problems == []
    assert item is not None
    assert item.date == dt.date(2024, 2, 1)


def test_a_meeting_summary_has_an_opening_agenda_presenters_and_sub_items() -> None:
    item, problems = _parse(MEETING.format(id="meeting"))
    assert problems == []
    assert isinstance(item, MeetingSummary)
    assert (item.group, item.meeting_date) == ("Wider Group", dt.date(2024, 1, 10))
    assert item.opening.html == "<p>The chair welcomed members.</p>\n"
    first, second = item.agenda
    assert (first.title, first.anchor, first.source.line) == ("First item", "first-item", 13)
    assert first.presenters == (
        Person(name="Ann Example", role="chair", organisation="Example Trust"),
        Person(name="Bo Sample", organisation="Example Union"),
    )
    assert first.organisations == ("Example Trust", "Example Union")
    assert first.body.html == "<p>What was said about the first item.</p>\n"
    assert first.body.markdown == "What was said about the first item."
    [sub] = first.subitems
    assert (sub.title, sub.source.line) == ("A sub-item", 19)
    assert sub.presenters == (Person(name="Cy Person", organisation="NHS Employers"),)
    assert sub.body.html == "<p>Sub-item text.</p>\n"
    assert (second.title, second.presenters, second.subitems) == ("Second item", (), ())
    assert [a.title for a in item.all_agenda_items()] == ["First item", "A sub-item", "Second item"]
    # The whole body keeps every part, for feeds and the plain-text email.
    assert "<h2>First item</h2>" in item.body.html
    assert "<h3>A sub-item</h3>" in item.body.html


def test_headings_inside_code_blocks_do_not_start_agenda_items() -> None:
    text = MEETING.format(id="m").replace(
        "Text of the second item.", "```\n## not a heading\n```\n"
    )
    item, _ = _parse(text)
    assert isinstance(item, MeetingSummary)
    assert [a.title for a in item.agenda] == ["First item", "Second item"]


def test_agenda_items_with_the_same_title_get_distinct_anchors() -> None:
    text = MEETING.format(id="m").replace("## Second item", "## First item")
    item, _ = _parse(text)
    assert isinstance(item, MeetingSummary)
    assert [a.anchor for a in item.agenda] == ["first-item", "first-item-2"]


def test_presenters_are_parsed_with_roles_and_organisations() -> None:
    problems: list[Problem] = []
    people = parse_presenters(
        "Sara Gorton, head of health (UNISON); Em Wilkinson-Brice (NHS England); Solo Speaker",
        HERE.at_line(9),
        problems,
    )
    assert people == (
        Person(name="Sara Gorton", role="head of health", organisation="UNISON"),
        Person(name="Em Wilkinson-Brice", organisation="NHS England"),
        Person(name="Solo Speaker"),
    )
    assert [str(p) for p in problems] == [
        f"{HERE.path}:9: warning: presenter 'Solo Speaker' has no organisation; write it as "
        "'Name (Organisation)' [presenter-without-organisation]"
    ]
    assert people[0].describe() == "Sara Gorton, head of health, UNISON"


def test_slugify_makes_ascii_anchors() -> None:
    assert slugify("Case study – Liverpool University Hospitals NHS FT (LUHFT)") == (
        "case-study-liverpool-university-hospitals-nhs-ft-luhft"
    )
    assert slugify("Café & crème") == "cafe-creme"
    assert slugify("!!!") == "section"


def test_a_case_study_has_an_intro_sections_and_contacts() -> None:
    item, problems = _parse(CASE_STUDY.format(id="case"))
    assert problems == []
    assert isinstance(item, CaseStudy)
    assert item.organisations == ("Example Trust", "Example Union")
    assert (item.region, item.priority_area) == ("North East", "partnership-working")
    assert item.intro.html == "<p>How it started.</p>\n"
    assert [(s.title, s.anchor, s.source.line) for s in item.sections] == [
        ("About the area", "about-the-area", 24),
        ("Top tips", "top-tips", 28),
    ]
    assert item.sections[1].body.html == "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n"
    assert item.contacts == (
        Person(
            name="Dee Contact",
            role="Director of Workforce",
            organisation="Example Trust",
            email="dee@example.org",
        ),
        Person(name="Eve Contact", email="eve@example.org"),
    )


def test_a_problem_in_the_second_contact_points_at_the_second_contact() -> None:
    text = CASE_STUDY.format(id="case").replace('name = "Eve Contact"\n', 'phone = "0123"\n')
    _, problems = _parse(text)
    assert problems == [
        f"{HERE.path}:18: error: unknown field 'phone' (known fields: email, name, "
        "organisation, role) [unknown-field]",
        f"{HERE.path}:17: error: missing required field 'name' (add name = \"...\") "
        "[missing-field]",
    ]


def test_the_id_comes_from_the_front_matter_so_renaming_the_file_keeps_it(
    tmp_path: Path,
) -> None:
    root = one_issue(tmp_path / "ws", {"story": NEWS.format(id="news-stable")})
    issues, problems = load_issues(root / "issues")
    assert problems == []
    assert issues[0].items[0].id == "news-stable"

    folder = root / "issues" / "2024-01"
    (folder / "story.md").rename(folder / "renamed-story.md")
    toml = (folder / "issue.toml").read_text(encoding="utf-8")
    (folder / "issue.toml").write_text(toml.replace('"story"', '"renamed-story"'), "utf-8")
    issues, problems = load_issues(root / "issues")
    assert problems == []
    [item] = issues[0].items
    assert (item.id, item.slug, item.issue_id) == ("news-stable", "news-stable", "2024-01")
    assert item.source.path == folder / "renamed-story.md"


def test_an_issue_is_read_with_its_items_in_listed_order(tmp_path: Path) -> None:
    root = one_issue(
        tmp_path / "ws",
        {"b-news": NEWS.format(id="b-news"), "a-meeting": MEETING.format(id="a-meeting")},
    )
    [issue], problems = load_issues(root / "issues")
    assert problems == []
    assert (issue.id, issue.number, issue.date) == ("2024-01", 1, dt.date(2024, 1, 15))
    assert issue.title == "January 2024"
    assert issue.intro.html == "<p>The first issue.</p>\n"
    assert [i.id for i in issue.items] == ["b-news", "a-meeting"]
    assert [k.value for k in issue.kinds] == ["meeting-summary", "news"]
    assert issue.path == "issues/2024-01/"


def test_a_file_that_is_not_utf8_is_reported_with_its_line(tmp_path: Path) -> None:
    root = one_issue(tmp_path / "ws", {"story": NEWS.format(id="s")})
    path = root / "issues" / "2024-01" / "story.md"
    path.write_bytes(path.read_bytes().replace(b"The story", b"The caf\xe9 story"))
    _, problems = load_issues(root / "issues")
    assert [str(p) for p in problems] == [
        f"{path}:9: error: not UTF-8 text (byte 0xe9); save the file as UTF-8 [bad-encoding]"
    ]


def test_issue_folder_problems_are_reported(tmp_path: Path) -> None:
    root = one_issue(tmp_path / "ws", {"story": NEWS.format(id="s"), "gone": NEWS})
    folder = root / "issues" / "2024-01"
    (folder / "gone.md").unlink()
    (folder / "stray.md").write_text(NEWS.format(id="stray"), encoding="utf-8")
    (root / "issues" / "january").mkdir()
    (root / "issues" / "2024-02").mkdir()
    (root / "issues" / "_drafts").mkdir()
    _, problems = load_issues(root / "issues")
    assert [str(p) for p in problems] == [
        f"{folder / 'issue.toml'}:5: error: item 'gone' is listed but gone.md does not exist; "
        "check the spelling or remove it from 'items' [missing-item-file]",
        f"{folder / 'stray.md'}: warning: not listed in issue.toml 'items', so it is not "
        "published [unlisted-item]",
        f"{root / 'issues' / '2024-02' / 'issue.toml'}: error: missing issue.toml; run "
        "'spfcomms new 2024-02' [no-issue-file]",
        f"{root / 'issues' / 'january'}: error: issue folder 'january' must be named "
        "YEAR-MONTH, such as 2023-12 [bad-issue-id]",
    ]


def test_an_item_listed_twice_is_reported_once(tmp_path: Path) -> None:
    root = one_issue(tmp_path / "ws", {"story": NEWS.format(id="s")})
    toml = root / "issues" / "2024-01" / "issue.toml"
    toml.write_text(toml.read_text("utf-8").replace('["story"]', '["story", "story"]'), "utf-8")
    [issue], problems = load_issues(root / "issues")
    assert [p.code for p in problems] == ["duplicate-item"]
    assert len(issue.items) == 1


def test_an_invalid_issue_toml_points_at_its_line(tmp_path: Path) -> None:
    root = one_issue(tmp_path / "ws", {"story": NEWS.format(id="s")})
    toml = root / "issues" / "2024-01" / "issue.toml"
    toml.write_text('number = 1\ntitle = "unclosed\n', encoding="utf-8")
    issues, problems = load_issues(root / "issues")
    assert issues == []
    [problem] = problems
    assert (problem.location, problem.code) == (SourceLocation(toml, 2), "bad-issue-file")
    assert "(at line" not in problem.message


def test_a_meeting_is_parsed_once_and_its_parts_add_up_to_the_whole() -> None:
    item, _ = _parse(MEETING.format(id="m"))
    assert isinstance(item, MeetingSummary)
    parts = [item.opening.html]
    for agenda_item in item.agenda:
        parts.append(f"<h2>{agenda_item.title}</h2>\n")
        if agenda_item.presenters:
            parts.append("<p>Presented by: ")
        parts.append(agenda_item.body.html)
    whole = item.body.html
    for part in parts:
        assert part in whole
    assert whole.startswith(item.opening.html)


def test_reference_links_resolve_across_agenda_items() -> None:
    text = (
        MEETING.format(id="m")
        .replace(
            "Text of the second item.",
            "See [the report][report].\n\n[report]: https://example.org/r",
        )
        .replace("Sub-item text.", "Also [the report][report].")
    )
    item, problems = _parse(text)
    assert problems == []
    assert isinstance(item, MeetingSummary)
    sub = item.agenda[0].subitems[0]
    assert sub.body.links[0].url == "https://example.org/r"
    assert sub.body.links[0].source.line == 23


def test_headings_inside_quotes_and_lists_do_not_start_agenda_items() -> None:
    text = MEETING.format(id="m").replace(
        "Text of the second item.", "> ## A quoted heading\n\n- ## A heading in a list\n"
    )
    item, _ = _parse(text)
    assert isinstance(item, MeetingSummary)
    assert [a.title for a in item.agenda] == ["First item", "Second item"]
    assert "A quoted heading" in item.agenda[1].body.html


def test_a_presenter_list_wrapped_over_two_lines_is_one_list() -> None:
    text = MEETING.format(id="m").replace(
        "Presented by: Ann Example, chair (Example Trust); Bo Sample (Example Union)",
        "Presented by: Ann Example, chair (Example Trust);\nBo Sample (Example Union)",
    )
    item, _ = _parse(text)
    assert isinstance(item, MeetingSummary)
    assert [p.name for p in item.agenda[0].presenters] == ["Ann Example", "Bo Sample"]
    assert item.agenda[0].body.html == "<p>What was said about the first item.</p>\n"


def test_a_contact_email_that_is_not_an_address_is_an_error() -> None:
    text = CASE_STUDY.format(id="case").replace('"eve@example.org"', '"Eve at the trust"')
    _, problems = _parse(text)
    assert problems == [
        f"{HERE.path}:19: error: contact email 'Eve at the trust' is not an email address "
        "(name@example.org) [bad-email]"
    ]


def test_links_in_a_one_line_and_a_multi_line_intro_have_their_lines(tmp_path: Path) -> None:
    root = one_issue(tmp_path / "ws", {"story": NEWS.format(id="s")})
    toml = root / "issues" / "2024-01" / "issue.toml"
    text = toml.read_text("utf-8")
    toml.write_text(text.replace('"The first issue."', '"See [a](https://example.org/a)."'))
    [issue], _ = load_issues(root / "issues")
    assert issue.intro.links[0].source.line == 4
    toml.write_text(
        text.replace('"The first issue."', '"""\nFirst.\n\nSee [a](https://example.org/a).\n"""')
    )
    [issue], _ = load_issues(root / "issues")
    assert issue.intro.links[0].source.line == 7


def test_the_whole_body_assembled_from_parts_equals_one_render() -> None:
    from spfcomms.workspace.markdown import parse_markdown

    for text in (MEETING, CASE_STUDY):
        item, _ = _parse(text.format(id="x"))
        assert item is not None
        body_text = text.format(id="x").split("+++\n", 2)[2]
        assert item.body.html == parse_markdown(body_text, HERE).html()
    document = parse_markdown("# a\n\ntext\n\n- one\n- two\n", HERE)
    document.html(0, 3)
    document.html(2, 6)  # overlapping parts fall back to one render
    assert document.html() == "<h1>a</h1>\n<p>text</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n"


def test_raw_html_in_a_body_is_shown_as_text_never_as_markup() -> None:
    item, _ = _parse(
        NEWS.format(id="n").replace(
            "The story,", "<script>alert(1)</script> <b>bold</b> The story,"
        )
    )
    assert isinstance(item, NewsItem)
    assert "<script>" not in item.body.html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &lt;b&gt;bold&lt;/b&gt;" in item.body.html


def test_an_agenda_title_may_end_in_a_hash_and_a_closing_sequence_is_dropped() -> None:
    text = (
        MEETING.format(id="m")
        .replace("## First item", "## Learning C#")
        .replace("## Second item", "## Second item ##")
    )
    item, _ = _parse(text)
    assert isinstance(item, MeetingSummary)
    assert [a.title for a in item.agenda] == ["Learning C#", "Second item"]
