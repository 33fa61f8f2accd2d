"""Writing imported items as workspace files: TOML front matter and a Markdown body.

The output follows docs/workspace-format.md, so ``spfcomms.loaders`` reads it back to
the same agenda, presenters and sections. The text is laid out for a person to edit.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from ..model.content import Person
from .model import AnyImported, ImportedAgendaItem, ImportedCaseStudy, ImportedMeeting

FrontValue = str | date | tuple[str, ...]


def toml_string(value: str) -> str:
    """A TOML basic string."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    escaped = re.sub(
        r"[\x00-\x1f\x7f]",
        lambda m: {"\n": "\\n", "\t": "\\t", "\r": "\\r"}.get(
            m.group(0), f"\\u{ord(m.group(0)):04x}"
        ),
        escaped,
    )
    return f'"{escaped}"'


def toml_value(value: FrontValue) -> str:
    """A TOML value: a string, a date or a list of strings."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return "[" + ", ".join(toml_string(v) for v in value) + "]"
    return toml_string(value)


def front_matter(item: AnyImported) -> list[tuple[str, FrontValue]]:
    """The front-matter fields of an item, in the order people read them."""
    fields: list[tuple[str, FrontValue]] = [
        ("kind", item.kind.value),
        ("id", item.id),
        ("title", _one_line(item.title)),
        ("date", item.date),
        ("summary", _one_line(item.summary)),
        ("tags", item.tags),
    ]
    if isinstance(item, ImportedMeeting):
        fields += [("group", item.group), ("meeting_date", item.meeting_date)]
    elif isinstance(item, ImportedCaseStudy):
        fields += [
            ("organisations", item.organisations),
            ("region", item.region),
            ("priority_area", item.priority_area),
        ]
    elif item.link:
        fields.append(("link", item.link))
    return fields


def render_item(item: AnyImported) -> str:
    """The complete text of the item's file."""
    lines = ["+++"]
    for key, value in front_matter(item):
        comment = ""
        if key == "id":
            comment = "   # never change this once published: it is the feed GUID"
        elif key == "meeting_date" and isinstance(item, ImportedMeeting) and not item.day_known:
            comment = "   # only the month is known: put in the day of the meeting"
        lines.append(f"{key} = {toml_value(value)}{comment}")
    if isinstance(item, ImportedCaseStudy):
        for contact in item.contacts:
            lines += ["", "[[contacts]]", f"name = {toml_string(contact.name)}"]
            for key in ("role", "organisation", "email"):
                if getattr(contact, key):
                    lines.append(f"{key} = {toml_string(getattr(contact, key))}")
    lines += ["+++", ""]
    lines.append(_body(item))
    return "\n".join(lines).rstrip("\n") + "\n"


def _body(item: AnyImported) -> str:
    parts: list[str] = []
    if isinstance(item, ImportedMeeting):
        parts.append(_demote(item.opening))
        for agenda_item in item.agenda:
            parts.extend(_agenda(agenda_item, "##"))
            for sub in agenda_item.subitems:
                parts.extend(_agenda(sub, "###"))
    elif isinstance(item, ImportedCaseStudy):
        parts.append(_demote(item.intro))
        for section in item.sections:
            parts += [f"## {_heading(section.title)}", _demote(section.body)]
    else:
        parts.append(_demote(item.body))
    return "\n\n".join(p for p in parts if p.strip())


def _agenda(item: ImportedAgendaItem, marker: str) -> list[str]:
    parts = [f"{marker} {_heading(item.title)}"]
    if item.presenters:
        parts.append("Presented by: " + "; ".join(presenter_text(p) for p in item.presenters))
    parts.append(_demote(item.body))
    return parts


def presenter_text(person: Person) -> str:
    """``Name, role (Organisation)``, the form the loader reads back."""
    who = ", ".join(_field(x) for x in (person.name, person.role) if x)
    organisation = _field(re.sub(r"\s*\([A-Z][A-Za-z]{1,9}\)$", "", person.organisation))
    return f"{who} ({organisation})" if organisation else who


def _field(text: str) -> str:
    # Brackets and semicolons have a meaning in a "Presented by:" line.
    text = re.sub(r"\s*\(([^()]*)\)", r", \1", text)
    return re.sub(r"\s+", " ", text.replace(";", ",").replace("(", "").replace(")", "")).strip()


def _heading(text: str) -> str:
    title = _one_line(text) or "Untitled"
    # A title ending in '#' gets a closing sequence, so the '#' stays part of the title.
    return f"{title} #" if title.endswith("#") else title


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _demote(markdown: str) -> str:
    # Body text must not open a new agenda item or section by accident.
    return "\n".join(
        re.sub(r"^(\s{0,3})(#{1,6})(\s)", r"\1\\\2\3", line) for line in markdown.split("\n")
    )


def describe(items: Iterable[AnyImported]) -> str:
    """A short plain-text outline of items, for --dry-run."""
    out: list[str] = []
    for item in items:
        out.append(f"{item.kind.value} '{item.id}': {item.title} ({item.date})")
        if isinstance(item, ImportedMeeting):
            when = item.meeting_date if item.day_known else f"{item.meeting_date:%Y-%m}"
            basis = f" (from {item.meeting_date_basis})" if item.meeting_date_basis else ""
            out.append(f"  group: {item.group}; meeting date: {when}{basis}")
            for agenda_item in item.all_agenda_items():
                indent = "    " if agenda_item not in item.agenda else "  "
                out.append(f"{indent}- {agenda_item.title} [line {agenda_item.line}]")
                for person in agenda_item.presenters:
                    out.append(f"{indent}    presenter: {person.describe()}")
        elif isinstance(item, ImportedCaseStudy):
            out.append(f"  organisations: {', '.join(item.organisations) or '-'}")
            out.append(f"  region: {item.region or '-'}")
            for section in item.sections:
                out.append(f"  - section: {section.title} [line {section.line}]")
            for contact in item.contacts:
                out.append(f"  contact: {contact.describe()} <{contact.email}>")
        for link in item.links:
            flag = "  PLACEHOLDER" if link.is_placeholder else ""
            out.append(f"  link: {link.text} -> {link.url} [line {link.line}]{flag}")
    return "\n".join(out)
