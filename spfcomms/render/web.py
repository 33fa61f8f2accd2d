"""The web output: a "view in browser" page per issue, item permalinks, the archive.

Every page links the feeds that match it (``<link rel="alternate">``: the site's, and
for an item its kind's and its topics'); issue and item pages carry sharing tags
(OpenGraph, Twitter card) and a print stylesheet. The stylesheets are templates, so a
workspace changes the colours by overriding ``theme/colours.j2`` alone.
"""

from __future__ import annotations

import html
import itertools
import re
from datetime import date
from typing import Any

from ..model.content import AnyItem, Issue
from ..model.paths import read_asset
from ..output.writers import OutputTree
from . import Site
from .catalogue import FeedCatalogue
from .templating import render_template

STYLESHEET = "assets/style.css"
PRINT_STYLESHEET = "assets/print.css"
DESCRIPTION_LENGTH = 200
_TAGS = re.compile(r"<[^>]+>")


def root_prefix(path: str) -> str:
    """From a page at ``path`` back to the site root: pages link to each other
    relatively, so ``_build/`` also works opened from disk."""
    return "../" * path.count("/")


def render_web(site: Site, out: OutputTree) -> None:
    """Add the archive, issue pages, item pages, the stylesheets and the logo to ``out``."""
    config = site.config
    feeds = FeedCatalogue(site)
    issues = site.issues
    for index, issue in enumerate(issues):
        previous = issues[index - 1] if index > 0 else None
        following = issues[index + 1] if index + 1 < len(issues) else None
        description = issue_description(issue)
        out.add(
            f"{issue.path}index.html",
            render_template(
                site.env,
                "web/issue.html",
                issue=issue,
                previous=previous,
                next=following,
                root=root_prefix(issue.path),
                canonical=config.url_for(issue.path),
                description=description,
                alternates=feeds.alternates(feeds.for_kinds(issue.kinds)),
                print_stylesheet=True,
                sharing=sharing(site, issue.title, description, issue.date, None, ()),
            ),
        )
        for item in issue.items:
            out.add(
                f"{item.path}index.html",
                render_template(
                    site.env,
                    "web/item.html",
                    item=item,
                    issue=issue,
                    root=root_prefix(item.path),
                    canonical=config.url_for(item.path),
                    description=item.summary,
                    alternates=feeds.alternates(feeds.for_item(item)),
                    print_stylesheet=True,
                    sharing=item_sharing(site, item),
                ),
            )
    newest_first = sorted(issues, key=lambda i: (i.date, i.id), reverse=True)
    years = [
        (year, list(group))
        for year, group in itertools.groupby(newest_first, key=lambda i: i.date.year)
    ]
    out.add(
        "index.html",
        render_template(
            site.env,
            "web/archive.html",
            years=years,
            **page_context(site, feeds, ""),
            description=config.site.description,
        ),
    )
    for stylesheet in (STYLESHEET, PRINT_STYLESHEET):
        out.add(stylesheet, render_template(site.env, stylesheet))
    # A logo that cannot be published (missing, a link out of the workspace, too big)
    # is a content error reported by the rules (checks/assets.py); it is never read.
    logo = read_asset(config.logo_file, config.symlink_roots) if config.logo_file else None
    if logo is not None:
        out.add(config.logo_asset, logo)


def page_context(site: Site, feeds: FeedCatalogue, path: str) -> dict[str, Any]:
    """What every page template needs besides its own content: the way back to the
    root, the canonical address, the site feed for autodiscovery, no sharing tags."""
    return {
        "root": root_prefix(path),
        "canonical": site.config.url_for(path),
        "alternates": feeds.alternates([feeds.everything]),
        "print_stylesheet": False,
        "sharing": None,
    }


def sharing(
    site: Site,
    title: str,
    description: str,
    published: date,
    modified: date | None,
    topic_names: tuple[str, ...] | list[str],
) -> dict[str, Any]:
    """The OpenGraph and Twitter card values of an issue or item page."""
    return {
        "type": "article",
        "title": title,
        "description": description,
        "image": site.config.logo_url,
        "published": published.isoformat(),
        "modified": modified.isoformat() if modified else "",
        "topics": list(topic_names),
    }


def item_sharing(site: Site, item: AnyItem) -> dict[str, Any]:
    """The sharing tags of an item page: its summary, dates and topic names."""
    names = site.config.topics.names(item.all_tags)
    return sharing(site, item.title, item.summary, item.date, item.updated, names)


def issue_description(issue: Issue) -> str:
    """An issue in a sentence or two: the start of its introduction, else its items."""
    text = " ".join(html.unescape(_TAGS.sub(" ", issue.intro.html)).split())
    if not text:
        text = "; ".join(item.title for item in issue.items)
    if len(text) > DESCRIPTION_LENGTH:
        text = text[: DESCRIPTION_LENGTH - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return text
