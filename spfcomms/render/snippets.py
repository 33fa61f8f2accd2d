"""HTML fragments that partner sites embed: latest items, latest issue, item cards.

A snippet is a fragment, not a page: no ``<html>``, no script, no style, no ids. It is
rendered from a template and then passed through nh3 with a small allow-list, so
whatever the content holds, a partner page embedding it runs nothing of ours. Class
names all start with ``spfc-`` (others are removed) and URLs are absolute. The optional
stylesheet ``spfcomms-snippets.css`` only styles elements inside ``.spfc``.

The cascade through partner sites is measurable: links to our own site carry
``utm_medium=snippet`` and ``utm_source`` (``[utm].snippet_source`` in the shared
snippets, the partner's name in its own set), with the campaign of the issue they lead
to; they have ``rel="noopener"`` without ``noreferrer``, so our analytics see the
partner page a reader came from. Links elsewhere keep ``rel="noopener noreferrer"``.

Files, under ``snippets/``::

    latest.html                 the newest items of the whole site
    latest-issue.html           the newest issue and its items
    items/<slug>.html           one card per item
    <kind>.html                 the newest items of a kind (meeting-summaries, news ...)
    tags/<tag>.html             the newest items with a tag
    partners/<name>/...         a partner's own copy of the list snippets and latest issue
                                ([snippets].partners), its links tagged with its name
    spfcomms-snippets.css       the optional stylesheet
"""

from __future__ import annotations

import html as html_text
import logging
import re
from collections.abc import Callable

from ..output.writers import OutputTree
from . import Site
from .sanitize import clean_html
from .scopes import Scope, scopes
from .templating import render_template
from .utm import UtmTagger, cascade_tagger

logger = logging.getLogger(__name__)

CLASS_PREFIX = "spfc"
STYLESHEET = "snippets/spfcomms-snippets.css"
SNIPPET_TAGS = frozenset({"section", "article", "h2", "h3", "p", "a", "ul", "li", "time", "span"})
SNIPPET_ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href"},
    "time": {"datetime"},
    "section": {"aria-label"},
    "*": {"lang"},
}


PARTNERS_DIR = "snippets/partners/"
FEED_SUFFIXES = (".xml", ".json", ".atom", ".rss")
_ANCHOR = re.compile(r"<a\b([^>]*)>")
_HREF = re.compile(r'\bhref="([^"]*)"')


def render_snippets(site: Site, out: OutputTree) -> None:
    """Add every snippet and the snippet stylesheet to ``out``."""
    settings = site.config.snippets
    if not settings.enabled:
        return
    utm = site.config.utm
    groups = scopes(site, per_kind=settings.per_kind, per_tag=settings.per_tag)
    shared = _Renderer(site, utm.snippet_source, tagged=True)
    # A partner's own set: the list snippets and the latest issue, with its name.
    sets = [("snippets/", shared)] + [
        (f"{PARTNERS_DIR}{name}/", _Renderer(site, name, tagged=name not in utm.untagged_partners))
        for name in settings.partners
    ]
    for prefix, renderer in sets:
        for scope in groups:
            renderer.add(
                out,
                prefix + scope.snippet_path.removeprefix("snippets/"),
                "snippets/list.html",
                heading=snippet_heading(site, scope),
                items=list(scope.entries[: settings.latest]),
                feed_url=site.config.url_for(_feed_for(site, scope)),
            )
        if site.issues:
            latest = max(site.issues, key=lambda issue: (issue.date, issue.id))
            renderer.add(out, prefix + "latest-issue.html", "snippets/issue.html", issue=latest)
    for issue in site.issues:
        for item in issue.items:
            shared.add(
                out,
                f"snippets/items/{item.slug}.html",
                "snippets/item.html",
                item=item,
                issue=issue,
            )
    source, _, _ = site.env.loader.get_source(site.env, STYLESHEET)  # type: ignore[union-attr]
    out.add(STYLESHEET, source)
    logger.info("rendered %d snippets", len(groups) + 1)


class _Renderer:
    """Renders snippets whose own links say where they were shown (``utm_source``)."""

    def __init__(self, site: Site, source: str, *, tagged: bool) -> None:
        self.site = site
        config = site.config
        self.base = config.url_for("")
        self.tagger = cascade_tagger(
            config, "", medium=config.utm.snippet_medium if tagged else "", source=source
        )
        self.own = (self.tagger or UtmTagger.for_issue(config, "")).is_own
        # The campaign of a link is the issue it leads to (a list spans several issues).
        self.issue_of: dict[str, str] = {}
        for issue in site.issues:
            self.issue_of[config.url_for(issue.path)] = issue.id
            for item in issue.items:
                self.issue_of[config.url_for(item.path)] = issue.id

    def add(self, out: OutputTree, path: str, template: str, **context: object) -> None:
        common = {"show_summary": self.site.config.snippets.show_summary}
        html = render_template(self.site.env, template, **common, **context)
        if self.tagger is not None:
            html = self.tagger.tag_html(html, campaign_for=self.campaign)
        out.add(path, sanitise_snippet(html, self.base, own=self.own))

    def campaign(self, url: str) -> str | None:
        """The campaign of the issue a link leads to; None for a feed, whose address a
        reader subscribes to and should stay the same everywhere."""
        page = url.partition("#")[0]
        if page.endswith(FEED_SUFFIXES):
            return None
        issue_id = self.issue_of.get(page, "")
        return self.site.config.utm.campaign.replace("{issue}", issue_id) if issue_id else ""


def sanitise_snippet(html: str, base_url: str, *, own: Callable[[str], bool] | None = None) -> str:
    """A rendered snippet through the snippet allow-list. Links to our own site (``own``)
    get ``rel="noopener"``, every other link ``rel="noopener noreferrer"``."""
    cleaned = clean_html(
        html,
        base_url,
        tags=SNIPPET_TAGS,
        attributes=SNIPPET_ATTRIBUTES,
        class_prefix=CLASS_PREFIX,
        link_rel=None,
    )

    def rel(match: re.Match[str]) -> str:
        href = _HREF.search(match.group(1))
        ours = own is not None and href is not None and own(html_text.unescape(href.group(1)))
        return f'<a{match.group(1)} rel="{"noopener" if ours else "noopener noreferrer"}">'

    return _ANCHOR.sub(rel, cleaned).strip() + "\n"


def snippet_heading(site: Site, scope: Scope) -> str:
    """The heading of a scope's list snippet, with the topic's name for a topic."""
    name = site.config.site.display_short_name
    if scope.kind is not None:
        return f"{scope.kind.label} from the {name} bulletin"
    if scope.topic is not None:
        return f"{name} bulletin: {scope.topic.name}"
    return f"Latest from the {name} bulletin"


def _feed_for(site: Site, scope: Scope) -> str:
    # Link to the matching feed only when it is published.
    if (scope.kind is not None and not site.config.feed.per_kind) or (
        scope.tag is not None and not site.config.feed.per_tag
    ):
        return "feed.xml"
    return f"{scope.feed_dir}feed.xml"
