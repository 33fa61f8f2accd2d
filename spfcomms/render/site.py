"""The whole site in memory: every renderer, in order, over a loaded workspace."""

from __future__ import annotations

from ..model.content import Workspace
from ..output.writers import OutputTree
from . import Renderer, Site
from .email import render_emails
from .feeds import render_feeds
from .partners import render_partners
from .sitemap import render_sitemap
from .snippets import render_snippets
from .templating import make_environment
from .topic_pages import render_topic_pages
from .web import render_web

# The output formats, in the order they are rendered: the partners page quotes the
# snippets, and the sitemap lists every page rendered before it.
RENDERERS: tuple[Renderer, ...] = (
    render_web,
    render_topic_pages,
    render_feeds,
    render_snippets,
    render_partners,
    render_emails,
    render_sitemap,
)


def make_site(workspace: Workspace) -> Site:
    """What every renderer reads: the workspace's settings and issues, and the templates."""
    return Site(
        config=workspace.config,
        issues=workspace.issues,
        env=make_environment(workspace.config),
    )


def render_site(workspace: Workspace) -> OutputTree:
    """Run every renderer over the workspace, in memory."""
    site = make_site(workspace)
    out = OutputTree()
    for renderer in RENDERERS:
        renderer(site, out)
    return out
