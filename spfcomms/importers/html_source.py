"""Reading an HTML page into blocks, sanitising every piece of it with nh3 first.

The page is parsed once (``html.parser``, which records source lines) to find its
blocks: headings, paragraphs, list items. The inner HTML of each block then goes
through nh3 with a short allow-list (links, bold, italic, code, line breaks) before it
is turned into text and links, so scripts, styles, event handlers and ``javascript:``
addresses never reach the content. The imported item is Markdown; the loader renders it
with raw HTML disabled, a second line of defence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any
from urllib.parse import urljoin

import nh3
from bs4 import BeautifulSoup, Tag
from bs4.element import Comment, NavigableString, PageElement

from . import inline
from .blocks import Block, BlockKind, SourceDocument
from .inline import Span

_DROP = (
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "object",
    "embed",
    "form",
    "nav",
    "header",
    "footer",
    "aside",
    "svg",
    "math",
    "canvas",
    "button",
    "select",
    "textarea",
    "head",
)
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_CONTAINERS = {
    "div",
    "section",
    "article",
    "main",
    "body",
    "blockquote",
    "figure",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "td",
    "th",
    "dl",
    "dd",
    "dt",
    "details",
    "summary",
    "center",
    "font",
    "html",
    "figcaption",
    "address",
}
_INLINE_TAGS = {
    "a",
    "strong",
    "b",
    "em",
    "i",
    "code",
    "br",
    "span",
    "u",
    "sub",
    "sup",
    "small",
    "mark",
    "abbr",
    "time",
    "cite",
    "q",
    "s",
    "del",
    "ins",
}
_BLOCK_TAGS = {"p", "li", "ul", "ol", "hr", *_HEADINGS}
_SAFE_TAGS = {"a", "strong", "b", "em", "i", "code", "br"}
SAFE_SCHEMES = {"http", "https", "mailto", "tel"}


def sanitise(fragment: str) -> str:
    """HTML reduced to links, bold, italic, code and line breaks; nothing executable."""
    return nh3.clean(
        fragment,
        tags=_SAFE_TAGS,
        clean_content_tags={"script", "style"},
        attributes={"a": {"href"}},
        url_schemes=SAFE_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


# Page furniture marked up as such: landmarks other than the main content, and the
# class or id names sites give their cookie banners, breadcrumbs and share links.
_FURNITURE_ROLES = {"navigation", "banner", "contentinfo", "search", "complementary", "dialog"}
_FURNITURE_NAME = re.compile(
    r"(?i)(^|[-_])(cookies?|cookie-banner|consent|breadcrumbs?|share|share-links|sharing|"
    r"social-(links|media|share|icons)|skip-links?|skiplinks?|site-header|site-footer|"
    r"masthead|newsletter-signup)([-_]|$)"
)


def read_html(data: bytes | str, name: str, *, base_url: str = "") -> SourceDocument:
    """Blocks of an HTML page; ``base_url`` resolves relative links of fetched pages."""
    soup = BeautifulSoup(data, "html.parser")
    for element in soup.find_all(_DROP):
        if isinstance(element, Tag) and element.name != "head":
            element.decompose()
    for element in soup.find_all(_is_furniture):
        if isinstance(element, Tag) and not element.decomposed:
            element.decompose()
    meta = _meta(soup)
    root = (
        soup.find("main")
        or _any(soup).find(attrs={"role": "main"})
        or soup.find("article")
        or soup.find("body")
        or soup
    )
    blocks: list[Block] = []
    warnings: list[tuple[int, str, str]] = []
    if isinstance(root, Tag):
        warnings = _unsafe_links(root)
        _walk(root, blocks, base_url, depth=-1, ordered=False)
    return SourceDocument(
        name=name,
        format="html",
        blocks=tuple(blocks),
        url=base_url,
        meta=meta,
        warnings=tuple(warnings),
    )


def _is_furniture(tag: Tag) -> bool:
    if tag.name in ("html", "body", "main", "article", "head"):
        return False
    role = tag.get("role")
    if isinstance(role, str) and role.lower() in _FURNITURE_ROLES:
        return True
    label = tag.get("aria-label")
    if isinstance(label, str) and re.match(r"(?i)(breadcrumb|cookie|share)", label):
        return True
    names = [*(tag.get("class") or []), str(tag.get("id") or "")]
    return any(_FURNITURE_NAME.search(str(n)) for n in names if n)


def _unsafe_links(root: Tag) -> list[tuple[int, str, str]]:
    # nh3 drops these addresses silently; say so, so the editor can look.
    found = []
    for link in root.find_all("a"):
        href = link.get("href") if isinstance(link, Tag) else None
        if not isinstance(href, str) or ":" not in href.split("/", 1)[0]:
            continue
        scheme = href.split(":", 1)[0].strip().lower()
        if scheme not in SAFE_SCHEMES:
            line = getattr(link, "sourceline", None) or 1
            text = link.get_text(" ", strip=True)
            message = f"link '{text}' uses '{scheme}:'; kept the text only"
            found.append((line, message, "unsafe-link"))
    return found


def _meta(soup: BeautifulSoup) -> dict[str, str]:
    found: dict[str, str] = {}

    def content(**attrs: str) -> str:
        tag = _any(soup).find("meta", attrs=attrs)
        value = tag.get("content") if isinstance(tag, Tag) else None
        return value.strip() if isinstance(value, str) else ""

    title = content(property="og:title") or (
        soup.title.get_text(" ", strip=True) if soup.title else ""
    )
    description = content(name="description") or content(property="og:description")
    published = content(property="article:published_time") or content(name="date")
    time_tag = soup.find("time")
    if not published and isinstance(time_tag, Tag):
        value = time_tag.get("datetime")
        published = value.strip() if isinstance(value, str) else ""
    canonical = ""
    link = soup.find("link", rel="canonical")
    if isinstance(link, Tag) and isinstance(link.get("href"), str):
        canonical = str(link.get("href")).strip()
    canonical = canonical or content(property="og:url")
    for key, value in (
        ("title", title),
        ("description", description),
        ("published", published),
        ("canonical", canonical),
    ):
        if value:
            found[key] = re.sub(r"\s+", " ", value)
    return found


def _walk(element: Tag, blocks: list[Block], base: str, *, depth: int, ordered: bool) -> None:
    loose: list[Tag | NavigableString] = []

    def flush() -> None:
        if loose:
            _add(blocks, BlockKind.PARAGRAPH, loose, base, line=_line(loose[0], element))
            loose.clear()

    for child in element.children:
        if isinstance(child, Comment):
            continue
        if isinstance(child, NavigableString):
            if str(child).strip():
                loose.append(child)
            continue
        if not isinstance(child, Tag):
            continue
        name = child.name.lower()
        if name in _INLINE_TAGS or name not in _BLOCK_TAGS | _CONTAINERS:
            if name == "br":
                flush()
            else:
                loose.append(child)
            continue
        flush()
        if name in _HEADINGS:
            _add(
                blocks,
                BlockKind.HEADING,
                list(child.children),
                base,
                line=_line(child, element),
                level=_HEADINGS[name],
            )
        elif name == "p":
            _paragraphs(child, blocks, base)
        elif name == "hr":
            blocks.append(Block(BlockKind.RULE, (), _line(child, element)))
        elif name in ("ul", "ol"):
            _walk(child, blocks, base, depth=depth + 1, ordered=name == "ol")
        elif name == "li":
            own = [
                c
                for c in child.children
                if not (isinstance(c, Tag) and c.name in ("ul", "ol", "p", "div"))
            ]
            nested = [
                c
                for c in child.children
                if isinstance(c, Tag) and c.name in ("ul", "ol", "p", "div")
            ]
            paragraphs = [c for c in nested if c.name in ("p", "div")]
            if not "".join(_text(c) for c in own).strip() and paragraphs:
                own = list(paragraphs[0].children)
                nested = [c for c in nested if c is not paragraphs[0]]
            _add(
                blocks,
                BlockKind.LIST_ITEM,
                own,
                base,
                line=_line(child, element),
                level=max(depth, 0),
                ordered=ordered,
            )
            for sub in nested:
                _walk(
                    sub,
                    blocks,
                    base,
                    depth=depth + (1 if sub.name in ("ul", "ol") else 0),
                    ordered=ordered,
                )
        else:
            _walk(child, blocks, base, depth=depth, ordered=ordered)
    flush()


def _paragraphs(paragraph: Tag, blocks: list[Block], base: str) -> None:
    # Word and some editors write several lines in one <p> separated by <br><br>.
    parts: list[list[Tag | NavigableString]] = [[]]
    previous_br = False
    for child in paragraph.children:
        if isinstance(child, Comment):
            continue
        if isinstance(child, Tag) and child.name == "br":
            if previous_br:
                parts.append([])
            previous_br = True
            continue
        if isinstance(child, NavigableString | Tag):
            if previous_br and not (isinstance(child, NavigableString) and not child.strip()):
                previous_br = False
            parts[-1].append(child)
    for part in parts:
        _add(blocks, BlockKind.PARAGRAPH, part, base, line=_line(paragraph, paragraph))


def _any(soup: BeautifulSoup) -> Any:
    # bs4's stubs do not accept a plain dict[str, str] of attributes.
    return soup


def _text(node: PageElement) -> str:
    return str(node) if isinstance(node, NavigableString) else node.get_text()


def _line(node: Tag | NavigableString, parent: Tag) -> int:
    line = getattr(node, "sourceline", None)
    if isinstance(line, int):
        return line
    parent_line = getattr(parent, "sourceline", None)
    return parent_line if isinstance(parent_line, int) else 1


def _add(
    blocks: list[Block],
    kind: BlockKind,
    nodes: Sequence[PageElement],
    base: str,
    *,
    line: int,
    level: int = 0,
    ordered: bool = False,
) -> None:
    fragment = "".join(str(n) for n in nodes)
    clean = BeautifulSoup(sanitise(fragment), "html.parser")
    spans = inline.strip(inline.normalise(_spans(clean, base)))
    if inline.plain(spans):
        blocks.append(Block(kind, spans, line, level=level, ordered=ordered))


def _spans(node: Tag | BeautifulSoup, base: str) -> list[Span]:
    spans: list[Span] = []
    for child in node.children:
        if isinstance(child, NavigableString):
            spans.append(inline.Text(str(child)))
        elif isinstance(child, Tag):
            name = child.name.lower()
            if name == "br":
                spans.append(inline.Text(" "))
            elif name in ("strong", "b"):
                spans.append(inline.Strong(tuple(_spans(child, base))))
            elif name in ("em", "i"):
                spans.append(inline.Emphasis(tuple(_spans(child, base))))
            elif name == "code":
                spans.append(inline.Code(child.get_text()))
            elif name == "a":
                href = child.get("href")
                url = href.strip() if isinstance(href, str) else ""
                if url and base and not url.startswith("#"):
                    url = urljoin(base, url)
                children = tuple(_spans(child, base))
                # nh3 removes an href with an unsafe scheme: the text stays, the link goes.
                if href is None:
                    spans.extend(children)
                else:
                    spans.append(inline.LinkSpan(url, children))
            else:
                spans.extend(_spans(child, base))
    return spans
