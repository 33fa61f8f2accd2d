"""Reading a source and recognising the item in it: the steps of ``import_source``."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from ..model.content import ItemKind
from ..model.exceptions import ImportSourceError
from ..model.problems import Severity
from ..model.urls import redact_url
from ..workspace.loaders import ISSUE_ID
from .blocks import SourceDocument
from .casestudy import parse_case_study
from .detect import detect_kind
from .furniture import strip_furniture
from .keycomms import NoAgendaError, parse_meeting
from .limits import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT
from .model import AnyImported, ImportResult, Messages
from .news import parse_news
from .sources import read_bytes, read_path, read_text

logger = logging.getLogger(__name__)


def read_source(
    source: str | Path, *, timeout: float = DEFAULT_TIMEOUT, max_bytes: int = DEFAULT_MAX_BYTES
) -> SourceDocument:
    """Read a file or fetch an http(s) URL into blocks."""
    text = str(source)
    if text.lower().startswith(("http://", "https://")):
        from .fetch import fetch  # requests is only imported when a page is fetched

        fetched = fetch(text, timeout=timeout, max_bytes=max_bytes)
        return read_bytes(fetched.data, fetched.format, fetched.url, url=fetched.url)
    if "://" in text:
        raise ImportSourceError(
            f"{redact_url(text)}: only http:// and https:// addresses can be imported"
        )
    return read_path(Path(source))


def import_source(
    source: str | Path,
    *,
    kind: ItemKind | str | None = None,
    issue_id: str | None = None,
    issue_date: date | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> ImportResult:
    """Import one file or URL; the items and every warning about them.

    ``kind`` is detected when not given. An item whose source states no publication
    date gets ``issue_date`` (the date of the issue it goes into); without one, a
    meeting summary gets its meeting date when that falls in the month of ``issue_id``
    ("2024-01"), and anything else the first day of that month. Raises
    ImportSourceError when the source cannot be read or holds no such item.
    """
    document = read_source(source, timeout=timeout, max_bytes=max_bytes)
    return import_document(document, kind=kind, issue_id=issue_id, issue_date=issue_date)


def import_text(
    text: str,
    *,
    format: str = "txt",
    name: str = "<text>",
    kind: ItemKind | str | None = None,
    issue_id: str | None = None,
    issue_date: date | None = None,
) -> ImportResult:
    """Import a document held in a string (``txt``, ``md`` or ``html``)."""
    if format not in ("txt", "md", "html"):
        raise ImportSourceError(f"{name}: unknown text format '{format}' (txt, md or html)")
    document = (
        read_bytes(text.encode("utf-8"), "html", name)
        if format == "html"
        else read_text(text, format, name)
    )
    return import_document(document, kind=kind, issue_id=issue_id, issue_date=issue_date)


def import_document(
    document: SourceDocument,
    *,
    kind: ItemKind | str | None = None,
    issue_id: str | None = None,
    issue_date: date | None = None,
) -> ImportResult:
    """Recognise the item in a document already read into blocks."""
    month_start = _month_start(issue_id)
    messages = Messages(document.name)
    for line, message, code in document.warnings:
        messages.warn(line, message, code)
    if not document.blocks:
        raise ImportSourceError(f"{document.name}: no text found")
    document = strip_furniture(document, messages)
    if not document.blocks:
        raise ImportSourceError(f"{document.name}: nothing but page furniture (menus, footer)")
    if kind is None:
        chosen, reason = detect_kind(document)
        messages.note(None, f"detected {reason}; use --kind to choose", "detected-kind")
    else:
        try:
            chosen = ItemKind(kind)
        except ValueError:
            known = ", ".join(k.value for k in ItemKind)
            raise ImportSourceError(f"unknown kind '{kind}' (use {known})") from None
    item: AnyImported
    if chosen is ItemKind.MEETING_SUMMARY:
        # Parse into a scratch list: if there is no agenda, its problems do not apply.
        trial = Messages(document.name)
        try:
            item = parse_meeting(document, trial, issue_date=issue_date, month_start=month_start)
            messages.items.extend(trial.items)
        except NoAgendaError as no_agenda:
            if kind is not None:
                raise
            messages.warn(
                document.blocks[0].line,
                "this reads as a report of a meeting but has no agenda items (no headings "
                "naming the items); imported as a news item",
                "no-agenda-items",
            )
            try:
                item = parse_news(
                    document, messages, issue_date=issue_date, month_start=month_start
                )
            except ImportSourceError:
                # No agenda and no prose to make a story of either: what the document
                # lacks is its agenda, so say that rather than "the news story has no text".
                raise no_agenda from None
    elif chosen is ItemKind.CASE_STUDY:
        item = parse_case_study(document, messages, issue_date=issue_date, month_start=month_start)
    else:
        item = parse_news(document, messages, issue_date=issue_date, month_start=month_start)
    if month_start is not None and (item.date.year, item.date.month) != (
        month_start.year,
        month_start.month,
    ):
        messages.warn(
            None,
            f"the publication date {item.date} is not in {issue_id}; change 'date' or "
            "import into another issue",
            "date-outside-issue",
        )
    logger.info("imported %s '%s' from %s", item.kind.value, item.id, document.name)
    ordered = sorted(messages.items, key=lambda m: (m.line or 0, m.severity != Severity.WARNING))
    return ImportResult(
        source=document.name, kind=item.kind, items=(item,), problems=tuple(ordered)
    )


def _month_start(issue_id: str | None) -> date | None:
    if issue_id is None:
        return None
    if not ISSUE_ID.match(issue_id):
        raise ImportSourceError(f"'{issue_id}' is not an issue id: use YEAR-MONTH, such as 2024-01")
    year, month = (int(part) for part in issue_id.split("-"))
    return date(year, month, 1)
