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
from dataclasses import dataclass, field
from datetime import date

from ..model.content import Person
from ..model.exceptions import ImportSourceError
from ..workspace.structure import slugify
from . import inline
from .blocks import Block, BlockKind, SourceDocument
from .common import (
    BodyWriter,
    find_date,
    join_broken_paragraphs,
    long_date,
    looks_like_heading,
    only_date,
)
from .meetingdate import MeetingDate, Title, find_meeting_date
from .model import ImportedAgendaItem, ImportedMeeting, Messages
from .presenters import document_abbreviations, split_heading
from .tags import REGIONS, guess_tags
from .writer import presenter_text

_BANNER = re.compile(r"(?i)^(spf\s+)?(key\s*comm(s|unications)?|meeting\s+summary|summary)\b")
# "Wider Group key comms - March 2026": the banner inside a page title.
TITLE_BANNER = re.compile(r"(?i)\bkey\s*comm(s|unications)\b")
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
_AGENDA_NUMBER = re.compile(r"^\s*(?:item\s+)?\d{1,2}[.)]\s+", re.IGNORECASE)


class NoAgendaError(ImportSourceError):
    """The document reads as a meeting summary but has no agenda items."""


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
    """The meeting summary in ``document``; NoAgendaError when it has no agenda."""
    blocks = join_broken_paragraphs(
        [b for b in document.blocks if b.kind is not BlockKind.RULE], messages
    )
    blocks = _numbered_headings(blocks, messages)
    head = _preamble(blocks)
    body = blocks[head.start :]
    abbreviations = document_abbreviations([b.text for b in blocks])
    headings = _headings(body, messages)
    if not headings:
        raise NoAgendaError(
            f"{document.name}: found no agenda items: no headings, and no short lines that "
            "read as headings (a title, then text)"
        )
    top = min(level for level in headings.values())
    writer = BodyWriter(messages)
    opening_blocks = list(body[: min(headings)])
    agenda: list[ImportedAgendaItem] = []
    positions = sorted(headings)
    for number, position in enumerate(positions):
        level = headings[position]
        end = positions[number + 1] if number + 1 < len(positions) else len(body)
        heading = body[position]
        # "2. Retention exemplars": the agenda's numbering is not part of the title.
        text = _AGENDA_NUMBER.sub("", heading.text) or heading.text
        split = split_heading(text, heading.line, messages, abbreviations)
        content = list(body[position + 1 : end])
        if not agenda and level == top and _OPENING_TITLES.match(split.title):
            opening_blocks += [*_chair(split.presenters, heading, messages), *content]
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
        raise NoAgendaError(f"{document.name}: found no agenda items after the opening")
    for item in agenda:
        if not item.body and not item.subitems:
            messages.warn(item.line, f"agenda item '{item.title}' has no text", "empty-agenda-item")
    group = head.group or (find_group(document.meta.get("title", "")) or None)
    if group is None:
        line = blocks[0].line if blocks else None
        messages.warn(
            line,
            f"no forum group (Wider Group, Strategic Group, a regional SPF) near the top; "
            f"used '{_GENERIC_GROUP}': set 'group' in the front matter",
            "no-group",
        )
        group = _GENERIC_GROUP
    published = head.published or _meta_date(document)
    titles = [*head.titles]
    if document.meta.get("title"):
        titles.append(Title(document.meta["title"], None))
    when = find_meeting_date(
        stated=head.meeting,
        titles=titles,
        body=body,
        published=published,
        month_start=month_start,
        messages=messages,
        name=document.name,
    )
    if published is not None and published < when.value and when.day_known:
        messages.warn(
            None, f"published {published} is before the meeting {when.value}", "date-order"
        )
    opening = writer.markdown([*opening_blocks, *document.downloads])
    return _meeting(group, when, agenda, opening, writer, published, issue_date, month_start)


