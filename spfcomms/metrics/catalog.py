"""What the store needs to know about the workspace: issues, items, their URLs.

Imports map every figure to *our* content: a clicked link to the item (and agenda item)
it appears in, a page path to the issue or item page, a campaign to its issue.
"""

from __future__ import annotations

import re
import unicodedata
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from urllib.parse import parse_qsl, urlsplit
from zoneinfo import ZoneInfo

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
    """Issues, items and URL indexes of one workspace.

    Indexing a large workspace takes a while: a command that imports several files
    makes one catalogue and uses it for all of them."""

    config: Config
    issues: dict[str, Issue]
    item_issue: dict[str, str] = field(default_factory=dict)
    items: dict[str, AnyItem] = field(default_factory=dict)
    links: dict[str, list[LinkPlace]] = field(default_factory=dict)
    """Places of each URL (by ``match_key``), each once, in the order first met."""
    pages: dict[str, tuple[str, str]] = field(default_factory=dict)
    campaigns: dict[tuple[str, str], str] = field(default_factory=dict)
    """(tool, campaign id) -> issue id, from the ``[campaign]`` tables ``publish`` wrote."""
    written_to: weakref.WeakSet[object] = field(
        default_factory=weakref.WeakSet, init=False, repr=False, compare=False
    )
    """The metrics stores a committed import wrote these issues and items to. Nothing
    deletes them from a store, so the next file of the same command need not write
    them again."""
    _placed: set[tuple[str, LinkPlace]] = field(
        default_factory=set, init=False, repr=False, compare=False
    )

    @classmethod
    def from_workspace(cls, workspace: Workspace) -> Catalog:
        """Index a loaded workspace."""
        config = workspace.config
        catalog = cls(config, {issue.id: issue for issue in workspace.issues})
        for issue in workspace.issues:
            if issue.campaign is not None:
                catalog.campaigns[(issue.campaign.tool, issue.campaign.id)] = issue.id
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
        # A set beside the lists: a link found in every issue (the SPF's own pages) has
        # thousands of places, and searching its list for each new one was quadratic.
        if (key, target) not in self._placed:
            self._placed.add((key, target))
            self.links.setdefault(key, []).append(target)

    @property
    def mailchimp_tz(self) -> tzinfo:
        """The zone Mailchimp's CSV exports write times in: ``[metrics].mailchimp_timezone``
        or the site's."""
        zone = self.config.metrics.mailchimp_timezone
        return ZoneInfo(zone) if zone else self.config.tz

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

    def page_path(self, kind: str, ident: str) -> str:
        """The URL path of an issue or item page, as ``page_key`` writes it."""
        path = self.issues[ident].path if kind == "issue" else self.items[ident].path
        return page_key(self.base_path + path)

    def issue_of_item(self, item_id: str) -> str | None:
        return self.item_issue.get(item_id)

    def match_campaign(
        self, *, title: str, subject: str, sent: datetime | None, forced: str | None, where: str
    ) -> str:
        """The issue a campaign report belongs to (``find_campaign_issue``), or an error
        listing the issues, so the user can say ``--issue``."""
        if forced:
            return self.require_issue(forced)
        found = self.find_campaign_issue(title=title, subject=subject, sent=sent)
        if found is not None:
            return found
        campaign = describe_campaign(title, subject, sent)
        raise MetricsError(
            f"{where}: cannot tell which issue the campaign {campaign} belongs to; "
            f"give --issue (issues: {self.describe_issues()})"
        )

    def find_campaign_issue(self, *, title: str, subject: str, sent: datetime | None) -> str | None:
        """The issue a campaign's title or subject names and its send date fits, or None.

        A campaign names an issue by its id (``2023-06``), its number (``issue 47``,
        ``#47``), its title (either one containing the other) or its month
        (``June 2023``). When the send time is known it must fall between 14 days before
        the issue's date and the next issue's date (31 days after, for the newest), so
        a campaign that names no issue (a test send, another newsletter) is never taken
        for the bulletin just because it went out the same month."""
        texts = [t for t in (title, subject) if t]
        for evidence in (self._by_id, self._by_number, self._by_title, self._by_month):
            named = [i for i in self.issue_ids() if any(evidence(i, t) for t in texts)]
            fitting = [i for i in named if sent is None or self._sent_in_window(i, sent)]
            if fitting:
                return fitting[-1] if sent is None else self._nearest(fitting, sent)
        return None

    def _by_id(self, issue_id: str, text: str) -> bool:
        return re.search(rf"(?<!\d){re.escape(issue_id)}(?!\d)", text) is not None

    def _by_number(self, issue_id: str, text: str) -> bool:
        number = self.issues[issue_id].number
        pattern = rf"(?:\bissue\s*(?:no\.?\s*)?|#|\bno\.\s*){number}(?!\d)"
        return re.search(pattern, text, re.IGNORECASE) is not None

    def _by_title(self, issue_id: str, text: str) -> bool:
        name, wanted = _normal(self.issues[issue_id].title), _normal(text)
        # A short subject ("News") would be found in many titles: only a long one counts.
        return bool(name and wanted) and (name in wanted or (len(wanted) >= 12 and wanted in name))

    def _by_month(self, issue_id: str, text: str) -> bool:
        day = self.issues[issue_id].date
        words = _normal(text).split()
        year = str(day.year)
        names = {day.strftime("%B").lower(), day.strftime("%b").lower()}
        return any(words[i] in names and words[i + 1] == year for i in range(len(words) - 1))

    def _sent_in_window(self, issue_id: str, sent: datetime) -> bool:
        start, end = self.window(issue_id)
        day = sent.astimezone(self.config.tz).date()
        return start - timedelta(days=14) <= day < end

    def _nearest(self, issue_ids: list[str], sent: datetime) -> str:
        day = sent.astimezone(self.config.tz).date()
        return min(issue_ids, key=lambda i: (abs((day - self.issues[i].date).days), i))

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


def describe_campaign(title: str, subject: str, sent: datetime | None) -> str:
    """``'Layout test', 'Test send' sent 2023-06-27`` for messages."""
    said = ", ".join(f"'{t}'" for t in (title, subject) if t) or "(no title)"
    return said + (f" sent {sent:%Y-%m-%d}" if sent else "")


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
