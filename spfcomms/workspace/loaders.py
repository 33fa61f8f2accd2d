"""Reading a workspace's ``issues/`` folder into Issues and Problems.

Loading never raises on bad content: each problem becomes a ``Problem`` with file and
line, and the loader carries on, so one run reports everything. Only a missing
``issues/`` folder is a ``ConfigError``.
"""

from __future__ import annotations

import logging
import re
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import tzinfo
from pathlib import Path
from typing import Any

from ..model.content import (
    AnyItem,
    Body,
    CampaignRecord,
    CaseStudy,
    Issue,
    ItemKind,
    MeetingSummary,
    NewsItem,
    Person,
)
from ..model.exceptions import ConfigError
from ..model.paths import link_refusal, outside_target
from ..model.problems import Problem, SourceLocation, error, warning
from .fields import FieldReader
from .frontmatter import TOML_POSITION, SplitDocument, explain_toml_error, split_document
from .markdown import Document, parse_markdown, render_markdown
from .structure import parse_meeting_body, parse_sections

logger = logging.getLogger(__name__)

ISSUE_FILE = "issue.toml"
# \Z, not $: "$" also matches before a final newline, and ids name folders and URLs.
ISSUE_ID = re.compile(r"^\d{4}-(0[1-9]|1[0-2])\Z")
ITEM_ID = re.compile(r"^[a-z0-9][a-z0-9-]*\Z")

_COMMON_FIELDS = {
    "kind",
    "id",
    "title",
    "date",
    "summary",
    "tags",
    "slug",
    "updated",
    "draft",
    "publish_at",
}
_KIND_FIELDS: dict[ItemKind, set[str]] = {
    ItemKind.MEETING_SUMMARY: {"group", "meeting_date"},
    ItemKind.CASE_STUDY: {"organisations", "region", "priority_area", "contacts"},
    ItemKind.NEWS: {"link"},
}
_EMAIL = re.compile(r"^[^@\s<>()\[\],;:\"]+@[^@\s<>()\[\],;:\"]+\.[^@\s<>()\[\],;:\"]+\Z")
_ISSUE_FIELDS = {"number", "date", "title", "intro", "items", "draft", "publish_at", "campaign"}
_CAMPAIGN_FIELDS = {"tool", "id"}
_CONTACT_FIELDS = {"name", "role", "organisation", "email"}


def load_issues(
    issues_dir: Path,
    *,
    tz: tzinfo | None = None,
    roots: Sequence[Path] = (),
    allow_outside_symlinks: bool = False,
    select: Callable[[str], bool] | None = None,
) -> tuple[list[Issue], list[Problem]]:
    """Every issue under ``issues_dir``, oldest first, and the problems found; with
    ``select``, only the issues whose id (their folder's name) it accepts.

    ``tz`` is the workspace's time zone: date-times written with an offset are read as
    dates in it (``Config.tz``). A file whose real location (through symbolic links) is
    outside ``issues_dir`` and ``roots`` is an error, unless ``allow_outside_symlinks``.
    """
    if not issues_dir.is_dir():
        raise ConfigError(
            [f"{issues_dir}: no issues folder; create it or run 'spfcomms new YYYY-MM'"]
        )
    issues: list[Issue] = []
    problems: list[Problem] = []
    reader = _Reader(None if allow_outside_symlinks else (issues_dir, *roots))
    for folder in sorted(p for p in issues_dir.iterdir() if p.is_dir()):
        if folder.name.startswith((".", "_")):
            continue
        if select is not None and not select(folder.name):
            continue
        issue = load_issue(folder, problems, tz=tz, reader=reader)
        if issue is not None:
            issues.append(issue)
    logger.debug("loaded %d issues from %s", len(issues), issues_dir)
    return issues, problems


def issue_ids(issues_dir: Path) -> list[str]:
    """The ids of the issue folders under ``issues_dir``, oldest first, without reading
    them (an empty list when there is no such folder)."""
    if not issues_dir.is_dir():
        return []
    return sorted(p.name for p in issues_dir.iterdir() if p.is_dir() and ISSUE_ID.match(p.name))


