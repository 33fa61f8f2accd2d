"""The whole site in memory: every renderer, in order, over a loaded workspace.

``render_site`` renders what is published. ``render_preview`` renders the same tree,
except that the renderers in ``PREVIEW_RENDERERS`` (the web pages, the topic pages and
the emails) also show what is held back (drafts, embargoed issues and items), each under
a banner. Every other renderer, the feeds, snippets and partners page that partner
sites poll, embed and read, the sitemap for crawlers, and any output added later,
always gets the published workspace only, preview or not: the sitemap of a preview
leaves out the pages of held-back content.
"""

from __future__ import annotations

from collections.abc import Callable

from ..model.content import AnyItem, Issue, Workspace
from ..model.release import Release
from ..output.ownership import OutputKind
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
PREVIEW_RENDERERS: frozenset[Renderer] = frozenset({render_web, render_topic_pages, render_emails})
"""The renderers whose preview shows held-back content, with a banner: the pages people
read and the emails. What partner sites and crawlers take (feeds, snippets, the partners
page that quotes them, the sitemap) stays as published."""


def make_site(
    workspace: Workspace, *, banner: Callable[[Issue | AnyItem], str] | None = None
) -> Site:
    """What every renderer reads: the workspace's settings and issues, and the templates.

    ``banner`` gives the preview banner of an issue or item (templates call
    ``banner(issue)``); without it every banner is empty.
    """
    env = make_environment(workspace.config)
    if banner is not None:
        env.globals["banner"] = banner
    return Site(config=workspace.config, issues=workspace.issues, env=env)


def render_site(workspace: Workspace) -> OutputTree:
    """Run every renderer over the workspace, in memory."""
    site = make_site(workspace)
    out = OutputTree()
    for renderer in RENDERERS:
        renderer(site, out)
    return out


def render_preview(release: Release) -> OutputTree:
    """The published tree, with held-back content shown in the pages and emails."""
    published = make_site(release.published)
    shown = make_site(release.everything, banner=release.banner)
    # A preview folder is never taken for a published one (claim_output_folder).
    out = OutputTree(OutputKind.PREVIEW)
    for renderer in RENDERERS:
        renderer(shown if renderer in PREVIEW_RENDERERS else published, out)
    return out
