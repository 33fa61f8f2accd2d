"""Reading a source document into a flat list of blocks with line numbers.

A ``.txt`` file is read line by line (one paragraph per line, as Word's "save as plain
text" writes it; inline Markdown such as ``[text](url)`` is understood). A ``.md`` file
is parsed as CommonMark. ``.html`` and ``.docx`` have their own readers. For a ``.docx``
file the "line" of a block is its paragraph number in the document.
"""

from __future__ import annotations

import codecs
import logging
import re
import stat
from pathlib import Path

from markdown_it import MarkdownIt

from ..model.exceptions import ImportSourceError
from . import inline
from .blocks import Block, BlockKind, SourceDocument
from .limits import MAX_FILE_BYTES

logger = logging.getLogger(__name__)

FORMATS = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
}


def read_path(path: Path) -> SourceDocument:
    """Read a local file, choosing the reader by its extension."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(FORMATS))
        raise ImportSourceError(f"{path}: cannot import '{path.suffix}' files (use {known})")
    try:
        # Only ordinary files (a link to /dev/zero or a pipe never ends), and a bounded
        # read rather than a size check first: a file may grow, or lie about its size.
        if not stat.S_ISREG(path.stat().st_mode) and not path.is_dir():
            raise ImportSourceError(
                f"{path}: is not an ordinary file (a device, pipe or socket); import a document"
            )
        with path.open("rb") as stream:
            data = stream.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            raise ImportSourceError(f"{path}: more than the 20 MB import limit")
    except FileNotFoundError:
        raise ImportSourceError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ImportSourceError(f"{path}: is a folder, not a document") from None
    except OSError as exc:
        raise ImportSourceError(f"{path}: cannot read: {exc.strerror}") from None
    return read_bytes(data, fmt, str(path))


def read_bytes(data: bytes, fmt: str, name: str, *, url: str = "") -> SourceDocument:
    """Read a document already in memory, in one of the formats of ``FORMATS``."""
    if fmt == "docx":
        from .docx_source import read_docx

        return read_docx(data, name)
    if fmt == "html":
        from .html_source import read_html

        return read_html(data, name, base_url=url)
    text, warnings = decode(data, name)
    document = read_text(text, fmt, name)
    return SourceDocument(
        name=name,
        format=fmt,
        blocks=document.blocks,
        url=url,
        meta=document.meta,
        warnings=(*warnings, *document.warnings),
    )


# Byte order marks, longest first: UTF-32's little-endian mark starts like UTF-16's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes, name: str) -> tuple[str, list[tuple[int, str, str]]]:
    """UTF-16 or UTF-32 when a byte order mark says so (Notepad's "Unicode"), UTF-8
    (with or without a mark), else Windows-1252 with a warning."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), []
            except UnicodeDecodeError as exc:
                raise ImportSourceError(
                    f"{name}: starts as {encoding.upper()} text but byte {exc.start} is not "
                    f"{encoding.upper()}; save it again as UTF-8"
                ) from None
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        text = data.decode("cp1252", errors="replace")
        message = "not UTF-8; read as Windows-1252 (check accented letters)"
        return text, [(line, message, "encoding")]


def read_text(text: str, fmt: str, name: str) -> SourceDocument:
    """Blocks of plain text (``txt``) or Markdown (``md``)."""
    if "\x00" in text:
        raise ImportSourceError(f"{name}: looks like a binary file, not text")
    blocks = _markdown_blocks(text) if fmt == "md" else _text_blocks(text)
    return SourceDocument(name=name, format=fmt, blocks=tuple(blocks))


_RULE = re.compile(r"^\s*([-*_=])(\s*\1){2,}\s*$")
_BULLET = re.compile(r"^(?P<indent>\s*)(?P<marker>[-*+•·▪◦‣○■□➢►–]|\d{1,3}[.)]|\(\d{1,3}\))\s+")
_ATX = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)(\s+#+)?\s*$")


def _text_blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    list_indent: list[int] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.replace("\t", "    ").rstrip()
        if not line.strip():
            continue
        if _RULE.match(line):
            blocks.append(Block(BlockKind.RULE, (), number))
            list_indent.clear()
            continue
        heading = _ATX.match(line)
        if heading:
            spans = inline.from_markdown(heading.group(2))
            blocks.append(Block(BlockKind.HEADING, spans, number, level=len(heading.group(1))))
            list_indent.clear()
            continue
        bullet = _BULLET.match(line)
        if bullet:
            indent = len(bullet.group("indent"))
            while list_indent and indent < list_indent[-1]:
                list_indent.pop()
            if not list_indent or indent > list_indent[-1] + 1:
                list_indent.append(indent)
            marker = bullet.group("marker")
            spans = inline.from_markdown(line[bullet.end() :])
            blocks.append(
                Block(
                    BlockKind.LIST_ITEM,
                    spans,
                    number,
                    level=len(list_indent) - 1,
                    ordered=marker[0].isdigit() or marker.startswith("("),
                )
            )
            continue
        list_indent.clear()
        # A row of a table copied from a browser or Word: its cells are separated by tabs.
        for cell in raw.split("\t") if "\t" in raw.strip() else [line]:
            spans = inline.from_markdown(cell.strip())
            if inline.plain(spans):
                blocks.append(Block(BlockKind.PARAGRAPH, spans, number))
    return blocks


# Pipe tables are read too: an agenda is sometimes laid out as one.
_PARSER = MarkdownIt("commonmark", {"html": False}).enable("table")
_PARSER.validateLink = lambda url: True  # type: ignore[method-assign]
_PARSER.normalizeLink = lambda url: url  # type: ignore[method-assign]


def _markdown_blocks(text: str) -> list[Block]:
    tokens = _PARSER.parse(text)
    blocks: list[Block] = []
    lists: list[bool] = []
    in_item: list[bool] = []  # per open list item: has its first paragraph been seen
    pending_heading = 0
    for index, token in enumerate(tokens):
        line = (token.map[0] + 1) if token.map else (blocks[-1].line if blocks else 1)
        if token.type in ("bullet_list_open", "ordered_list_open"):
            lists.append(token.type == "ordered_list_open")
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif token.type == "list_item_open":
            in_item.append(False)
        elif token.type == "list_item_close":
            in_item.pop()
        elif token.type == "heading_open":
            pending_heading = int(token.tag[1])
        elif token.type == "hr":
            blocks.append(Block(BlockKind.RULE, (), line))
        elif token.type in ("fence", "code_block"):
            for offset, code_line in enumerate(token.content.splitlines()):
                if code_line.strip():
                    code = (inline.Text(code_line.strip()),)
                    blocks.append(Block(BlockKind.PARAGRAPH, code, line + offset + 1))
        elif token.type == "inline":
            opener = tokens[index - 1]
            at = (opener.map[0] + 1) if opener.map else line
            spans = inline.from_tokens(token.children or [])
            if not inline.plain(spans):
                pending_heading = 0
                continue
            if pending_heading:
                blocks.append(Block(BlockKind.HEADING, spans, at, level=pending_heading))
                pending_heading = 0
            elif in_item and lists:
                blocks.append(
                    Block(BlockKind.LIST_ITEM, spans, at, level=len(lists) - 1, ordered=lists[-1])
                )
                in_item[-1] = True
            else:
                blocks.append(Block(BlockKind.PARAGRAPH, spans, at))
    return blocks
