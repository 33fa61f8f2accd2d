"""HTML fragments that partner sites embed: latest items, latest issue, item cards.

A snippet is a fragment, not a page: no ``<html>``, no script, no style, no ids. It is
rendered from a template and then passed through nh3 with a small allow-list, so
whatever the content holds, a partner page embedding it runs nothing of ours. Class
names all start with ``spfc-`` (others are removed), URLs are absolute, and links carry
``rel="noopener noreferrer"``. The optional stylesheet ``spfcomms-snippets.css`` only
styles elements inside ``.spfc``.

Files, under ``snippets/``::

    latest.html                 the newest items of the whole site
    latest-issue.html           the newest issue and its items
    items/<slug>.html           one card per item
    <kind>.html                 the newest items of a kind (meeting-summaries, news ...)
    tags/<tag>.html             the newest items with a tag
    spfcomms-snippets.css       the optional stylesheet
"""

from __future__ import annotations

import logging

from ..output.writers import OutputTree
from . import Site
from .sanitize import clean_html
from .scopes import Scope, scopes
from .templating import render_template

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


def render_snippets(site: Site, out: OutputTree) -> None:
    """Add every snippet and the snippet stylesheet to ``out``."""
    settings = site.config.snippets
    if not settings.enabled:
        return
    base = site.config.url_for("")
    common = {"show_summary": settings.show_summary}

    def add(path: str, template: str, **context: object) -> None:
        html = render_template(site.env, template, **common, **context)
        out.add(path, sanitise_snippet(html, base))

    groups = scopes(site, per_kind=settings.per_kind, per_tag=settings.per_tag)
    for scope in groups:
        add(
            scope.snippet_path,
            "snippets/list.html",
            heading=snippet_heading(site, scope),
            items=list(scope.entries[: settings.latest]),
            feed_url=site.config.url_for(_feed_for(site, scope)),
        )
    if site.issues:
        latest = max(site.issues, key=lambda issue: (issue.date, issue.id))
        add("snippets/latest-issue.html", "snippets/issue.html", issue=latest)
    for issue in site.issues:
        for item in issue.items:
            add(f"snippets/items/{item.slug}.html", "snippets/item.html", item=item, issue=issue)
    source, _, _ = site.env.loader.get_source(site.env, STYLESHEET)  # type: ignore[union-attr]
    out.add(STYLESHEET, source)
    logger.info("rendered %d snippets", len(groups) + 1)


def sanitise_snippet(html: str, base_url: str) -> str:
    """A rendered snippet through the snippet allow-list."""
    cleaned = clean_html(
        html,
        base_url,
        tags=SNIPPET_TAGS,
        attributes=SNIPPET_ATTRIBUTES,
        class_prefix=CLASS_PREFIX,
    )
    return cleaned.strip() + "\n"


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
