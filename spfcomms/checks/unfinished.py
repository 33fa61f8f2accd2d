"""Unfinished text: TODO markers, lorem ipsum, link placeholders and the scaffold's text.

In the content files they are reported at the line the editor wrote, in every field
that is published (titles, summaries, the intro, bodies, names, tags ...); comments and
fields readers never see (``id``, ``date``, ``items`` ...) are not read. In the outputs
they are reported only where a template, not the content, put them. Codes: ``todo``,
``lorem-ipsum``, ``placeholder-link``, ``placeholder-text`` (a sentence ``spfcomms new``
wrote for the editor to replace).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup
from bs4.element import NavigableString

from ..model.content import Issue
from ..model.problems import Problem, SourceLocation, error
from ..workspace.frontmatter import FrontMatter, split_document
from ..workspace.loaders import ISSUE_FILE
from ..workspace.scaffold import placeholder_sentences

TODO = re.compile(r"\b(TODO|TBC|TBD|FIXME|XXX)\b")
LOREM = re.compile(r"\blorem\s+ipsum\b", re.IGNORECASE)
LINK_PLACEHOLDER = re.compile(r"\[(?:link|url|insert link|link here)\]", re.IGNORECASE)
UNFINISHED_CODES = frozenset({"todo", "lorem-ipsum", "placeholder-link", "placeholder-text"})
"""The codes of unfinished text: errors for a build, not for a preview."""
_NOT_TEXT = frozenset({"script", "style", "head", "title", "template"})
UNPUBLISHED_FIELDS = frozenset(
    {
        "kind",
        "id",
        "slug",
        "date",
        "updated",
        "meeting_date",
        "draft",
        "publish_at",
        "number",
        "items",
        "campaign",
    }
)
"""Front-matter and issue.toml fields that no output shows; every other one is read."""


def check_content_text(issues: Iterable[Issue], root: Path) -> list[Problem]:
    """Unfinished text in the published fields of the content files, at its line."""
    problems: list[Problem] = []
    for path in content_files(issues):
        where = SourceLocation(path).relative_to(root)
        text = path.read_text(encoding="utf-8", errors="replace").removeprefix("\ufeff")
        problems.extend(file_text_problems(text, where, is_issue_file=path.name == ISSUE_FILE))
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


def file_text_problems(text: str, where: SourceLocation, *, is_issue_file: bool) -> list[Problem]:
    """Unfinished text in the published fields (and the body) of one content file."""
    if is_issue_file:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError:
            return []  # the loader reports it
        lines = tuple(text.replace("\r\n", "\n").split("\n"))
        front = FrontMatter(data=data, lines=lines, first_line=1, source=where)
        return list(_fields(front))
    split = split_document(text, where)
    if isinstance(split, Problem):
        return []  # the loader reports it
    problems = list(_fields(split.front))
    for offset, line in enumerate(split.body.split("\n")):
        problems.extend(text_problems(line, where.at_line(split.body_line + offset)))
    return problems


def _fields(front: FrontMatter) -> Iterator[Problem]:
    for key, value in front.data.items():
        if key in UNPUBLISHED_FIELDS:
            continue
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            for index, table in enumerate(value):
                for name, entry in table.items():
                    yield from _value(front, name, entry, table=key, index=index)
        else:
            yield from _value(front, key, value)


def _value(
    front: FrontMatter, key: str, value: Any, *, table: str | None = None, index: int = 0
) -> Iterator[Problem]:
    strings = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    line = front.line_of(key, table=table, index=index)
    start = line
    key_line = front.lines[line - front.first_line] if line >= front.first_line else ""
    if key_line.rstrip().endswith(('"""', "'''")):
        start = line + 1  # TOML drops the newline that opens a multi-line string
    for text in strings:
        if not isinstance(text, str):
            continue
        for offset, part in enumerate(text.split("\n")):
            yield from text_problems(part, front.source.at_line(start + offset))


def text_problems(text: str, where: SourceLocation) -> Iterator[Problem]:
    """TODO markers, lorem ipsum, link placeholders and scaffold text in one line."""
    for code, message, _ in _findings(text):
        yield error(where, message, code)


def _findings(text: str) -> Iterator[tuple[str, str, str]]:
    """(code, message, the text that gave it away) for each finding in ``text``."""
    flat = " ".join(text.split())
    scaffold = [s for s in placeholder_sentences() if s in flat]
    for sentence in scaffold:
        message = f"placeholder text from 'spfcomms new': '{sentence}'; write the real text"
        yield "placeholder-text", message, sentence
    if not scaffold:  # the scaffold's own marker is part of the placeholder reported
        for match in TODO.finditer(text):
            evidence = " ".join(text[match.start() : match.end() + 30].split())
            yield "todo", f"unfinished text: '{_context(text, match)}'", evidence
    lorem = LOREM.search(text)
    if lorem:
        yield "lorem-ipsum", "placeholder text 'lorem ipsum': write the real text", lorem.group(0)
    for match in LINK_PLACEHOLDER.finditer(text):
        message = f"placeholder '{match.group(0)}': put the real link in"
        yield "placeholder-link", message, match.group(0)


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
        found = list(_findings(text))
        if not found:
            continue  # the common case: the corpus (all the content) is not searched
        if corpus and " ".join(text.split()) in corpus:
            continue  # written in the content: reported at its source line
        for code, message, evidence in found:
            if corpus and evidence in corpus:
                continue  # a template quoting the content (a link naming a title)
            yield error(where.at_line(parent.sourceline), message, code)
