"""RSS 2.0, Atom and JSON Feed output, for the site and for each kind and tag.

This is the only module that imports feedgen. feedgen is wrapped so that its output
depends on the content alone:

* the feed's ``lastBuildDate``/``updated`` and every entry's ``updated`` are set from
  content dates (feedgen would otherwise stamp the wall clock);
* entries are appended in our order (feedgen prepends by default);
* the ``self`` link is set before the ``alternate`` one (the RSS ``<link>`` takes the
  last link set) and swapped between the RSS and the Atom serialisation;
* content is ``type="html"`` (feedgen's ``CDATA`` type is invalid in Atom);
* every string has been made XML-safe before feedgen sees it (feedgen raises on
  control characters), and RSS titles and descriptions are HTML-escaped, because
  RSS readers treat them as HTML while they hold plain text.

Files: ``feed.xml`` (RSS), ``atom.xml`` and ``feed.json`` at the root, then the same
three under ``feeds/<kind>/`` and ``feeds/tags/<tag>/``.
"""

from __future__ import annotations

import html
import logging
from dataclasses import dataclass

from feedgen.entry import FeedEntry as FeedgenEntry
from feedgen.feed import FeedGenerator

from ..model.exceptions import FeedError
from ..output.writers import OutputTree
from . import Site
from .catalogue import ATOM, RSS, feed_description, feed_title
from .feed_entries import EntryBook, FeedEntry, Publisher, newest_update, publisher
from .jsonfeed import json_feed
from .scopes import Scope, scopes

logger = logging.getLogger(__name__)

RSS_FILE = RSS.file
ATOM_FILE = ATOM.file
JSON_FILE = "feed.json"
RSS_TYPE = RSS.media_type
ATOM_TYPE = ATOM.media_type
GENERATOR = "spfcomms"

# feedgen entries, shared by every feed of a build: (for RSS?, entry id) -> entry.
EntryCache = dict[tuple[bool, str], FeedgenEntry]


@dataclass(frozen=True, slots=True)
class FeedFiles:
    """The three serialisations of one feed."""

    rss: bytes
    atom: bytes
    json: bytes


def render_feeds(site: Site, out: OutputTree) -> None:
    """Add the site feeds and the per-kind and per-tag feeds to ``out``."""
    config = site.config
    book = EntryBook(site)
    shared = publisher(config)
    groups = scopes(site, per_kind=config.feed.per_kind, per_tag=config.feed.per_tag)
    cache: EntryCache = {}
    for scope in groups:
        chosen = [book.of(entry) for entry in scope.entries[: shared.limit]]
        files = render_feed(site, scope, chosen, shared, cache)
        out.add(scope.feed_dir + RSS_FILE, files.rss)
        out.add(scope.feed_dir + ATOM_FILE, files.atom)
        out.add(scope.feed_dir + JSON_FILE, files.json)
    logger.info("rendered %d feeds in 3 formats (%d entries)", len(groups), len(book))


def render_feed(
    site: Site,
    scope: Scope,
    entries: list[FeedEntry],
    shared: Publisher,
    cache: EntryCache | None = None,
) -> FeedFiles:
    """RSS, Atom and JSON Feed for ``entries`` (already newest first and limited).

    ``cache`` shares feedgen entries between the feeds of one build.
    """
    config = site.config
    title = feed_title(site, scope)
    description = feed_description(site, scope)
    cache = {} if cache is None else cache
    try:
        rss = _serialise(
            _generator(title, description, entries, shared, cache, rss=True),
            config.url_for(scope.feed_dir + RSS_FILE),
            RSS_TYPE,
            shared,
        )
        atom = _serialise(
            _generator(title, description, entries, shared, cache, rss=False),
            config.url_for(scope.feed_dir + ATOM_FILE),
            ATOM_TYPE,
            shared,
        )
    except ValueError as exc:  # feedgen reports every refusal as ValueError
        raise FeedError(str(exc), template=scope.feed_dir + RSS_FILE) from exc
    document = json_feed(
        title=title,
        description=description,
        home_url=shared.home_url,
        feed_url=config.url_for(scope.feed_dir + JSON_FILE),
        publisher=shared,
        entries=entries,
    )
    return FeedFiles(rss=rss, atom=atom, json=document)


def _as_rss_text(text: str, rss: bool) -> str:
    # RSS readers render <title> and <description> as HTML although we mean plain
    # text, so "<" and "&" are escaped once more there; Atom and JSON Feed say "text".
    return html.escape(text, quote=False) if rss else text


def _generator(
    title: str,
    description: str,
    entries: list[FeedEntry],
    shared: Publisher,
    cache: EntryCache,
    *,
    rss: bool,
) -> FeedGenerator:
    updated = newest_update(entries)
    generator = FeedGenerator()
    generator.load_extension("dc", atom=True, rss=True)
    generator.title(_as_rss_text(title, rss))
    generator.subtitle(_as_rss_text(description, rss))
    generator.language(shared.language)
    generator.generator(GENERATOR)
    generator.author(_author(shared))
    # Both pin feedgen's construction-time clock to the newest content date.
    generator.updated(updated)
    generator.lastBuildDate(updated)
    generator.pubDate(max((e.published for e in entries), default=updated))
    generator.ttl(shared.ttl)
    if shared.image_url:
        generator.logo(shared.image_url)
        generator.image(url=shared.image_url, title=_as_rss_text(title, rss), link=shared.home_url)
    for entry in entries:
        key = (rss, entry.id)
        item = cache.get(key)
        if item is None:
            item = cache[key] = _feedgen_entry(entry, shared, rss=rss)
        generator.add_entry(item, order="append")
    return generator


def _serialise(
    generator: FeedGenerator, self_url: str, media_type: str, shared: Publisher
) -> bytes:
    generator.id(self_url)
    # Self first, alternate last: feedgen's RSS <link> is the last link set.
    generator.link(
        [
            {"href": self_url, "rel": "self", "type": media_type},
            {"href": shared.home_url, "rel": "alternate", "type": "text/html"},
        ],
        replace=True,
    )
    data: bytes
    if media_type == RSS_TYPE:
        data = generator.rss_str(pretty=True)
    else:
        data = generator.atom_str(pretty=True)
    return data if data.endswith(b"\n") else data + b"\n"


def _author(shared: Publisher) -> dict[str, str]:
    author = {"name": shared.name, "uri": shared.home_url}
    if shared.email:
        author["email"] = shared.email
    return author


def _feedgen_entry(entry: FeedEntry, shared: Publisher, *, rss: bool) -> FeedgenEntry:
    item = FeedgenEntry()
    item.load_extension("dc", atom=True, rss=True)
    item.id(entry.id)
    item.guid(entry.id, permalink=False)
    item.title(_as_rss_text(entry.title, rss))
    item.link(href=entry.url, rel="alternate", type="text/html")
    item.summary(_as_rss_text(entry.summary, rss))
    item.content(entry.content_html, type="html")
    item.published(entry.published)
    item.updated(entry.updated)
    item.author(_author(shared))
    item.dc.dc_creator(shared.name)
    if entry.organisations:
        item.dc.dc_contributor(list(entry.organisations))
    item.category(term=entry.kind.value, label=entry.kind.label)
    for tag in entry.tags:
        item.category(term=tag)
    return item
