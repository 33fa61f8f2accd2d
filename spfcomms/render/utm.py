"""Campaign (UTM) tags on links that point at our own site.

Only links whose host is one of ``[utm].domains`` (or, when that list is empty, the host
of ``[site].base_url``, subdomains included) are tagged. ``mailto:``, ``tel:`` and
third-party links are never touched, and a link that already carries a ``utm_``
parameter is left as the author wrote it.

A link opts out with the fragment marker ``#no-utm`` (or ``#anchor~no-utm`` to keep a
fragment): the marker is removed and no tags are added. Reading the marker is in
``model/urls.py``, because the Markdown reader removes it too.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from ..model.config import Config
from ..model.urls import strip_opt_out

_ANCHOR = re.compile(r"<a\b[^>]*>", re.IGNORECASE)
_HREF = re.compile(r'(\bhref=")([^"]*)(")', re.IGNORECASE)
# Written by the Markdown renderer for links that carried the #no-utm marker.
_UTM_OFF = ' data-utm="off"'


@dataclass(frozen=True, slots=True)
class UtmTagger:
    """Adds ``utm_source``, ``utm_medium`` and ``utm_campaign`` to our own links."""

    source: str
    medium: str
    campaign: str
    domains: tuple[str, ...]
    enabled: bool = True

    @classmethod
    def for_issue(
        cls,
        config: Config,
        issue_id: str,
        *,
        medium: str | None = None,
        source: str | None = None,
    ) -> UtmTagger:
        """The tagger for one issue, from ``[utm]`` (``{issue}`` in the campaign is replaced);
        ``source`` and ``medium`` default to the email's."""
        utm = config.utm
        domains = utm.domains or (urlsplit(config.site.base_url).hostname or "",)
        return cls(
            source=source or utm.source,
            medium=medium or utm.medium,
            campaign=utm.campaign.replace("{issue}", issue_id),
            domains=tuple(d.lower().strip(".") for d in domains if d),
            enabled=utm.enabled,
        )

    def is_own(self, url: str) -> bool:
        """True when ``url`` is an http(s) link to one of our own hosts."""
        parts = urlsplit(url.strip())
        if parts.scheme.lower() not in ("http", "https"):
            return False
        host = (parts.hostname or "").lower().rstrip(".")
        return any(host == d or host.endswith("." + d) for d in self.domains)

    def tag(self, url: str) -> str:
        """``url`` with campaign tags when it points at our site; otherwise unchanged.

        The opt-out marker is always removed. Tags follow the existing query, in the
        fixed order source, medium, campaign, so output is byte-for-byte stable.
        """
        url, opted_out = strip_opt_out(url)
        if opted_out or not self.enabled or not self.is_own(url):
            return url
        parts = urlsplit(url)
        query = parse_qsl(parts.query, keep_blank_values=True)
        if any(key.lower().startswith("utm_") for key, _ in query):
            return url
        tags = [
            ("utm_source", self.source),
            ("utm_medium", self.medium),
            ("utm_campaign", self.campaign),
        ]
        extra = urlencode([(k, v) for k, v in tags if v])
        new_query = f"{parts.query}&{extra}" if parts.query else extra
        return urlunsplit(parts._replace(query=new_query))

    def tag_html(self, markup: str, campaign_for: Callable[[str], str | None] | None = None) -> str:
        """Tag every ``<a href="...">`` in an HTML fragment (as markdown-it writes it).

        ``campaign_for(url)`` gives each link its own campaign (a list of items from
        several issues), or None to leave that link as it is; by default every link
        gets this tagger's campaign."""

        def replace_href(match: re.Match[str]) -> str:
            url = html.unescape(match.group(2))
            campaign = self.campaign if campaign_for is None else campaign_for(url)
            if campaign is not None:
                url = replace(self, campaign=campaign).tag(url)
            return match.group(1) + html.escape(url, quote=True) + match.group(3)

        def replace_anchor(match: re.Match[str]) -> str:
            anchor = match.group(0)
            if _UTM_OFF in anchor:
                return anchor.replace(_UTM_OFF, "")
            return _HREF.sub(replace_href, anchor, count=1)

        return _ANCHOR.sub(replace_anchor, markup)


def cascade_tagger(config: Config, issue_id: str, *, medium: str, source: str) -> UtmTagger | None:
    """The tagger for links that leave through feeds or snippets (``utm_medium=feed`` or
    ``snippet``, ``utm_source`` the feed or the partner), or None when ``medium`` is
    empty (tagging switched off for that channel)."""
    if not medium:
        return None
    return UtmTagger.for_issue(config, issue_id, medium=medium, source=source)
