"""Recognising a case study: title, sections, contacts, organisations and region.

Case studies are written in fixed sections ("About the area", "The process", "The
outcomes", "Top tips"), and end with "For further information contact:" followed by one
line per contact: ``Name, Role, Organisation, email``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from ..model.content import Person
from ..model.exceptions import ImportSourceError
from ..workspace.structure import slugify
from . import presenters
from .blocks import Block, BlockKind, SourceDocument
from .common import BodyWriter, join_broken_paragraphs, looks_like_heading
from .inline import EMAIL
from .model import ImportedCaseStudy, ImportedSection, Messages
from .tags import find_organisations, find_region, guess_tags

SECTION_TITLES = re.compile(
    r"(?i)^(about (the|our|this) (area|organisation|trust|region|forum|project)|background|"
    r"context|the (process|challenge|problem|approach|solution|outcomes?|results?|impact|"
    r"future)|what (we|they) did|how (we|they) did it|outcomes?|results?|impact|top tips|"
    r"tips|lessons( learned| learnt)?|key (learning|lessons)|next steps|challenges)$"
)
CONTACT_LINE = re.compile(
    r"(?i)^(for (further|more) information,?( please)?( contact)?|contacts?|"
    r"further information|find out more)\b.*:?$"
)
BANNERS = re.compile(
    r"(?i)^(promoting partnership working in the nhs|case stud(y|ies)|"
    r"social partnership forum( \(spf\))?|good practice)$"
)


def parse_case_study(
    document: SourceDocument,
    messages: Messages,
    *,
    issue_date: date | None = None,
    month_start: date | None = None,
) -> ImportedCaseStudy:
    """The case study in ``document``."""
    blocks = join_broken_paragraphs(
        [b for b in document.blocks if b.kind is not BlockKind.RULE], messages
    )
    title, start = _title(blocks, document, messages)
    rest = list(blocks[start:])
    contact_at = next(
        (i for i, b in enumerate(rest) if CONTACT_LINE.match(b.text) and len(b.text) < 80), None
    )
    contact_blocks = rest[contact_at + 1 :] if contact_at is not None else []
    rest = rest[:contact_at] if contact_at is not None else rest
    writer = BodyWriter(messages)
    positions = _section_positions(rest)
    intro = writer.markdown(rest[: positions[0]] if positions else rest)
    sections: list[ImportedSection] = []
    for number, position in enumerate(positions):
        end = positions[number + 1] if number + 1 < len(positions) else len(rest)
        body = writer.markdown(rest[position + 1 : end])
        if not body:
            messages.warn(
                rest[position].line, f"section '{rest[position].text}' has no text", "empty-section"
            )
        sections.append(ImportedSection(rest[position].text, body, rest[position].line))
    contacts, unread = _contacts(contact_blocks, messages)
    if unread:
        sections.append(
            ImportedSection("For further information", writer.markdown(unread), unread[0].line)
        )
    if not intro and not any(s.body for s in sections):
        raise ImportSourceError(f"{document.name}: found a title but no text for the case study")
    issue_date = issue_date or month_start
    if issue_date is None:
        raise ImportSourceError(
            f"{document.name}: a case study has no date of its own; import it into an issue"
        )
    all_text = " ".join([title, intro, *(f"{s.title} {s.body}" for s in sections)])
    organisations = list(
        dict.fromkeys(
            [*(c.organisation for c in contacts if c.organisation), *find_organisations(all_text)]
        )
    )
    tags = guess_tags(all_text)
    main_title = re.split(r"\s+[-–—:]\s+|\s*[–—]\s*", title, maxsplit=1)[0]
    return ImportedCaseStudy(
        id=f"case-study-{short_slug(main_title)}",
        title=title,
        date=issue_date,
        summary=first_sentences(intro or next(s.body for s in sections if s.body)) or title,
        tags=tags,
        links=tuple(writer.links),
        organisations=tuple(organisations),
        region=find_region(title) or find_region(intro),
        priority_area="partnership-working"
        if "partnership-working" in tags
        else (tags[0] if tags else ""),
        intro=intro,
        sections=tuple(sections),
        contacts=tuple(contacts),
    )


def _title(
    blocks: Sequence[Block], document: SourceDocument, messages: Messages
) -> tuple[str, int]:
    leading: list[Block] = []
    for index, block in enumerate(blocks):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if SECTION_TITLES.match(block.text) or not looks_like_heading(block, following):
            break
        leading.append(block)
    if not leading:
        title = document.meta.get("title", "")
        if not title:
            raise ImportSourceError(f"{document.name}: found no title (a first line on its own)")
        return title, 0
    chosen = max(
        (b for b in leading if not BANNERS.match(b.text)),
        key=lambda b: -b.level if b.kind is BlockKind.HEADING else 0,
        default=leading[-1],
    )
    for block in leading:
        if block is not chosen:
            messages.warn(
                block.line,
                f"left out '{block.text}' (read as a banner, not the title)",
                "dropped-line",
            )
    return chosen.text, len(leading)


def _section_positions(blocks: Sequence[Block]) -> list[int]:
    explicit = [i for i, b in enumerate(blocks) if b.kind is BlockKind.HEADING]
    if explicit:
        top = min(blocks[i].level for i in explicit)
        return [i for i in explicit if blocks[i].level == top]
    found = []
    for index, block in enumerate(blocks):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if SECTION_TITLES.match(block.text) or (looks_like_heading(block, following, max_words=10)):
            found.append(index)
    return found


def _contacts(blocks: Sequence[Block], messages: Messages) -> tuple[list[Person], list[Block]]:
    contacts: list[Person] = []
    unread: list[Block] = []
    for block in blocks:
        person = read_contact(block.text)
        if person is None:
            messages.warn(
                block.line,
                f"could not read '{block.text}' as 'Name, Role, Organisation, email'; "
                "kept it as text",
                "unread-contact",
            )
            unread.append(block)
        else:
            contacts.append(person)
    return contacts, unread


def read_contact(text: str) -> Person | None:
    """``Name, Role, Organisation, email`` (email and role optional) as a Person."""
    email_match = EMAIL.search(text)
    email = email_match.group("email") if email_match else ""
    rest = text
    if email_match:
        rest = text[: email_match.start()] + text[email_match.end() :]
    rest = re.sub(r"(?i)\b(e-?mail|tel|telephone|phone)\s*:?", "", rest)
    rest = re.sub(r"\+?\d[\d ]{7,}\d", "", rest)
    parts = [p.strip(" -–—.;:") for p in rest.split(",")]
    parts = [p for p in parts if p]
    if not parts:
        return None
    name = presenters.read_name(parts[0])
    if name is None:
        return None
    role, organisation = presenters.classify_descriptors(parts[1:]) if parts[1:] else ("", "")
    return Person(
        name=name.name,
        role=", ".join(r for r in (name.role, role or "") if r),
        organisation=organisation,
        email=email,
    )


def first_sentences(markdown: str, limit: int = 280) -> str:
    """A plain-text summary: whole sentences of the first paragraph, up to ``limit``."""
    paragraph = markdown.strip().split("\n\n", 1)[0]
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", paragraph)
    text = re.sub(r"[*_`\\]|^[-\d.]+\s+", "", text).strip()
    if len(text) <= limit:
        return text
    sentences = re.split(r"(?<=[.!?])\s+", text)
    summary = ""
    for sentence in sentences:
        if len(summary) + len(sentence) + 1 > limit:
            break
        summary = f"{summary} {sentence}".strip()
    return summary or text[: limit - 1].rsplit(" ", 1)[0] + "…"


def short_slug(text: str, limit: int = 50) -> str:
    """A slug of ``text`` cut at a hyphen to at most ``limit`` characters."""
    slug = slugify(text)
    if len(slug) <= limit:
        return slug
    return slug[:limit].rsplit("-", 1)[0]
