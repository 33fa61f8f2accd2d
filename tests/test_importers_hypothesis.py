"""Arbitrary text never crashes the importer: it yields items or a clear error."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spfcomms.importers import import_text, render_item
from spfcomms.model.content import ItemKind
from spfcomms.model.exceptions import ImportSourceError
from spfcomms.model.problems import Problem, SourceLocation
from spfcomms.workspace.loaders import parse_item

# Lines that look like parts of real documents, mixed with anything at all.
_LINES = st.one_of(
    st.text(max_size=80),
    st.sampled_from(
        [
            "Key comms",
            "Social Partnership Forum (SPF) Wider Group",
            "North East SPF",
            "6 December 2023",
            "Published: 14 December 2023",
            "Welcome and introductions",
            "Retention exemplars - Em Wilkinson-Brice and Ronke Akerele, NHS England",
            "Sexual safety – Catherine Hinwood, NHSE and Rebecca Smith, NHS Employers",
            "Pay – Rt Hon A Person MP, Minister of State",
            "### **Update - Sara Gorton, head of health, UNISON**",
            "#### Sub item - Jo Bell/Al Kerr, GMB",
            "- a bullet with a [link](#)",
            "• a bullet",
            "1. a numbered item",
            "About the area",
            "Top tips",
            "For further information contact:",
            "Jo Bell, Lead, Some Trust, jo@example.org",
            "See https://example.org/page and www.example.org.",
            "<script>alert(1)</script><a href='javascript:x'>x</a>",
            "A sentence that ends properly.",
            "",
            "---",
        ]
    ),
)
_DOCUMENTS = st.lists(_LINES, max_size=30).map("\n".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=_DOCUMENTS,
    fmt=st.sampled_from(["txt", "md", "html"]),
    kind=st.sampled_from([None, *ItemKind]),
)
def test_arbitrary_text_gives_items_or_a_clear_error(
    text: str, fmt: str, kind: ItemKind | None
) -> None:
    try:
        result = import_text(text, format=fmt, name="fuzz", kind=kind, issue_id="2024-01")
    except ImportSourceError as exc:
        assert str(exc).strip()
        return
    assert result.items
    for item in result.items:
        written = render_item(item)
        problems: list[Problem] = []
        loaded = parse_item(written, SourceLocation(Path("fuzz.md")), problems)
        assert loaded is not None, (written, problems)
        assert [p for p in problems if p.is_error] == [], written
        assert loaded.id == item.id


_MEETINGS = st.lists(_LINES, min_size=1, max_size=25).map(
    lambda lines: "Key comms\n\nSPF Wider Group\n\n6 December 2023\n\n" + "\n".join(lines)
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_MEETINGS, fmt=st.sampled_from(["txt", "md"]))
def test_arbitrary_meeting_bodies_round_trip_through_the_loader(text: str, fmt: str) -> None:
    try:
        result = import_text(text, format=fmt, name="fuzz", issue_id="2023-12")
    except ImportSourceError as exc:
        assert "agenda" in str(exc) or "binary" in str(exc)
        return
    (item,) = result.items
    problems: list[Problem] = []
    loaded = parse_item(render_item(item), SourceLocation(Path("fuzz.md")), problems)
    assert loaded is not None and loaded.kind is item.kind
    assert [p for p in problems if p.is_error] == []
    if item.kind is ItemKind.MEETING_SUMMARY:
        assert loaded.meeting_date == item.meeting_date  # type: ignore[union-attr]
        assert [a.title for a in loaded.agenda] == [a.title for a in item.agenda]  # type: ignore[union-attr]


# Lines that are page furniture wherever they stand in a copied page.
FURNITURE = (
    "Skip to main content",
    "We use some essential cookies to make this website work.",
    "We would also like to set analytics cookies to understand how you use the site.",
    "Accept analytics cookies",
    "Reject additional cookies",
    "Cookie settings",
    "Hide this message",
    "Promoting partnership working in the NHS",
    "Share this page",
    "Share on LinkedIn",
    "© Social Partnership Forum 2026",
    "Copyright © 2019 Social Partnership Forum. All rights reserved.",
    "Home › Groups › Wider Group",
    "Home > Case studies > Learning together",
    "You are here: Home / Case studies",
    "Back to top",
    "Print this page",
    "Accessibility statement",
    "Privacy notice",
    "Cookie policy",
    "Terms and conditions",
    "Sitemap",
    "Read the Wider Group key comms - March 2026 (External link icon)",
    "Download the case study (PDF, 240KB)",
    "Page last reviewed: 4 March 2026",
    "Sign up to our newsletter",
    "Was this page helpful?",
)
_WITH_FURNITURE = st.tuples(
    st.lists(_LINES, max_size=25),
    st.lists(st.tuples(st.integers(0, 30), st.sampled_from(FURNITURE)), min_size=1, max_size=8),
)


def _mixed(parts: tuple[list[str], list[tuple[int, str]]]) -> list[str]:
    lines, inserts = parts
    result = list(lines)
    for position, line in inserts:
        result.insert(min(position, len(result)), line)
    return result


def _titles(item: object) -> list[str]:
    titles = [getattr(item, "title", "")]
    for agenda_item in getattr(item, "all_agenda_items", lambda: ())():
        titles.append(agenda_item.title)
    titles += [s.title for s in getattr(item, "sections", ())]
    return titles


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    parts=_WITH_FURNITURE,
    fmt=st.sampled_from(["txt", "md", "html"]),
    kind=st.sampled_from([None, *ItemKind]),
)
def test_furniture_mixed_into_any_text_never_crashes_and_is_never_a_title(
    parts: tuple[list[str], list[tuple[int, str]]], fmt: str, kind: ItemKind | None
) -> None:
    lines = _mixed(parts)
    if fmt == "html":
        text = "<main>" + "".join(f"<p>{html.escape(line)}</p>" for line in lines) + "</main>"
    else:
        text = "\n\n".join(lines)
    try:
        result = import_text(text, format=fmt, name="fuzz", kind=kind, issue_id="2024-01")
    except ImportSourceError as exc:
        assert str(exc).strip()
        return
    furniture = {re.sub(r"\s+", " ", line).strip().lower() for line in FURNITURE}
    for item in result.items:
        for title in _titles(item):
            assert title.strip().lower() not in furniture, title
            assert "(external link icon)" not in title.lower()


@pytest.mark.parametrize("underline", ["=", "==", "-"])
def test_a_meeting_with_only_an_empty_heading_says_its_agenda_is_missing(underline: str) -> None:
    # A setext heading with nothing under it: no agenda item and no prose for a news
    # story either; the error names the agenda, not "the news story has no text".
    text = f"Key comms\n\nSPF Wider Group\n\n6 December 2023\n\nKEYCOMM\n{underline}"
    with pytest.raises(ImportSourceError, match="found no agenda items"):
        import_text(text, format="md", name="fuzz", issue_id="2023-12")
