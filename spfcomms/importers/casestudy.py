"""Recognising a case study: title, sections, contacts, organisations and region.

Case studies are written in fixed sections ("The organisation", "The challenge", "The
aim", "The process", "The outcomes", "Top tips", "About the trust"), and end with "For
further information contact:" or a "Contact" heading followed by one line per contact:
``Name, Role, Organisation, email``. Their titles often end with the organisations
("Learning in partnership - Fenbridge Hospitals NHS Foundation Trust & UNISON").
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
from .common import BodyWriter, find_date, join_broken_paragraphs, looks_like_heading, only_date
from .inline import EMAIL
from .model import ImportedCaseStudy, ImportedSection, Messages
from .tags import KNOWN_ORGANISATIONS, find_organisations, find_region, guess_tags

SECTION_TITLES = re.compile(
    r"(?i)^(about (the|our|this) (area|organisation|organization|trust|region|forum|project|"
    r"partnership|system|board)|the (organisation|organization|trust)|background|"
    r"context|the (process|challenges?|problem|aims?|approach|solution|outcomes?|results?|"
    r"impact|future|benefits)|aims?|what (we|they) did|how (we|they) did it|action taken|"
    r"outcomes?|results?|impact|top tips|tips|lessons( learned| learnt)?|"
    r"key (learning|lessons)|next steps|challenges)$"
)
CONTACT_LINE = re.compile(
    r"(?i)^(for (further|more) information,?( please)?( contact)?|contacts?( us| details)?|"
    r"further information|find out more)\b[^.]*:?$"
)
_CONTACT_LEAD = re.compile(
    r"(?i)^(for (further|more) information(,| about [^,]+,)?( please)?( contact)?:?|"
    r"please contact|contact:?)\s+"
)
BANNERS = re.compile(
    r"(?i)^(promoting partnership working in the nhs|case stud(y|ies)|"
    r"social partnership forum( \(spf\))?|good practice)$"
)
# The last word of an organisation's name ("... NHS Foundation Trust", "... Council").
_ORG_END = frozenset(
    """
    Trust Council Board ICB ICS University College Hospital Hospitals Authority Commission
    Federation Association Society Union UNISON GMB Unite Service Employers Forum SPF
    """.split()
)
_CONNECTORS = frozenset({"and", "of", "&", "for", "the"})
_ABOUT = re.compile(r"(?i)^(about (the|our|this) |the (organisation|organization|trust)$)")


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
    title, start, published = _title(blocks, document, messages)
    rest = list(blocks[start:])
    contact_at = next((i for i, b in enumerate(rest) if _is_contact_line(b)), None)
    contact_blocks = rest[contact_at + 1 :] if contact_at is not None else []
    rest = rest[:contact_at] if contact_at is not None else rest
    writer = BodyWriter(messages)
    positions = _section_positions(rest)
    intro_blocks = rest[: positions[0]] if positions else rest
    intro = writer.markdown([*intro_blocks, *document.downloads])
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
    published = published or _meta_date(document)
    item_date = published or issue_date or month_start
    if item_date is None:
        raise ImportSourceError(
            f"{document.name}: a case study with no date of its own; import it into an "
            "issue with --into YYYY-MM"
        )
    all_text = " ".join([title, intro, *(f"{s.title} {s.body}" for s in sections)])
    about = " ".join(s.body for s in sections if _ABOUT.match(s.title))
    organisations = list(
        dict.fromkeys(
            [
                *title_organisations(title),
                *named_organisations(about),
                *(c.organisation for c in contacts if c.organisation),
                *find_organisations(all_text),
            ]
        )
    )
    tags = guess_tags(all_text)
    main_title = re.split(r"\s+[-–—:]\s+|\s*[–—]\s*", title, maxsplit=1)[0]
    return ImportedCaseStudy(
        id=f"case-study-{short_slug(main_title)}",
        title=title,
        date=item_date,
        date_stated=published is not None,
        summary=first_sentences(intro or next(s.body for s in sections if s.body)) or title,
        tags=tags,
        links=tuple(writer.links),
        organisations=tuple(organisations),
        region=find_region(title) or find_region(intro) or find_region(about),
        priority_area="partnership-working"
        if "partnership-working" in tags
        else (tags[0] if tags else ""),
        intro=intro,
        sections=tuple(sections),
        contacts=tuple(contacts),
    )


def _meta_date(document: SourceDocument) -> date | None:
    found = find_date(document.meta.get("published", ""))
    return found[0] if found else None


def _is_contact_line(block: Block) -> bool:
    text = block.text
    return bool(CONTACT_LINE.match(text)) and len(text) < 80 and len(text.split()) <= 8


def title_organisations(title: str) -> list[str]:
    """Organisations named after the last dash of a title: "... - Trust & Union"."""
    parts = re.split(r"\s+[-–—]\s+|\s*[–—]\s*", title)
    if len(parts) < 2:
        return []
    tail = parts[-1].strip()
    names = [n.strip(" ,") for n in re.split(r"\s+&\s+|\s*,\s*", tail)]
    if len(names) == 1:
        halves = re.split(r"\s+and\s+", tail)
        if len(halves) == 2 and all(_organisation_like(h) for h in halves):
            names = halves
    if not all(_organisation_like(n) for n in names):
        return []
    return names


def _organisation_like(text: str) -> bool:
    words = text.split()
    if not words or not words[0][:1].isupper():
        return False
    if text in KNOWN_ORGANISATIONS or (text.isupper() and 2 <= len(text) <= 8):
        return True
    return words[-1].strip(".,") in _ORG_END and len(words) >= 2


def named_organisations(text: str) -> list[str]:
    """Organisations named in running text: capitalised words ending in "Trust" and the like."""
    found: list[str] = []
    run: list[str] = []

    def close() -> None:
        while run and (run[-1].lower() in _CONNECTORS):
            run.pop()
        ends = [i for i, w in enumerate(run) if w in _ORG_END]
        if ends and ends[-1] >= 1:
            name = " ".join(run[: ends[-1] + 1])
            if name not in found:
                found.append(name)
        run.clear()

    for token in re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text).split():
        word = token.strip('*_()"“”')
        bare = word.rstrip(".,;:!?")
        capital = bare[:1].isupper() or bare == "NHS"
        if capital or (run and bare.lower() in _CONNECTORS):
            run.append(bare)
        else:
            close()
            continue
        if bare != word:
            close()
    close()
    return found


def _title(
    blocks: Sequence[Block], document: SourceDocument, messages: Messages
) -> tuple[str, int, date | None]:
    """The title, where the text starts, and a publication date found beside the title."""
    leading: list[Block] = []
    published: date | None = None
    for index, block in enumerate(blocks):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if (value := only_date(block.text)) is not None:
            # A date alone by the title is the date the page was published.
            published = published or value
            leading.append(block)
            continue
        if SECTION_TITLES.match(block.text) or not looks_like_heading(block, following):
            break
        leading.append(block)
    dated = [b for b in leading if only_date(b.text) is not None]
    leading_titles = [b for b in leading if only_date(b.text) is None]
    if not leading_titles:
        title = document.meta.get("title", "")
        if not title:
            raise ImportSourceError(f"{document.name}: found no title (a first line on its own)")
        return title, len(leading), published
    chosen = max(
        (b for b in leading_titles if not BANNERS.match(b.text)),
        key=lambda b: -b.level if b.kind is BlockKind.HEADING else 0,
        default=leading_titles[-1],
    )
    for block in leading_titles:
        if block is not chosen:
            messages.warn(
                block.line,
                f"left out '{block.text}' (read as a banner, not the title)",
                "dropped-line",
            )
    for block in dated:
        messages.note(block.line, f"'{block.text}' read as the publication date", "published")
    return chosen.text, len(leading), published


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
    text = _CONTACT_LEAD.sub("", text.strip()).rstrip(".")
    text = re.sub(r"(?i)[,\s]+(at|on|via|by email( at| on)?|email)\s+(?=\S+@)", ", ", text)
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
