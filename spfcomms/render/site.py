"""The whole site in memory: every renderer, in order, over a loaded workspace."""

from __future__ import annotations

from ..model.content import Workspace
from ..output.writers import OutputTree
from . import Renderer, Site
from .email import render_emails
from .feeds import render_feeds
from .snippets import render_snippets
from .templating import make_environment
from .web import render_web

# The output formats, in the order they are rendered.
RENDERERS: tuple[Renderer, ...] = (render_web, render_feeds, render_snippets, render_emails)


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