def load_issue(
    folder: Path,
    problems: list[Problem],
    *,
    tz: tzinfo | None = None,
    reader: _Reader | None = None,
) -> Issue | None:
    """One issue folder: ``issue.toml`` and the item files it lists (read by ``reader``,
    which by default reads only files that really live in the issue's folder)."""
    reader = reader or _Reader((folder.parent,))
    issue_file = folder / ISSUE_FILE
    here = SourceLocation(issue_file)
    if not ISSUE_ID.match(folder.name):
        problems.append(
            error(
                SourceLocation(folder),
                f"issue folder '{folder.name}' must be named YEAR-MONTH, such as 2023-12",
                "bad-issue-id",
            )
        )
        return None
    if not issue_file.is_file():
        problems.append(
            error(here, f"missing {ISSUE_FILE}; run 'spfcomms new {folder.name}'", "no-issue-file")
        )
        return None
    text = reader.read(issue_file, problems)
    if text is None:
        return None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = TOML_POSITION.search(str(exc))
        line = int(match.group(1)) if match else 1
        lines = text.splitlines()
        message = TOML_POSITION.sub("", str(exc)).strip()
        message = explain_toml_error(message, lines[line - 1] if 0 < line <= len(lines) else "")
        problems.append(error(here.at_line(line), f"invalid TOML: {message}", "bad-issue-file"))
        return None
    lines = text.splitlines()

    def locate(key: str) -> SourceLocation:
        for number, line in enumerate(lines, start=1):
            if re.match(rf"^\s*{re.escape(key)}\s*=", line):
                return here.at_line(number)
        return here.at_line(1)

    fields = FieldReader(data, locate, problems, tz=tz)
    fields.unknown(_ISSUE_FIELDS)
    number = fields.integer("number")
    date = fields.date("date")
    title = fields.line("title")
    intro_text = fields.text("intro", required=False)
    names = fields.strings("items", required=True)
    intro = render_markdown(intro_text, _string_start(lines, locate("intro")))
    draft = fields.flag("draft")
    publish_at = fields.moment("publish_at")
    campaign = _campaign(data, lines, here, problems)

    items: list[AnyItem] = []
    for name in sorted({n for n in names if names.count(n) > 1}):
        problems.append(
            error(
                locate("items"),
                f"item '{name}' is listed more than once in 'items'; list it once",
                "duplicate-item",
            )
        )
    for name in dict.fromkeys(names):
        if not _ITEM_NAME.match(name):
            problems.append(
                error(
                    _line_naming(lines, name, locate("items")),
                    f"'{name}' is not an item of this issue: list item files by name "
                    "(without .md), files that sit in the issue's own folder",
                    "bad-item-name",
                )
            )
            continue
        path = folder / f"{name}.md"
        if reader.refuses(path, problems):
            continue
        if not path.is_file():
            problems.append(
                error(
                    _line_naming(lines, name, locate("items")),
                    f"item '{name}' is listed but {path.name} does not exist; "
                    "check the spelling or remove it from 'items'",
                    "missing-item-file",
                )
            )
            continue
        item = load_item(path, problems, tz=tz, reader=reader)
        if item is not None:
            items.append(replace(item, issue_id=folder.name))
    for stray in sorted(set(p.stem for p in folder.glob("*.md")) - set(names)):
        problems.append(
            warning(
                SourceLocation(folder / f"{stray}.md"),
                f"not listed in {ISSUE_FILE} 'items', so it is not published",
                "unlisted-item",
            )
        )
    if date is None:
        return None
    return Issue(
        id=folder.name,
        number=number,
        date=date,
        title=title,
        intro=intro,
        items=tuple(items),
        source=here,
        item_names=names,
        draft=draft,
        publish_at=publish_at,
        campaign=campaign,
    )


def _campaign(
    data: dict[str, Any], lines: list[str], here: SourceLocation, problems: list[Problem]
) -> CampaignRecord | None:
    """The ``[campaign]`` table ``spfcomms publish`` writes: ``tool`` and ``id``."""
    table = data.get("campaign")
    if table is None:
        return None
    header = next(
        (n for n, line in enumerate(lines, start=1) if re.match(r"^\s*\[\s*campaign\s*\]", line)),
        1,
    )
    where = here.at_line(header)
    if not isinstance(table, dict):
        problems.append(
            error(where, "'campaign' must be a table written as [campaign]", "bad-field")
        )
        return None
    fields = FieldReader(table, lambda key: where, problems)
    fields.unknown(_CAMPAIGN_FIELDS)
    tool, campaign_id = fields.text("tool"), fields.text("id")
    if not tool or not campaign_id:
        return None
    return CampaignRecord(tool=tool, id=campaign_id)


