"""What a link written in the content may be, and how an author marks it.

Rules shared by the Markdown reader, validation, every renderer and every message:

- ``is_safe_url``: only http(s), mailto and tel links (and relative ones) are followed;
  anything else (``javascript:``, ``data:``) loses its ``href``.
- the ``#no-utm`` marker: an author ends a link with ``#no-utm`` (or
  ``#anchor~no-utm``) to keep campaign tags off it. The marker is part of how content
  is written, so reading it lives here; adding the tags is rendering
  (``render/utm.py``).
- secrets in URLs: ``redact_url`` is how every URL is shown in messages and logs (no
  user information, no password or token parameters); ``has_credentials`` finds URLs
  that must not be stored or published.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

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


# Query parameters that carry a secret (a password, a token, a key, a signature).
_SECRET_PARAMETER = re.compile(
    r"(?i)^(.*[-_.])?(password|passwd|pwd|secret|token|apikey|key|credentials?|auth)\Z"
)
_URL_IN_TEXT = re.compile(r"(?i)\b[a-z][a-z0-9+.-]*://[^\s'\"<>()]+")
REDACTED = "***"


def has_credentials(url: str) -> bool:
    """True when ``url`` carries a password (``user:password@``) or a secret query
    parameter (``password=``, ``token=``, ``api_key=`` ...); a user name alone is not
    a secret."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    if ":" in parts.netloc.rpartition("@")[0]:
        return True
    return any(_SECRET_PARAMETER.match(name) for name, _ in _query_pairs(parts.query))


def redact_url(url: str) -> str:
    """``url`` as it may be shown: user information and secret parameters replaced by ***.

    ``postgresql://spf:hunter2@db/metrics?password=x`` becomes
    ``postgresql://***@db/metrics?password=***``. The one helper for every URL that
    spfcomms prints or logs.
    """
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    netloc = parts.netloc
    if "@" in netloc:
        netloc = f"{REDACTED}@{netloc.rpartition('@')[2]}"
    query = parts.query
    if query:
        query = "&".join(
            f"{name}={REDACTED}" if _SECRET_PARAMETER.match(name) and sep else pair
            for pair in query.split("&")
            for name, sep, _ in [pair.partition("=")]
        )
    if (netloc, query) == (parts.netloc, parts.query):
        return url
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def redact_urls(text: str) -> str:
    """``text`` with every ``scheme://`` URL in it passed through ``redact_url``."""

    def one(match: re.Match[str]) -> str:
        # A URL at the end of a sentence: the full stop is not part of it.
        url = match.group(0)
        trimmed = url.rstrip(".,;:!?")
        return redact_url(trimmed) + url[len(trimmed) :]

    return _URL_IN_TEXT.sub(one, text)


def without_credentials(url: str) -> str:
    """``url`` without its user information (the form an imported link is kept in)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if "@" not in parts.netloc:
        return url
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))


def _query_pairs(query: str) -> list[tuple[str, str]]:
    return [(name, value) for name, _, value in (p.partition("=") for p in query.split("&") if p)]
