"""Shared by the recognisers: dates, bare-line headings, and blocks to Markdown."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from . import inline
from .blocks import Block, BlockKind
from .inline import LinkSpan, Span
from .model import ImportedLink, Messages

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = "(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
_DAY_FIRST = re.compile(
    rf"\b{_WEEKDAY}(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{_MONTH}),?\s+(?P<y>\d{{4}})\b",
    re.IGNORECASE,
)
_MONTH_FIRST = re.compile(
    rf"\b{_WEEKDAY}(?P<m>{_MONTH})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})\b",
    re.IGNORECASE,
)
_ISO = re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?!\d)")
_NUMERIC = re.compile(r"\b(?P<d>\d{1,2})[/.](?P<m>\d{1,2})[/.](?P<y>\d{4})\b")
_DATE_PATTERNS = (_DAY_FIRST, _MONTH_FIRST, _ISO, _NUMERIC)


def find_date(text: str) -> tuple[date, re.Match[str]] | None:
    """The first date written in ``text`` (UK day-first order for 06/12/2023)."""
    found: list[tuple[int, date, re.Match[str]]] = []
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            month_text = match.group("m").lower().rstrip(".")
            month = int(month_text) if month_text.isdigit() else MONTHS.get(month_text, 0)
            try:
                value = date(int(match.group("y")), month, int(match.group("d")))
            except ValueError:
                continue
            if 1990 <= value.year <= 2100:
                found.append((match.start(), value, match))
                break
    if not found:
        return None
    _, value, match = min(found, key=lambda f: f[0])
    return value, match


_DAY_MONTH = re.compile(
    rf"\b{_WEEKDAY}(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{_MONTH})(?![\w.])"
    r"(?!,?\s+\d{4})",
    re.IGNORECASE,
)
_MONTH_DAY = re.compile(
    rf"\b{_WEEKDAY}(?P<m>{_MONTH})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?!,?\s+\d{{4}})",
    re.IGNORECASE,
)
_MONTH_YEAR = re.compile(rf"(?<!\d\s)(?<!\d)\b(?P<m>{_MONTH})\s+(?P<y>\d{{4}})\b", re.I)


def find_day_month(text: str) -> tuple[int, int, re.Match[str]] | None:
    """The first day and month written without a year ("the 11 March meeting")."""
    found = []
    for pattern in (_DAY_MONTH, _MONTH_DAY):
        for match in pattern.finditer(text):
            month = MONTHS.get(match.group("m").lower().rstrip("."), 0)
            day = int(match.group("d"))
            if month and 1 <= day <= 31:
                found.append((match.start(), day, month, match))
                break
    if not found:
        return None
    _, day, month, match = min(found, key=lambda f: f[0])
    return day, month, match


def find_month_year(text: str) -> tuple[int, int] | None:
    """(year, month) of a month written with its year and no day ("March 2026")."""
    if find_date(text) is not None:
        return None
    match = _MONTH_YEAR.search(text)
    if match is None:
        return None
    year = int(match.group("y"))
    if not 1990 <= year <= 2100:
        return None
    return year, MONTHS[match.group("m").lower().rstrip(".")]


def only_date(text: str) -> date | None:
    """The date when ``text`` is nothing but a date (and maybe a label such as "Date:")."""
    result = find_date(text)
    if result is None:
        return None
    value, match = result
    rest = (text[: match.start()] + text[match.end() :]).strip(" \t:–—-,.()")
    rest = re.sub(r"(?i)^(meeting\s+)?(date|held|held on|meeting held on|on)\s*:?$", "", rest)
    return value if not rest.strip() else None


def long_date(value: date) -> str:
    """``6 December 2023``."""
    return f"{value.day} {value.strftime('%B')} {value.year}"


_TERMINAL = tuple(".:;,!?")
_ADDRESS = re.compile(r"https?://|www\.|@\w")
_SENTENCE_INSIDE = re.compile(r"[a-z0-9)][.!?]\s+[A-Z]")


_LABEL_LINE = re.compile(r"(?i)^(topics|presented by)\s*:")


def looks_like_heading(block: Block, following: Block | None, *, max_words: int = 32) -> bool:
    """A bare line or a bold paragraph that reads as a heading rather than a sentence."""
    if block.kind is BlockKind.HEADING:
        return True
    if block.kind is not BlockKind.PARAGRAPH:
        return False
    text = block.text
    if not text or len(text) > 220 or len(text.split()) > max_words:
        return False
    if _LABEL_LINE.match(text):
        # An agenda item's "Presented by:" and "Topics:" lines (docs/workspace-format.md)
        # are text under its heading, never headings of their own.
        return False
    if text.endswith(_TERMINAL) or _SENTENCE_INSIDE.search(text):
        return False
    if not (text[0].isupper() or text[0].isdigit()):
        return False
    if _ADDRESS.search(text) or any(True for _ in inline.iter_links(block.spans)):
        return False
    if following is None or following.kind is BlockKind.RULE:
        return False
    # A line followed by one that starts in lower case is a sentence broken in two.
    return not (following.kind is BlockKind.PARAGRAPH and following.text[:1].islower())


def join_broken_paragraphs(blocks: Sequence[Block], messages: Messages) -> list[Block]:
    """Join a paragraph split in two (by a page break) mid-sentence."""
    result: list[Block] = []
    for block in blocks:
        previous = result[-1] if result else None
        if (
            previous is not None
            and previous.kind is BlockKind.PARAGRAPH
            and block.kind is BlockKind.PARAGRAPH
            and not previous.bold
            and block.text[:1].islower()
            and not previous.text.endswith((*_TERMINAL, '"', "”", ")"))
            and len(previous.text.split()) > 8
        ):
            messages.note(
                block.line,
                f"joined to the paragraph on line {previous.line}, which stopped mid-sentence",
                "joined-paragraph",
            )
            spans = inline.normalise((*previous.spans, inline.Text(" "), *block.spans))
            result[-1] = Block(BlockKind.PARAGRAPH, spans, previous.line)
        else:
            result.append(block)
    return result


class BodyWriter:
    """Turns blocks into Markdown, recording every link and warning about bad ones."""

    def __init__(self, messages: Messages, *, deepest_heading: int = 6) -> None:
        self.messages = messages
        self.links: list[ImportedLink] = []
        self.deepest_heading = deepest_heading

    def spans(self, block: Block) -> tuple[Span, ...]:
        """The block's spans with text-only addresses made into links, links recorded."""
        spans, made = inline.linkify(block.spans)
        for url in made:
            self.messages.note(
                block.line, f"the address {url} was written as text; made it a link", "text-link"
            )
        return self._check_links(spans, block.line)

    def _check_links(self, spans: tuple[Span, ...], line: int) -> tuple[Span, ...]:
        result: list[Span] = []
        for span in spans:
            if isinstance(span, LinkSpan):
                text = inline.plain(span.children) or span.url
                url = span.url.strip()
                scheme = url.split(":", 1)[0].lower() if ":" in url.split("/", 1)[0] else ""
                if scheme and scheme not in ("http", "https", "mailto", "tel"):
                    self.messages.warn(
                        line, f"link '{text}' uses '{scheme}:'; kept the text only", "unsafe-link"
                    )
                    result.extend(span.children)
                    continue
                if url in ("", "#"):
                    self.messages.warn(
                        line,
                        f"placeholder link '{text}' ({url or 'empty'}): imported as '#'; "
                        "'spfcomms check' reports it until the real address is filled in",
                        "placeholder-link",
                    )
                    span = LinkSpan("#", span.children)
                elif not scheme and not url.startswith("#"):
                    self.messages.warn(
                        line,
                        f"link '{text}' ({url}) is relative; use a full https:// address",
                        "relative-link",
                    )
                self.links.append(ImportedLink(span.url, text, line))
                result.append(span)
            elif isinstance(span, inline.Strong | inline.Emphasis):
                result.append(type(span)(self._check_links(span.children, line)))
            else:
                result.append(span)
        return tuple(result)

    def inline_markdown(self, block: Block) -> str:
        """One block's inline Markdown."""
        return inline.to_markdown(self.spans(block))

    def markdown(self, blocks: Sequence[Block]) -> str:
        """Paragraphs separated by blank lines, lists kept together, nested by depth."""
        out: list[str] = []
        previous: Block | None = None
        numbers: dict[int, int] = {}
        for block in blocks:
            if block.kind is BlockKind.RULE:
                continue
            text = inline.escape_block_start(self.inline_markdown(block))
            if not text:
                continue
            if block.kind is BlockKind.LIST_ITEM:
                if previous is None or previous.kind is not BlockKind.LIST_ITEM:
                    if out:
                        out.append("")
                    numbers.clear()
                indent = "".join(
                    "   " if numbers.get(depth, 0) else "  " for depth in range(block.level)
                )
                if block.ordered:
                    for deeper in [d for d in numbers if d > block.level]:
                        del numbers[deeper]
                    numbers[block.level] = numbers.get(block.level, 0) + 1
                    out.append(f"{indent}{numbers[block.level]}. {text}")
                else:
                    numbers.pop(block.level, None)
                    out.append(f"{indent}- {text}")
            else:
                if out:
                    out.append("")
                if block.kind is BlockKind.HEADING:
                    out.append(f"**{inline.escape(block.text)}**")
                else:
                    out.append(text)
            previous = block
        return "\n".join(out).strip("\n")
