"""Recognising a meeting summary ("Key comms"): group, dates, opening and agenda.

The shape, whatever the format: a banner ("Key comms"), the forum group, the meeting
date, the chair's opening, then one heading per agenda item naming its presenters.
In Markdown, HTML and Word the headings are real headings (the shallowest level below
the group line is the agenda, the next level its sub-items); in plain text they are
bare lines that read as headings (short, no full stop, followed by text).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from ..model.exceptions import ImportSourceError
from ..workspace.structure import slugify
from .blocks import Block, BlockKind, SourceDocument
from .common import (
    BodyWriter,
    find_date,
    join_broken_paragraphs,
    long_date,
    looks_like_heading,
    only_date,
)
from .model import ImportedAgendaItem, ImportedMeeting, Messages
from .presenters import document_abbreviations, split_heading
from .tags import REGIONS, guess_tags

_BANNER = re.compile(r"(?i)^(spf\s+)?(key\s*comm(s|unications)?|meeting\s+summary|summary)\b")
_GROUP_PATTERNS = (
    (
        re.compile(r"(?i)\b(wider|strategic|executive)\s+group\b"),
        lambda m: f"{m.group(1).title()} Group",
    ),
    (
        re.compile(
            r"\b(" + "|".join(re.escape(r) for r in REGIONS) + r")\s+(?:[Rr]egional\s+)?"
            r"(?:SPF|Social Partnership Forum)\b"
        ),
        lambda m: f"{m.group(1)} SPF",
    ),
    (
        re.compile(
            r"(?i)\b(?:SPF|social partnership forum)(?:\s*\(SPF\))?\s+"
            r"([\w ]+?(?:group|subgroup|committee))\b"
        ),
        lambda m: m.group(1).strip()[:1].upper() + m.group(1).strip()[1:],
    ),
)
_PUBLISHED = re.compile(r"(?i)\b(published|publication date|date published|issued)\b")
_OPENING_TITLES = re.compile(
    r"(?i)^(welcome|introductions?|chair'?s?\s+(welcome|introduction|opening)|opening"
    r"(\s+remarks)?|welcome,?\s+(and\s+)?(introductions?|apologies)|apologies)\b"
)
_GENERIC_GROUP = "Social Partnership Forum"
_PRESENTER_HINT = re.compile(r"\s[-–—]\s*\S|[–—]\s*[A-Z]|presented by", re.IGNORECASE)


def find_group(text: str) -> str | None:
    """The forum group named in a line: "Wider Group", "North East SPF" ..."""
    for pattern, name in _GROUP_PATTERNS:
        match = pattern.search(text)
        if match:
            found = name(match)
            return found
    return None


def parse_meeting(
    document: SourceDocument,
    messages: Messages,
    *,
    issue_date: date | None = None,
    month_start: date | None = None,
) -> ImportedMeeting:
    """The meeting summary in ``document``; ImportSourceError when it has no agenda."""
    blocks = join_broken_paragraphs(
        [b for b in document.blocks if b.kind is not BlockKind.RULE], messages
    )
    group, meeting_date, published, start = _preamble(blocks, document, messages)
    body = blocks[start:]
    abbreviations = document_abbreviations([b.text for b in blocks])
    headings = _headings(body, messages)
    if not headings:
        raise ImportSourceError(
            f"{document.name}: found no agenda items: no headings, and no short lines that "
            "read as headings (a title, then text)"
        )
    top = min(level for level in headings.values())
    writer = BodyWriter(messages)
    opening_blocks = body[: min(headings)]
    agenda: list[ImportedAgendaItem] = []
    positions = sorted(headings)
    for number, position in enumerate(positions):
        level = headings[position]
        end = positions[number + 1] if number + 1 < len(positions) else len(body)
        heading = body[position]
        split = split_heading(heading.text, heading.line, messages, abbreviations)
        content = list(body[position + 1 : end])
        if (
            not agenda
            and level == top
            and not split.presenters
            and _OPENING_TITLES.match(split.title)
        ):
            messages.note(heading.line, f"'{split.title}' read as the chair's opening", "opening")
            opening_blocks = [*opening_blocks, *content]
            continue
        item = ImportedAgendaItem(
            title=split.title,
            presenters=split.presenters,
            body=writer.markdown(content),
            line=heading.line,
        )
        if level > top and agenda:
            parent = agenda[-1]
            agenda[-1] = ImportedAgendaItem(
                parent.title,
                parent.presenters,
                parent.body,
                parent.line,
                (*parent.subitems, item),
            )
        else:
            if level > top:
                messages.warn(
                    heading.line, "a sub-heading before any agenda item", "orphan-subitem"
                )
            agenda.append(item)
    if not agenda:
        raise ImportSourceError(f"{document.name}: found no agenda items after the opening")
    for item in agenda:
        if not item.body and not item.subitems:
            messages.warn(item.line, f"agenda item '{item.title}' has no text", "empty-agenda-item")
    opening = writer.markdown(opening_blocks)
    label = (
        f"SPF {group}" if group in ("Wider Group", "Strategic Group", "Executive Group") else group
    )
    when = long_date(meeting_date)
    item_date = published or issue_date or meeting_date
    if (
        published is None
        and issue_date is None
        and month_start is not None
        and ((meeting_date.year, meeting_date.month) != (month_start.year, month_start.month))
    ):
        item_date = month_start
    all_text = " ".join([opening, *(f"{a.title} {a.body}" for a in agenda)])
    return ImportedMeeting(
        id=f"{slugify(group)}-{meeting_date.isoformat()}",
        title=f"Key comms: {label}, {when}",
        date=item_date,
        summary=_summary(label, when, agenda),
        tags=guess_tags(all_text),
        links=tuple(writer.links),
        group=group,
        meeting_date=meeting_date,
        opening=opening,
        agenda=tuple(agenda),
    )


def _preamble(
    blocks: Sequence[Block], document: SourceDocument, messages: Messages
) -> tuple[str, date, date | None, int]:
    """Group, meeting date, publication date and where the body starts."""
    group: str | None = None
    meeting: date | None = None
    published: date | None = None
    start = 0
    for index, block in enumerate(blocks[:12]):
        text = block.text
        if len(text) > 160 or (text.endswith(".") and len(text.split()) > 6):
            break
        consumed = False
        if _BANNER.match(text):
            consumed = True
        if group is None and (found := find_group(text)):
            group, consumed = found, True
        if _PUBLISHED.search(text) and (value := find_date(text)):
            published, consumed = value[0], True
        elif (
            meeting is None
            and (value := find_date(text))
            and (only_date(text) or consumed or len(text.split()) <= 8)
        ):
            meeting, consumed = value[0], True
        if not consumed:
            break
        start = index + 1
    meta_title = document.meta.get("title", "")
    if group is None and meta_title:
        group = find_group(meta_title)
    if meeting is None and meta_title and (value := find_date(meta_title)):
        meeting = value[0]
    if meeting is None:
        for block in blocks[start : start + 4]:
            match = re.search(r"(?i)\bmeeting\b[^.]*?\b(?:on|of|held)\b", block.text)
            value = find_date(block.text)
            if match and value:
                meeting = value[0]
                messages.warn(
                    block.line,
                    f"meeting date {meeting} taken from this sentence",
                    "meeting-date-guessed",
                )
                break
    if meeting is None:
        raise ImportSourceError(
            f"{document.name}: found no meeting date near the top; add a line such as "
            "'6 December 2023' under the group name"
        )
    if group is None:
        line = blocks[0].line if blocks else None
        messages.warn(
            line,
            f"no forum group (Wider Group, Strategic Group, a regional SPF) near the top; "
            f"used '{_GENERIC_GROUP}': set 'group' in the front matter",
            "no-group",
        )
        group = _GENERIC_GROUP
    if published is not None and published < meeting:
        messages.warn(None, f"published {published} is before the meeting {meeting}", "date-order")
    return group, meeting, published, start


def _headings(body: Sequence[Block], messages: Messages) -> dict[int, int]:
    """Index of each agenda heading in ``body`` -> its level (sub-items one deeper).

    Real headings win, unless the document marks more agenda items with bold
    paragraphs than with headings (a web page whose only heading is its title). With
    neither, short lines that read as headings are used, as in plain text.
    """
    explicit = {i: b.level for i, b in enumerate(body) if b.kind is BlockKind.HEADING}
    candidates: dict[int, int] = {}
    for index, block in enumerate(body):
        following = body[index + 1] if index + 1 < len(body) else None
        if block.kind is BlockKind.PARAGRAPH and looks_like_heading(block, following):
            if not only_date(block.text):
                candidates[index] = 1
    bold = {i: level for i, level in candidates.items() if body[i].bold}
    if explicit and len(bold) <= len(explicit):
        top = min(explicit.values())
        return {i: level for i, level in explicit.items() if level <= top + 1}
    chosen = bold or candidates
    for index in chosen:
        following = body[index + 1] if index + 1 < len(body) else None
        text = body[index].text
        if (
            following is not None
            and following.kind is BlockKind.LIST_ITEM
            and not _PRESENTER_HINT.search(text)
        ):
            messages.warn(
                body[index].line,
                f"read '{text}' as an agenda item; if it introduces the list below, "
                "join the two in the file",
                "ambiguous-heading",
            )
    return chosen


def _summary(label: str, when: str, agenda: Sequence[ImportedAgendaItem]) -> str:
    lead = f"Highlights from the {label} meeting of {when}: "
    titles = [
        a.title[:1].lower() + a.title[1:] if not a.title[:2].isupper() else a.title for a in agenda
    ]
    text = lead
    for index, title in enumerate(titles):
        candidate = text + ("; " if index else "") + title
        if len(candidate) > 280:
            return text + "; and more."
        text = candidate
    return text + "."
