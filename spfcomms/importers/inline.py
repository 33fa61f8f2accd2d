"""Inline text as spans (text, strong, emphasis, code, links), whatever the source format.

Every reader turns its inline content into the same spans, so the recognisers see plain
text and the writer emits one consistent Markdown, with only the escapes it needs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token


@dataclass(frozen=True, slots=True)
class Text:
    """Literal text."""

    text: str


@dataclass(frozen=True, slots=True)
class Strong:
    """Bold text."""

    children: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class Emphasis:
    """Italic text."""

    children: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class Code:
    """Inline code."""

    text: str


@dataclass(frozen=True, slots=True)
class LinkSpan:
    """A link; ``url`` is kept as written (``#`` placeholders included)."""

    url: str
    children: tuple[Span, ...]


Span = Text | Strong | Emphasis | Code | LinkSpan

_MD = MarkdownIt("commonmark", {"html": False})
_MD.validateLink = lambda url: True  # type: ignore[method-assign]
# Addresses are kept exactly as written (percent-encoding them is slow and changes text).
_MD.normalizeLink = lambda url: url  # type: ignore[method-assign]
_WHITESPACE = re.compile(r"\s+")


def plain(spans: Iterable[Span]) -> str:
    """The text a reader sees, whitespace collapsed."""
    return _WHITESPACE.sub(" ", "".join(_plain_parts(spans))).strip()


def _plain_parts(spans: Iterable[Span]) -> Iterator[str]:
    for span in spans:
        if isinstance(span, Text | Code):
            yield span.text
        else:
            yield from _plain_parts(span.children)


def is_bold(spans: tuple[Span, ...]) -> bool:
    """True when every visible character is inside bold text."""
    visible = [s for s in spans if not (isinstance(s, Text) and not s.text.strip())]
    return bool(visible) and all(isinstance(s, Strong) for s in visible)


def iter_links(spans: Iterable[Span]) -> Iterator[LinkSpan]:
    """Every link, in reading order."""
    for span in spans:
        if isinstance(span, LinkSpan):
            yield span
        elif isinstance(span, Strong | Emphasis):
            yield from iter_links(span.children)


def from_markdown(text: str) -> tuple[Span, ...]:
    """Spans of one line or paragraph of inline Markdown."""
    tokens = _MD.parseInline(text)
    return from_tokens(tokens[0].children if tokens and tokens[0].children else [])


def from_tokens(children: list[Token]) -> tuple[Span, ...]:
    """Spans of the children of a markdown-it ``inline`` token."""
    spans, _ = _from_tokens(children, 0, None)
    return normalise(spans)


def _from_tokens(tokens: list[Token], start: int, closing: str | None) -> tuple[list[Span], int]:
    spans: list[Span] = []
    index = start
    while index < len(tokens):
        token = tokens[index]
        if closing is not None and token.type == closing:
            return spans, index + 1
        if token.type == "text":
            spans.append(Text(token.content))
        elif token.type in ("softbreak", "hardbreak"):
            spans.append(Text(" "))
        elif token.type == "code_inline":
            spans.append(Code(token.content))
        elif token.type == "image":
            alt = "".join(c.content for c in token.children or [])
            spans.append(Text(alt))
        elif token.type in ("strong_open", "em_open", "link_open"):
            inner, index = _from_tokens(tokens, index + 1, token.type.replace("_open", "_close"))
            if token.type == "strong_open":
                spans.append(Strong(tuple(inner)))
            elif token.type == "em_open":
                spans.append(Emphasis(tuple(inner)))
            else:
                spans.append(LinkSpan(str(token.attrGet("href") or ""), tuple(inner)))
            continue
        elif token.content:
            spans.append(Text(token.content))
        index += 1
    return spans, index


def normalise(spans: Iterable[Span]) -> tuple[Span, ...]:
    """Collapse whitespace, merge neighbouring text, drop empty formatting."""
    result: list[Span] = []
    for span in spans:
        if isinstance(span, Text):
            text = _WHITESPACE.sub(" ", span.text.replace("\u00a0", " "))
            if not text:
                continue
            if result and isinstance(result[-1], Text):
                result[-1] = Text(result[-1].text + text)
            else:
                result.append(Text(text))
        elif isinstance(span, Strong | Emphasis):
            children = normalise(span.children)
            if not plain(children):
                result.extend(c for c in children if isinstance(c, Text))
                continue
            if result and type(result[-1]) is type(span):
                # Word splits one bold phrase over several runs; join them again.
                previous = result[-1]
                assert isinstance(previous, Strong | Emphasis)
                result[-1] = type(span)(normalise((*previous.children, *children)))
            else:
                result.append(type(span)(children))
        elif isinstance(span, LinkSpan):
            result.append(LinkSpan(span.url.strip(), normalise(span.children)))
        else:
            result.append(span)
    return tuple(result)


def strip(spans: tuple[Span, ...]) -> tuple[Span, ...]:
    """Remove leading and trailing whitespace of a run of spans."""
    items = list(spans)
    if items and isinstance(items[0], Text):
        items[0] = Text(items[0].text.lstrip())
    if items and isinstance(items[-1], Text):
        items[-1] = Text(items[-1].text.rstrip())
    return tuple(s for s in items if not (isinstance(s, Text) and not s.text))


_URL = re.compile(
    r"(?<![\w/@.\[(<])(?P<url>(?:https?://|www\.)[^\s<>\[\]]+?)(?=[.,;:!?'\"’”)\]]*(?:\s|$))"
)
EMAIL = re.compile(r"(?<![\w.+-])(?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)(?<!\.)")


def linkify(spans: tuple[Span, ...]) -> tuple[tuple[Span, ...], list[str]]:
    """Turn addresses written as text into links; return the spans and the URLs made."""
    made: list[str] = []
    result: list[Span] = []
    for span in spans:
        if isinstance(span, Text):
            result.extend(_linkify_text(span.text, made))
        elif isinstance(span, Strong | Emphasis):
            children, inner = linkify(span.children)
            made.extend(inner)
            result.append(type(span)(children))
        else:
            result.append(span)
    return tuple(result), made


def _linkify_text(text: str, made: list[str]) -> list[Span]:
    spans: list[Span] = []
    position = 0
    matches = sorted([*_URL.finditer(text), *EMAIL.finditer(text)], key=lambda m: m.start())
    for match in matches:
        if match.start() < position:
            continue
        found = match.group(0)
        if "@" in found and "://" not in found and not found.startswith("www."):
            url = f"mailto:{found}"
        else:
            url = found if "://" in found else f"https://{found}"
        spans.append(Text(text[position : match.start()]))
        spans.append(LinkSpan(url, (Text(found),)))
        made.append(url)
        position = match.end()
    spans.append(Text(text[position:]))
    return [s for s in spans if not (isinstance(s, Text) and not s.text)]


_ESCAPE_ALWAYS = re.compile(r"([\\`*\[\]])")
_UNDERSCORE = re.compile(r"(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_ANGLE = re.compile(r"<(?=[A-Za-z/!?])")
_LINE_START = re.compile(r"^(\s*)([#>+=|-]|\d+[.)]|~~~|```)")


def escape(text: str) -> str:
    """Escape what CommonMark would otherwise read as markup, and nothing more."""
    text = _ESCAPE_ALWAYS.sub(r"\\\1", text)
    text = _UNDERSCORE.sub(r"\\_", text)
    text = _ENTITY.sub(r"\\&", text)
    return _ANGLE.sub(r"\\<", text)


def escape_block_start(markdown: str) -> str:
    """Escape a leading marker that would turn a paragraph into a heading or list."""
    match = _LINE_START.match(markdown)
    if not match:
        return markdown
    marker = match.group(2)
    if marker[0].isdigit():
        return f"{match.group(1)}{marker[:-1]}\\{marker[-1]}{markdown[match.end() :]}"
    return f"{match.group(1)}\\{markdown[len(match.group(1)) :]}"


def to_markdown(spans: Iterable[Span]) -> str:
    """Inline Markdown for the spans."""
    return "".join(_markdown_parts(spans)).strip()


def _markdown_parts(spans: Iterable[Span]) -> Iterator[str]:
    for span in spans:
        if isinstance(span, Text):
            yield escape(span.text)
        elif isinstance(span, Code):
            fence = "`" * (max((len(r) for r in re.findall(r"`+", span.text)), default=0) + 1)
            pad = " " if span.text.startswith("`") or span.text.endswith("`") else ""
            yield f"{fence}{pad}{span.text}{pad}{fence}"
        elif isinstance(span, Strong | Emphasis):
            marker = "**" if isinstance(span, Strong) else "*"
            inner = "".join(_markdown_parts(span.children))
            lead = inner[: len(inner) - len(inner.lstrip())]
            trail = inner[len(inner.rstrip()) :]
            if inner.strip():
                yield f"{lead}{marker}{inner.strip()}{marker}{trail}"
            else:
                yield inner
        else:
            yield _link_markdown(span)


def _link_markdown(link: LinkSpan) -> str:
    url = link.url
    if plain(link.children) in (url, url.removeprefix("mailto:")) and re.fullmatch(
        r"(https?://|mailto:)[^\s<>]+", url
    ):
        return f"<{url.removeprefix('mailto:')}>" if "@" in url and "://" not in url else f"<{url}>"
    text = "".join(_markdown_parts(link.children)).strip() or escape(link.url)
    if re.search(r"[\s()<>]", url):
        url = "<" + url.replace("<", "%3C").replace(">", "%3E").replace(" ", "%20") + ">"
    return f"[{text}]({url})"
