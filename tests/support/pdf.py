"""Reading what a PDF printed by Chromium holds: its outline and its tagged tables.

Chromium tags the PDF it prints (``page.pdf(tagged=True)``): every table of the page
is a ``/Table`` element in the structure tree, and each piece of its content says which
page it was drawn on (``/Pg``). A table drawn on two pages was cut by a page break.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .requirements import require


@dataclass(frozen=True)
class OutlineEntry:
    title: str
    page: int
    depth: int


def _reader(path: Path) -> Any:
    try:
        import pypdf
    except ImportError:  # pragma: no cover - listed in the test extra
        require(False, "pypdf is not installed (pip install pypdf)")
        raise
    return pypdf.PdfReader(str(path))


def outline(path: Path) -> list[OutlineEntry]:
    """The PDF's bookmarks, in order, with their page (from 0) and depth."""
    reader = _reader(path)
    found: list[OutlineEntry] = []

    def walk(entries: list[Any], depth: int) -> None:
        for entry in entries:
            if isinstance(entry, list):
                walk(entry, depth + 1)
            else:
                found.append(
                    OutlineEntry(
                        " ".join(str(entry.title).split()),
                        reader.get_destination_page_number(entry),
                        depth,
                    )
                )

    walk(reader.outline, 0)
    return found


def table_pages(path: Path) -> list[set[int]]:
    """For each tagged table, in document order, the pages its content is drawn on."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NumberObject

    reader = _reader(path)
    pages = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages)}

    def resolve(node: Any) -> Any:
        return node.get_object() if isinstance(node, IndirectObject) else node

    def drawn_on(node: Any, page: int | None) -> set[int]:
        node = resolve(node)
        if isinstance(node, int | NumberObject):  # a marked-content id on ``page``
            return {page} if page is not None else set()
        if isinstance(node, ArrayObject):
            return set().union(*(drawn_on(kid, page) for kid in node)) if node else set()
        if isinstance(node, DictionaryObject):
            where = node.get("/Pg")
            here = pages[where.idnum] if where is not None else page
            if "/MCID" in node:
                return {here} if here is not None else set()
            kids = node.get("/K")
            return drawn_on(kids, here) if kids is not None else set()
        return set()

    tables: list[set[int]] = []

    def find(node: Any) -> None:
        node = resolve(node)
        if isinstance(node, ArrayObject):
            for kid in node:
                find(kid)
        elif isinstance(node, DictionaryObject):
            if node.get("/S") == "/Table":
                tables.append(drawn_on(node, None))
            kids = node.get("/K")
            if kids is not None and not isinstance(kids, int | NumberObject):
                find(kids)

    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root, "the PDF is not tagged"
    find(root["/StructTreeRoot"]["/K"])
    return tables


def page_count(path: Path) -> int:
    return len(_reader(path).pages)
