"""Where a link that only the outputs hold comes from, so a report points at a real file.

A link the editor wrote is reported where it was written. A link that a template or a
setting produced exists only in the rendered output, which ``check`` never writes (and
``build`` writes only when everything passes), so an output path such as
``_build/issues/2023-12/email.html:42`` may name a file that does not exist. Such a link
is traced back, in this order, to:

1. the ``spfcomms.toml`` line of the setting it comes from (``unsubscribe_url``,
   ``logo_url``, a ``follow`` link, ``contact`` as a ``mailto:`` ...);
2. the line of a workspace template (``templates/...``) that writes it literally;
3. for a link into the site, the content file that makes the page it points at (an
   item's Markdown file, an issue's ``issue.toml``), else the ``base_url`` line that
   every address of the site starts with;
4. the content file of the page it was found on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..model.config import Config
from ..model.content import Issue
from ..model.problems import SourceLocation
from .linkextract import is_internal, normalise_url, output_path_for, relative_location

_SETTING = re.compile(r"""^\s*([A-Za-z0-9_-]+)\s*=\s*(["'])(.*?)\2""")
_QUOTED = re.compile(r"""(["'])(.*?)\1""")
_EMAIL = re.compile(r"^[^@\s:<>]+@[^@\s:<>]+\.[^@\s:<>]+\Z")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+\Z")


def _addresses(line: str) -> list[str]:
    """The link addresses a settings line can give the outputs: every quoted URL on it
    (``follow = { "Site" = "https://..." }`` holds several), and an email address as the
    ``mailto:`` link templates make of it (``contact``)."""
    if line.lstrip().startswith("#"):
        return []
    found = []
    for _, value in _QUOTED.findall(line):
        if _SCHEME.match(value):
            found.append(value)
        elif _EMAIL.match(value):
            found.append(f"mailto:{value}")
    return found


_TEMPLATE_SUFFIXES = (".html", ".mjml", ".xml", ".txt", ".j2")


@dataclass
class LinkOrigins:
    """Maps (URL, output location) pairs to the source file and line behind them."""

    config: Config
    pages: dict[str, SourceLocation] = field(default_factory=dict)
    """Output path prefix (``items/<slug>/``, ``issues/<id>/``) -> the content file."""
    settings: dict[str, SourceLocation] = field(default_factory=dict)
    """Normalised URL -> the spfcomms.toml line that sets it."""
    templates: list[tuple[Path, list[str]]] = field(default_factory=list)
    base_line: SourceLocation | None = None
    _cache: dict[str, SourceLocation | None] = field(default_factory=dict)

    @classmethod
    def for_workspace(cls, config: Config, issues: Iterable[Issue]) -> LinkOrigins:
        """The origins of the links a build of ``issues`` can hold."""
        origins = cls(config)
        root = config.root
        for issue in issues:
            origins.pages[issue.path] = relative_location(issue.source, root).at_line(None)
            for item in issue.items:
                where = relative_location(item.source, root).at_line(None)
                origins.pages[item.path] = where
                origins.pages[f"snippets/items/{item.slug}.html"] = where
        if config.source is not None and config.source.is_file():
            shown = relative_location(SourceLocation(config.source), root)
            text = config.source.read_text(encoding="utf-8-sig", errors="replace")
            for number, line in enumerate(text.splitlines(), start=1):
                for url in _addresses(line):
                    try:
                        key = normalise_url(url)
                    except ValueError:  # not a URL after all ("http://[x")
                        continue
                    origins.settings.setdefault(key, shown.at_line(number))
                match = _SETTING.match(line)
                if match is not None and match.group(1) == "base_url":
                    origins.base_line = shown.at_line(number)
        if config.templates_dir.is_dir():
            for path in sorted(config.templates_dir.rglob("*")):
                if path.is_file() and path.suffix in _TEMPLATE_SUFFIXES:
                    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
                    origins.templates.append((path, lines))
        return origins

    def locate(self, url: str, found_at: SourceLocation, output_path: str) -> SourceLocation:
        """Where to report ``url``, found in the output file ``output_path``."""
        if url not in self._cache:
            self._cache[url] = self._source_of(url)
        known = self._cache[url]
        if known is not None:
            return known
        page = self._page(output_path)
        return page if page is not None else found_at

    def _source_of(self, url: str) -> SourceLocation | None:
        key = normalise_url(url)
        if key in self.settings:
            return self.settings[key]
        for path, lines in self.templates:
            for number, line in enumerate(lines, start=1):
                if url in line:
                    where = relative_location(SourceLocation(path), self.config.root)
                    return where.at_line(number)
        base = self.config.site.base_url
        if is_internal(key, base):
            return self._page(output_path_for(key.split("#", 1)[0], base)) or self.base_line
        return None

    def _page(self, path: str) -> SourceLocation | None:
        parts = PurePosixPath(path).parts
        if len(parts) >= 2 and parts[0] in ("items", "issues"):
            return self.pages.get(f"{parts[0]}/{parts[1]}/")
        return self.pages.get(PurePosixPath(path).as_posix())
