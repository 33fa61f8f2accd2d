"""The web output: a "view in browser" page per issue, item permalinks, the archive."""

from __future__ import annotations

import itertools

from ..model.content import Issue
from ..output.writers import OutputTree
from . import Site
from .templating import render_template

STYLESHEET = "assets/style.css"


def _root_prefix(path: str) -> str:
    # Pages link to each other relatively, so _build/ also works opened from disk.
    depth = path.count("/")
    return "../" * depth


def render_web(site: Site, out: OutputTree) -> None:
    """Add the archive, issue pages, item pages and the stylesheet to ``out``."""
    config = site.config
    issues = site.issues
    for index, issue in enumerate(issues):
        previous = issues[index - 1] if index > 0 else None
        following = issues[index + 1] if index + 1 < len(issues) else None
        out.add(
            f"{issue.path}index.html",
            render_template(
                site.env,
                "web/issue.html",
                issue=issue,
                previous=previous,
                next=following,
                root=_root_prefix(issue.path),
                canonical=config.url_for(issue.path),
                description=_first_sentence(issue),
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
                    root=_root_prefix(item.path),
                    canonical=config.url_for(item.path),
                    description=item.summary,
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
            root="",
            canonical=config.url_for(""),
            description=config.site.description,
        ),
    )
    out.add(STYLESHEET, _stylesheet(site))


def _stylesheet(site: Site) -> str:
    # Through the template loader, which prefers the workspace's templates/assets/style.css
    # and refuses one that is a link out of the workspace.
    source, _, _ = site.env.loader.get_source(site.env, STYLESHEET)  # type: ignore[union-attr]
    return source


def _first_sentence(issue: Issue) -> str:
    return "; ".join(item.title for item in issue.items)[:300]
