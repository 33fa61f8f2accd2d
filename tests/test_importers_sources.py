"""Reading each source format into blocks, and sanitising HTML."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import docx
import pytest

from spfcomms.importers import import_source, import_text, render_item
from spfcomms.importers.html_source import read_html
from spfcomms.importers.sources import BlockKind, read_path, read_text
from spfcomms.model.exceptions import ImportSourceError

from .support.docx_builder import add_hyperlink, number_paragraph
from .support.importers import IMPORT_DATA


def test_plain_text_lines_become_paragraphs_list_items_and_rules() -> None:
    document = read_text(
        "Title line\n\nA paragraph with a [link](https://example.org/).\n"
        "- dash item\n• bullet item\n  1. numbered item\n---\n",
        "txt",
        "t.txt",
    )
    assert [(b.kind, b.text, b.line, b.level, b.ordered) for b in document.blocks] == [
        (BlockKind.PARAGRAPH, "Title line", 1, 0, False),
        (BlockKind.PARAGRAPH, "A paragraph with a link.", 3, 0, False),
        (BlockKind.LIST_ITEM, "dash item", 4, 0, False),
        (BlockKind.LIST_ITEM, "bullet item", 5, 0, False),
        (BlockKind.LIST_ITEM, "numbered item", 6, 1, True),
        (BlockKind.RULE, "", 7, 0, False),
    ]


def test_markdown_headings_keep_their_level_and_line() -> None:
    document = read_text("# One\n\ntext\n\n### **Three**\n\n#### Four\n", "md", "m.md")
    assert [(b.kind, b.text, b.line, b.level) for b in document.blocks] == [
        (BlockKind.HEADING, "One", 1, 1),
        (BlockKind.PARAGRAPH, "text", 3, 0),
        (BlockKind.HEADING, "Three", 5, 3),
        (BlockKind.HEADING, "Four", 7, 4),
    ]
    assert document.blocks[2].bold


def test_html_is_sanitised_before_it_becomes_content() -> None:
    result = import_source(IMPORT_DATA / "news.html", issue_id="2024-01")
    text = render_item(result.items[0])
    for forbidden in (
        "<script",
        "onmouseover",
        "onerror",
        "javascript:",
        "iframe",
        "evil",
        "tracking",
        "alert",
        "Example footer",
    ):
        assert forbidden not in text
    assert "ignore this bad link." in text
    assert [(m.line, m.code) for m in result.warnings] == [(23, "unsafe-link")]


def test_html_relative_links_resolve_against_the_page_address() -> None:
    page = b'<main><h1>T</h1><p>See <a href="/guide">the guide</a>.</p></main>'
    document = read_html(page, "p", base_url="https://example.org/news/item")
    (link,) = [s for s in document.blocks[1].spans if hasattr(s, "url")]
    assert link.url == "https://example.org/guide"  # type: ignore[union-attr]


def test_html_block_lines_come_from_the_original_page() -> None:
    document = read_html(
        b"<html>\n<head>\n<script>\nx()\n</script>\n</head>\n<body>\n<h2>Heading</h2>\n"
        b"<p>Para</p>\n<ul>\n<li>item <b>bold</b></li>\n</ul>\n</body></html>",
        "page.html",
    )
    assert [(b.kind, b.text, b.line) for b in document.blocks] == [
        (BlockKind.HEADING, "Heading", 8),
        (BlockKind.PARAGRAPH, "Para", 9),
        (BlockKind.LIST_ITEM, "item bold", 11),
    ]


def test_docx_headings_lists_numbering_and_hyperlinks(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Key comms", style="Title")
    document.add_paragraph("Section", style="Heading 2")
    linked = document.add_paragraph("Read ")
    add_hyperlink(linked, "https://example.org/guide", "the guide")
    document.add_paragraph("styled bullet", style="List Bullet")
    numbered = document.add_paragraph("direct numbering")
    number_paragraph(numbered, 5)
    bullet = document.add_paragraph("direct bullet, second level")
    number_paragraph(bullet, 1, level=1)
    bold = document.add_paragraph()
    bold.add_run("Bold ").bold = True
    bold.add_run("heading").bold = True
    path = tmp_path / "doc.docx"
    document.save(str(path))
    blocks = read_path(path).blocks
    assert [(b.kind, b.text, b.line, b.level, b.ordered) for b in blocks] == [
        (BlockKind.HEADING, "Key comms", 1, 1, False),
        (BlockKind.HEADING, "Section", 2, 2, False),
        (BlockKind.PARAGRAPH, "Read the guide", 3, 0, False),
        (BlockKind.LIST_ITEM, "styled bullet", 4, 0, False),
        (BlockKind.LIST_ITEM, "direct numbering", 5, 0, True),
        (BlockKind.LIST_ITEM, "direct bullet, second level", 6, 1, False),
        (BlockKind.PARAGRAPH, "Bold heading", 7, 0, False),
    ]
    assert blocks[6].bold
    link = blocks[2].spans[-1]
    assert getattr(link, "url", None) == "https://example.org/guide"


def test_windows_1252_text_is_read_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "old.txt"
    path.write_bytes(
        "Caf\u00e9 news\n\nA story about the caf\u00e9 \u2013 with text.\n".encode("cp1252")
    )
    document = read_path(path)
    assert document.blocks[0].text == "Café news"
    assert document.warnings == (
        (1, "not UTF-8; read as Windows-1252 (check accented letters)", "encoding"),
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.pdf", b"%PDF-1.4", "cannot import '.pdf' files"),
        ("broken.docx", b"not a zip", "not a readable .docx document"),
        ("empty.txt", b"\n\n", "no text found"),
        ("binary.txt", b"abc\x00def", "looks like a binary file"),
    ],
)
def test_unreadable_sources_raise_a_clear_error(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ImportSourceError, match=message):
        import_source(path, issue_id="2024-01")


def test_missing_file_and_unknown_scheme_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(ImportSourceError, match="no such file"):
        import_source(tmp_path / "nope.txt")
    with pytest.raises(ImportSourceError, match="only http:// and https://"):
        import_source("ftp://example.org/file.txt")


def test_text_api_reads_markdown_strings() -> None:
    result = import_text(
        "# Key comms\n\n## SPF Strategic Group\n\n3 March 2024\n\n"
        "### Pay - Al Kerr, GMB\n\nText.\n",
        format="md",
        issue_id="2024-03",
    )
    (item,) = result.items
    assert (item.id, item.date) == ("strategic-group-2024-03-03", date(2024, 3, 3))


def test_import_source_is_part_of_the_public_api() -> None:
    import spfcomms

    assert spfcomms.import_source is import_source
    assert "import_source" in spfcomms.__all__ and "ImportResult" in spfcomms.__all__
    result = spfcomms.import_source(IMPORT_DATA / "news.html", issue_id="2024-01")
    assert isinstance(result, spfcomms.ImportResult)
