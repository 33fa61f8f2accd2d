"""Unfinished text: TODO markers, lorem ipsum and link placeholders.

In the content files they are reported at the line the editor wrote; in the outputs
only where a template (not the content) put them. Codes: ``todo``, ``lorem-ipsum``,
``placeholder-link``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from bs4 import BeautifulSoup
from bs4.element import NavigableString

from ..model.content import Issue
from ..model.problems import Problem, SourceLocation, error

TODO = re.compile(r"\b(TODO|TBC|TBD|FIXME|XXX)\b")
LOREM = re.compile(r"\blorem\s+ipsum\b", re.IGNORECASE)
LINK_PLACEHOLDER = re.compile(r"\[(?:link|url|insert link|link here)\]", re.IGNORECASE)
_NOT_TEXT = frozenset({"script", "style", "head", "title", "template"})


def check_content_text(issues: Iterable[Issue], root: Path) -> list[Problem]:
    """Unfinished text in the content files, at the line where the editor wrote it."""
    problems: list[Problem] = []
    for path in content_files(issues):
        where = SourceLocation(path).relative_to(root)
        text = path.read_text(encoding="utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), start=1):
            problems.extend(text_problems(line, where.at_line(number)))
    return problems


def content_files(issues: Iterable[Issue]) -> list[Path]:
    """The issue.toml and item files the issues were read from, each once, in order."""
    files: dict[Path, None] = {}
    for issue in issues:
        for source in (issue.source, *(item.source for item in issue.items)):
            path = Path(source.path)
            if path not in files and path.is_file():
                files[path] = None
    return list(files)


def text_problems(text: str, where: SourceLocation) -> Iterator[Problem]:
    """TODO markers, lorem ipsum and link placeholders in one line of text."""
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


def unfinished_text(soup: BeautifulSoup, where: SourceLocation, corpus: str) -> Iterator[Problem]:
    """Unfinished text in an output page that a template, not the content, put there."""
    for string in soup.find_all(string=True):
        if not isinstance(string, NavigableString) or type(string) is not NavigableString:
            continue  # comments, doctype, CDATA
        parent = string.parent
        if parent is None or any(p.name in _NOT_TEXT for p in (parent, *parent.parents)):
            continue
        text = str(string)
        hits = list(text_problems(text, where.at_line(parent.sourceline)))
        if hits and corpus and " ".join(text.split()) in corpus:
            continue  # written in the content: reported at its source line
        yield from hits
