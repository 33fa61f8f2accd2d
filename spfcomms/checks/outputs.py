"""Checking the built output: every check over every file of the build.

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

from collections.abc import Callable, Iterable
from pathlib import Path, PurePosixPath

from ..model.config import Config
from ..model.content import Issue, Link
from ..model.problems import Problem, SourceLocation
from ..output.writers import OutputTree
from .accessibility import (
    css_contrast,
    heading_problems,
    image_problems,
    inline_contrast,
    language_problems,
    link_text_problems,
    section_problems,
)
from .linkextract import normalise_url, parse_html
from .sizes import output_size_problems
from .unfinished import content_files, unfinished_text


def check_outputs(
    out: OutputTree,
    config: Config,
    issues: Iterable[Issue] = (),
    content_links: Iterable[Link] = (),
    *,
    on_page: Callable[[str, str], None] | None = None,
) -> list[Problem]:
    """Every output check over every file of ``out``; problems from the content are skipped.

    ``issues`` and ``content_links`` let the checks recognise text and links that come
    from the content (validation and ``check_content_text`` report those at their source).
    ``on_page(relpath, markup)`` is called after each HTML page is checked, while its
    parse tree is still cached, so that other readers of the page need not parse it again.
    """
    issues = list(issues)
    corpus = _content_corpus(issues)
    # An email's size is a property of its issue: report it at the issue.toml.
    emails = {f"{issue.path}email.html": issue.source.relative_to(config.root) for issue in issues}
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
            markup = data.decode("utf-8", errors="replace")
            problems.extend(check_html(markup, where, corpus, from_content))
            if on_page is not None:
                on_page(relpath, markup)
        elif suffix == ".css":
            problems.extend(css_contrast(data.decode("utf-8", errors="replace"), where))
        size_at = emails.get(relpath, where)
        problems.extend(output_size_problems(relpath, len(data), size_at, config))
    return collapse(problems)


def _content_corpus(issues: Iterable[Issue]) -> str:
    texts = [path.read_text(encoding="utf-8", errors="replace") for path in content_files(issues)]
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
    problems.extend(unfinished_text(soup, where, corpus))
    problems.extend(link_text_problems(soup, where, from_content))
    problems.extend(image_problems(soup, where))
    problems.extend(heading_problems(soup, where))
    problems.extend(section_problems(soup, where))
    problems.extend(language_problems(soup, markup, where))
    problems.extend(inline_contrast(soup, where))
    for style in soup.find_all("style"):
        offset = (style.sourceline or 1) - 1
        for problem in css_contrast(style.get_text(), where):
            line = (problem.location.line or 1) + offset
            problems.append(
                Problem(where.at_line(line), problem.severity, problem.message, problem.code)
            )
    return problems


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
