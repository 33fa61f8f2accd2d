"""Reading the structure of item bodies: agenda items, presenters, sections.

A meeting summary body is an opening, then ``## `` agenda items, each with an optional
``Presented by:`` line and ``### `` sub-items. A case study body is an introduction,
then ``## `` sections. Both are cut from the one parse of the file (``Document``), and
everything keeps its source line.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

from ..model.content import AgendaItem, Body, Person, Section
from ..model.problems import Problem, SourceLocation, warning
from .markdown import Document

_PRESENTED_BY = re.compile(r"^\s*presented by\s*:\s*(.*)$", re.IGNORECASE)
_PERSON = re.compile(r"^(?P<who>.+?)\s*\((?P<org>[^()]+)\)\s*$")


def slugify(text: str) -> str:
    """A lower-case ASCII slug: ``"Sexual safety – update"`` becomes ``sexual-safety-update``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "section"


@dataclass(frozen=True, slots=True)
class _Part:
    """The tokens under one heading (or before the first one)."""

    level: int  # 0 for the text before the first heading
    title: str
    heading_line: int
    start: int  # first token after the heading
    end: int


def _split(document: Document, *, deepest: int) -> list[_Part]:
    # Only headings at the top of the document split it: a heading inside a list or
    # a block quote (token level > 0) stays where it is, as do lines in code blocks.
    parts = [_Part(0, "", document.source.line or 1, 0, len(document.tokens))]
    first_line = document.source.line or 1
    tokens = document.tokens
    for index, token in enumerate(tokens):
        if token.type != "heading_open" or token.level != 0:
            continue
        level = int(token.tag[1])
        if not 2 <= level <= deepest:
            continue
        previous = parts[-1]
        parts[-1] = _Part(
            previous.level, previous.title, previous.heading_line, previous.start, index
        )
        line = first_line + (token.map[0] if token.map else 0)
        parts.append(_Part(level, tokens[index + 1].content.strip(), line, index + 3, len(tokens)))
    return parts


def _presenters_paragraph(document: Document, part: _Part) -> tuple[str, int, int] | None:
    # The presenters are the first paragraph of an agenda item when it starts with
    # "Presented by:"; a list wrapped over several lines is one list.
    tokens = document.tokens
    if part.start + 2 >= part.end or tokens[part.start].type != "paragraph_open":
        return None
    match = _PRESENTED_BY.match(" ".join(tokens[part.start + 1].content.split("\n")))
    if match is None:
        return None
    line = (document.source.line or 1) + (tokens[part.start].map or [0])[0]
    return match.group(1), line, part.start + 3


def parse_presenters(
    text: str, location: SourceLocation, problems: list[Problem]
) -> tuple[Person, ...]:
    """``Name, role (Organisation); Name (Organisation)`` into Persons."""
    people: list[Person] = []
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        match = _PERSON.match(part)
        who, organisation = (
            (match.group("who"), match.group("org").strip()) if match else (part, "")
        )
        if not match:
            problems.append(
                warning(
                    location,
                    f"presenter '{part}' has no organisation; write it as 'Name (Organisation)'",
                    "presenter-without-organisation",
                )
            )
        name, _, role = who.partition(",")
        people.append(Person(name=name.strip(), role=role.strip(), organisation=organisation))
    return tuple(people)


def _agenda_item(document: Document, part: _Part, problems: list[Problem]) -> AgendaItem:
    presenters: tuple[Person, ...] = ()
    body_start = part.start
    found = _presenters_paragraph(document, part)
    if found is not None:
        text, line, body_start = found
        presenters = parse_presenters(text, document.source.at_line(line), problems)
    return AgendaItem(
        title=part.title,
        anchor=slugify(part.title),
        presenters=presenters,
        body=document.body(body_start, part.end),
        source=document.source.at_line(part.heading_line),
    )


def parse_meeting_body(
    document: Document, problems: list[Problem]
) -> tuple[Body, tuple[AgendaItem, ...]]:
    """The opening text and the agenda (``##``, with ``###`` sub-items) of a meeting."""
    parts = _split(document, deepest=3)
    opening = document.body(parts[0].start, parts[0].end)
    agenda: list[AgendaItem] = []
    for part in parts[1:]:
        item = _agenda_item(document, part, problems)
        if part.level == 3 and agenda:
            agenda[-1] = replace(agenda[-1], subitems=(*agenda[-1].subitems, item))
        else:
            agenda.append(item)
    return opening, _unique_anchors(tuple(agenda))


def _unique_anchors(agenda: tuple[AgendaItem, ...]) -> tuple[AgendaItem, ...]:
    # Two agenda items with the same title must still get distinct fragment ids.
    seen: dict[str, int] = {}
    result = []
    for item in agenda:
        count = seen.get(item.anchor, 0)
        seen[item.anchor] = count + 1
        if count:
            item = replace(item, anchor=f"{item.anchor}-{count + 1}")
        result.append(item)
    return tuple(result)


def parse_sections(document: Document) -> tuple[Body, tuple[Section, ...]]:
    """The introduction and ``##`` sections of a case study (``###`` stays inside)."""
    parts = _split(document, deepest=2)
    intro = document.body(parts[0].start, parts[0].end)
    sections = tuple(
        Section(
            title=part.title,
            anchor=slugify(part.title),
            body=document.body(part.start, part.end),
            source=document.source.at_line(part.heading_line),
        )
        for part in parts[1:]
    )
    return intro, sections
