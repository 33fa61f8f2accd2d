"""Finding every link of a workspace: in the content model and in the built outputs.

Links are resolved to absolute URLs (relative ones against the page that holds them and
``[site].base_url``) and normalised, so the same address written twice, or once with
campaign tags, is checked once. Each link keeps every place it appears: the Markdown
file and line for links written in the content, the output file and line for links a
template added.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from bs4 import BeautifulSoup
from bs4.element import Tag

from ..model.content import CaseStudy, Issue, Link, NewsItem
from ..model.problems import SourceLocation
from ..output.writers import OutputTree

_DEFAULT_PORTS = {"http": "80", "https": "443"}
# Attributes that hold a followable URL, per element.
_URL_ATTRIBUTES = (("a", "href"), ("area", "href"), ("img", "src"), ("link", "href"))
_SKIPPED_REL = frozenset({"preconnect", "dns-prefetch"})
_XML_URL = re.compile(
    r"""(?:href|src)=(?:"|&quot;|')(?P<attr>[^"'<>&]*(?:&amp;[^"'<>&]*)*)"""
    r"""|<(?P<tag>link|url|uri|icon|logo)>(?P<text>[^<]+)</(?P=tag)>"""
)
_JSON_URL_KEYS = frozenset(
    {
        "url",
        "external_url",
        "home_page_url",
        "feed_url",
        "image",
        "banner_image",
        "icon",
        "favicon",
        "avatar",
    }
)
_JSON_HTML_KEYS = frozenset({"content_html"})


@lru_cache(maxsize=64)
def parse_html(markup: str) -> BeautifulSoup:
    """A parse tree with source lines (``html.parser``), shared by every check of a page.

    Callers must not modify it.
    """
    return BeautifulSoup(markup, "html.parser")


class LinkTarget(NamedTuple):
    """One distinct URL to check and every place it appears."""

    uri: str
    locations: tuple[SourceLocation, ...]


def normalise_url(url: str) -> str:
    """A canonical spelling: lower-case scheme and host, no default port, no utm_ tags."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        # Malformed (a bad port, an unclosed IPv6 bracket): the content rules report it;
        # keep it as written so the checker reports it broken rather than crash.
        return url
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        return f"{scheme}:{url.split(':', 1)[1]}" if scheme else url
    host = (parts.hostname or "").lower()
    if port is not None and str(port) != _DEFAULT_PORTS[scheme]:
        host = f"{host}:{port}"
    if parts.username:
        host = f"{parts.username}@{host}"
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith("utm_")
    ]
    return urlunsplit((scheme, host, parts.path or "/", urlencode(query), parts.fragment))


def relative_location(location: SourceLocation, root: Path) -> SourceLocation:
    """The location with its path relative to the workspace root, when it is inside."""
    return location.relative_to(root)


def content_links(issues: tuple[Issue, ...] | list[Issue], root: Path) -> Iterator[Link]:
    """Every link and image written in the content, located relative to ``root``."""
    for issue in issues:
        for link in issue.intro.links:
            yield _relocated(link, root)
        for item in issue.items:
            for link in (*item.body.links, *item.body.images):
                yield _relocated(link, root)
            if isinstance(item, NewsItem) and item.link:
                yield Link(item.link, item.title, relative_location(item.source, root))
            if isinstance(item, CaseStudy):
                for contact in item.contacts:
                    if contact.email:
                        where = relative_location(item.source, root)
                        yield Link(f"mailto:{contact.email}", contact.name, where)


def _relocated(link: Link, root: Path) -> Link:
    return Link(link.url, link.text, relative_location(link.source, root))


def html_links(
    markup: str, location: SourceLocation, *, base: str = ""
) -> Iterator[tuple[str, SourceLocation]]:
    """URLs in an HTML document or fragment, with their lines; ``base`` resolves relative ones."""
    soup = parse_html(markup)
    for name, attribute in _URL_ATTRIBUTES:
        for tag in soup.find_all(name):
            if not isinstance(tag, Tag):
                continue
            value = tag.get(attribute)
            if not isinstance(value, str) or not value.strip():
                continue
            rel = tag.get("rel")
            if name == "link" and rel and _SKIPPED_REL.intersection(rel):
                continue
            yield urljoin(base, value.strip()), location.at_line(tag.sourceline)


