"""CommonMark to HTML, recording every link and image with its source line.

Raw HTML in Markdown is not allowed (it is shown as text), so an item body can never
smuggle markup into an email or a partner's page. Links with schemes other than the
safe ones keep their text but lose their ``href``; validation reports them.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token

from .content import Body, Link
from .exceptions import SourceLocation
from .utm import strip_opt_out

SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})


def _permissive(url: str) -> bool:
    # Let every link through the parser so that unsafe ones can be reported with
    # their line; _neutralise() strips them before anything is rendered.
    return True


def _make_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": False})
    md.validateLink = _permissive  # type: ignore[method-assign]
    return md


_MD = _make_parser()


def is_safe_url(url: str) -> bool:
    """True for http(s), mailto and tel URLs, and for relative or fragment-only ones."""
    stripped = "".join(url.split()).lower()
    scheme = urlsplit(stripped).scheme
    return scheme in SAFE_SCHEMES or (scheme == "" and not stripped.startswith("//"))


def render_markdown(text: str, source: SourceLocation) -> Body:
    """Render Markdown whose first line is at ``source``; collect its links and images."""
    tokens = _MD.parse(text)
    links: list[Link] = []
    images: list[Link] = []
    first_line = source.line or 1
    for token in tokens:
        if token.type != "inline" or not token.children:
            continue
        line = first_line + (token.map[0] if token.map else 0)
        _collect(token.children, line, source, links, images)
    html = _MD.renderer.render(tokens, _MD.options, {})
    return Body(markdown=text, html=html, links=tuple(links), images=tuple(images))


def _collect(
    children: Sequence[Token],
    line: int,
    source: SourceLocation,
    links: list[Link],
    images: list[Link],
) -> None:
    open_link: tuple[Token, int, list[str]] | None = None
    for child in children:
        if child.type in ("softbreak", "hardbreak"):
            line += 1
        elif child.type == "link_open":
            open_link = (child, line, [])
        elif child.type == "link_close" and open_link is not None:
            token, at, text = open_link
            url, opted_out = strip_opt_out(str(token.attrGet("href") or ""))
            if opted_out:
                # The marker is for the email's campaign tagging only; no reader sees it.
                token.attrSet("href", url)
                token.attrSet("data-utm", "off")
            links.append(Link(url=url, text="".join(text).strip(), source=source.at_line(at)))
            _neutralise(token, url)
            open_link = None
        elif child.type == "image":
            url = str(child.attrGet("src") or "")
            alt = "".join(c.content for c in child.children or [])
            images.append(Link(url=url, text=alt.strip(), source=source.at_line(line)))
            if not is_safe_url(url):
                child.attrSet("src", "")
        elif open_link is not None and child.type in ("text", "code_inline"):
            open_link[2].append(child.content)


def _neutralise(token: Token, url: str) -> None:
    if not is_safe_url(url):
        token.attrs.pop("href", None)