def _meeting(
    group: str,
    when: MeetingDate,
    agenda: list[ImportedAgendaItem],
    opening: str,
    writer: BodyWriter,
    published: date | None,
    issue_date: date | None,
    month_start: date | None,
) -> ImportedMeeting:
    label = (
        f"SPF {group}" if group in ("Wider Group", "Strategic Group", "Executive Group") else group
    )
    meeting_date = when.value
    spoken = long_date(meeting_date) if when.day_known else f"{meeting_date:%B %Y}"
    key = meeting_date.isoformat() if when.day_known else f"{meeting_date:%Y-%m}"
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
        id=f"{slugify(group)}-{key}",
        title=f"Key comms: {label}, {spoken}",
        date=item_date,
        date_stated=published is not None,
        summary=_summary(label, spoken, agenda, day_known=when.day_known),
        tags=guess_tags(all_text),
        links=tuple(writer.links),
        group=group,
        meeting_date=meeting_date,
        opening=opening,
        agenda=tuple(agenda),
        meeting_date_basis=when.basis,
        day_known=when.day_known,
    )


@dataclass
class _Preamble:
    group: str | None = None
    meeting: tuple[date, int] | None = None
    published: date | None = None
    titles: list[Title] = field(default_factory=list)
    start: int = 0


def _preamble(blocks: Sequence[Block]) -> _Preamble:
    """Group, meeting date, publication date, title lines and where the body starts."""
    head = _Preamble()
    for index, block in enumerate(blocks[:12]):
        text = block.text
        if len(text) > 160 or (text.endswith(".") and len(text.split()) > 6):
            break
        consumed = False
        if _BANNER.match(text) or (TITLE_BANNER.search(text) and len(text.split()) <= 12):
            consumed = True
        if head.group is None and (found := find_group(text)):
            head.group, consumed = found, True
        if _PUBLISHED.search(text) and (value := find_date(text)):
            head.published, consumed = value[0], True
        elif (
            head.meeting is None
            and (value := find_date(text))
            and (only_date(text) or consumed or len(text.split()) <= 8)
        ):
            head.meeting, consumed = (value[0], block.line), True
        if not consumed:
            break
        head.titles.append(Title(text, block.line))
        head.start = index + 1
    return head


def _meta_date(document: SourceDocument) -> date | None:
    found = find_date(document.meta.get("published", ""))
    return found[0] if found else None


def _chair(presenters: tuple[Person, ...], heading: Block, messages: Messages) -> list[Block]:
    """A "Welcome" heading naming a person names the chair: keep it in the opening."""
    messages.note(heading.line, f"'{heading.text}' read as the chair's opening", "opening")
    if not presenters:
        return []
    text = "Chair: " + "; ".join(presenter_text(p) for p in presenters)
    return [Block(BlockKind.PARAGRAPH, (inline.Text(text),), heading.line)]


def _numbered_headings(blocks: list[Block], messages: Messages) -> list[Block]:
    """Agenda items written as a numbered list, each followed by its text, are headings."""
    numbered = [
        i
        for i, b in enumerate(blocks)
        if b.kind is BlockKind.LIST_ITEM
        and b.ordered
        and b.level == 0
        and i + 1 < len(blocks)
        and blocks[i + 1].kind is BlockKind.PARAGRAPH
        and not b.text.endswith(tuple(".;:!?"))
        and len(b.text) <= 220
    ]
    if len(numbered) < 2:
        return blocks
    result = list(blocks)
    for index in numbered:
        block = blocks[index]
        result[index] = Block(BlockKind.PARAGRAPH, block.spans, block.line)
    messages.note(
        blocks[numbered[0]].line,
        f"read {len(numbered)} numbered lines, each followed by text, as the agenda",
        "numbered-agenda",
    )
    return result


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


def _summary(
    label: str, when: str, agenda: Sequence[ImportedAgendaItem], *, day_known: bool
) -> str:
    lead = f"Highlights from the {label} meeting {'of' if day_known else 'in'} {when}: "
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