def load_item(
    path: Path,
    problems: list[Problem],
    *,
    tz: tzinfo | None = None,
    reader: _Reader | None = None,
) -> AnyItem | None:
    """One item file, or None when it cannot be read at all."""
    text = (reader or _Reader(None)).read(path, problems)
    if text is None:
        return None
    return parse_item(text, SourceLocation(path), problems, tz=tz)


def parse_item(
    text: str, source: SourceLocation, problems: list[Problem], *, tz: tzinfo | None = None
) -> AnyItem | None:
    """Parse the text of an item file that lives at ``source``."""
    split = split_document(text, source)
    if isinstance(split, Problem):
        problems.append(split)
        return None
    front = split.front
    fields = FieldReader(front.data, front.at, problems, tz=tz)
    kind_text = fields.text("kind", example='kind = "news"')
    try:
        kind = ItemKind(kind_text)
    except ValueError:
        if kind_text:
            problems.append(
                error(
                    front.at("kind"),
                    f"unknown kind '{kind_text}' (use {', '.join(k.value for k in ItemKind)})",
                    "bad-kind",
                )
            )
        return None
    fields.unknown(_COMMON_FIELDS | _KIND_FIELDS[kind])
    item_id = fields.text("id", example='id = "news-2023-12-survey"')
    if item_id and not ITEM_ID.match(item_id):
        problems.append(
            error(
                front.at("id"),
                f"id '{item_id}' may only use lower-case letters, digits and hyphens",
                "bad-id",
            )
        )
    given_slug = fields.text("slug", required=False)
    slug = given_slug or item_id
    if given_slug and not ITEM_ID.match(given_slug):
        problems.append(
            error(front.at("slug"), f"slug '{slug}' may only use a-z, 0-9 and '-'", "bad-slug")
        )
    date = fields.date("date")
    common: dict[str, Any] = {
        "id": item_id,
        "slug": slug,
        "title": fields.line("title"),
        "date": date,
        "summary": fields.text("summary"),
        "tags": tuple(sorted(set(fields.strings("tags")))),
        "updated": fields.date("updated", required=False),
        "source": source.at_line(1),
        "field_lines": tuple((key, front.line_of(key)) for key in sorted(front.data)),
        "draft": fields.flag("draft"),
        "publish_at": fields.moment("publish_at"),
    }
    if kind is ItemKind.MEETING_SUMMARY:
        item: AnyItem | None = _meeting(split, fields, common, source, problems)
    elif kind is ItemKind.CASE_STUDY:
        item = _case_study(split, fields, common, source, problems)
    else:
        item = NewsItem(
            **common,
            body=_whole(_document(split, source)),
            link=fields.text("link", required=False) or None,
        )
    return item if date is not None else None


def _whole(document: Document) -> Body:
    # Rendering is cheap next to parsing, but 3,000 items still add up: render the
    # whole once here; the parts render their own token ranges.
    return document.body()


def _document(split: SplitDocument, source: SourceLocation) -> Document:
    return parse_markdown(split.body, source.at_line(split.body_line))


def _meeting(
    split: SplitDocument,
    fields: FieldReader,
    common: dict[str, Any],
    source: SourceLocation,
    problems: list[Problem],
) -> MeetingSummary | None:
    group = fields.text("group", example='group = "Wider Group"')
    meeting_date = fields.date("meeting_date")
    document = _document(split, source)
    opening, agenda = parse_meeting_body(document, problems)
    if meeting_date is None:
        return None
    return MeetingSummary(
        **common,
        body=_whole(document),
        group=group,
        meeting_date=meeting_date,
        opening=opening,
        agenda=agenda,
    )