def xml_links(text: str, location: SourceLocation) -> Iterator[tuple[str, SourceLocation]]:
    """URLs in a feed's XML, including those inside escaped HTML content."""
    for match in _XML_URL.finditer(text):
        raw = match.group("attr") if match.group("attr") is not None else match.group("text")
        url = html.unescape(html.unescape(raw)).strip()
        if urlsplit(url).scheme in ("http", "https", "mailto"):
            line = text.count("\n", 0, match.start()) + 1
            yield url, location.at_line(line)


def json_links(text: str, location: SourceLocation) -> Iterator[tuple[str, SourceLocation]]:
    """URLs in a JSON Feed (or any JSON): URL fields and links inside ``content_html``."""
    try:
        data = json.loads(text)
    except ValueError:
        return
    yield from _walk_json(data, location)


def _walk_json(data: Any, location: SourceLocation) -> Iterator[tuple[str, SourceLocation]]:
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(value, str) and key in _JSON_URL_KEYS:
                if urlsplit(value).scheme in ("http", "https", "mailto"):
                    yield value, location
            elif isinstance(value, str) and key in _JSON_HTML_KEYS:
                for url, _ in html_links(value, location):
                    yield url, location
            else:
                yield from _walk_json(value, location)
    elif isinstance(data, list):
        for value in data:
            yield from _walk_json(value, location)


def output_links(
    out: OutputTree, *, base_url: str, output_prefix: Path, html: bool = True
) -> Iterator[tuple[str, SourceLocation]]:
    """Every URL in the built HTML, XML and JSON files, resolved against ``base_url``
    (without the HTML pages when ``html`` is false: a caller that read them already)."""
    for relpath in out.paths:
        where = SourceLocation(output_prefix / relpath)
        suffix = relpath.rsplit(".", 1)[-1].lower()
        if suffix not in ("html", "htm", "xml", "json") or (not html and suffix in ("html", "htm")):
            continue
        text = out.get(relpath).decode("utf-8", errors="replace")
        if suffix in ("html", "htm"):
            page = urljoin(base_url, relpath)
            yield from html_links(text, where, base=page)
        elif suffix == "xml":
            yield from xml_links(text, where)
        else:
            yield from json_links(text, where)


def collect_link_targets(
    links: list[Link] | tuple[Link, ...],
    found: list[tuple[str, SourceLocation]],
    *,
    base_url: str,
) -> list[LinkTarget]:
    """Merge content links and output links into distinct, normalised targets.

    A URL written in the content is located where the editor wrote it; a URL that only
    a template produced is located in the output file.
    """
    from_content: dict[str, list[SourceLocation]] = {}
    for link in links:
        url = link.url.strip()
        if url in ("", "#"):
            continue  # placeholders are reported by validation, not fetched
        key = normalise_url(urljoin(base_url, url))
        from_content.setdefault(key, []).append(link.source)
    from_output: dict[str, list[SourceLocation]] = {}
    for url, location in found:
        if url.endswith("#") or not url:
            continue
        from_output.setdefault(normalise_url(url), []).append(location)
    targets = []
    for key in sorted(from_content.keys() | from_output.keys()):
        places = from_content.get(key) or from_output[key]
        unique = sorted(set(places), key=lambda s: s.sort_key)
        targets.append(LinkTarget(key, tuple(unique)))
    return targets


def is_internal(uri: str, base_url: str) -> bool:
    """True when ``uri`` points inside the site published at ``base_url``."""
    return uri.startswith(normalise_url(base_url))


def output_path_for(uri: str, base_url: str) -> str:
    """The output-tree path a site URL is served from (``issues/2023-12/`` -> its index)."""
    base = normalise_url(base_url)
    path = urlsplit(uri[len(base) :]).path if uri.startswith(base) else urlsplit(uri).path
    path = path.lstrip("/")
    if path == "" or path.endswith("/"):
        path += "index.html"
    return path


def anchor_names(markup: str | bytes) -> set[str]:
    """The fragment targets of an HTML page: every ``id=`` and every ``<a name=>``."""
    if isinstance(markup, bytes):
        markup = markup.decode("utf-8", errors="replace")
    soup = parse_html(markup)
    found: set[str] = set()
    for tag in soup.find_all(True):
        if not isinstance(tag, Tag):
            continue
        for attribute in ("id", "name"):
            value = tag.get(attribute)
            if isinstance(value, str) and value:
                found.add(value)
    return found
