"""Topic pages: ``topics/`` lists every topic, ``topics/<slug>/`` one topic's entries.

A topic's page lists what its feed carries (agenda items where they carry the topic,
whole items otherwise), every one of them rather than the feed's newest, and links the
topic's feeds and snippet so a reader or a partner can follow it from there.
"""

from __future__ import annotations

from ..output.writers import OutputTree
from . import Site
from .catalogue import FeedCatalogue, snippet_anchor
from .scopes import Scope, newest_first, topic_scopes
from .templating import render_template
from .web import page_context

INDEX = "topics/"


def render_topic_pages(site: Site, out: OutputTree) -> None:
    """Add the topics index and one page per topic to ``out``."""
    feeds = FeedCatalogue(site)
    topics = topic_scopes(site, newest_first(site))
    newest = {scope.slug: scope.entries[0] for scope in topics if scope.entries}
    out.add(
        f"{INDEX}index.html",
        render_template(
            site.env,
            "web/topics.html",
            topics=topics,
            newest=newest,
            feed_links=lambda scope: _feed_links(feeds, scope),
            **page_context(site, feeds, INDEX),
            description=f"Every topic of the {site.config.site.name} bulletin, with its feeds.",
        ),
    )
    for scope in topics:
        context = page_context(site, feeds, scope.page_path)
        published = feeds.topic(scope.tag or "")
        if published is not None:
            context["alternates"] = feeds.alternates([feeds.everything, published])
        out.add(
            f"{scope.page_path}index.html",
            render_template(
                site.env,
                "web/topic.html",
                scope=scope,
                topic=scope.topic,
                feed_links=_feed_links(feeds, scope),
                snippet=_snippet_path(site, scope),
                snippet_anchor=snippet_anchor(_snippet_path(site, scope)),
                **context,
                description=_description(site, scope),
            ),
        )


def _feed_links(feeds: FeedCatalogue, scope: Scope) -> list[object]:
    published = feeds.topic(scope.tag or "")
    return list(feeds.links(published)) if published is not None else []


def _snippet_path(site: Site, scope: Scope) -> str:
    settings = site.config.snippets
    return scope.snippet_path if settings.enabled and settings.per_tag else ""


def _description(site: Site, scope: Scope) -> str:
    assert scope.topic is not None
    return scope.topic.description or (
        f"What the {site.config.site.name} bulletin has published on {scope.topic.name}."
    )
