"""JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/), written with the json module.

Keys are sorted and non-ASCII text is written as UTF-8, so the file is byte-for-byte
the same on every build and readable in a diff.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from .feed_entries import FeedEntry, Publisher

VERSION = "https://jsonfeed.org/version/1.1"
MEDIA_TYPE = "application/feed+json"


def _date(value: datetime) -> str:
    return value.isoformat()


def json_feed(
    *,
    title: str,
    description: str,
    home_url: str,
    feed_url: str,
    publisher: Publisher,
    entries: list[FeedEntry],
) -> bytes:
    """A JSON Feed document for ``entries`` (already in feed order)."""
    author = {"name": publisher.name, "url": publisher.home_url}
    document: dict[str, Any] = {
        "version": VERSION,
        "title": title,
        "home_page_url": home_url,
        "feed_url": feed_url,
        "description": description,
        "language": publisher.language,
        "authors": [author],
        "items": [_item(entry, author) for entry in entries],
    }
    if publisher.image_url:
        document["icon"] = publisher.image_url
    text = json.dumps(document, sort_keys=True, ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")


def _item(entry: FeedEntry, author: dict[str, str]) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": entry.id,
        "url": entry.url,
        "title": entry.title,
        "summary": entry.summary,
        "content_html": entry.content_html,
        "date_published": _date(entry.published),
        "date_modified": _date(entry.updated),
        "tags": list(entry.tags),
        "authors": [author],
        # JSON Feed extensions start with an underscore and are ignored by readers
        # that do not know them.
        "_spfcomms": {
            "kind": entry.kind.value,
            "kind_label": entry.kind.label,
            "organisations": list(entry.organisations),
        },
    }
    if entry.agenda_item:
        item["_spfcomms"]["agenda_item"] = entry.agenda_item
    return item
