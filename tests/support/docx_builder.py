"""Building .docx test documents with python-docx, the way Word writes them.

``markdown_to_docx`` turns one of our Markdown fixtures into a Word document: headings
become "Heading N" paragraphs ("Title" for level 1), lists become "List Bullet" or
"List Number" paragraphs, links become real hyperlinks and ``**bold**`` bold runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from markdown_it import MarkdownIt


def add_hyperlink(paragraph: Any, url: str, text: str, *, bold: bool = False) -> None:
    """Append a hyperlink run (python-docx has no API for writing one)."""
    rel_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel_id)
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "Hyperlink")
    properties.append(style)
    if bold:
        properties.append(OxmlElement("w:b"))
    run.append(properties)
    text_element = OxmlElement("w:t")
    text_element.text = text
    text_element.set(qn("xml:space"), "preserve")
    run.append(text_element)
    link.append(run)
    paragraph._p.append(link)


def number_paragraph(paragraph: Any, num_id: int, level: int = 0) -> None:
    """Give a paragraph direct numbering (w:numPr), as Word does for pasted lists."""
    properties = paragraph._p.get_or_add_pPr()
    numbering = OxmlElement("w:numPr")
    ilvl = OxmlElement("w:ilvl")
    ilvl.set(qn("w:val"), str(level))
    num = OxmlElement("w:numId")
    num.set(qn("w:val"), str(num_id))
    numbering.append(ilvl)
    numbering.append(num)
    properties.append(numbering)


def _inline(paragraph: Any, children: list[Any]) -> None:
    bold = False
    link: str | None = None
    for child in children:
        if child.type == "strong_open":
            bold = True
        elif child.type == "strong_close":
            bold = False
        elif child.type == "link_open":
            link = str(child.attrGet("href"))
        elif child.type == "link_close":
            link = None
        elif child.type in ("text", "code_inline"):
            if link is not None:
                add_hyperlink(paragraph, link, child.content, bold=bold)
            else:
                run = paragraph.add_run(child.content)
                run.bold = bold or None
        elif child.type == "softbreak":
            paragraph.add_run(" ")


def markdown_to_docx(markdown: str, path: Path) -> Path:
    """Write ``markdown`` as a Word document at ``path``.

    Nested list items get Word's "List Bullet 2" style; a pipe table becomes a Word
    table, its first row marked as the header row Word repeats on each page.
    """
    document = docx.Document()
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    lists: list[str] = []
    heading = 0
    rows: list[list[list[Any]]] = []
    in_cell = False
    for token in tokens:
        if token.type in ("bullet_list_open", "ordered_list_open"):
            lists.append("List Bullet" if token.type == "bullet_list_open" else "List Number")
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif token.type == "heading_open":
            heading = int(token.tag[1])
        elif token.type == "tr_open":
            rows.append([])
        elif token.type in ("th_open", "td_open"):
            in_cell = True
        elif token.type in ("th_close", "td_close"):
            in_cell = False
        elif token.type == "table_close":
            _table(document, rows)
            rows = []
        elif token.type == "inline" and in_cell:
            rows[-1].append(token.children or [])
        elif token.type == "inline":
            if heading:
                style = "Title" if heading == 1 else f"Heading {heading - 1}"
                paragraph = document.add_paragraph(style=style)
                heading = 0
            elif lists:
                depth = f" {len(lists)}" if len(lists) > 1 else ""
                paragraph = document.add_paragraph(style=lists[-1] + depth)
            else:
                paragraph = document.add_paragraph()
            _inline(paragraph, token.children or [])
    document.save(str(path))
    return path


def _table(document: Any, rows: list[list[list[Any]]]) -> None:
    width = max((len(r) for r in rows), default=0)
    table = document.add_table(rows=len(rows), cols=width)
    for r, row in enumerate(rows):
        for c, children in enumerate(row):
            cell = table.cell(r, c)
            _inline(cell.paragraphs[0], children)
    if rows:
        header = table.rows[0]._tr.get_or_add_trPr()
        header.append(OxmlElement("w:tblHeader"))
