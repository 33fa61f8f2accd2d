"""The example partner page: filling its include markers from a build's snippets."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

PARTNER_PAGE = (
    Path(__file__).resolve().parent.parent.parent / "examples" / "partner-site" / "index.html"
)

_HTML_INCLUDE = re.compile(
    r"(?P<indent>[ \t]*)<!-- include: (?P<path>[\w./-]+) -->\n.*?(?P=indent)<!-- end include -->",
    re.DOTALL,
)
_CSS_INCLUDE = re.compile(r"/\* include: (?P<path>[\w./-]+) \*/\n.*?/\* end include \*/", re.DOTALL)


def embed(page: str, read: Callable[[str], str]) -> str:
    """``page`` with the content between every include marker replaced by ``read(path)``."""

    def html_block(match: re.Match[str]) -> str:
        indent, path = match.group("indent"), match.group("path")
        body = read(path).rstrip("\n")
        return f"{indent}<!-- include: {path} -->\n{body}\n{indent}<!-- end include -->"

    def css_block(match: re.Match[str]) -> str:
        path = match.group("path")
        body = read(path).rstrip("\n")
        return f"/* include: {path} */\n{body}\n/* end include */"

    return _HTML_INCLUDE.sub(html_block, _CSS_INCLUDE.sub(css_block, page))


def included_paths(page: str) -> list[str]:
    """The snippet paths a page includes."""
    return [m.group("path") for m in _HTML_INCLUDE.finditer(page)]
