"""Importing the documents people already write: Key comms, case studies, news.

``import_source`` reads a ``.txt``, ``.md``, ``.html`` or ``.docx`` file or an http(s)
URL, recognises a meeting summary, case study or news story in it, and returns the
items with every warning and note; ``write_items`` puts them into an issue folder::

    result = import_source("key-comms.docx", issue_date=date(2024, 1, 11))
    for message in result.warnings:
        print(message)
    write_items(result.items, Path("issues/2024-01"))
"""

from __future__ import annotations

import typing as _typing

from .._lazy import lazy_names as _lazy_names

if _typing.TYPE_CHECKING:
    from .importer import import_document as import_document
    from .importer import import_source as import_source
    from .importer import import_text as import_text
    from .importer import read_source as read_source
    from .model import AnyImported as AnyImported
    from .model import ImportedAgendaItem as ImportedAgendaItem
    from .model import ImportedCaseStudy as ImportedCaseStudy
    from .model import ImportedItem as ImportedItem
    from .model import ImportedLink as ImportedLink
    from .model import ImportedMeeting as ImportedMeeting
    from .model import ImportedNews as ImportedNews
    from .model import ImportMessage as ImportMessage
    from .model import ImportResult as ImportResult
    from .model import Level as Level
    from .model import Messages as Messages
    from .workspace import Outcome as Outcome
    from .workspace import WrittenItem as WrittenItem
    from .workspace import write_items as write_items
    from .writer import render_item as render_item

# name -> (module, attribute), loaded on first use.
_LAZY: dict[str, tuple[str, str]] = {
    "AnyImported": ("model", "AnyImported"),
    "ImportMessage": ("model", "ImportMessage"),
    "ImportResult": ("model", "ImportResult"),
    "ImportedAgendaItem": ("model", "ImportedAgendaItem"),
    "ImportedCaseStudy": ("model", "ImportedCaseStudy"),
    "ImportedItem": ("model", "ImportedItem"),
    "ImportedLink": ("model", "ImportedLink"),
    "ImportedMeeting": ("model", "ImportedMeeting"),
    "ImportedNews": ("model", "ImportedNews"),
    "Level": ("model", "Level"),
    "Messages": ("model", "Messages"),
    "Outcome": ("workspace", "Outcome"),
    "WrittenItem": ("workspace", "WrittenItem"),
    "import_document": ("importer", "import_document"),
    "import_source": ("importer", "import_source"),
    "import_text": ("importer", "import_text"),
    "read_source": ("importer", "read_source"),
    "render_item": ("writer", "render_item"),
    "write_items": ("workspace", "write_items"),
}
__getattr__, __dir__ = _lazy_names(__name__, _LAZY)

__all__ = [
    "AnyImported",
    "ImportMessage",
    "ImportResult",
    "ImportedAgendaItem",
    "ImportedCaseStudy",
    "ImportedItem",
    "ImportedLink",
    "ImportedMeeting",
    "ImportedNews",
    "Level",
    "Outcome",
    "WrittenItem",
    "import_document",
    "import_source",
    "import_text",
    "read_source",
    "render_item",
    "write_items",
]
