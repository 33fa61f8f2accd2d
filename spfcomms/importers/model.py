"""What an import produces: items ready to write, and Problems about what was guessed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..model.content import ItemKind, Person
from ..model.problems import Problem, Severity, SourceLocation, note, warning

# The names of the message types before imports reported Problems; kept for one release.
ImportMessage = Problem
Level = Severity


@dataclass
class Messages:
    """Collects the problems of one import: warnings (text that could not be read with
    confidence: check it) and notes (a decision the importer took)."""

    source: str
    items: list[Problem] = field(default_factory=list)

    def warn(self, line: int | None, message: str, code: str) -> None:
        """Something was ambiguous; the text was kept and the editor should check it."""
        self.items.append(warning(self.where(line), message, code))

    def note(self, line: int | None, message: str, code: str) -> None:
        """Something the importer decided (a normalised name, a dropped banner)."""
        self.items.append(note(self.where(line), message, code))

    def where(self, line: int | None) -> SourceLocation:
        """A line of the source, named as the user gave it (a file or a page's address)."""
        return SourceLocation(self.source, line)


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
    problems: tuple[Problem, ...] = ()
    """Warnings and notes, in line order."""

    @property
    def messages(self) -> tuple[Problem, ...]:
        """The same as ``problems`` (its name before imports reported Problems)."""
        return self.problems

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """Problems the editor should act on."""
        return tuple(p for p in self.problems if p.severity is Severity.WARNING)

    @property
    def notes(self) -> tuple[Problem, ...]:
        """Decisions the importer took, for information."""
        return tuple(p for p in self.problems if p.severity is Severity.NOTE)
