"""Guessing what kind of document a source is, when the user does not say."""

from __future__ import annotations

import re

from ..model.content import ItemKind
from .blocks import SourceDocument
from .casestudy import CONTACT_LINE, SECTION_TITLES, title_organisations
from .common import only_date
from .furniture import is_meeting_kicker
from .keycomms import _BANNER, TITLE_BANNER, find_group

_CASE_KICKER = re.compile(r"(?i)^case stud(y|ies)$")
_MEETING_WORD = re.compile(r"(?i)\b(meeting|met|meets)\b")


def detect_kind(document: SourceDocument) -> tuple[ItemKind, str]:
    """The most likely kind, and the reason, in words."""
    blocks = document.blocks
    top = [b.text for b in blocks[:8]]
    kicker = document.meta.get("kicker", "")
    meeting = 0
    reasons: list[str] = []
    if is_meeting_kicker(kicker):
        meeting += 3
        reasons.append(f"a '{kicker}' kicker")
    if any(_BANNER.match(t) or (len(t) < 120 and TITLE_BANNER.search(t)) for t in top):
        meeting += 3
        reasons.append("a 'Key comms' banner")
    groups = [t for t in top if len(t) < 160 and find_group(t)]
    if groups:
        meeting += 2
        reasons.append("a forum group")
        if any(_MEETING_WORD.search(t) for t in groups[:2]):
            meeting += 2
            reasons.append("a meeting")
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
    case_reasons = [f"{sections} known section headings"] + (
        ["a contacts line"] if contacts else []
    )
    if _CASE_KICKER.match(kicker):
        case += 4
        case_reasons.insert(0, f"a '{kicker}' kicker")
    if blocks and title_organisations(blocks[0].text):
        case += 1
        case_reasons.append("organisations in the title")
    if meeting >= 4 and meeting >= case:
        return ItemKind.MEETING_SUMMARY, "meeting summary: " + ", ".join(reasons)
    if case >= 4:
        return ItemKind.CASE_STUDY, "case study: " + ", ".join(case_reasons)
    return ItemKind.NEWS, "news: no meeting or case-study structure found"
