"""A structural check of MJML before it reaches mjml-python, which validates nothing.

mrml silently drops unknown tags and misplaced components, which would send an email
with parts missing. This check parses the MJML with the stdlib HTML parser and reports
the first unknown ``mj-*`` tag, misplaced component or unbalanced tag, with its line.
The HTML inside ending tags (``mj-text``, ``mj-button``, ``mj-raw`` ...) is not checked
beyond refusing MJML tags in it.
"""

from __future__ import annotations

from html.parser import HTMLParser

# Components whose content is HTML, not MJML.
ENDING_TAGS = frozenset(
    {
        "mj-text",
        "mj-button",
        "mj-raw",
        "mj-table",
        "mj-navbar-link",
        "mj-accordion-title",
        "mj-accordion-text",
        "mj-social-element",
        "mj-title",
        "mj-preview",
        "mj-style",
    }
)
_BODY_CONTENT = frozenset(
    {
        "mj-accordion",
        "mj-button",
        "mj-carousel",
        "mj-divider",
        "mj-image",
        "mj-navbar",
        "mj-raw",
        "mj-social",
        "mj-spacer",
        "mj-table",
        "mj-text",
    }
)
# Allowed parents of each known tag (mj-attributes may hold any of them as defaults).
PARENTS: dict[str, frozenset[str]] = {
    "mjml": frozenset({""}),
    "mj-head": frozenset({"mjml"}),
    "mj-body": frozenset({"mjml"}),
    "mj-include": frozenset(
        {"mjml", "mj-head", "mj-body", "mj-section", "mj-column", "mj-wrapper"}
    ),
    "mj-attributes": frozenset({"mj-head"}),
    "mj-breakpoint": frozenset({"mj-head"}),
    "mj-font": frozenset({"mj-head"}),
    "mj-html-attributes": frozenset({"mj-head"}),
    "mj-html-attribute": frozenset({"mj-selector"}),
    "mj-selector": frozenset({"mj-html-attributes"}),
    "mj-preview": frozenset({"mj-head"}),
    "mj-style": frozenset({"mj-head"}),
    "mj-title": frozenset({"mj-head"}),
    "mj-all": frozenset({"mj-attributes"}),
    "mj-class": frozenset({"mj-attributes"}),
    "mj-raw": frozenset({"mj-head", "mj-body", "mj-column", "mj-hero", "mj-section", "mj-wrapper"}),
    "mj-wrapper": frozenset({"mj-body"}),
    "mj-section": frozenset({"mj-body", "mj-wrapper"}),
    "mj-hero": frozenset({"mj-body", "mj-wrapper"}),
    "mj-group": frozenset({"mj-section"}),
    "mj-column": frozenset({"mj-section", "mj-group"}),
    "mj-accordion-element": frozenset({"mj-accordion"}),
    "mj-accordion-title": frozenset({"mj-accordion-element"}),
    "mj-accordion-text": frozenset({"mj-accordion-element"}),
    "mj-carousel-image": frozenset({"mj-carousel"}),
    "mj-navbar-link": frozenset({"mj-navbar"}),
    "mj-social-element": frozenset({"mj-social"}),
    **{tag: frozenset({"mj-column", "mj-hero"}) for tag in _BODY_CONTENT - {"mj-raw"}},
}


class MJMLStructureError(ValueError):
    """The MJML is malformed; ``line`` is 1-based."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.stack: list[tuple[str, int]] = []
        self.seen_root = False

    def _fail(self, message: str) -> None:
        raise MJMLStructureError(message, self.getpos()[0])

    def _inside_ending(self) -> str | None:
        return next((t for t, _ in reversed(self.stack) if t in ENDING_TAGS), None)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._open(tag, void=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._open(tag, void=True)

    def _open(self, tag: str, *, void: bool) -> None:
        mj = tag == "mjml" or tag.startswith("mj-")
        ending = self._inside_ending()
        if ending is not None:
            if mj:
                self._fail(f"<{tag}> inside <{ending}>: only HTML may go there")
            return
        if not mj:
            self._fail(f"<{tag}> outside an mj-text or mj-raw: wrap HTML in <mj-text>")
        if tag not in PARENTS:
            self._fail(f"unknown MJML tag <{tag}>")
        parent = self.stack[-1][0] if self.stack else ""
        if parent == "" and self.seen_root:
            self._fail(f"<{tag}> after the closing </mjml>")
        if parent not in PARENTS[tag] and parent != "mj-attributes":
            where = f"<{parent}>" if parent else "the top level"
            allowed = ", ".join(f"<{p}>" for p in sorted(PARENTS[tag]) if p) or "the top level"
            self._fail(f"<{tag}> is not allowed in {where} (it belongs in {allowed})")
        self.seen_root = True
        if not void:
            self.stack.append((tag, self.getpos()[0]))

    def handle_endtag(self, tag: str) -> None:
        mj = tag == "mjml" or tag.startswith("mj-")
        ending = self._inside_ending()
        if ending is not None and tag != ending:
            if mj:
                self._fail(f"</{tag}> inside <{ending}>")
            return
        if not mj:
            self._fail(f"stray </{tag}> outside an mj-text")
        if not self.stack or self.stack[-1][0] != tag:
            expected = f"</{self.stack[-1][0]}>" if self.stack else "nothing"
            self._fail(f"</{tag}> does not close an open tag (expected {expected})")
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self._inside_ending() is None and data.strip():
            self._fail(f"text {data.strip()[:30]!r} outside an mj-text")


def check_mjml(source: str) -> None:
    """Raise ``MJMLStructureError`` when ``source`` is not well-formed, known MJML."""
    checker = _Checker()
    checker.feed(source)
    checker.close()
    if checker.stack:
        tag, line = checker.stack[-1]
        raise MJMLStructureError(f"<{tag}> opened here is never closed", line)
    if not checker.seen_root:
        raise MJMLStructureError("no <mjml> element", 1)
