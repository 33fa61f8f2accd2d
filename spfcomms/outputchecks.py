"""Checks of the built output: unfinished text, accessibility, colour contrast, sizes.

These run on whatever the build produced (every ``*.html``, ``*.css``, ``*.xml`` and
``*.json`` in the ``OutputTree``), so new output formats are checked without changes
here. Problems caused by the content are reported at the Markdown file and line; those
a template introduced are reported at the output file and line, once, with the number
of other places the same problem appears.

Codes: ``placeholder-link``, ``todo``, ``lorem-ipsum``, ``empty-section``,
``missing-alt``, ``empty-link``, ``vague-link-text``, ``heading-skip``, ``missing-lang``,
``low-contrast``, ``email-size``, ``feed-size``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath

from bs4 import BeautifulSoup
from bs4.element import NavigableString, Tag

from .config import Config
from .content import Issue, Link
from .contrast import (
    background_of,
    contrast_ratio,
    font_size_px,
    parse_colour,
    parse_declarations,
    required_ratio,
    stylesheet_contrast,
)
from .exceptions import Problem, SourceLocation, error, warning
from .linkextract import normalise_url, parse_html, relative_location
from .render.email import size_problems_for
from .validate import VAGUE_LINK_TEXT
from .writers import OutputTree

TODO = re.compile(r"\b(TODO|TBC|TBD|FIXME|XXX)\b")
LOREM = re.compile(r"\blorem\s+ipsum\b", re.IGNORECASE)
LINK_PLACEHOLDER = re.compile(r"\[(?:link|url|insert link|link here)\]", re.IGNORECASE)
_HEADING = re.compile(r"^h([1-6])$")
_NOT_TEXT = frozenset({"script", "style", "head", "title", "template"})
_WHITE = (255, 255, 255)


def check_content_text(issues: Iterable[Issue], root: Path) -> list[Problem]:
    """Unfinished text in the content files, at the line where the editor wrote it."""
    problems: list[Problem] = []
    seen: set[Path] = set()
    for issue in issues:
        for source in (issue.source, *(item.source for item in issue.items)):
            if source.path in seen or not source.path.is_file():
                continue
            seen.add(source.path)
            where = relative_location(SourceLocation(source.path), root)
            text = source.path.read_text(encoding="utf-8", errors="replace")
            for number, line in enumerate(text.splitlines(), start=1):
                problems.extend(_text_problems(line, where.at_line(number)))
    return problems


def _text_problems(text: str, where: SourceLocation) -> Iterator[Problem]:
    for match in TODO.finditer(text):
        yield error(where, f"unfinished text: '{_context(text, match)}'", "todo")
    if LOREM.search(text):
        yield error(where, "placeholder text 'lorem ipsum': write the real text", "lorem-ipsum")
    for match in LINK_PLACEHOLDER.finditer(text):
        yield error(
            where, f"placeholder '{match.group(0)}': put the real link in", "placeholder-link"
        )


def _context(text: str, match: re.Match[str]) -> str:
    start, end = max(0, match.start() - 20), min(len(text), match.end() + 30)
    return " ".join(text[start:end].split())


def check_outputs(
    out: OutputTree,
    config: Config,
    issues: Iterable[Issue] = (),
    content_links: Iterable[Link] = (),
) -> list[Problem]:
    """Every output check over every file of ``out``; problems from the content are skipped.

    ``issues`` and ``content_links`` let the checks recognise text and links that come
    from the content (validation and ``check_content_text`` report those at their source).
    """
    corpus = _content_corpus(issues)
    from_content = {
        (normalise_url(link.url), " ".join(link.text.split())) for link in content_links
    }
    prefix = Path(config.build.output_dir)
    problems: list[Problem] = []
    for relpath in out.paths:
        where = SourceLocation(prefix / relpath)
        data = out.get(relpath)
        suffix = PurePosixPath(relpath).suffix.lower()
        if suffix in (".html", ".htm"):
            problems.extend(
                check_html(data.decode("utf-8", errors="replace"), where, corpus, from_content)
            )
        elif suffix == ".css":
            problems.extend(_css_contrast(data.decode("utf-8", errors="replace"), where))
        problems.extend(_size_problems(relpath, len(data), where, config))
    return collapse(problems)


def _content_corpus(issues: Iterable[Issue]) -> str:
    texts = []
    for issue in issues:
        for source in (issue.source, *(item.source for item in issue.items)):
            if source.path.is_file():
                texts.append(source.path.read_text(encoding="utf-8", errors="replace"))
    return " ".join(" ".join(texts).split())


def check_html(
    markup: str,
    where: SourceLocation,
    corpus: str = "",
    from_content: set[tuple[str, str]] | None = None,
) -> list[Problem]:
    """The HTML checks of one page, fragment or email."""
    soup = parse_html(markup)
    from_content = from_content or set()
    problems: list[Problem] = []
    problems.extend(_unfinished_text(soup, where, corpus))
    problems.extend(_links(soup, where, from_content))
    problems.extend(_images(soup, where))
    problems.extend(_headings(soup, where))
    problems.extend(_sections(soup, where))
    problems.extend(_language(soup, markup, where))
    problems.extend(_inline_contrast(soup, where))
    for style in soup.find_all("style"):
        offset = (style.sourceline or 1) - 1
        for problem in _css_contrast(style.get_text(), where):
            line = (problem.location.line or 1) + offset
            problems.append(
                Problem(where.at_line(line), problem.severity, problem.message, problem.code)
            )
    return problems


def _line(tag: Tag | None, where: SourceLocation) -> SourceLocation:
    return where.at_line(tag.sourceline if tag is not None else None)


def _unfinished_text(soup: BeautifulSoup, where: SourceLocation, corpus: str) -> Iterator[Problem]:
    for string in soup.find_all(string=True):
        if not isinstance(string, NavigableString) or type(string) is not NavigableString:
            continue  # comments, doctype, CDATA
        parent = string.parent
        if parent is None or any(p.name in _NOT_TEXT for p in (parent, *parent.parents)):
            continue
        text = str(string)
        hits = list(_text_problems(text, _line(parent, where)))
        if hits and corpus and " ".join(text.split()) in corpus:
            continue  # written in the content: reported at its source line
        yield from hits


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


def _links(
    soup: BeautifulSoup, where: SourceLocation, from_content: set[tuple[str, str]]
) -> Iterator[Problem]:
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


def _images(soup: BeautifulSoup, where: SourceLocation) -> Iterator[Problem]:
    for tag in soup.find_all("img"):
        if isinstance(tag, Tag) and not tag.has_attr("alt"):
            src = str(tag.get("src") or "")
            yield error(
                _line(tag, where),
                f'image {src} has no alt attribute (use alt="" for decoration)',
                "missing-alt",
            )


def _headings(soup: BeautifulSoup, where: SourceLocation) -> Iterator[Problem]:
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


def _sections(soup: BeautifulSoup, where: SourceLocation) -> Iterator[Problem]:
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


def _language(soup: BeautifulSoup, markup: str, where: SourceLocation) -> Iterator[Problem]:
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


def _inline_contrast(soup: BeautifulSoup, where: SourceLocation) -> Iterator[Problem]:
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


def _css_contrast(text: str, where: SourceLocation) -> Iterator[Problem]:
    for finding in stylesheet_contrast(text):
        yield error(
            where.at_line(finding.line),
            f"'{finding.selector}' sets {finding.foreground} on {finding.background} "
            f"({finding.scheme} palette): contrast {finding.ratio:.2f}:1, WCAG AA needs "
            f"{finding.required:g}:1",
            "low-contrast",
        )


def _size_problems(
    relpath: str, size: int, where: SourceLocation, config: Config
) -> Iterator[Problem]:
    kb = size / 1024
    parts = PurePosixPath(relpath).parts
    if len(parts) == 3 and parts[0] == "issues" and parts[2] == "email.html":
        yield from size_problems_for(size, where, config)
    if _is_feed(relpath) and kb > config.checks.feed_size_warning_kb:
        yield warning(
            where,
            f"the feed is {kb:.0f} KB; many readers refuse feeds over "
            f"{config.checks.feed_size_warning_kb} KB (lower [feed].limit)",
            "feed-size",
        )


def _is_feed(relpath: str) -> bool:
    name = PurePosixPath(relpath).name
    return name.endswith(".xml") or (name.endswith(".json") and "feed" in name)


def collapse(problems: Iterable[Problem]) -> list[Problem]:
    """One problem per (code, message), at its first place, counting the other places."""
    groups: dict[tuple[str, str, str], list[Problem]] = {}
    for problem in problems:
        groups.setdefault((problem.code, problem.message, problem.severity), []).append(problem)
    result = []
    for same in groups.values():
        first = same[0]
        others = len({str(p.location) for p in same}) - 1
        if others > 0:
            first = Problem(
                first.location,
                first.severity,
                f"{first.message} (and {others} more place(s))",
                first.code,
            )
        result.append(first)
    return result
