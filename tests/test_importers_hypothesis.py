"""Arbitrary text never crashes the importer: it yields items or a clear error."""

from __future__ import annotations

from pathlib import Path

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
