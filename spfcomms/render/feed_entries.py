"""What a feed says about an item, independent of the feed format.

Each item becomes one ``FeedEntry`` whose every text field is already XML-safe and
whose HTML is sanitised with absolute URLs; the RSS, Atom and JSON Feed writers only
lay the entries out. Entries are built once per build and shared by every feed.

Identity and dates come from the content only:

* ``id`` (the RSS ``guid``, the Atom ``id``, the JSON Feed ``id``) is a tag URI
  (RFC 4151), ``tag:<authority>,<year of the item's date>:<item id>``. The item id never
  changes once published, so neither does the GUID, whatever happens to the item's
  title, slug or permalink. An agenda item in a topic feed has its own,
  ``<item GUID>/<agenda item anchor>``, and links to that anchor on the item's page.
* the entry's link and our links in its content carry ``utm_source=feed`` and
  ``utm_medium=feed`` (``[utm].feed_source``/``feed_medium``; an empty medium turns it
  off), which never touches the id;
* ``published`` is the item's ``date`` at noon in the site's time zone (noon keeps the
  calendar date the same for readers anywhere from UTC-11 to UTC+11), or the end of its
  embargo (``publish_at``) when it had one; ``updated`` is the item's ``updated`` date
  at noon, or ``published``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from urllib.parse import urlsplit

from ..model.config import Config
from ..model.content import AgendaItem, AnyItem, CaseStudy, Issue, ItemKind, MeetingSummary
from . import Site
from .sanitize import clean_html, one_line, xml_text
from .scopes import ScopeEntry, agenda_summary
from .templating import render_template
from .utm import cascade_tagger

PUBLISH_TIME = time(12, 0)
"""The time of day given to content dates, which have no time."""
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
"""The ``updated`` date of a feed with no entries (there is no content to date it)."""
CONTENT_TEMPLATE = "feed/content.html"
AGENDA_TEMPLATE = "feed/agenda-item.html"


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One item as every feed format shows it."""

    id: str
    url: str
    title: str
    summary: str
    content_html: str
    published: datetime
    updated: datetime
    kind: ItemKind
    tags: tuple[str, ...]
    organisations: tuple[str, ...]
    agenda_item: str = ""
    """The anchor of the agenda item this entry is (topic feeds); "" for a whole item."""


@dataclass(frozen=True, slots=True)
class Publisher:
    """Who publishes the feeds, and the settings every feed shares."""

    name: str
    email: str
    home_url: str
    language: str
    image_url: str
    ttl: int
    limit: int


def publisher(config: Config) -> Publisher:
    """The publisher and shared feed settings, from ``[site]`` and ``[feed]``."""
    return Publisher(
        name=one_line(config.feed.author_name or config.site.name),
        email=one_line(config.feed.author_email),
        home_url=config.url_for(""),
        language=config.site.language,
        image_url=config.feed.image_url or config.logo_url,
        ttl=config.feed.ttl,
        limit=config.feed.limit,
    )


def guid_authority(config: Config) -> str:
    """The tag URI authority: ``[feed].guid_authority`` or the host of the base URL."""
    if config.feed.guid_authority:
        return config.feed.guid_authority
    return (urlsplit(config.site.base_url).hostname or "localhost").lower()


def item_guid(item: AnyItem, authority: str) -> str:
    """The item's permanent feed id (see the module docstring)."""
    return f"tag:{authority},{item.date.year:04d}:{item.id}"


def agenda_guid(item: AnyItem, agenda: AgendaItem, authority: str) -> str:
    """An agenda item's permanent feed id: its meeting's, then its anchor."""
    return f"{item_guid(item, authority)}/{agenda.anchor}"


def content_datetime(day: date, config: Config) -> datetime:
    """A content date as an aware datetime: noon in the site's time zone."""
    return datetime.combine(day, PUBLISH_TIME, tzinfo=config.tz)


def release_datetime(issue: Issue, item: AnyItem, config: Config) -> datetime:
    """When an item was published: its embargo's end (its own or its issue's, the later),
    else its date at noon. Never part of the GUID, which an embargo does not change."""
    ends = [t.astimezone(config.tz) for t in (item.publish_at, issue.publish_at) if t]
    return max(ends) if ends else content_datetime(item.date, config)


