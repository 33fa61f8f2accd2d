"""Which items go together in a feed, a snippet list or a page: the site, a kind, a topic.

Feeds, snippets and topic pages are published for the same groups ("scopes"), in the
same order: newest item first, and, among items of one date, the newer issue first and
then the issue's reading order. That order depends only on the content, so it is the
same on every build and adding an issue never reorders older items among themselves.

A topic is followed at the grain of an agenda item: when some agenda items of a
meeting summary carry the topic (their ``Topics:`` line), the topic's entries are those
agenda items, in agenda order, rather than the whole meeting. A meeting tagged with the
topic in its front matter only, and every case study and news item, is one entry.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date

from ..model.content import AgendaItem, AnyItem, Issue, ItemKind, MeetingSummary
from ..model.topics import Topic, tag_slug
from . import Site

__all__ = ["Scope", "ScopeEntry", "agenda_summary", "newest_first", "scopes", "tag_slug"]

SUMMARY_LENGTH = 240
_TAGS = re.compile(r"<[^>]+>")


def agenda_summary(agenda: AgendaItem) -> str:
    """A plain-text summary of an agenda item: the start of its text, else who presented."""
    text = " ".join(html.unescape(_TAGS.sub(" ", agenda.body.html)).split())
    if not text:
        for sub in agenda.subitems:
            text = " ".join(html.unescape(_TAGS.sub(" ", sub.body.html)).split())
            if text:
                break
    if not text:
        people = [
            p.name + (f" ({p.organisation})" if p.organisation else "") for p in agenda.presenters
        ]
        return f"Presented by {', '.join(people)}." if people else agenda.title
    if len(text) > SUMMARY_LENGTH:
        text = text[: SUMMARY_LENGTH - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return text


@dataclass(frozen=True, slots=True)
class ScopeEntry:
    """One entry of a scope: an item, or one agenda item of a meeting summary.

    It reads like an item (``kind``, ``title``, ``path``, ``date``, ``summary``), so
    templates can show either the same way.
    """

    issue: Issue
    item: AnyItem
    agenda: AgendaItem | None = None

    @property
    def kind(self) -> ItemKind:
        return self.item.kind

    @property
    def title(self) -> str:
        return self.agenda.title if self.agenda else self.item.title

    @property
    def path(self) -> str:
        """The page of the entry relative to the site root, with the agenda item's anchor."""
        return f"{self.item.path}#{self.agenda.anchor}" if self.agenda else self.item.path

    @property
    def date(self) -> date:
        return self.item.date

    @property
    def summary(self) -> str:
        return agenda_summary(self.agenda) if self.agenda else self.item.summary

    @property
    def kicker(self) -> str:
        """What the entry is: ``News``, or for an agenda item the meeting it was part of."""
        return self.item.title if self.agenda else self.item.kind.label

    @property
    def tags(self) -> tuple[str, ...]:
        return self.agenda.all_tags if self.agenda else self.item.all_tags


@dataclass(frozen=True, slots=True)
class Scope:
    """A group of items published together.

    ``slug`` is the path segment of the group: empty for the whole site, the kind's
    plural (``meeting-summaries``) for a kind, and ``tags/<tag>`` for a topic.
    """

    name: str
    """What the group is, for titles: empty for the site, else the kind label or topic name."""
    slug: str
    kind: ItemKind | None
    tag: str | None
    items: tuple[tuple[Issue, AnyItem], ...]
    topic: Topic | None = None
    entries: tuple[ScopeEntry, ...] = ()
    """What its feeds and lists carry, newest first (agenda items for a topic)."""

    @property
    def feed_dir(self) -> str:
        """Folder of this scope's feeds, relative to the site root ("" or ending in /)."""
        return f"feeds/{self.slug}/" if self.slug else ""

    @property
    def snippet_path(self) -> str:
        """This scope's list snippet, relative to the site root."""
        return f"snippets/{self.slug}.html" if self.slug else "snippets/latest.html"

    @property
    def page_path(self) -> str:
        """The topic's page relative to the site root ("" for other scopes)."""
        return f"topics/{self.topic.slug}/" if self.topic else ""


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


def topic_entries(items: tuple[tuple[Issue, AnyItem], ...], slug: str) -> tuple[ScopeEntry, ...]:
    """The entries of the topic whose tags have ``slug``: agenda items where they carry it."""
    entries: list[ScopeEntry] = []
    for issue, item in items:
        agenda: list[AgendaItem] = []
        if isinstance(item, MeetingSummary):
            agenda = [a for a in item.agenda if any(tag_slug(t) == slug for t in a.all_tags)]
        if agenda:
            entries.extend(ScopeEntry(issue, item, a) for a in agenda)
        else:
            entries.append(ScopeEntry(issue, item))
    return tuple(entries)


def topic_scopes(site: Site, everything: tuple[tuple[Issue, AnyItem], ...]) -> list[Scope]:
    """One scope per topic the content carries, by slug."""
    spellings: dict[str, set[str]] = {}
    for _, item in everything:
        for tag in item.all_tags:
            spellings.setdefault(tag_slug(tag), set()).add(tag)
    result = []
    topics = site.config.topics
    for slug in sorted(spellings):
        # Tags that differ only in case or accents share one feed.
        tags = spellings[slug]
        items = tuple(
            pair for pair in everything if any(tag_slug(t) == slug for t in pair[1].all_tags)
        )
        topic = topics.topic(min(tags))
        result.append(
            Scope(
                name=topic.name,
                slug=f"tags/{slug}",
                kind=None,
                tag=min(tags),
                items=items,
                topic=topic,
                entries=topic_entries(items, slug),
            )
        )
    return result


def scopes(site: Site, *, per_kind: bool, per_tag: bool) -> list[Scope]:
    """The site scope, then one per kind present, then one per topic (by slug)."""
    everything = newest_first(site)

    def whole(pairs: tuple[tuple[Issue, AnyItem], ...]) -> tuple[ScopeEntry, ...]:
        return tuple(ScopeEntry(issue, item) for issue, item in pairs)

    result = [
        Scope(name="", slug="", kind=None, tag=None, items=everything, entries=whole(everything))
    ]
    if per_kind:
        for kind in ItemKind:
            items = tuple(pair for pair in everything if pair[1].kind is kind)
            if items:
                result.append(
                    Scope(
                        name=kind.label,
                        slug=kind.plural_slug,
                        kind=kind,
                        tag=None,
                        items=items,
                        entries=whole(items),
                    )
                )
    if per_tag:
        result.extend(topic_scopes(site, everything))
    return result
