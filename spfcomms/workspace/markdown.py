"""CommonMark to HTML, recording every link and image with its source line.

Raw HTML in Markdown is not allowed (it is shown as text), so an item body can never
smuggle markup into an email or a partner's page. Links with schemes other than the
safe ones keep their text but lose their ``href``; validation reports them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..model.content import Body, Link
from ..model.problems import SourceLocation
from ..model.urls import is_safe_url, strip_opt_out


def _permissive(url: str) -> bool:
    # Let every link through the parser so that unsafe ones can be reported with
    # their line; _neutralise() strips them before anything is rendered.
    return True


def _make_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": False})
    # With html off these rules only ever answer "no"; asking them costs a tenth of
    # the parse time.
    md.disable(["html_block", "html_inline"])
    md.validateLink = _permissive  # type: ignore[method-assign]
    return md


_MD = _make_parser()


@dataclass(frozen=True, slots=True)
class Document:
    """Markdown parsed once, from which Bodies are cut by token ranges.

    Meeting summaries and case studies are split into agenda items and sections at
    their headings; cutting the one token stream (rather than parsing each part
    again) keeps a build to one parse per file, and lets a reference link use a
    definition written anywhere in the file.
    """

    tokens: list[Token]
    lines: list[str]
    source: SourceLocation
    found: dict[int, tuple[list[Link], list[Link]]]
    """Links and images of each inline token, by token index."""

    rendered: dict[int, tuple[int, str]] = field(default_factory=dict)
    """HTML already rendered, as ``start -> (end, html)``, reused for the whole body."""

    def html(self, start: int = 0, end: int | None = None) -> str:
        """The HTML of ``tokens[start:end]``.

        The whole document's HTML is put together from the parts already rendered
        (agenda items, sections) and the pieces between them (their headings), so a
        meeting summary is rendered once, not once in parts and again as a whole. The
        parts start at an opening token and end after a closing one, where the
        renderer looks at no neighbour, so the pieces join into exactly the HTML of a
        single render.
        """
        stop = len(self.tokens) if end is None else end
        if start == 0 and stop == len(self.tokens) and self.rendered:
            return self._assemble()
        html = str(_MD.renderer.render(self.tokens[start:stop], _MD.options, {}))
        if stop > start:
            self.rendered[start] = (stop, html)
        return html

    def _assemble(self) -> str:
        starts = sorted(self.rendered)
        ends = [self.rendered[s][0] for s in starts]
        if any(end > following for end, following in zip(ends, starts[1:], strict=False)):
            # Overlapping parts cannot be joined: render the whole in one go.
            return str(_MD.renderer.render(self.tokens, _MD.options, {}))
        pieces: list[str] = []
        position = 0
        while position < len(self.tokens):
            if position in self.rendered:
                position, html = self.rendered[position]
                pieces.append(html)
                continue
            following = next((s for s in starts if s > position), len(self.tokens))
            pieces.append(_MD.renderer.render(self.tokens[position:following], _MD.options, {}))
            position = following
        return "".join(pieces)

    def body(self, start: int = 0, end: int | None = None) -> Body:
        """The Body of ``tokens[start:end]``: its Markdown, HTML, links and images."""
        stop = len(self.tokens) if end is None else end
        links: list[Link] = []
        images: list[Link] = []
        first: int | None = None
        last = 0
        for index in range(start, stop):
            token = self.tokens[index]
            if token.map is not None and token.level == 0:
                first = token.map[0] if first is None else first
                last = max(last, token.map[1])
            if index in self.found:
                links.extend(self.found[index][0])
                images.extend(self.found[index][1])
        if first is None:
            return Body("", "")
        markdown = "\n".join(self.lines[first:last]).strip("\n")
        return Body(
            markdown,
            self.html(start, stop),
            tuple(links),
            tuple(images),
            tuple(self.tokens[start:stop]),
        )


def parse_markdown(text: str, source: SourceLocation) -> Document:
    """Parse Markdown whose first line is at ``source``; unsafe links lose their href."""
    tokens = _MD.parse(text)
    first_line = source.line or 1
    found: dict[int, tuple[list[Link], list[Link]]] = {}
    for index, token in enumerate(tokens):
        if token.type != "inline" or not token.children:
            continue
        line = first_line + (token.map[0] if token.map else 0)
        links: list[Link] = []
        images: list[Link] = []
        _collect(token.children, line, source, links, images)
        if links or images:
            found[index] = (links, images)
    return Document(tokens, text.split("\n"), source, found)


def render_markdown(text: str, source: SourceLocation) -> Body:
    """Render Markdown whose first line is at ``source``; collect its links and images."""
    document = parse_markdown(text, source)
    body = document.body()
    return Body(text.strip("\n"), body.html, body.links, body.images, body.tokens)


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
