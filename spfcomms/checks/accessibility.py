"""Accessibility checks of an HTML page, fragment or email (WCAG 2.1 AA where it applies).

Codes: ``placeholder-link``, ``empty-link``, ``vague-link-text``, ``missing-alt``,
``heading-skip``, ``empty-section``, ``missing-lang``, ``low-contrast``. The colour
arithmetic is in ``contrast.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bs4 import BeautifulSoup
from bs4.element import NavigableString, Tag

from ..model.problems import Problem, SourceLocation, error, warning
from ..workspace.validate import VAGUE_LINK_TEXT
from .contrast import (
    background_of,
    contrast_ratio,
    font_size_px,
    parse_colour,
    parse_declarations,
    required_ratio,
    stylesheet_contrast,
)
from .linkextract import normalise_url

_HEADING = re.compile(r"^h([1-6])$")
_WHITE = (255, 255, 255)


def _line(tag: Tag | None, where: SourceLocation) -> SourceLocation:
    return where.at_line(tag.sourceline if tag is not None else None)


def accessible_name(tag: Tag) -> str:
    """A link's name as a screen reader announces it (text, image alt, aria-label)."""
    label = tag.get("aria-label")
    if isinstance(label, str) and label.strip():
        return " ".join(label.split())
    parts = [str(s) for s in tag.find_all(string=True)]
    parts += [str(img.get("alt") or "") for img in tag.find_all("img")]
    title = tag.get("title")
    name = " ".join(" ".join(parts).split())
    return name or (str(title).strip() if title else "")


def link_text_problems(
    soup: BeautifulSoup, where: SourceLocation, from_content: set[tuple[str, str]]
) -> Iterator[Problem]:
    """Links a screen reader cannot announce, placeholders, vague link text."""
    for tag in soup.find_all("a"):
        if not isinstance(tag, Tag) or not tag.has_attr("href"):
            continue
        href = str(tag.get("href") or "").strip()
        name = accessible_name(tag)
        if (normalise_url(href), name) in from_content:
            continue  # validation reported it at the Markdown line
        if href in ("", "#"):
            yield error(
                _line(tag, where),
                f"placeholder link '{name}' (href=\"{href}\"): give it the real address",
                "placeholder-link",
            )
        if not name:
            yield error(
                _line(tag, where),
                f"link to {href or '(nothing)'} has no text a screen reader can announce",
                "empty-link",
            )
        elif name.lower().rstrip(".") in VAGUE_LINK_TEXT:
            yield warning(
                _line(tag, where),
                f"link text '{name}' makes no sense out of context; say where it goes",
                "vague-link-text",
            )


def image_problems(soup: BeautifulSoup, where: SourceLocation) -> Iterator[Problem]:
    """Images without an alt attribute."""
    for tag in soup.find_all("img"):
        if isinstance(tag, Tag) and not tag.has_attr("alt"):
            src = str(tag.get("src") or "")
            yield error(
                _line(tag, where),
                f'image {src} has no alt attribute (use alt="" for decoration)',
                "missing-alt",
            )


def heading_problems(soup: BeautifulSoup, where: SourceLocation) -> Iterator[Problem]:
    """Heading levels that skip one (h2 to h4)."""
    previous: int | None = None
    for tag in soup.find_all(_HEADING):
        if not isinstance(tag, Tag):
            continue
        match = _HEADING.match(tag.name)
        level = int(match.group(1)) if match else 0
        if previous is not None and level > previous + 1:
            yield warning(
                _line(tag, where),
                f"heading level jumps from h{previous} to "
                f"h{level} ('{tag.get_text(' ', strip=True)[:40]}')",
                "heading-skip",
            )
        previous = level


def section_problems(soup: BeautifulSoup, where: SourceLocation) -> Iterator[Problem]:
    """Sections with a heading and nothing else."""
    for tag in soup.find_all("section"):
        if not isinstance(tag, Tag):
            continue
        texts = [
            str(s)
            for s in tag.find_all(string=True)
            if s.parent is not None and not _HEADING.match(s.parent.name)
        ]
        if not "".join(texts).strip() and not tag.find(["img", "table", "iframe"]):
            heading = tag.find(_HEADING)
            title = heading.get_text(" ", strip=True) if isinstance(heading, Tag) else ""
            yield error(_line(tag, where), f"section '{title}' is empty", "empty-section")


def language_problems(soup: BeautifulSoup, markup: str, where: SourceLocation) -> Iterator[Problem]:
    """A document without ``<html lang=...>``."""
    root = soup.find("html")
    if root is None:
        if markup.lstrip()[:15].lower().startswith("<!doctype"):
            yield error(where.at_line(1), "the document has no <html lang=...>", "missing-lang")
        return
    if isinstance(root, Tag) and not str(root.get("lang") or "").strip():
        yield error(
            _line(root, where),
            "<html> has no lang attribute; screen readers need it to pick a voice",
            "missing-lang",
        )


def inline_contrast(soup: BeautifulSoup, where: SourceLocation) -> Iterator[Problem]:
    """Text whose inline colour is too faint on its background (WCAG AA)."""
    for tag in soup.find_all(style=True):
        if not isinstance(tag, Tag):
            continue
        declarations = parse_declarations(str(tag.get("style")))
        colour_value = declarations.get("color")
        if colour_value is None or not _has_own_text(tag) or _hidden(tag):
            continue
        foreground = parse_colour(colour_value)
        background = _background(tag)
        if foreground is None or background is None:
            continue
        ratio = contrast_ratio(foreground, background)
        bold = declarations.get("font-weight", "") in ("bold", "700", "800", "900")
        required = required_ratio(font_size_px(declarations.get("font-size")), bold)
        if ratio < required:
            yield error(
                _line(tag, where),
                f"text colour {colour_value} on "
                f"{_hex(background)} has contrast {ratio:.2f}:1; WCAG AA needs "
                f"{required:g}:1",
                "low-contrast",
            )


def _hidden(tag: Tag) -> bool:
    # Invisible text (an email's preheader, say) has no contrast to judge, as in axe-core.
    for node in (tag, *tag.parents):
        if not isinstance(node, Tag):
            continue
        if node.has_attr("hidden") or str(node.get("aria-hidden", "")).lower() == "true":
            return True
        style = parse_declarations(str(node.get("style") or ""))
        if (
            style.get("display") == "none"
            or style.get("visibility") == "hidden"
            or style.get("opacity", "1").strip() in ("0", "0.0")
            or style.get("mso-hide") == "all"
        ):
            return True
    return False


def _has_own_text(tag: Tag) -> bool:
    return any(
        isinstance(c, NavigableString) and type(c) is NavigableString and c.strip()
        for c in tag.children
    )


def _background(tag: Tag) -> tuple[float, float, float] | None:
    for node in (tag, *tag.parents):
        if not isinstance(node, Tag):
            continue
        value = background_of(parse_declarations(str(node.get("style") or "")))
        if value is None and node.get("bgcolor"):
            value = str(node.get("bgcolor"))
        if value is not None:
            return parse_colour(value)  # None (unknown) means: do not guess
    return _WHITE


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(c):02x}" for c in rgb)


def css_contrast(text: str, where: SourceLocation) -> Iterator[Problem]:
    """Rules of a stylesheet whose colours are too faint on their background."""
    for finding in stylesheet_contrast(text):
        yield error(
            where.at_line(finding.line),
            f"'{finding.selector}' sets {finding.foreground} on {finding.background} "
            f"({finding.scheme} palette): contrast {finding.ratio:.2f}:1, WCAG AA needs "
            f"{finding.required:g}:1",
            "low-contrast",
        )
