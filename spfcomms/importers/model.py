"""What an import produces: items ready to write, and messages about what was guessed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from ..content import ItemKind, Person


class Level(StrEnum):
    """How much a message matters to the editor."""

    WARNING = "warning"
    """Text that could not be read with confidence: check it."""
    NOTE = "note"
    """A decision the importer took that the editor may want to know about."""


@dataclass(frozen=True, slots=True)
class ImportMessage:
    """A warning or note about one place in the source."""

    source: str
    line: int | None
    level: Level
    message: str
    code: str

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        return f"{where}: {self.level}: {self.message} [{self.code}]"


@dataclass
class Messages:
    """Collects the messages of one import."""

    source: str
    items: list[ImportMessage] = field(default_factory=list)

    def warn(self, line: int | None, message: str, code: str) -> None:
        """Something was ambiguous; the text was kept and the editor should check it."""
        self.items.append(ImportMessage(self.source, line, Level.WARNING, message, code))

    def note(self, line: int | None, message: str, code: str) -> None:
        """Something the importer decided (a normalised name, a dropped banner)."""
        self.items.append(ImportMessage(self.source, line, Level.NOTE, message, code))


@dataclass(frozen=True, slots=True)
class ImportedLink:
    """A link found in the source, with the line it was on."""

    url: str
    text: str
    line: int

    @property
    def is_placeholder(self) -> bool:
        return self.url.strip() in ("", "#")


@dataclass(frozen=True, slots=True)
class ImportedAgendaItem:
    """One agenda item of a meeting, as recognised."""

    title: str
    presenters: tuple[Person, ...]
    body: str
    """Markdown."""
    line: int
    subitems: tuple[ImportedAgendaItem, ...] = ()

    @property
    def organisations(self) -> tuple[str, ...]:
        """Presenters' organisations, each once, in order."""
        return tuple(dict.fromkeys(p.organisation for p in self.presenters if p.organisation))


@dataclass(frozen=True, slots=True)
class ImportedSection:
    """A titled section of a case study."""

    title: str
    body: str
    line: int


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportedItem:
    """What every imported item has. ``id`` is derived from the content, never random."""

    id: str
    title: str
    date: date
    summary: str
    tags: tuple[str, ...] = ()
    links: tuple[ImportedLink, ...] = ()
    date_stated: bool = False
    """The source states the publication date; otherwise ``date`` is the issue's."""

    @property
    def kind(self) -> ItemKind:
        raise NotImplementedError


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportedMeeting(ImportedItem):
    """A meeting summary ("Key comms")."""

    group: str
    meeting_date: date
    opening: str
    agenda: tuple[ImportedAgendaItem, ...]
    meeting_date_basis: str = ""
    """Where the meeting date came from, in words ("line 5", "the title on line 3")."""
    day_known: bool = True
    """False when the document gives only the month: ``meeting_date`` is then its 1st."""

    @property
    def kind(self) -> ItemKind:
        return ItemKind.MEETING_SUMMARY

    def all_agenda_items(self) -> tuple[ImportedAgendaItem, ...]:
        """Agenda items and their sub-items in reading order."""
        return tuple(x for item in self.agenda for x in (item, *item.subitems))


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportedCaseStudy(ImportedItem):
    """A case study."""

    organisations: tuple[str, ...] = ()
    region: str = ""
    priority_area: str = ""
    intro: str = ""
    sections: tuple[ImportedSection, ...] = ()
    contacts: tuple[Person, ...] = ()

    @property
    def kind(self) -> ItemKind:
        return ItemKind.CASE_STUDY


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportedNews(ImportedItem):
    """A news story."""

    body: str = ""
    link: str = ""

    @property
    def kind(self) -> ItemKind:
        return ItemKind.NEWS


AnyImported = ImportedMeeting | ImportedCaseStudy | ImportedNews


@dataclass(frozen=True, slots=True)
class ImportResult:
    """The items recognised in one source, and every warning and note about it."""

    source: str
    kind: ItemKind
    items: tuple[AnyImported, ...]
    messages: tuple[ImportMessage, ...] = ()

    @property
    def warnings(self) -> tuple[ImportMessage, ...]:
        """Messages the editor should act on."""
        return tuple(m for m in self.messages if m.level is Level.WARNING)

    @property
    def notes(self) -> tuple[ImportMessage, ...]:
        """Decisions the importer took, for information."""
        return tuple(m for m in self.messages if m.level is Level.NOTE)
