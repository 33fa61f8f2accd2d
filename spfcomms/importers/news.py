"""Recognising a news story: title, date, summary, body and the link to its source."""

from __future__ import annotations

import re
from datetime import date

from ..model.exceptions import ImportSourceError
from .blocks import Block, BlockKind, SourceDocument
from .casestudy import first_sentences, short_slug
from .common import BodyWriter, find_date, join_broken_paragraphs, looks_like_heading, only_date
from .inline import iter_links, linkify
from .model import ImportedNews, Messages
from .tags import guess_tags

_SOURCE_LINE = re.compile(r"(?i)^(source|read (more|the full)|find out more|more information)\b")
_PUBLISHED = re.compile(r"(?i)^(published|posted|date|updated)\b")


def parse_news(
    document: SourceDocument,
    messages: Messages,
    *,
    issue_date: date | None = None,
    month_start: date | None = None,
) -> ImportedNews:
    """The news story in ``document``."""
    blocks = join_broken_paragraphs(
        [b for b in document.blocks if b.kind is not BlockKind.RULE], messages
    )
    title = ""
    start = 0
    headings = [b for b in blocks if b.kind is BlockKind.HEADING]
    if headings:
        first = min(headings, key=lambda b: b.level)
        title, start = first.text, blocks.index(first) + 1
        for block in blocks[: blocks.index(first)]:
            messages.warn(block.line, f"left out '{block.text}' (before the title)", "dropped-line")
    elif blocks and looks_like_heading(blocks[0], blocks[1] if len(blocks) > 1 else None):
        title, start = blocks[0].text, 1
    elif document.meta.get("title"):
        title = document.meta["title"]
    else:
        raise ImportSourceError(f"{document.name}: found no title (a first line on its own)")
    published: date | None = None
    rest: list[Block] = []
    for block in blocks[start:]:
        text = block.text
        if (
            published is None
            and not rest
            and (only_date(text) or (_PUBLISHED.match(text) and len(text) < 60))
        ):
            found = find_date(text)
            if found:
                published = found[0]
                continue
        rest.append(block)
    meta_published = document.meta.get("published", "")
    if published is None and meta_published and (found := find_date(meta_published)):
        published = found[0]
    item_date = published or issue_date or month_start
    if item_date is None:
        raise ImportSourceError(
            f"{document.name}: found no date; write it under the title or import into an issue"
        )
    link = document.url or document.meta.get("canonical", "")
    if not link:
        for block in rest:
            if _SOURCE_LINE.match(block.text):
                spans, _ = linkify(block.spans)
                urls = [s.url for s in iter_links(spans) if s.url.startswith("http")]
                if urls:
                    link = urls[0]
                    break
    writer = BodyWriter(messages)
    body = writer.markdown([*rest, *document.downloads])
    if not body:
        raise ImportSourceError(f"{document.name}: the news story '{title}' has no text")
    summary = document.meta.get("description", "") or first_sentences(body) or title
    return ImportedNews(
        id=f"news-{item_date:%Y-%m}-{short_slug(title, 40)}",
        title=title,
        date=item_date,
        date_stated=published is not None,
        summary=summary,
        tags=guess_tags(f"{title} {body}"),
        links=tuple(writer.links),
        body=body,
        link=link if link.startswith(("http://", "https://")) else "",
    )
