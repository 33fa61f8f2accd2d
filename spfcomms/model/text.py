"""What a one-line value may not hold: a line break of any kind.

A title becomes an email Subject and a feed title; a name or address in ``[email]``
becomes a header. A line break in one would end the header early or start another
(``Bcc: everyone``), so the loader and the settings reader both refuse them, with the
same rule: CR, LF, NEL and the Unicode line and paragraph separators. (Other control
characters are harmless there, and feeds drop them.)
"""

from __future__ import annotations

import re

LINE_BREAK = re.compile(r"[\n\r\x85\u2028\u2029]")
_NAMES = {"\n": "a line break", "\r": "a carriage return"}


def line_break_in(text: str) -> str | None:
    """Words for the first line break in ``text`` (``a carriage return ('\\r')``), or None."""
    found = LINE_BREAK.search(text)
    if found is None:
        return None
    return f"{_NAMES.get(found.group(), 'a line separator')} ({found.group()!r})"
