"""The page for partner sites, ``partners/``: every feed and snippet, and how to use them.

It lists every feed (format, what it carries, its last update, its address), shows
every list snippet as it looks and as the exact HTML to paste (read back from the
build, so it is byte for byte what is published), lists the item cards, explains
server-side embedding, the campaign (UTM) tags in use and whom to contact. It runs
after the snippet renderer, whose files it quotes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..output.writers import OutputTree
from . import Site
from .catalogue import (
    FeedCatalogue,
    FeedLink,
    feed_description,
    feed_title,
    last_update,
    snippet_anchor,
)
from .scopes import scopes
from .snippets import PARTNERS_DIR, STYLESHEET, snippet_heading
from .templating import render_template
from .web import page_context

PAGE = "partners/"


@dataclass(frozen=True, slots=True)
class FeedRow:
    """One feed on the partners page."""

    name: str
    title: str
    carries: str
    updated: date | None
    links: list[FeedLink]


@dataclass(frozen=True, slots=True)
class SnippetRow:
    """One snippet on the partners page: its heading, address and exact HTML."""

    anchor: str
    heading: str
    path: str
    url: str
    what: str
    html: str


@dataclass(frozen=True, slots=True)
class CampaignRow:
    """Where links are tagged, and with which parameters."""

    where: str
    source: str
    medium: str
    campaign: str


def render_partners(site: Site, out: OutputTree) -> None:
    """Add ``partners/index.html`` to ``out`` (after the snippets are rendered)."""
    feeds = FeedCatalogue(site)
    limit = site.config.feed.limit
    rows = [
        FeedRow(
            name=scope.name or "Everything",
            title=feed_title(site, scope),
            carries=feed_description(site, scope),
            updated=last_update(scope, limit),
            links=feeds.links(scope),
        )
        for scope in feeds.scopes
    ]
    snippets, cards = _snippets(site, out)
    out.add(
        f"{PAGE}index.html",
        render_template(
            site.env,
            "web/partners.html",
            feeds=rows,
            feed_limit=limit,
            snippets=snippets,
            cards=cards,
            snippet_stylesheet=site.config.url_for(STYLESHEET) if STYLESHEET in out else "",
            snippet_stylesheet_here=f"../{STYLESHEET}" if STYLESHEET in out else "",
            campaigns=campaign_rows(site),
            partner_sets=partner_sets(site, out),
            contact=site.config.contact,
            **page_context(site, feeds, PAGE),
            description=(
                f"The {site.config.site.name} bulletin's feeds and snippets for partner "
                "sites, and how to use them."
            ),
        ),
    )


def _snippets(site: Site, out: OutputTree) -> tuple[list[SnippetRow], list[tuple[str, str]]]:
    settings = site.config.snippets
    if not settings.enabled:
        return [], []
    rows: list[SnippetRow] = []

    def add(path: str, heading: str, what: str) -> None:
        if path in out:
            rows.append(
                SnippetRow(
                    anchor=snippet_anchor(path),
                    heading=heading,
                    path=path,
                    url=site.config.url_for(path),
                    what=what,
                    html=out.get(path).decode("utf-8"),
                )
            )

    groups = scopes(site, per_kind=settings.per_kind, per_tag=settings.per_tag)
    add("snippets/latest-issue.html", "The latest issue", "The newest issue and its items.")
    for scope in groups:
        if scope.topic is not None:
            what = f"The newest {settings.latest} entries on {scope.topic.name}."
        elif scope.kind is not None:
            what = f"The newest {settings.latest} {scope.kind.label.lower()} items."
        else:
            what = f"The newest {settings.latest} items of every kind."
        add(scope.snippet_path, snippet_heading(site, scope), what)
    cards = [
        (item.title, site.config.url_for(f"snippets/items/{item.slug}.html"))
        for _, item in groups[0].items
        if f"snippets/items/{item.slug}.html" in out
    ]
    return rows, cards


@dataclass(frozen=True, slots=True)
class PartnerSet:
    """A partner's own copy of the list snippets (``[snippets].partners``)."""

    name: str
    tagged: bool
    files: list[tuple[str, str]]
    """(path, address) of each snippet in the set."""


def partner_sets(site: Site, out: OutputTree) -> list[PartnerSet]:
    """Every partner's own set of snippets, as the build wrote them."""
    untagged = site.config.utm.untagged_partners
    sets = []
    for name in site.config.snippets.partners:
        prefix = f"{PARTNERS_DIR}{name}/"
        files = [(p, site.config.url_for(p)) for p in out.paths if p.startswith(prefix)]
        if files:
            sets.append(PartnerSet(name, name not in untagged, files))
    return sets


def campaign_rows(site: Site) -> list[CampaignRow]:
    """The campaign tags our links carry, by where the link is (docs/feeds.md)."""
    utm = site.config.utm
    if not utm.enabled:
        return []
    email = utm.campaign.replace("{issue}", "the issue's id, such as 2023-12")
    leads_to = utm.campaign.replace("{issue}", "the id of the issue the link leads to")
    rows = [CampaignRow("the email", utm.source, utm.medium, email)]
    if utm.feed_medium:
        rows.append(CampaignRow("feed entries", utm.feed_source, utm.feed_medium, leads_to))
    if utm.snippet_medium:
        rows.append(
            CampaignRow("the shared snippets", utm.snippet_source, utm.snippet_medium, leads_to)
        )
        rows += [
            CampaignRow(f"the set of {name}", name, utm.snippet_medium, leads_to)
            for name in site.config.snippets.partners
            if name not in utm.untagged_partners
        ]
    return rows