def _case_study(
    split: SplitDocument,
    fields: FieldReader,
    common: dict[str, Any],
    source: SourceLocation,
    problems: list[Problem],
) -> CaseStudy:
    contacts: list[Person] = []
    for index, table in enumerate(fields.tables("contacts")):
        contact = FieldReader(table, _in_table(split, "contacts", index), problems)
        contact.unknown(_CONTACT_FIELDS)
        contacts.append(
            Person(
                name=contact.text("name"),
                role=contact.text("role", required=False),
                organisation=contact.text("organisation", required=False),
                email=contact.text("email", required=False),
            )
        )
        email = contacts[-1].email
        if email and not _EMAIL.match(email):
            problems.append(
                error(
                    _in_table(split, "contacts", index)("email"),
                    f"contact email '{email}' is not an email address (name@example.org)",
                    "bad-email",
                )
            )
    document = _document(split, source)
    intro, sections = parse_sections(document)
    return CaseStudy(
        **common,
        body=_whole(document),
        organisations=fields.strings("organisations"),
        region=fields.text("region", required=False),
        priority_area=fields.text("priority_area", required=False),
        intro=intro,
        sections=sections,
        contacts=tuple(contacts),
    )


def _string_start(lines: list[str], key_line: SourceLocation) -> SourceLocation:
    # A multi-line string ("""...) starts on the line after the key; TOML drops that
    # first newline. A one-line string starts on the key's own line.
    number = key_line.line or 1
    text = lines[number - 1].rstrip() if number <= len(lines) else ""
    if text.endswith(('"""', "'''")):
        return key_line.at_line(number + 1)
    return key_line


def _line_naming(lines: list[str], name: str, fallback: SourceLocation) -> SourceLocation:
    # Long item lists are written one name per line: point at the line of this name.
    start = (fallback.line or 1) - 1
    for number in range(start, len(lines)):
        if f'"{name}"' in lines[number] or f"'{name}'" in lines[number]:
            return fallback.at_line(number + 1)
    return fallback


def _in_table(split: SplitDocument, table: str, index: int) -> Callable[[str], SourceLocation]:
    front = split.front

    def locate(key: str) -> SourceLocation:
        return front.source.at_line(front.line_of(key, table=table, index=index))

    return locate


MAX_CONTENT_BYTES = 20_000_000
"""The largest issue.toml or item file read; a bigger one is surely not an item."""
# An item is named by its file name: no folders, no "..", nothing hidden.
_ITEM_NAME = re.compile(r"^[^/\\\x00.][^/\\\x00]*\Z")


@dataclass(frozen=True, slots=True)
class _Reader:
    """Reads workspace files: UTF-8, bounded in size, and (with ``roots``) only files
    whose real location is inside one of ``roots``."""

    roots: tuple[Path, ...] | None

    def read(self, path: Path, problems: list[Problem]) -> str | None:
        """The text of ``path``, or None with the reason in ``problems``."""
        if self.refuses(path, problems):
            return None
        return _read_text(path, problems)

    def refuses(self, path: Path, problems: list[Problem]) -> bool:
        """True, with a problem, for a link out of the roots or a device, pipe or socket."""
        target = outside_target(path, self.roots) if self.roots is not None else None
        if target is not None:
            problems.append(error(SourceLocation(path), link_refusal(path, target), "outside-link"))
            return True
        if path.exists() and not path.is_file() and not path.is_dir():
            problems.append(
                error(
                    SourceLocation(path),
                    "is not an ordinary file (a device, pipe or socket); an item is a text file",
                    "not-a-file",
                )
            )
            return True
        return False


def _read_text(path: Path, problems: list[Problem]) -> str | None:
    try:
        # A bounded read: a size check first would be fooled by /dev/zero or a pipe.
        with path.open("rb") as stream:
            data = stream.read(MAX_CONTENT_BYTES + 1)
        if len(data) > MAX_CONTENT_BYTES:
            problems.append(
                error(
                    SourceLocation(path),
                    f"larger than {MAX_CONTENT_BYTES // 1_000_000} MB; an item is text",
                    "too-large",
                )
            )
            return None
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.append(
            error(
                SourceLocation(path, line),
                f"not UTF-8 text (byte 0x{exc.object[exc.start]:02x}); save the file as UTF-8",
                "bad-encoding",
            )
        )
    except OSError as exc:
        problems.append(error(SourceLocation(path), f"cannot read: {exc.strerror}", "unreadable"))
    else:
        # Some Windows editors start UTF-8 files with a byte order mark; TOML rejects it.
        return text.removeprefix("\ufeff")
    return None
