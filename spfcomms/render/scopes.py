"""Which items go together in a feed or a snippet list: the site, a kind, a tag.

Feeds and snippets are published for the same groups ("scopes"), in the same order:
newest item first, and, among items of one date, the newer issue first and then the
issue's reading order. That order depends only on the content, so it is the same on
every build and adding an issue never reorders older items among themselves.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

from ..model.content import AnyItem, Issue, ItemKind
from . import Site

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True, slots=True)
class Scope:
    """A group of items published together.

    ``slug`` is the path segment of the group: empty for the whole site, the kind's
    plural (``meeting-summaries``) for a kind, and ``tags/<tag>`` for a tag.
    """

    name: str
    """What the group is, for titles: empty for the site, else the kind label or tag."""
    slug: str
    kind: ItemKind | None
    tag: str | None
    items: tuple[tuple[Issue, AnyItem], ...]

    @property
    def feed_dir(self) -> str:
        """Folder of this scope's feeds, relative to the site root ("" or ending in /)."""
        return f"feeds/{self.slug}/" if self.slug else ""

    @property
    def snippet_path(self) -> str:
        """This scope's list snippet, relative to the site root."""
        return f"snippets/{self.slug}.html" if self.slug else "snippets/latest.html"


def tag_slug(tag: str) -> str:
    """A path-safe form of a tag: ``"Violence prevention"`` becomes ``violence-prevention``.

    A tag with no letters or digits in ASCII gets a short hash, so that every tag has
    its own stable path.
    """
    ascii_text = unicodedata.normalize("NFKD", tag).encode("ascii", "ignore").decode("ascii")
    slug = _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")[:60].strip("-")
    if slug:
        return slug
    return "tag-" + hashlib.sha256(tag.encode("utf-8", "surrogatepass")).hexdigest()[:10]


def newest_first(site: Site) -> tuple[tuple[Issue, AnyItem], ...]:
    """Every item with its issue, newest first (see the module docstring for ties)."""
    ordered = sorted(site.issues, key=lambda i: (i.date, i.id), reverse=True)
    pairs = [
        (issue_index, position, issue, item)
        for issue_index, issue in enumerate(ordered)
        for position, item in enumerate(issue.items)
    ]
    pairs.sort(key=lambda p: (-p[3].date.toordinal(), p[0], p[1]))
    return tuple((issue, item) for _, _, issue, item in pairs)


def scopes(site: Site, *, per_kind: bool, per_tag: bool) -> list[Scope]:
    """The site scope, then one per kind present, then one per tag (by slug)."""
    everything = newest_first(site)
    result = [Scope(name="", slug="", kind=None, tag=None, items=everything)]
    if per_kind:
        for kind in ItemKind:
            items = tuple(pair for pair in everything if pair[1].kind is kind)
            if items:
                result.append(
                    Scope(name=kind.label, slug=kind.plural_slug, kind=kind, tag=None, items=items)
                )
    if per_tag:
        spellings: dict[str, set[str]] = {}
        for _, item in everything:
            for tag in item.tags:
                spellings.setdefault(tag_slug(tag), set()).add(tag)
        for slug in sorted(spellings):
            # Tags that differ only in case or accents share one feed.
            tags = spellings[slug]
            items = tuple(pair for pair in everything if tags.intersection(pair[1].tags))
            result.append(
                Scope(name=min(tags), slug=f"tags/{slug}", kind=None, tag=min(tags), items=items)
            )
    return result
