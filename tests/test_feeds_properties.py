"""Whatever Unicode the content holds, every feed still parses (hypothesis)."""

from __future__ import annotations

import html
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spfcomms import Person
from spfcomms.render.feeds import render_feeds
from spfcomms.render.snippets import render_snippets

from .support import feeds as f

# Every code point, including controls, surrogates, U+FFFE/U+FFFF and astral planes.
ANY_TEXT = st.text(st.characters(codec=None, min_codepoint=0, max_codepoint=0x10FFFF), max_size=40)
HOSTILE = st.sampled_from(
    ["<script>alert(1)</script>", "]]>", "&amp;", "&#0;", "\x00", "\ud800", "\ufffe", "<![CDATA[x"]
)
CONFIG = f.config(feed={"per_kind": False})
TEXT = st.one_of(ANY_TEXT, HOSTILE, st.tuples(ANY_TEXT, HOSTILE, ANY_TEXT).map("".join))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    title=TEXT,
    summary=TEXT,
    body=TEXT,
    tags=st.lists(TEXT, max_size=3),
    presenter=TEXT,
    organisation=TEXT,
    agenda_title=TEXT,
)
def test_arbitrary_text_in_every_field_still_parses(
    title: str,
    summary: str,
    body: str,
    tags: list[str],
    presenter: str,
    organisation: str,
    agenda_title: str,
) -> None:
    day = date(2024, 3, 14)
    news = f.news("news-item", day, title=title, summary=summary, body=body, tags=tuple(tags))
    meeting = f.meeting(
        "meeting-item",
        day,
        title=title,
        summary=summary,
        body=html.escape(body),
        tags=tuple(tags),
        presenters=(Person(presenter, organisation),),
        agenda_title=agenda_title,
    )
    out = f.render_only(render_feeds, CONFIG, f.issue(1, day, news, meeting))
    paths = f.feed_paths(out)
    assert "feed.xml" in paths and "atom.xml" in paths
    for path in paths:
        parsed = f.parse(out.get(path))
        ids = [entry.id for entry in parsed.entries]
        assert len(ids) == len(set(ids))
    for path in (p for p in out.paths if p.endswith("feed.json")):
        f.validate_json_feed(out.get(path))
    atom = f.parse(out.get("atom.xml"))
    assert {e.id for e in atom.entries} == {
        "tag:news.example.org,2024:news-item",
        "tag:news.example.org,2024:meeting-item",
    }


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=TEXT, summary=TEXT, tags=st.lists(TEXT, max_size=2), issue_title=TEXT)
def test_arbitrary_text_leaves_snippets_safe(
    title: str, summary: str, tags: list[str], issue_title: str
) -> None:
    from .test_snippets import assert_safe_fragment

    day = date(2024, 3, 14)
    item = f.news("news-item", day, title=title, summary=summary, tags=tuple(tags))
    out = f.render_only(render_snippets, CONFIG, f.issue(1, day, item, title=issue_title))
    for path in out.paths:
        if path.endswith(".html"):
            assert_safe_fragment(path, out.get(path).decode("utf-8"), "news.example.org")
