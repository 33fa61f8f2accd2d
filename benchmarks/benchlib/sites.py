"""The generated archive as a Hugo site and as a Pelican site: the same item files.

Hugo reads TOML front matter between ``+++`` lines, so each item file is copied as it
is; each issue becomes a section (``_index.md`` with the issue's title and date) and
the minimal layouts (baseof, single, list) render the pages, with Hugo's built-in RSS
for the home page, each issue and each tag. Pelican gets each item as an article
(its front matter turned into Pelican's ``Key: value`` header, the Markdown body
unchanged), with the kind as category and feeds on. Both keep 50 entries a feed,
spfcomms' default.
"""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

FEED_LENGTH = 50

HUGO_CONFIG = """\
baseURL = "https://example.org/bulletin/"
title = "Generated SPF"
languageCode = "en-gb"
disableHugoGeneratorInject = true
[services.rss]
limit = {limit}
[taxonomies]
tag = "tags"
"""
HUGO_LAYOUTS = {
    "baseof.html": """\
<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} | {{ .Site.Title }}</title>
{{ with .OutputFormats.Get "rss" }}<link rel="alternate" type="application/rss+xml" \
href="{{ .RelPermalink }}">{{ end }}
</head>
<body>
<header><a href="{{ .Site.Home.RelPermalink }}">{{ .Site.Title }}</a></header>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
""",
    "single.html": """\
{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time></p>
<p>{{ .Params.summary }}</p>
{{ .Content }}
{{ with .Params.tags }}<p>Topics: {{ delimit . ", " }}</p>{{ end }}
</article>
{{ end }}
""",
    "list.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Params.summary }}</li>
{{ end }}
</ul>
{{ end }}
""",
}

PELICAN_CONFIG = """\
AUTHOR = "SPF"
SITENAME = "Generated SPF"
SITEURL = ""
TIMEZONE = "Europe/London"
DEFAULT_LANG = "en"
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
CATEGORY_FEED_ATOM = "feeds/{{slug}}.atom.xml"
CATEGORY_FEED_RSS = "feeds/{{slug}}.rss.xml"
TAG_FEED_ATOM = "feeds/{{slug}}.tag.atom.xml"
TAG_FEED_RSS = "feeds/{{slug}}.tag.rss.xml"
FEED_MAX_ITEMS = {limit}
DEFAULT_PAGINATION = False
LOAD_CONTENT_CACHE = False
"""


def _split(text: str) -> tuple[dict[str, object], str]:
    """Front matter (TOML between ``+++`` lines) and body of an item file."""
    _, front, body = text.split("+++\n", 2)
    return tomllib.loads(front), body


def _issues(workspace: Path) -> list[Path]:
    return sorted(p for p in (workspace / "issues").iterdir() if p.is_dir())


def hugo_site(workspace: Path, root: Path) -> int:
    """Write the Hugo site for ``workspace`` into ``root``; return the number of items."""
    if root.exists():
        shutil.rmtree(root)
    layouts = root / "layouts" / "_default"
    layouts.mkdir(parents=True)
    for name, text in HUGO_LAYOUTS.items():
        (layouts / name).write_text(text, encoding="utf-8")
    (root / "config.toml").write_text(HUGO_CONFIG.format(limit=FEED_LENGTH), encoding="utf-8")
    content = root / "content" / "issues"
    content.mkdir(parents=True)
    (root / "content" / "_index.md").write_text('+++\ntitle = "Archive"\n+++\n', encoding="utf-8")
    items = 0
    for folder in _issues(workspace):
        issue = tomllib.loads((folder / "issue.toml").read_text(encoding="utf-8"))
        target = content / folder.name
        target.mkdir()
        (target / "_index.md").write_text(
            f'+++\ntitle = "{issue["title"]}"\ndate = {issue["date"]}\n+++\n\n{issue["intro"]}\n',
            encoding="utf-8",
        )
        for item in sorted(folder.glob("*.md")):
            shutil.copyfile(item, target / item.name)
            items += 1
    return items


def pelican_site(workspace: Path, root: Path) -> int:
    """Write the Pelican site for ``workspace`` into ``root``; return the number of articles."""
    if root.exists():
        shutil.rmtree(root)
    content = root / "content"
    content.mkdir(parents=True)
    (root / "pelicanconf.py").write_text(PELICAN_CONFIG.format(limit=FEED_LENGTH), encoding="utf-8")
    items = 0
    for folder in _issues(workspace):
        target = content / folder.name
        target.mkdir()
        for item in sorted(folder.glob("*.md")):
            front, body = _split(item.read_text(encoding="utf-8"))
            tags = front.get("tags", [])
            assert isinstance(tags, list)
            header = (
                f"Title: {front['title']}\nDate: {front['date']}\nCategory: {front['kind']}\n"
                f"Tags: {', '.join(str(t) for t in tags)}\nSlug: {front['id']}\n"
                f"Summary: {front['summary']}\n"
            )
            (target / item.name).write_text(header + "\n" + body.lstrip("\n"), encoding="utf-8")
            items += 1
    return items
