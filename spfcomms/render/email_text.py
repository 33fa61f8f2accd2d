"""The plain-text part of the email, built from the content model (never from the HTML).

Lines are wrapped at 78 columns without breaking URLs or words; headings are underlined
(``=`` for the issue and its sections, ``-`` for items, ``~`` below that); links become
numbered references ``[3]``, listed under the item they appear in. Numbers run through
the whole email, so ``[3]`` means the same address wherever it is quoted.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..model.content import (
    AnyItem,
    Body,
    CaseStudy,
    Issue,
    ItemKind,
    MeetingSummary,
    NewsItem,
    Person,
)
from ..model.urls import is_safe_url
from .templating import format_date

WIDTH = 78
_MD = MarkdownIt("commonmark", {"html": False, "typographer": False})


def people(persons: Sequence[Person]) -> str:
    """``A (Org), B (Org) and C (Org)``, as in the HTML."""
    names = [
        p.name
        + (f", {p.role}" if p.role else "")
        + (f" ({p.organisation})" if p.organisation else "")
        for p in persons
    ]
    if len(names) < 2:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def wrap(text: str, indent: str = "", hanging: str | None = None) -> list[str]:
    """``text`` wrapped at 78 columns; long words and URLs are never split."""
    return textwrap.wrap(
        " ".join(text.split()),
        width=WIDTH,
        initial_indent=indent,
        subsequent_indent=indent if hanging is None else hanging,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [indent.rstrip()]


def heading(text: str, char: str, *, overline: bool = False) -> list[str]:
    """A heading, wrapped, underlined with ``char`` as long as its longest line."""
    lines = wrap(text)
    rule = char * min(WIDTH, max(len(line) for line in lines))
    return [rule, *lines, rule] if overline else [*lines, rule]


@dataclass
class TextEmail:
    """Accumulates blocks of text and the references of the current item."""

    tag: Callable[[str], str]
    blocks: list[list[str]] = field(default_factory=list)
    pending: list[tuple[int, str]] = field(default_factory=list)
    count: int = 0

    def add(self, *lines: str) -> None:
        self.blocks.append(list(lines))

    def ref(self, url: str, *, tag: bool = True) -> int:
        self.count += 1
        self.pending.append((self.count, self.tag(url) if tag else url))
        return self.count

    def flush_refs(self) -> None:
        """List the references collected since the last flush."""
        if self.pending:
            self.add(*(f"[{n}] {url}" for n, url in self.pending))
            self.pending = []

    def markdown(self, body: Body, heading_char: str = "~") -> None:
        """Add a Markdown body as wrapped text blocks (reusing the loader's parse)."""
        if body.markdown.strip():
            tokens = body.tokens or _MD.parse(body.markdown)
            self.blocks.extend(_blocks(tokens, self, heading_char))

    def render(self) -> str:
        return "\n\n".join("\n".join(line.rstrip() for line in b) for b in self.blocks) + "\n"


def _inline(token: Token, email: TextEmail) -> str:
    parts: list[str] = []
    href: str | None = None
    tagged = True
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "link_open":
            href = str(child.attrGet("href") or "")
            # The Markdown renderer marks links that opted out of campaign tags.
            tagged = child.attrGet("data-utm") != "off"
        elif child.type == "link_close" and href is not None:
            if href and is_safe_url(href) and not href.startswith("#"):
                parts.append(f" [{email.ref(href, tag=tagged)}]")
            href = None
        elif child.type == "image":
            alt = "".join(c.content for c in child.children or []).strip()
            parts.append(f"[image: {alt}]" if alt else "")
    return "".join(parts)


def _blocks(tokens: Sequence[Token], email: TextEmail, heading_char: str) -> list[list[str]]:
    blocks: list[list[str]] = []
    lists: list[list[int]] = []  # per open list: [next number] (0 for bullets)
    quote = 0
    marker: str | None = None
    list_block = False  # the last block holds list items that a tight item may join
    for index, token in enumerate(tokens):
        indent = "   " * max(0, len(lists) - 1) + "> " * quote
        if token.type == "bullet_list_open":
            lists.append([0])
        elif token.type == "ordered_list_open":
            lists.append([int(token.attrGet("start") or 1)])
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif token.type == "blockquote_open":
            quote += 1
        elif token.type == "blockquote_close":
            quote -= 1
        elif token.type == "list_item_open" and lists:
            counter = lists[-1]
            marker = f"{counter[0]}. " if counter[0] else "- "
            if counter[0]:
                counter[0] += 1
        elif token.type == "inline":
            opener = tokens[index - 1] if index else None
            text = _inline(token, email)
            if opener is not None and opener.type == "heading_open":
                blocks.append(heading(text, heading_char))
                list_block = False
                continue
            if marker is not None:
                lines = wrap(text, indent + marker, indent + " " * len(marker))
                marker = None
            else:
                lines = wrap(text, indent + ("   " if lists else ""))
            tight = opener is not None and opener.type == "paragraph_open" and opener.hidden
            if lists and tight and list_block:
                blocks[-1].extend(lines)
            else:
                blocks.append(lines)
            list_block = bool(lists)
        elif token.type in ("fence", "code_block"):
            blocks.append(
                [indent + "    " + line for line in token.content.rstrip("\n").split("\n")]
            )
            list_block = False
        elif token.type == "hr":
            blocks.append(["-" * 20])
            list_block = False
    return blocks


def render_text(
    issue: Issue,
    *,
    site_name: str,
    issue_url: str,
    item_url: Callable[[AnyItem], str],
    tag: Callable[[str], str],
    reason: str,
    unsubscribe: str,
    follow: Sequence[tuple[str, str]] = (),
    banner: Callable[[Issue | AnyItem], str] | None = None,
) -> str:
    """The whole plain-text email for ``issue``.

    ``banner`` gives a preview's held-back banner of the issue and each item.
    """
    held = banner or (lambda thing: "")
    email = TextEmail(tag=tag)
    if held(issue):
        email.add(f"*** {held(issue)} ***")
    email.add(f"{site_name} bulletin, issue {issue.number}", format_date(issue.date))
    email.add(*heading(issue.title, "=", overline=True))
    email.markdown(issue.intro)
    email.add("View this bulletin in your browser:", tag(issue_url))
    email.flush_refs()
    email.add(*contents(issue, held))
    for kind in issue.kinds:
        items = issue.items_of(kind)
        if kind is ItemKind.MEETING_SUMMARY:
            for item in items:
                assert isinstance(item, MeetingSummary)
                if held(item):
                    email.add(f"*** {held(item)} ***")
                _meeting(email, item, item_url(item))
            continue
        email.add(*heading(kind.label, "="))
        for item in items:
            if held(item):
                email.add(f"*** {held(item)} ***")
            email.add(*heading(item.title, "-"))
            if isinstance(item, CaseStudy):
                where = ", ".join(p for p in (item.region, ", ".join(item.organisations)) if p)
                if where:
                    email.add(*wrap(where))
            elif isinstance(item, NewsItem):
                email.add(format_date(item.date))
            email.add(*wrap(item.summary))
            email.add(*wrap(f"Read more about {item.title}:"), tag(item_url(item)))
    email.add("-" * WIDTH)
    email.add(
        *wrap("Forward this email to a colleague, or send them the web version:"),
        tag(issue_url),
    )
    if follow:
        email.add("Follow us:", *(f"- {label}: {url}" for label, url in follow))
    email.add(*wrap(reason))
    email.add("Unsubscribe:", unsubscribe)
    return email.render()


def contents(issue: Issue, banner: Callable[[AnyItem], str] | None = None) -> list[str]:
    """ "In this issue": every item and Key comms agenda item, in the email's order;
    in a preview, a held-back item carries its ``banner`` in brackets."""
    lines = [*heading("In this issue", "-")]
    for kind in issue.kinds:
        for item in issue.items_of(kind):
            held = banner(item) if banner is not None else ""
            lines.extend(wrap(f"{item.title} [{held}]" if held else item.title, "- ", "  "))
            if isinstance(item, MeetingSummary):
                for agenda_item in item.agenda:
                    lines.extend(wrap(agenda_item.title, "  - ", "    "))
    return lines


def _meeting(email: TextEmail, item: MeetingSummary, url: str) -> None:
    email.add(*heading(item.title, "="))
    email.add(f"{item.group} meeting, {format_date(item.meeting_date)}")
    email.markdown(item.opening)
    email.flush_refs()
    for agenda_item in item.agenda:
        email.add(*heading(agenda_item.title, "-"))
        if agenda_item.presenters:
            email.add(*wrap("Presented by " + people(agenda_item.presenters)))
        email.markdown(agenda_item.body)
        for sub in agenda_item.subitems:
            email.add(*heading(sub.title, "~"))
            if sub.presenters:
                email.add(*wrap("Presented by " + people(sub.presenters)))
            email.markdown(sub.body)
        email.flush_refs()
    email.add(*wrap(f"Read {item.title} on the web:"), email.tag(url))
