"""Reading feeds as partner sites do (feedparser), and small sites built in memory."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import feedparser
import jsonschema

from spfcomms import AgendaItem, Body, Config, Issue, MeetingSummary, NewsItem, Person
from spfcomms.model.config import config_from_mapping
from spfcomms.model.content import Workspace
from spfcomms.model.problems import SourceLocation
from spfcomms.output.writers import OutputTree
from spfcomms.render import Renderer
from spfcomms.render.site import render_site

from .site import site_for

DATA = Path(__file__).resolve().parent.parent / "data" / "feeds"
SCHEMA = json.loads((DATA / "jsonfeed-1.1.schema.json").read_text(encoding="utf-8"))
HERE = SourceLocation(Path("test.md"), 1)

# RFC 822 as amended by RFC 1123 (4-digit year), e.g. "Thu, 14 Dec 2023 12:00:00 +0000".
RFC822 = re.compile(
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
    r"\d{4} \d{2}:\d{2}:\d{2} ([+-]\d{4}|GMT|UT)$"
)
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
FEED_FILES = ("feed.xml", "atom.xml", "feed.json")

_format_checker = jsonschema.FormatChecker()


@_format_checker.checks("uri")
def _is_absolute_uri(value: object) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return parts.scheme in ("http", "https", "mailto") and bool(parts.netloc or parts.path)


@_format_checker.checks("date-time")
def _is_rfc3339(value: object) -> bool:
    # Our own check, so the test does not depend on jsonschema's optional extras.
    return not isinstance(value, str) or RFC3339.match(value) is not None


jsonschema.Draft202012Validator.check_schema(SCHEMA)
_validator = jsonschema.Draft202012Validator(SCHEMA, format_checker=_format_checker)


def validate_json_feed(data: bytes) -> dict[str, Any]:
    """Parse a JSON Feed and validate it against the JSON Feed 1.1 schema (with formats)."""
    document: dict[str, Any] = json.loads(data.decode("utf-8"))
    _validator.validate(document)
    return document


def parse(data: bytes) -> Any:
    """feedparser's view of a feed; fails the test when feedparser flags it as broken."""
    parsed = feedparser.parse(data)
    assert not parsed.bozo, f"feedparser: {parsed.get('bozo_exception')!r}"
    return parsed


def feed_paths(out: OutputTree) -> list[str]:
    """Every RSS and Atom file of a build."""
    return [p for p in out.paths if p.endswith(("feed.xml", "atom.xml"))]


def config(**sections: dict[str, Any]) -> Config:
    """A Config with test defaults, overridden per section."""
    raw: dict[str, Any] = {
        "site": {
            "name": "Test Forum",
            "short_name": "TF",
            "base_url": "https://news.example.org/bulletin/",
            "description": "A test bulletin.",
        }
    }
    for name, values in sections.items():
        raw.setdefault(name, {}).update(values)
    return config_from_mapping(raw, root=Path("/nonexistent-spfcomms-workspace"))


def news(
    item_id: str,
    day: date,
    *,
    title: str = "A news story",
    summary: str = "What happened.",
    body: str = "<p>Body text.</p>",
    tags: tuple[str, ...] = ("retention",),
    slug: str | None = None,
    link: str | None = None,
    issue_id: str = "",
) -> NewsItem:
    """A news item built in memory (its body HTML is used as given)."""
    return NewsItem(
        id=item_id,
        slug=slug or item_id,
        title=title,
        date=day,
        summary=summary,
        tags=tags,
        body=Body(markdown=body, html=body),
        source=HERE,
        link=link,
        issue_id=issue_id or day.strftime("%Y-%m"),
    )


def meeting(
    item_id: str,
    day: date,
    *,
    title: str = "Key comms",
    presenters: tuple[Person, ...] = (Person("Ann Example", "NHS Employers"),),
    agenda_title: str = "An agenda item",
    body: str = "<p>Discussed.</p>",
    tags: tuple[str, ...] = ("partnership-working",),
    summary: str = "Highlights.",
) -> MeetingSummary:
    """A meeting summary with one agenda item."""
    agenda = AgendaItem(
        title=agenda_title,
        anchor="an-agenda-item",
        presenters=presenters,
        body=Body(markdown=body, html=body),
        source=HERE,
    )
    return MeetingSummary(
        id=item_id,
        slug=item_id,
        title=title,
        date=day,
        summary=summary,
        tags=tags,
        body=Body(markdown=body, html=body),
        source=HERE,
        issue_id=day.strftime("%Y-%m"),
        group="Wider Group",
        meeting_date=day,
        agenda=(agenda,),
    )


def issue(number: int, day: date, *items: Any, title: str = "An issue") -> Issue:
    """An issue holding ``items``."""
    issue_id = day.strftime("%Y-%m")
    return Issue(
        id=issue_id,
        number=number,
        date=day,
        title=title,
        intro=Body("", ""),
        items=tuple(replace(item, issue_id=issue_id) for item in items),
        source=HERE,
    )


def render_only(renderer: Renderer, cfg: Config, *issues: Issue) -> OutputTree:
    """One renderer's outputs for a site made of ``issues``."""
    out = OutputTree()
    renderer(site_for(cfg, issues), out)
    return out


def render(cfg: Config, *issues: Issue) -> OutputTree:
    """Every output of a site made of ``issues``, rendered in memory (no validation)."""
    ordered = tuple(sorted(issues, key=lambda i: (i.date, i.id)))
    return render_site(Workspace(config=cfg, issues=ordered, problems=()))
