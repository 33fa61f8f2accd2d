"""Reading the structure of item bodies: agenda items, presenters, sections.

A meeting summary body is an opening, then ``## `` agenda items, each with an optional
``Presented by:`` line and ``### `` sub-items. A case study body is an introduction,
then ``## `` sections. Everything keeps its source line.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .content import AgendaItem, Body, Person, Section
from .exceptions import Problem, SourceLocation, warning
from .markdown import render_markdown

# A closing run of #s is only a closing sequence after a space (CommonMark 4.2).
_HEADING = re.compile(r"^ {0,3}(#{2,3})[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$")
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_PRESENTED_BY = re.compile(r"^\s*presented by\s*:\s*(.*)$", re.IGNORECASE)
_PERSON = re.compile(r"^(?P<who>.+?)\s*\((?P<org>[^()]+)\)\s*$")


def slugify(text: str) -> str:
    """A lower-case ASCII slug: ``"Sexual safety – update"`` becomes ``sexual-safety-update``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "section"


@dataclass(frozen=True, slots=True)
class _Chunk:
    level: int  # 0 for the text before the first heading
    title: str
    lines: list[str]
    first_line: int  # line of the first body line (after the heading)
    heading_line: int


def _split(body: str, body_line: int, *, deepest: int = 3) -> list[_Chunk]:
    chunks = [_Chunk(0, "", [], body_line, body_line)]
    in_fence = False
    for offset, text in enumerate(body.split("\n")):
        line = body_line + offset
        if _FENCE.match(text):
            in_fence = not in_fence
        heading = None if in_fence else _HEADING.match(text)
        if heading and len(heading.group(1)) <= deepest:
            chunks.append(_Chunk(len(heading.group(1)), heading.group(2), [], line + 1, line))
        else:
            chunks[-1].lines.append(text)
    return chunks


def _body(lines: list[str], first_line: int, source: SourceLocation) -> Body:
    # Leading blank lines are dropped so that the Body's first line is real text.
    skip = 0
    while skip < len(lines) and not lines[skip].strip():
        skip += 1
    text = "\n".join(lines[skip:]).strip("\n")
    if not text:
        return Body("", "")
    return render_markdown(text, source.at_line(first_line + skip))


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


def _agenda_item(chunk: _Chunk, source: SourceLocation, problems: list[Problem]) -> AgendaItem:
    lines = list(chunk.lines)
    first = chunk.first_line
    presenters: tuple[Person, ...] = ()
    for index, text in enumerate(lines):
        if not text.strip():
            continue
        match = _PRESENTED_BY.match(text)
        if match:
            presenters = parse_presenters(match.group(1), source.at_line(first + index), problems)
            first += index + 1
            lines = lines[index + 1 :]
        break
    return AgendaItem(
        title=chunk.title,
        anchor=slugify(chunk.title),
        presenters=presenters,
        body=_body(lines, first, source),
        source=source.at_line(chunk.heading_line),
    )


def parse_meeting_body(
    body: str, body_line: int, source: SourceLocation, problems: list[Problem]
) -> tuple[Body, tuple[AgendaItem, ...]]:
    """The opening text and the agenda of a meeting summary."""
    chunks = _split(body, body_line)
    opening = _body(chunks[0].lines, chunks[0].first_line, source)
    agenda: list[AgendaItem] = []
    for chunk in chunks[1:]:
        item = _agenda_item(chunk, source, problems)
        if chunk.level == 3 and agenda:
            parent = agenda[-1]
            agenda[-1] = AgendaItem(
                title=parent.title,
                anchor=parent.anchor,
                presenters=parent.presenters,
                body=parent.body,
                source=parent.source,
                subitems=(*parent.subitems, item),
            )
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
            item = AgendaItem(
                title=item.title,
                anchor=f"{item.anchor}-{count + 1}",
                presenters=item.presenters,
                body=item.body,
                source=item.source,
                subitems=item.subitems,
            )
        result.append(item)
    return tuple(result)


def parse_sections(
    body: str, body_line: int, source: SourceLocation
) -> tuple[Body, tuple[Section, ...]]:
    """The introduction and ``##`` sections of a case study (``###`` stays inside)."""
    chunks = _split(body, body_line, deepest=2)
    intro = _body(chunks[0].lines, chunks[0].first_line, source)
    sections = tuple(
        Section(
            title=chunk.title,
            anchor=slugify(chunk.title),
            body=_body(chunk.lines, chunk.first_line, source),
            source=source.at_line(chunk.heading_line),
        )
        for chunk in chunks[1:]
    )
    return intro, sections
