"""How the importer fixtures in tests/data/importers/documents/ got their other formats.

Each fixture document exists in every format a user may have it in. One copy is the
original and the others are made from it the way people make them:

- a web page (``web-*.html``, saved with its navigation, cookie banner, share links and
  footer) is also *copied from the browser* into a text file (``.txt``: one line per
  block, list items with "•", table cells separated by tabs, link addresses lost unless
  the page showed them) and *converted to Markdown* (``.md``, as a page-to-Markdown tool
  writes it: every link kept, navigation and footer included);
- a document (``doc-*.md``, written the way the forum writes Key comms and case
  studies) is also *saved as plain text* from Word (``.txt``: headings as bare lines,
  bullets as "-", "•" or an indented "•" for the Markdown markers "-", "*" and "+",
  links as ``[text](address)``) and *saved as a web page* (``.html``).

The ``.docx`` copy of every fixture is made at test time from its ``.md`` by
``tests/support/docx_builder.py``. After editing an original, run
``python3 -m tests.support.fixture_copies`` and review the diff.
"""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path

from bs4 import BeautifulSoup, Tag
from bs4.element import Comment, NavigableString
from markdown_it import MarkdownIt

DOCUMENTS = Path(__file__).resolve().parent.parent / "data" / "importers" / "documents"
_BLOCKS = {
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "tr",
    "div",
    "section",
    "header",
    "footer",
    "nav",
    "main",
    "article",
    "aside",
    "ul",
    "ol",
    "table",
    "body",
    "form",
    "blockquote",
    "figure",
    "figcaption",
    "dl",
    "dt",
    "dd",
    "hr",
    "address",
    "details",
}
_SKIP = {"script", "style", "noscript", "template", "head", "svg", "button", "input", "select"}


def _inline(node: Tag | NavigableString, *, links: bool) -> str:
    if isinstance(node, Comment):
        return ""
    if isinstance(node, NavigableString):
        return re.sub(r"\s+", " ", str(node))
    if node.name in _SKIP:
        return ""
    if node.name == "br":
        return " "
    inner = "".join(_inline(c, links=links) for c in node.children)
    if not links:
        return inner
    if node.name in ("strong", "b") and inner.strip():
        return f"**{inner.strip()}**"
    if node.name in ("em", "i") and inner.strip():
        return f"*{inner.strip()}*"
    if node.name == "a" and node.get("href") and inner.strip():
        return f"[{inner.strip()}]({node.get('href')})"
    return inner


def _has_blocks(node: Tag) -> bool:
    return any(isinstance(c, Tag) and c.name in _BLOCKS for c in node.children)


def html_to_lines(page: str, *, markdown: bool) -> list[str]:
    """A web page as a browser copy (``markdown=False``) or a Markdown conversion."""
    soup = BeautifulSoup(page, "html.parser")
    body = soup.body or soup
    lines: list[str] = []

    def emit(text: str) -> None:
        text = text.strip()
        if text:
            lines.append(text)

    def render_list(node: Tag, level: int) -> None:
        for number, item in enumerate(node.find_all("li", recursive=False), start=1):
            own = "".join(
                _inline(c, links=markdown)
                for c in item.children
                if not (isinstance(c, Tag) and c.name in ("ul", "ol"))
            ).strip()
            marker = f"{number}." if node.name == "ol" else ("-" if markdown else "•")
            if own:
                lines.append(f"{'  ' * level}{marker} {re.sub(r' +', ' ', own)}")
            for sub in item.find_all(["ul", "ol"], recursive=False):
                render_list(sub, level + 1)

    def render_table(node: Tag) -> None:
        for index, row in enumerate(node.find_all("tr")):
            cells = [
                re.sub(r"\s+", " ", _inline(c, links=markdown)).strip()
                for c in row.find_all(["td", "th"])
            ]
            if markdown:
                lines.append("| " + " | ".join(cells) + " |")
                if index == 0:
                    lines.append("|" + "---|" * len(cells))
            else:
                lines.append("\t".join(cells))
        if markdown:
            lines.append("")

    def walk(node: Tag) -> None:
        for child in node.children:
            if not isinstance(child, Tag):
                if isinstance(child, NavigableString) and not isinstance(child, Comment):
                    emit(re.sub(r"\s+", " ", str(child)))
                continue
            name = child.name
            if name in _SKIP:
                continue
            if name == "hr":
                lines.append("---" if markdown else "")
            elif name in ("ul", "ol"):
                render_list(child, 0)
            elif name == "table":
                render_table(child)
            elif re.fullmatch(r"h[1-6]", name):
                text = re.sub(r"\s+", " ", _inline(child, links=markdown)).strip()
                if markdown:
                    text = re.sub(r"^\*\*(.*)\*\*$", r"\1", text)
                    emit("#" * int(name[1]) + " " + text)
                else:
                    emit(text)
            elif name in _BLOCKS and _has_blocks(child):
                walk(child)
            else:
                emit(re.sub(r"\s+", " ", _inline(child, links=markdown)))

    walk(body if isinstance(body, Tag) else soup)
    return lines


