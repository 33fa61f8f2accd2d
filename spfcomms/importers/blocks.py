"""A source document read into blocks: what every reader (text, Markdown, HTML, .docx)
produces and every recogniser (Key comms, case study, news) reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from . import inline
from .inline import Span


class BlockKind(StrEnum):
    """What a block is."""

    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list-item"
    RULE = "rule"


@dataclass(frozen=True, slots=True)
class Block:
    """One heading, paragraph, list item or rule, with the line it starts on."""

    kind: BlockKind
    spans: tuple[Span, ...]
    line: int
    level: int = 0
    """Heading level (1-6), or the nesting depth of a list item (0 at the top)."""
    ordered: bool = False
    """For list items: numbered rather than bulleted."""

    @property
    def text(self) -> str:
        """The plain text a reader sees."""
        return inline.plain(self.spans)

    @property
    def bold(self) -> bool:
        """The whole block is bold (a heading written as a bold paragraph)."""
        return inline.is_bold(self.spans)


@dataclass(frozen=True, slots=True)
class SourceDocument:
    """A document read into blocks, with what else the reader learnt about it."""

    name: str
    format: str
    blocks: tuple[Block, ...]
    url: str = ""
    """The page address, for documents fetched from the web."""
    meta: dict[str, str] = field(default_factory=dict)
    """``title``, ``description``, ``published``, ``canonical`` where the source had them."""
    warnings: tuple[tuple[int, str, str], ...] = ()
    """(line, message, code) problems met while reading."""
    downloads: tuple[Block, ...] = ()
    """Download links of a web page ("Read the key comms"), taken out of its furniture."""
