"""What the site offers to follow: every feed and snippet, with its title and address.

The feed renderer writes the feeds; this module only knows their names, so pages can
link them (``<link rel="alternate">`` autodiscovery, topic pages) and the partners page
can list them, without loading the feed library.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..model.content import AnyItem, ItemKind
from ..model.topics import tag_slug
from . import Site
from .sanitize import one_line
from .scopes import Scope, scopes


@dataclass(frozen=True, slots=True)
class FeedFormat:
    """One serialisation of every feed."""

    file: str
    media_type: str
    name: str
    """What readers call it: ``RSS``."""
    label: str
    """The format and its version: ``RSS 2.0``."""


RSS = FeedFormat("feed.xml", "application/rss+xml", "RSS", "RSS 2.0")
ATOM = FeedFormat("atom.xml", "application/atom+xml", "Atom", "Atom 1.0")
JSON_FEED = FeedFormat("feed.json", "application/feed+json", "JSON Feed", "JSON Feed 1.1")
FEED_FORMATS = (RSS, ATOM, JSON_FEED)


@dataclass(frozen=True, slots=True)
class FeedLink:
    """One feed file: what a ``<link rel="alternate">`` or a subscribe link needs."""

    title: str
    format: FeedFormat
    url: str


def feed_title(site: Site, scope: Scope) -> str:
    """``SPF``, ``SPF: News`` or ``SPF: <topic name>``."""
    name = one_line(site.config.site.name) or "Bulletin"
    if scope.name:
        return f"{name}: {one_line(scope.name)}"
    return name


def feed_description(site: Site, scope: Scope) -> str:
    """What a feed carries, in a sentence or two (its RSS description)."""
    site_name = one_line(site.config.site.name)
    if scope.kind is not None:
        return f"{scope.kind.label} from the {site_name} bulletin."
    if scope.topic is not None:
        about = one_line(scope.topic.description)
        if about:
            return (
                f"{about} Agenda items of meeting summaries, case studies and news on it, "
                f"from the {site_name} bulletin."
            )
        return (
            f"Agenda items of meeting summaries, case studies and news on "
            f"{one_line(scope.topic.name)}, from the {site_name} bulletin."
        )
    return one_line(site.config.site.description) or f"News from {feed_title(site, scope)}"


def snippet_anchor(path: str) -> str:
    """The fragment id of a snippet on the partners page: ``snippets/tags/x.html``
    becomes ``snippets-tags-x``."""
    return path.removesuffix(".html").replace("/", "-")


def last_update(scope: Scope, limit: int) -> date | None:
    """The newest content date among the entries a feed of ``scope`` carries."""
    dates = [max(e.item.date, e.item.updated or e.item.date) for e in scope.entries[:limit]]
    return max(dates, default=None)


class FeedCatalogue:
    """The feeds a build publishes, found by kind or topic."""

    def __init__(self, site: Site) -> None:
        feed = site.config.feed
        self.site = site
        self.scopes = scopes(site, per_kind=feed.per_kind, per_tag=feed.per_tag)
        self._by_slug = {scope.slug: scope for scope in self.scopes}

    @property
    def everything(self) -> Scope:
        """The site-wide feed's scope."""
        return self.scopes[0]

    def kind(self, kind: ItemKind) -> Scope | None:
        """The feed of one kind, when it is published."""
        return self._by_slug.get(kind.plural_slug)

    def topic(self, tag: str) -> Scope | None:
        """The feed of one topic, when it is published."""
        return self._by_slug.get(f"tags/{tag_slug(tag)}")

    def links(self, scope: Scope) -> list[FeedLink]:
        """The three files of one feed."""
        title = feed_title(self.site, scope)
        return [
            FeedLink(title, fmt, self.site.config.url_for(scope.feed_dir + fmt.file))
            for fmt in FEED_FORMATS
        ]

    def for_item(self, item: AnyItem) -> list[Scope]:
        """The site feed, the item's kind feed and its topics' feeds."""
        found = [self.everything, self.kind(item.kind), *map(self.topic, item.all_tags)]
        return _present(found)

    def for_kinds(self, kinds: tuple[ItemKind, ...]) -> list[Scope]:
        """The site feed and the feeds of these kinds."""
        return _present([self.everything, *map(self.kind, kinds)])

    def alternates(self, chosen: list[Scope]) -> list[FeedLink]:
        """Every file of the chosen feeds, for ``<link rel="alternate">``."""
        return [link for scope in chosen for link in self.links(scope)]


def _present(found: list[Scope | None]) -> list[Scope]:
    seen: dict[str, Scope] = {}
    for scope in found:
        if scope is not None:
            seen.setdefault(scope.slug, scope)
    return list(seen.values())