def page_to_text(page: str) -> str:
    """What a browser copy of the page, pasted into a text file, holds."""
    return "\n\n".join(line for line in html_to_lines(page, markdown=False) if line) + "\n"


def page_to_markdown(page: str) -> str:
    """What a page-to-Markdown converter makes of the page."""
    out: list[str] = []
    for line in html_to_lines(page, markdown=True):
        is_item = bool(re.match(r"^\s*(-|\d+\.) ", line)) or line.startswith("|")
        previous_item = bool(out) and (
            bool(re.match(r"^\s*(-|\d+\.) ", out[-1])) or out[-1].startswith("|")
        )
        if out and not (is_item and previous_item):
            out.append("")
        out.append(line)
    return "\n".join(out).replace("\n\n\n", "\n\n").strip() + "\n"


def markdown_to_page(markdown: str, title: str) -> str:
    """A document saved as a web page: its text in a plain HTML file."""
    body = MarkdownIt("commonmark").enable("table").render(markdown)
    return (
        '<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n</head>\n<body>\n{body}</body>\n</html>\n"
    )


def markdown_to_text(markdown: str) -> str:
    """A document saved from Word as plain text: bare lines, bullets as "•"."""
    out: list[str] = []
    for raw in markdown.splitlines():
        line = raw.rstrip()
        if re.match(r"^\|?\s*-{3,}", line) and "|" in line:
            continue
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            line = "\t".join(re.sub(r"\*\*(.*?)\*\*", r"\1", c) for c in cells)
        line = re.sub(r"^#{1,6}\s+", "", line)
        # Word writes its bullets in several ways; the Markdown marker says which:
        # "-" stays a hyphen, "*" becomes "•", "+" an indented "•".
        line = re.sub(r"^(\s*)\*\s+", lambda m: f"{m.group(1)}• ", line)
        line = re.sub(r"^(\s*)\+\s+", lambda m: f"{m.group(1)}    • ", line)
        line = re.sub(r"\*\*(.*?)\*\*", r"\1", line)
        line = re.sub(r"(?<![\w*])\*(\S.*?)\*(?![\w*])", r"\1", line)
        out.append(line)
    text = "\n".join(out)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def copies() -> dict[Path, str]:
    """Every copy made from an original, by path."""
    made: dict[Path, str] = {}
    for page in sorted(DOCUMENTS.glob("web-*.html")):
        text = page.read_text(encoding="utf-8")
        made[page.with_suffix(".txt")] = page_to_text(text)
        made[page.with_suffix(".md")] = page_to_markdown(text)
    for document in sorted(DOCUMENTS.glob("doc-*.md")):
        markdown = document.read_text(encoding="utf-8")
        first = next((ln for ln in markdown.splitlines() if ln.strip()), document.stem)
        title = re.sub(r"^#+\s*|\*\*", "", first).strip()
        made[document.with_suffix(".html")] = markdown_to_page(markdown, title)
        made[document.with_suffix(".txt")] = markdown_to_text(markdown)
    return made


def main() -> int:
    for path, text in copies().items():
        path.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
