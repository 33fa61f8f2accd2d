"""What a link written in the content may be, and how an author marks it.

Two rules shared by the Markdown reader, validation and every renderer:

- ``is_safe_url``: only http(s), mailto and tel links (and relative ones) are followed;
  anything else (``javascript:``, ``data:``) loses its ``href``.
- the ``#no-utm`` marker: an author ends a link with ``#no-utm`` (or
  ``#anchor~no-utm``) to keep campaign tags off it. The marker is part of how content
  is written, so reading it lives here; adding the tags is rendering
  (``render/utm.py``).
"""

from __future__ import annotations

from urllib.parse import urlsplit

SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
NO_UTM = "no-utm"


def is_safe_url(url: str) -> bool:
    """True for http(s), mailto and tel URLs, and for relative or fragment-only ones."""
    stripped = "".join(url.split()).lower()
    scheme = urlsplit(stripped).scheme
    return scheme in SAFE_SCHEMES or (scheme == "" and not stripped.startswith("//"))


def strip_opt_out(url: str) -> tuple[str, bool]:
    """Remove a ``#no-utm`` / ``#anchor~no-utm`` marker; say whether there was one."""
    base, sep, fragment = url.partition("#")
    if not sep:
        return url, False
    if fragment == NO_UTM:
        return base, True
    if fragment.endswith("~" + NO_UTM):
        return f"{base}#{fragment[: -len(NO_UTM) - 1]}", True
    return url, False
