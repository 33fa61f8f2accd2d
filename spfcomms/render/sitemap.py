"""``sitemap.xml`` (https://www.sitemaps.org/protocol.html) and ``robots.txt``.

The sitemap lists every page the build publishes (each ``index.html``, by its
canonical address ending in ``/``), read from the output tree, so it runs last; emails
and snippets are not pages, and a page of an issue, item or topic the site does not
publish (a draft shown in a preview) is left out. Each page's ``lastmod`` is a content
date (an item's correction date or date, an issue's newest item, a topic's newest
entry; the newest content date for the pages about everything), never the clock, so
the file is the same on every build.

``robots.txt`` names the sitemap. Crawlers read it only at the root of a host: when
``[site].base_url`` has a path, copy its ``Sitemap:`` line into the host's own.
"""

from __future__ import annotations

from datetime import date
from xml.sax.saxutils import escape

from ..output.writers import OutputTree
from . import Site
from .scopes import newest_first, topic_scopes

SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
PAGE = "index.html"
CONTENT_FOLDERS = ("issues/", "items/", "topics/")
"""Folders whose subfolders' pages each show one issue, item or topic."""


def page_dates(site: Site) -> dict[str, date]:
    """The content date of each page whose date is its own, by folder (``items/x/``)."""
    dates: dict[str, date] = {}
    for issue in site.issues:
        item_dates = [max(item.date, item.updated or item.date) for item in issue.items]
        dates[issue.path] = max([issue.date, *item_dates])
        for item in issue.items:
            dates[item.path] = max(item.date, item.updated or item.date)
    for scope in topic_scopes(site, newest_first(site)):
        dates[scope.page_path] = max(dates[item.path] for _, item in scope.items)
    return dates


def render_sitemap(site: Site, out: OutputTree) -> None:
    """Add ``sitemap.xml`` (every page built so far) and ``robots.txt`` to ``out``."""
    config = site.config
    dates = page_dates(site)
    newest = max(dates.values(), default=None)
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<urlset xmlns="{NAMESPACE}">']
    for path in out.paths:
        if path != PAGE and not path.endswith("/" + PAGE):
            continue
        folder = path.removesuffix(PAGE)
        if folder.startswith(CONTENT_FOLDERS) and folder.count("/") > 1 and folder not in dates:
            # A page of content this site does not publish (a preview of a draft).
            continue
        lastmod = dates.get(folder, newest)
        lines.append("  <url>")
        lines.append(f"    <loc>{escape(config.url_for(folder))}</loc>")
        if lastmod is not None:
            lines.append(f"    <lastmod>{lastmod.isoformat()}</lastmod>")
        lines.append("  </url>")
    lines.append("</urlset>")
    out.add(SITEMAP, "\n".join(lines) + "\n")
    out.add(ROBOTS, f"User-agent: *\nAllow: /\n\nSitemap: {config.url_for(SITEMAP)}\n")
