"""Reading the structure of item bodies: agenda items, presenters, sections.

A meeting summary body is an opening, then ``## `` agenda items, each with optional
``Presented by:`` and ``Topics:`` lines and ``### `` sub-items. A case study body is an
introduction, then ``## `` sections. Both are cut from the one parse of the file (``Document``), and
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
_TOPICS = re.compile(r"^\s*topics\s*:\s*(.*)$", re.IGNORECASE)
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


def _labelled_paragraphs(document: Document, part: _Part) -> tuple[dict[str, tuple[str, int]], int]:
    """The ``Presented by:`` and ``Topics:`` lines that open an agenda item, in either
    order, as label -> (text, line), and the token where the body starts.

    Each may be a paragraph of its own or a line of one paragraph; a list wrapped over
    several lines continues until the next label.
    """
    tokens = document.tokens
    found: dict[str, tuple[str, int]] = {}
    start = part.start
    while start + 2 < part.end and tokens[start].type == "paragraph_open":
        first = (document.source.line or 1) + (tokens[start].map or [0])[0]
        labelled = _labelled_lines(tokens[start + 1].content.split("\n"), first)
        if not labelled or any(label in found for label, _, _ in labelled):
            break
        for label, text, line in labelled:
            found[label] = (text, line)
        start += 3
    return found, start


def _labelled_lines(lines: list[str], first_line: int) -> list[tuple[str, str, int]]:
    """(label, text, line) for each label in a paragraph whose first line has one;
    empty when it does not (the paragraph is body text)."""
    result: list[tuple[str, str, int]] = []
    for offset, text in enumerate(lines):
        match = _PRESENTED_BY.match(text) or _TOPICS.match(text)
        if match is not None:
            label = "presenters" if match.re is _PRESENTED_BY else "topics"
            if any(label == seen for seen, _, _ in result):
                return []
            result.append((label, match.group(1), first_line + offset))
        elif result:
            label, joined, line = result[-1]
            result[-1] = (label, f"{joined} {text.strip()}", line)
        else:
            return []
    return result


def parse_topics(text: str) -> tuple[str, ...]:
    """``retention, workforce-planning`` (commas or semicolons) into tags, each once."""
    return tuple(dict.fromkeys(t for t in (p.strip() for p in re.split(r"[,;]", text)) if t))


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
    found, body_start = _labelled_paragraphs(document, part)
    if "presenters" in found:
        text, line = found["presenters"]
        presenters = parse_presenters(text, document.source.at_line(line), problems)
    tags: tuple[str, ...] = ()
    tags_source = None
    if "topics" in found:
        text, line = found["topics"]
        tags, tags_source = parse_topics(text), document.source.at_line(line)
    return AgendaItem(
        title=part.title,
        anchor=slugify(part.title),
        presenters=presenters,
        body=document.body(body_start, part.end),
        source=document.source.at_line(part.heading_line),
        tags=tags,
        tags_source=tags_source,
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
