"""Reading a Word ``.docx`` document into blocks with python-docx.

Headings come from the paragraph style ("Title", "Heading 1" ...), list items from the
list styles or the paragraph's numbering, links from the document's hyperlinks, bold
and italic from the runs. The "line" of a block is its paragraph number (1-based).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from typing import Any

from ..model.exceptions import ImportSourceError
from . import inline
from .blocks import Block, BlockKind, SourceDocument
from .docx_package import check_package
from .inline import Span

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_HEADING_STYLE = re.compile(r"^heading\s*(\d)$", re.IGNORECASE)


def read_docx(data: bytes, name: str) -> SourceDocument:
    """Blocks of a Word document given as bytes."""
    import docx  # python-docx; imported here so other imports stay light
    from docx.opc.exceptions import PackageNotFoundError
    from lxml import etree  # type: ignore[import-untyped]  # python-docx's XML library

    check_package(data, name)
    try:
        document = docx.Document(io.BytesIO(data))
    except etree.XMLSyntaxError as exc:
        raise ImportSourceError(
            f"{name}: not a readable .docx document (damaged XML: {exc.msg}); save it again "
            "from Word"
        ) from None
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ImportSourceError(f"{name}: not a readable .docx document ({exc})") from None
    if document.element.tag != f"{_W}document":
        root = etree.QName(document.element).localname
        raise ImportSourceError(
            f"{name}: not a Word document: its main part holds <{root}>, not <w:document>; "
            "save it again from Word as .docx"
        )
    formats = _numbering_formats(document)
    # paragraph.style searches every style each time; look names up once instead.
    style_names = {style.style_id: style.name or "" for style in document.styles}
    blocks: list[Block] = []
    title = document.core_properties.title or ""
    for number, paragraph in enumerate(_paragraphs(document), start=1):
        spans = inline.strip(inline.normalise(_spans(paragraph)))
        if not inline.plain(spans):
            continue
        style = _style_name(paragraph, style_names)
        heading = _HEADING_STYLE.match(style)
        numbering = _numbering(paragraph)
        if style.lower() == "title":
            blocks.append(Block(BlockKind.HEADING, spans, number, level=1))
        elif heading:
            blocks.append(Block(BlockKind.HEADING, spans, number, level=int(heading.group(1))))
        elif numbering is not None or style.lower().startswith("list"):
            level, num_id = numbering if numbering is not None else (0, "")
            fmt = formats.get((num_id, level), "")
            ordered = fmt not in ("", "bullet", "none") if fmt else "number" in style.lower()
            style_level = re.search(r"(\d)$", style)
            if numbering is None and style_level:
                level = int(style_level.group(1)) - 1
            blocks.append(Block(BlockKind.LIST_ITEM, spans, number, level=level, ordered=ordered))
        else:
            blocks.append(Block(BlockKind.PARAGRAPH, spans, number))
    meta = {"title": title.strip()} if title.strip() else {}
    return SourceDocument(name=name, format="docx", blocks=tuple(blocks), meta=meta)


def _paragraphs(document: Any) -> Iterator[Any]:
    # Paragraphs in reading order, including those inside table cells.
    for part in document.iter_inner_content():
        if hasattr(part, "rows"):
            for row in part.rows:
                for cell in row.cells:
                    yield from cell.paragraphs
        else:
            yield part


def _style_name(paragraph: Any, names: dict[str, str]) -> str:
    p_pr = paragraph._p.pPr
    if p_pr is None or p_pr.pStyle is None:
        return ""
    return names.get(p_pr.pStyle.val, "")


def _numbering(paragraph: Any) -> tuple[int, str] | None:
    p_pr = paragraph._p.pPr
    if p_pr is None or p_pr.numPr is None:
        return None
    num_pr = p_pr.numPr
    level = num_pr.ilvl.val if num_pr.ilvl is not None else 0
    num_id = num_pr.numId.val if num_pr.numId is not None else 0
    if num_id == 0:  # numId 0 switches numbering off
        return None
    return int(level), str(num_id)


def _numbering_formats(document: Any) -> dict[tuple[str, int], str]:
    """(numId, level) -> number format ("bullet", "decimal" ...)."""
    try:
        root = document.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        return {}
    abstract: dict[str, dict[int, str]] = {}
    for node in root.iter(f"{_W}abstractNum"):
        levels: dict[int, str] = {}
        for lvl in node.iter(f"{_W}lvl"):
            fmt = lvl.find(f"{_W}numFmt")
            if fmt is not None:
                levels[int(lvl.get(f"{_W}ilvl", "0"))] = fmt.get(f"{_W}val", "")
        abstract[node.get(f"{_W}abstractNumId", "")] = levels
    formats: dict[tuple[str, int], str] = {}
    for num in root.iter(f"{_W}num"):
        ref = num.find(f"{_W}abstractNumId")
        if ref is None:
            continue
        for level, fmt in abstract.get(ref.get(f"{_W}val", ""), {}).items():
            formats[(num.get(f"{_W}numId", ""), level)] = fmt
    return formats


def _spans(paragraph: Any) -> list[Span]:
    from docx.text.hyperlink import Hyperlink

    spans: list[Span] = []
    for part in paragraph.iter_inner_content():
        if isinstance(part, Hyperlink):
            children = tuple(s for run in part.runs for s in _run_spans(run))
            url = part.url or (f"#{part.fragment}" if part.fragment else "")
            spans.append(inline.LinkSpan(url, children) if url else inline.Text(part.text))
        else:
            spans.extend(_run_spans(part))
    return spans


def _run_spans(run: Any) -> list[Span]:
    text = run.text.replace("\t", " ").replace("\n", " ")
    if not text:
        return []
    span: Span = inline.Text(text)
    if _switched_on(run, "i"):
        span = inline.Emphasis((span,))
    if _switched_on(run, "b"):
        span = inline.Strong((span,))
    return [span]


def _switched_on(run: Any, tag: str) -> bool:
    # Read <w:b/> and <w:i/> directly: run.bold goes through slow enum conversions.
    properties = run._r.find(f"{_W}rPr")
    element = properties.find(f"{_W}{tag}") if properties is not None else None
    if element is None:
        return False
    return element.get(f"{_W}val", "true").lower() not in ("0", "false", "off")
