"""Guessing what kind of document a source is, when the user does not say."""

from __future__ import annotations

import re

from ..model.content import ItemKind
from .blocks import SourceDocument
from .casestudy import CONTACT_LINE, SECTION_TITLES
from .common import only_date
from .keycomms import _BANNER, find_group


def detect_kind(document: SourceDocument) -> tuple[ItemKind, str]:
    """The most likely kind, and the reason, in words."""
    blocks = document.blocks
    top = [b.text for b in blocks[:8]]
    meeting = 0
    reasons: list[str] = []
    if any(_BANNER.match(t) for t in top):
        meeting += 3
        reasons.append("a 'Key comms' banner")
    if any(len(t) < 160 and find_group(t) for t in top):
        meeting += 2
        reasons.append("a forum group")
    if any(only_date(t) for t in top):
        meeting += 1
    presenter_lines = sum(
        1 for b in blocks if len(b.text) < 220 and re.search(r"\s[-–—]\s*[A-Z][^,]+,\s*\S", b.text)
    )
    if presenter_lines >= 2:
        meeting += 2
        reasons.append(f"{presenter_lines} headings naming presenters")
    sections = sum(1 for b in blocks if SECTION_TITLES.match(b.text))
    contacts = any(CONTACT_LINE.match(b.text) and len(b.text) < 80 for b in blocks)
    case = 2 * sections + (2 if contacts else 0)
    if meeting >= 4 and meeting >= case:
        return ItemKind.MEETING_SUMMARY, "meeting summary: " + ", ".join(reasons)
    if case >= 4:
        return ItemKind.CASE_STUDY, f"case study: {sections} known section headings" + (
            " and a contacts line" if contacts else ""
        )
    return ItemKind.NEWS, "news: no meeting or case-study structure found"
