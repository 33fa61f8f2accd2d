"""The content model: a workspace, its issues and the items they carry. No I/O here.

Every object knows the file and line it came from (``source``), so any problem found
later (a bad link, a missing alt text) can point the editor to the place to fix it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

from .config import Config
from .problems import Problem, SourceLocation

if TYPE_CHECKING:
    from markdown_it.token import Token


class ItemKind(StrEnum):
    """The three kinds of item a bulletin carries."""

    MEETING_SUMMARY = "meeting-summary"
    CASE_STUDY = "case-study"
    NEWS = "news"

    @property
    def label(self) -> str:
        """A heading for a group of items of this kind."""
        return _KIND_LABELS[self]

    @property
    def singular(self) -> str:
        """What one item of this kind is called (``Case study``)."""
        return _KIND_SINGULAR[self]

    @property
    def plural_slug(self) -> str:
        """The path segment used for per-kind feeds and snippets."""
        return _KIND_PLURALS[self]


_KIND_LABELS = {
    ItemKind.MEETING_SUMMARY: "Key comms",
    ItemKind.CASE_STUDY: "Case studies",
    ItemKind.NEWS: "News",
}
_KIND_SINGULAR = {
    ItemKind.MEETING_SUMMARY: "Key comms",
    ItemKind.CASE_STUDY: "Case study",
    ItemKind.NEWS: "News",
}
_KIND_PLURALS = {
    ItemKind.MEETING_SUMMARY: "meeting-summaries",
    ItemKind.CASE_STUDY: "case-studies",
    ItemKind.NEWS: "news",
}


@dataclass(frozen=True, slots=True)
class Link:
    """A link written in the content, with the text a reader sees."""

    url: str
    text: str
    source: SourceLocation


@dataclass(frozen=True, slots=True)
class Person:
    """A presenter or a contact."""

    name: str
    organisation: str = ""
    role: str = ""
    email: str = ""

    def describe(self) -> str:
        """``Name, role, Organisation`` with the empty parts left out."""
        return ", ".join(part for part in (self.name, self.role, self.organisation) if part)


@dataclass(frozen=True, slots=True)
class Body:
    """A run of Markdown, its HTML rendering and the links in it."""

    markdown: str
    html: str
    links: tuple[Link, ...] = ()
    images: tuple[Link, ...] = ()
    """Images in the body; ``text`` is the alt text."""
    tokens: tuple[Token, ...] = field(default=(), compare=False, repr=False)
    """The parsed Markdown, kept so other renderers (the email's text part) need not
    parse it again; empty for bodies made by hand."""

    @property
    def is_empty(self) -> bool:
        return not self.markdown.strip()


EMPTY_BODY = Body("", "")


@dataclass(frozen=True, slots=True)
class AgendaItem:
    """One item on a meeting's agenda, with who presented it."""

    title: str
    anchor: str
    presenters: tuple[Person, ...]
    body: Body
    source: SourceLocation
    subitems: tuple[AgendaItem, ...] = ()
    tags: tuple[str, ...] = ()
    """The agenda item's own tags, from its ``Topics:`` line."""
    tags_source: SourceLocation | None = None
    """Where the ``Topics:`` line is."""

    @property
    def organisations(self) -> tuple[str, ...]:
        """The presenters' organisations, each once, in order of appearance."""
        return tuple(dict.fromkeys(p.organisation for p in self.presenters if p.organisation))

    @property
    def all_tags(self) -> tuple[str, ...]:
        """Its own tags and its sub-items', each once, in order."""
        return tuple(dict.fromkeys((*self.tags, *(t for sub in self.subitems for t in sub.tags))))


@dataclass(frozen=True, slots=True)
class Section:
    """A titled section of a case study ("About the area", "Top tips" ...)."""

    title: str
    anchor: str
    body: Body
    source: SourceLocation


@dataclass(frozen=True, slots=True, kw_only=True)
class Item:
    """What every kind of item has.

    ``id`` is stable: it never changes once published, because partner sites and feed
    readers know the item by it (it is the feed GUID). ``slug`` is the permalink path
    segment and defaults to the id.
    """

    id: str
    slug: str
    title: str
    date: date
    summary: str
    tags: tuple[str, ...]
    body: Body
    source: SourceLocation
    issue_id: str = ""
    updated: dt.date | None = None
    """When a published item was last corrected; feeds show it as the update date."""
    field_lines: tuple[tuple[str, int], ...] = ()
    """``(field, line)`` for each front-matter field, so problems can point at it."""
    draft: bool = False
    """Never published while true (``draft = true``); shown in previews with a banner."""
    publish_at: dt.datetime | None = None
    """Held back until this moment (``publish_at``, in the workspace's time zone)."""

    @property
    def kind(self) -> ItemKind:
        raise NotImplementedError

    @property
    def all_tags(self) -> tuple[str, ...]:
        """Every tag the item carries (a meeting summary adds its agenda items')."""
        return self.tags

    def at(self, field_name: str) -> SourceLocation:
        """Where a front-matter field was written (the file's first line if unknown)."""
        for name, line in self.field_lines:
            if name == field_name:
                return self.source.at_line(line)
        return self.source

    @property
    def links(self) -> tuple[Link, ...]:
        """Every link in the item, in reading order."""
        return self.body.links

    @property
    def path(self) -> str:
        """The permalink path relative to the site root, ending in a slash."""
        return f"items/{self.slug}/"


@dataclass(frozen=True, slots=True, kw_only=True)
class MeetingSummary(Item):
    """The "Key comms" summary of a forum meeting."""

    group: str
    meeting_date: date
    opening: Body = EMPTY_BODY
    agenda: tuple[AgendaItem, ...] = ()

    @property
    def kind(self) -> ItemKind:
        return ItemKind.MEETING_SUMMARY

    @property
    def all_tags(self) -> tuple[str, ...]:
        """The summary's tags and its agenda items' (``Topics:`` lines), each once."""
        return tuple(
            dict.fromkeys((*self.tags, *(t for agenda in self.agenda for t in agenda.all_tags)))
        )

    def all_agenda_items(self) -> tuple[AgendaItem, ...]:
        """Agenda items and their sub-items, flattened in reading order."""
        flat: list[AgendaItem] = []
        for agenda_item in self.agenda:
            flat.append(agenda_item)
            flat.extend(agenda_item.subitems)
        return tuple(flat)


@dataclass(frozen=True, slots=True, kw_only=True)
class CaseStudy(Item):
    """A write-up of partnership working somewhere, in fixed sections."""

    organisations: tuple[str, ...] = ()
    region: str = ""
    priority_area: str = ""
    intro: Body = EMPTY_BODY
    sections: tuple[Section, ...] = ()
    contacts: tuple[Person, ...] = ()

    @property
    def kind(self) -> ItemKind:
        return ItemKind.CASE_STUDY


@dataclass(frozen=True, slots=True, kw_only=True)
class NewsItem(Item):
    """A short news story, optionally pointing at its source."""

    link: str | None = None

    @property
    def kind(self) -> ItemKind:
        return ItemKind.NEWS


AnyItem = MeetingSummary | CaseStudy | NewsItem


@dataclass(frozen=True, slots=True)
class CampaignRecord:
    """Which campaign in which mailing tool carries an issue (``[campaign]`` in issue.toml).

    ``spfcomms publish`` writes it when it creates the campaign, so publishing again
    updates that campaign, and the metrics pull matches the tool's reports by its id.
    """

    tool: str
    id: str


@dataclass(frozen=True, slots=True)
class Issue:
    """One monthly bulletin: its items in reading order."""

    id: str
    number: int
    date: date
    title: str
    intro: Body
    items: tuple[AnyItem, ...]
    source: SourceLocation
    item_names: tuple[str, ...] = field(default=())
    draft: bool = False
    """Never published while true (``draft = true`` in issue.toml)."""
    publish_at: dt.datetime | None = None
    """Held back until this moment (``publish_at``, in the workspace's time zone)."""
    campaign: CampaignRecord | None = None
    """The mailing-tool campaign made for this issue by ``spfcomms publish``."""

    @property
    def path(self) -> str:
        """The web page path relative to the site root, ending in a slash."""
        return f"issues/{self.id}/"

    def items_of(self, kind: ItemKind) -> tuple[AnyItem, ...]:
        """The items of one kind, in reading order."""
        return tuple(item for item in self.items if item.kind is kind)

    @property
    def kinds(self) -> tuple[ItemKind, ...]:
        """The kinds present, in the order the bulletin shows them."""
        return tuple(kind for kind in ItemKind if self.items_of(kind))


@dataclass(frozen=True, slots=True)
class Workspace:
    """A loaded and validated workspace: its settings, its issues (oldest first) and the
    problems that did not stop the loading."""

    config: Config
    issues: tuple[Issue, ...]
    problems: tuple[Problem, ...]

    def issue(self, issue_id: str) -> Issue:
        """The issue with this id; KeyError names the ones that exist."""
        for issue in self.issues:
            if issue.id == issue_id:
                return issue
        known = ", ".join(i.id for i in self.issues) or "none"
        raise KeyError(f"no issue '{issue_id}' (issues: {known})")
