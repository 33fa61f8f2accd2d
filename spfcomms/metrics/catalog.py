"""What the store needs to know about the workspace: issues, items, their URLs.

Imports map every figure to *our* content: a clicked link to the item (and agenda item)
it appears in, a page path to the issue or item page, a campaign to its issue.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from urllib.parse import parse_qsl, urlsplit

from ..model.config import Config
from ..model.content import AnyItem, CaseStudy, Issue, Link, MeetingSummary, NewsItem, Workspace
from ..model.exceptions import MetricsError
from .urls import match_key, page_key


@dataclass(frozen=True, slots=True)
class LinkPlace:
    """Where a link lives in our content: its issue, item and agenda item or section.

    (``checks.linkextract.LinkTarget`` is a URL to check with the places it appears.)"""

    issue_id: str
    item_id: str | None
    anchor: str | None


@dataclass(slots=True)
class Catalog:
    """Issues, items and URL indexes of one workspace."""

    config: Config
    issues: dict[str, Issue]
    item_issue: dict[str, str] = field(default_factory=dict)
    items: dict[str, AnyItem] = field(default_factory=dict)
    links: dict[str, list[LinkPlace]] = field(default_factory=dict)
    pages: dict[str, tuple[str, str]] = field(default_factory=dict)

    @classmethod
    def from_workspace(cls, workspace: Workspace) -> Catalog:
        """Index a loaded workspace."""
        config = workspace.config
        catalog = cls(config, {issue.id: issue for issue in workspace.issues})
        for issue in workspace.issues:
            catalog._add_link(config.url_for(issue.path), LinkPlace(issue.id, None, None))
            catalog.pages[page_key(config.url_for(issue.path))] = ("issue", issue.id)
            for item in issue.items:
                catalog.items[item.id] = item
                catalog.item_issue[item.id] = issue.id
                permalink = config.url_for(item.path)
                catalog._add_link(permalink, LinkPlace(issue.id, item.id, None))
                catalog.pages[page_key(permalink)] = ("item", item.id)
                for link, anchor in _links_with_anchor(item):
                    catalog._add_link(link.url, LinkPlace(issue.id, item.id, anchor))
        return catalog

    def _add_link(self, url: str, target: LinkPlace) -> None:
        key, _fragment = match_key(url)
        targets = self.links.setdefault(key, [])
        if target not in targets:
            targets.append(target)

    @property
    def base_path(self) -> str:
        """The path of the site root (``/bulletin/``)."""
        path = urlsplit(self.config.site.base_url).path or "/"
        return path if path.endswith("/") else path + "/"

    def issue_ids(self) -> list[str]:
        """Every issue id, oldest first."""
        return sorted(self.issues)

    def describe_issues(self) -> str:
        """``2023-06 "June 2023: ...", 2023-12 "..."`` for error messages."""
        return "; ".join(f'{i} "{self.issues[i].title}"' for i in self.issue_ids()) or "none"

    def require_issue(self, issue_id: str) -> str:
        """``issue_id`` if the workspace has it, else an error listing the issues."""
        if issue_id not in self.issues:
            raise MetricsError(
                f"no issue '{issue_id}' in the workspace (issues: {self.describe_issues()})"
            )
        return issue_id

    def locate_link(self, url: str, issue_id: str | None) -> LinkPlace | None:
        """The item a clicked URL belongs to, preferring the given issue's items.

        A link to one of our pages with a fragment (``items/x/#agenda-item``) keeps the
        fragment as the anchor."""
        key, fragment = match_key(url)
        targets = self.links.get(key, [])
        if issue_id is not None:
            preferred = [t for t in targets if t.issue_id == issue_id]
            targets = preferred or targets
        if not targets:
            return None
        target = targets[0]
        if target.anchor is None and fragment and target.item_id is not None:
            target = LinkPlace(target.issue_id, target.item_id, fragment)
        return target

    def locate_page(self, path_or_url: str) -> tuple[str, str] | None:
        """``("issue", id)`` or ``("item", id)`` for a page path, or None."""
        return self.pages.get(page_key(path_or_url))

    def issue_of_item(self, item_id: str) -> str | None:
        return self.item_issue.get(item_id)

    def match_campaign(
        self, *, title: str, subject: str, sent: datetime | None, forced: str | None, where: str
    ) -> str:
        """The issue a campaign report belongs to.

        In order: ``forced`` (``--issue``); an issue id written in the title or subject;
        the issue title found in the subject or campaign title; the send date (the
        issue whose month it is, or published up to 14 days before). Otherwise an
        error listing the issues, so the user can say ``--issue``."""
        if forced:
            return self.require_issue(forced)
        texts = [t for t in (title, subject) if t]
        for text in texts:
            for issue_id in self.issue_ids():
                if re.search(rf"(?<!\d){re.escape(issue_id)}(?!\d)", text):
                    return issue_id
        for text in texts:
            wanted = _normal(text)
            for issue_id in self.issue_ids():
                name = _normal(self.issues[issue_id].title)
                if name and (name in wanted or wanted in name):
                    return issue_id
        if sent is not None:
            day = sent.astimezone(self.config.tz).date()
            month = f"{day.year:04d}-{day.month:02d}"
            if month in self.issues:
                return month
            near = [
                i
                for i in self.issue_ids()
                if timedelta(0) <= day - self.issues[i].date <= timedelta(days=14)
            ]
            if near:
                return near[-1]
        said = ", ".join(f"'{t}'" for t in texts) or "(no title)"
        when = f" sent {sent:%Y-%m-%d}" if sent else ""
        raise MetricsError(
            f"{where}: cannot tell which issue the campaign {said}{when} belongs to; "
            f"give --issue (issues: {self.describe_issues()})"
        )

    def issue_from_urls(self, urls: Iterable[str]) -> str | None:
        """The issue named by ``utm_campaign`` in our own links, when they all agree."""
        pattern = re.escape(self.config.utm.campaign).replace(re.escape("{issue}"), "(.+)")
        found: set[str] = set()
        for url in urls:
            for name, value in parse_qsl(urlsplit(url).query):
                if name.lower() != "utm_campaign":
                    continue
                match = re.fullmatch(pattern, value)
                if match and match.group(1) in self.issues:
                    found.add(match.group(1))
        return found.pop() if len(found) == 1 else None

    def window(self, issue_id: str) -> tuple[date, date]:
        """The days an issue is "current": from its date to the next issue's (exclusive),
        or 31 days for the newest."""
        ordered = sorted(self.issues.values(), key=lambda i: (i.date, i.id))
        for index, issue in enumerate(ordered):
            if issue.id == issue_id:
                end = (
                    ordered[index + 1].date
                    if index + 1 < len(ordered)
                    else issue.date + timedelta(days=31)
                )
                return issue.date, end
        raise KeyError(issue_id)


def _normal(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(re.findall(r"[a-z0-9]+", ascii_text.lower()))


def _links_with_anchor(item: AnyItem) -> list[tuple[Link, str | None]]:
    """Every link of an item with the anchor of the agenda item or section holding it;
    links in the opening or the introduction have none."""
    found: list[tuple[Link, str | None]] = []
    if isinstance(item, MeetingSummary):
        found.extend((link, None) for link in item.opening.links)
        for agenda_item in item.all_agenda_items():
            found.extend((link, agenda_item.anchor) for link in agenda_item.body.links)
    elif isinstance(item, CaseStudy):
        found.extend((link, None) for link in item.intro.links)
        for section in item.sections:
            found.extend((link, section.anchor) for link in section.body.links)
    seen = {link.url for link, _ in found}
    found.extend((link, None) for link in item.body.links if link.url not in seen)
    if isinstance(item, NewsItem) and item.link:
        found.append((Link(item.link, item.title, item.source), None))
    return found