def organisations(item: AnyItem, agenda: AgendaItem | None = None) -> tuple[str, ...]:
    """The organisations an item (or one agenda item) speaks for: presenters' or the
    case study's."""
    if agenda is not None:
        names = [o for part in (agenda, *agenda.subitems) for o in part.organisations]
    elif isinstance(item, MeetingSummary):
        names = [o for agenda in item.all_agenda_items() for o in agenda.organisations]
    elif isinstance(item, CaseStudy):
        names = list(item.organisations)
    else:
        names = []
    cleaned = (one_line(name) for name in names)
    return tuple(dict.fromkeys(name for name in cleaned if name))


def build_entry(site: Site, issue: Issue, item: AnyItem, authority: str) -> FeedEntry:
    """The feed entry of one item."""
    config = site.config
    url = config.url_for(item.path)
    html = render_template(site.env, CONTENT_TEMPLATE, item=item, issue=issue, permalink=url)
    html, link = _tag_for_feeds(config, issue, html, url)
    published = release_datetime(issue, item, config)
    updated = content_datetime(item.updated, config) if item.updated else published
    return FeedEntry(
        id=item_guid(item, authority),
        url=link,
        title=one_line(item.title) or item.id,
        summary=xml_text(item.summary).strip(),
        content_html=clean_html(html, url).strip(),
        published=published,
        updated=max(updated, published),
        kind=item.kind,
        tags=_clean_tags(item.tags),
        organisations=organisations(item),
    )


def build_agenda_entry(
    site: Site, issue: Issue, item: AnyItem, agenda: AgendaItem, authority: str
) -> FeedEntry:
    """The feed entry of one agenda item (topic feeds), linked to its anchor."""
    config = site.config
    permalink = config.url_for(item.path)
    url = f"{permalink}#{agenda.anchor}"
    html = render_template(
        site.env, AGENDA_TEMPLATE, item=item, agenda_item=agenda, issue=issue, permalink=permalink
    )
    html, link = _tag_for_feeds(config, issue, html, url)
    published = release_datetime(issue, item, config)
    updated = content_datetime(item.updated, config) if item.updated else published
    title = one_line(f"{agenda.title} – {item.title}") or agenda.anchor
    return FeedEntry(
        id=agenda_guid(item, agenda, authority),
        url=link,
        title=title,
        summary=xml_text(agenda_summary(agenda)).strip(),
        content_html=clean_html(html, permalink).strip(),
        published=published,
        updated=max(updated, published),
        kind=item.kind,
        tags=_clean_tags(agenda.all_tags),
        organisations=organisations(item, agenda),
        agenda_item=agenda.anchor,
    )


def _tag_for_feeds(config: Config, issue: Issue, html: str, url: str) -> tuple[str, str]:
    """The content and link with our links saying they came through a feed
    (utm_medium=feed), so a partner site that shows the feed, or a reader's app, can be
    told apart from the email in analytics."""
    tagger = cascade_tagger(
        config, issue.id, medium=config.utm.feed_medium, source=config.utm.feed_source
    )
    if tagger is None:
        return html, url
    return tagger.tag_html(html), tagger.tag(url)


def _clean_tags(tags: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(t for t in (one_line(tag) for tag in tags) if t))


class EntryBook:
    """Entries built on first use and kept, so each item is rendered once per build.

    With the default limit only the newest items of each feed are ever rendered, which
    keeps a build of a long archive fast.
    """

    def __init__(self, site: Site) -> None:
        self._site = site
        self._authority = guid_authority(site.config)
        self._entries: dict[str, FeedEntry] = {}

    def entry(self, issue: Issue, item: AnyItem) -> FeedEntry:
        """The entry of ``item`` (built now if this is the first time it is asked for)."""
        found = self._entries.get(item.id)
        if found is None:
            found = self._entries[item.id] = build_entry(self._site, issue, item, self._authority)
        return found

    def of(self, entry: ScopeEntry) -> FeedEntry:
        """The feed entry of a scope's entry: an item, or one of its agenda items."""
        if entry.agenda is None:
            return self.entry(entry.issue, entry.item)
        key = f"{entry.item.id}#{entry.agenda.anchor}"
        found = self._entries.get(key)
        if found is None:
            found = self._entries[key] = build_agenda_entry(
                self._site, entry.issue, entry.item, entry.agenda, self._authority
            )
        return found

    def __len__(self) -> int:
        return len(self._entries)


def build_entries(site: Site) -> dict[str, FeedEntry]:
    """Every item's entry, keyed by item id."""
    book = EntryBook(site)
    return {item.id: book.entry(issue, item) for issue in site.issues for item in issue.items}


def newest_update(entries: list[FeedEntry]) -> datetime:
    """The newest content date among ``entries`` (``EPOCH`` when there are none)."""
    return max((entry.updated for entry in entries), default=EPOCH)
