"""The importer's fixture documents and exactly what each must be read as.

Every document in tests/data/importers/documents/ is listed here once, with the issue
it is imported into (``auto``: its own publication month) and what the import must
find: the items, presenters with their organisations and roles, dates, sections,
contacts, links and the codes of the warnings, in order. The plain-text copy of a web
page loses its link addresses (a browser copy keeps only the words), so ``txt_links``
and ``txt_warnings`` say what changes there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from spfcomms.model.content import Person

from .docx_builder import markdown_to_docx
from .importers import IMPORT_DATA, people

DOCUMENTS = IMPORT_DATA / "documents"
FORMATS = ("txt", "md", "html", "docx")

Agenda = tuple[tuple[int, str, tuple[Person, ...]], ...]
"""(depth, title, presenters) of every agenda item and sub-item in reading order."""


@dataclass(frozen=True)
class Expected:
    """What one fixture document must be read as, in every format."""

    kind: str
    id: str
    title: str
    date: date
    into: str = "auto"
    group: str = ""
    meeting_date: date | None = None
    day_known: bool = True
    agenda: Agenda = ()
    txt_agenda: Agenda | None = None
    organisations: tuple[str, ...] = ()
    region: str = ""
    sections: tuple[str, ...] = ()
    contacts: tuple[Person, ...] = ()
    warnings: tuple[str, ...] = ()
    txt_warnings: tuple[str, ...] | None = None
    links: tuple[str, ...] = ()
    txt_links: tuple[str, ...] | None = None
    text: tuple[str, ...] = field(default=())
    """Phrases the item's file must contain (in every format)."""

    def agenda_for(self, fmt: str) -> Agenda:
        return self.txt_agenda if fmt == "txt" and self.txt_agenda is not None else self.agenda

    def warnings_for(self, fmt: str) -> tuple[str, ...]:
        if fmt == "txt" and self.txt_warnings is not None:
            return self.txt_warnings
        return self.warnings

    def links_for(self, fmt: str) -> tuple[str, ...]:
        return self.txt_links if fmt == "txt" and self.txt_links is not None else self.links


def top(*items: tuple[str, tuple[Person, ...]]) -> Agenda:
    """Top-level agenda items only."""
    return tuple((0, title, who) for title, who in items)


def contact(name: str, role: str, organisation: str, email: str) -> Person:
    return Person(name=name, role=role, organisation=organisation, email=email)


SPF = "https://www.socialpartnershipforum.org/media/"
DOWNLOAD = ("download-without-address",)

JUNE_2023: Agenda = (
    (0, "SPF violence reduction subgroup update", people(("Alan Lofthouse", "UNISON"))),
    (
        0,
        "HPMA 2022 partnership working award finalist case study",
        people(
            ("Raffaella Goodby", "Birmingham Women's and Children's NHS Foundation Trust"),
            ("Jo Vaughan", "Birmingham Women's and Children's NHS Foundation Trust"),
        ),
    ),
    (0, "Update from SPF meetings", ()),
    (
        1,
        "Tackling sexual misconduct in the NHS",
        people(("Sara Gorton", "UNISON", "head of health")),
    ),
    (
        1,
        "Partnership working during industrial action",
        people(("Danny Mortimer", "NHS Employers", "chief executive")),
    ),
    (1, "SPF workshop on the 2022 NHS Staff Survey results", ()),
)


EXPECTED: dict[str, Expected] = {
    "web-kc-wider-2026-03": Expected(
        kind="meeting-summary",
        id="wider-group-2026-03-11",
        title="Key comms: SPF Wider Group, 11 March 2026",
        date=date(2026, 3, 26),
        group="Wider Group",
        meeting_date=date(2026, 3, 11),
        agenda=top(
            (
                "Ten year workforce plan",
                people(("Marcus Hale", "NHS England"), ("Ifeoma Obi", "NHS England")),
            ),
            (
                "Violence prevention and reduction standard",
                people(("Rebecca Smith", "NHS Employers")),
            ),
            (
                "Staff survey 2025",
                people(("Tomasz Wright", "NHS England"), ("Claire Dunn", "UNISON")),
            ),
            ("Any other business", ()),
        ),
        warnings=("meeting-date-guessed",),
        txt_warnings=("meeting-date-guessed", *DOWNLOAD),
        links=(
            "https://www.nhsemployers.org/topics/violence-prevention-and-reduction",
            SPF + "wider-group-key-comms-march-2026.pdf",
        ),
        txt_links=(),
        text=("Priya Natarajan, director of workforce",),
    ),
    "web-kc-wider-2025-11": Expected(
        kind="meeting-summary",
        id="wider-group-2025-11",
        title="Key comms: SPF Wider Group, November 2025",
        date=date(2025, 12, 4),
        group="Wider Group",
        meeting_date=date(2025, 11, 1),
        day_known=False,
        agenda=top(
            (
                "Pay review body evidence",
                people(
                    ("Jo Achebe", "NHS Employers"),
                    ("Lewis Grant", "NHS Employers"),
                    ("Amira Haddad", "NHS Employers"),
                ),
            ),
            (
                "Pensions and retire and return",
                people(("Owen Reilly", "UNISON"), ("Hannah Price", "NHS Employers")),
            ),
            # The speaker is named only in the text: no presenter is made up from it.
            ("Sexual safety policy", ()),
            ("Any other business", ()),
        ),
        warnings=("meeting-day-unknown",),
        txt_warnings=("meeting-day-unknown", *DOWNLOAD),
        links=(SPF + "wider-group-key-communications-november-2025.pdf",),
        txt_links=(),
        text=("meeting_date = 2025-11-01   # only the month is known",),
    ),
    "web-kc-strategic-2025-07": Expected(
        kind="meeting-summary",
        id="strategic-group-2025-07-09",
        title="Key comms: SPF Strategic Group, 9 July 2025",
        date=date(2025, 7, 17),
        group="Strategic Group",
        meeting_date=date(2025, 7, 9),
        agenda=top(
            (
                "SPF priorities for 2025 to 2026",
                people(("Helga Pile", "UNISON"), ("Danny Mortimer", "NHS Employers")),
            ),
            (
                "Regional SPF network",
                people(("Lisa Crichton-Jones", "North East and North Cumbria ICB")),
            ),
            ("Violence reduction subgroup", people(("Alan Lofthouse", "UNISON"))),
        ),
        warnings=("meeting-date-guessed",),
    ),
    "web-kc-wider-2026-01": Expected(
        kind="meeting-summary",
        id="wider-group-2026-01-21",
        title="Key comms: SPF Wider Group, 21 January 2026",
        date=date(2026, 1, 29),
        group="Wider Group",
        meeting_date=date(2026, 1, 21),
        agenda=top(
            (
                "Long term workforce plan",
                people(("Navina Evans", "NHS England", "chief workforce officer")),
            ),
            ("Tackling sexual misconduct", people(("Sara Gorton", "UNISON", "head of health"))),
            (
                "Pay and the spending review",
                people(
                    (
                        "Gavin Larnar",
                        "Department of Health and Social Care",
                        "director of workforce",
                    )
                ),
            ),
            ("Any other business", ()),
        ),
        warnings=("meeting-date-guessed",),
        txt_warnings=("meeting-date-guessed", *DOWNLOAD),
        links=(SPF + "wider-group-key-comms-january-2026.pdf",),
        txt_links=(),
    ),
    "web-kc-executive-2025-09": Expected(
        kind="meeting-summary",
        id="executive-group-2025-09-24",
        title="Key comms: SPF Executive Group, 24 September 2025",
        date=date(2025, 10, 2),
        group="Executive Group",
        meeting_date=date(2025, 9, 24),
        agenda=top(
            ("Agenda for Change pay structure", people(("Sam Fielding", "NHS Employers"))),
            (
                "Supporting international recruits",
                people(("Amira Haddad", "Royal College of Nursing")),
            ),
            ("Forward plan", ()),
        ),
        warnings=("meeting-date-guessed",),
        text=("Members agreed the items for the next Wider Group meeting.",),
    ),
    "web-cs-example-valley": Expected(
        kind="case-study",
        id="case-study-partnership-approach-to-safe-staffing",
        title="Partnership approach to safe staffing - Example Valley NHS Foundation Trust & "
        "Royal College of Nursing",
        date=date(2025, 5, 14),
        organisations=("Example Valley NHS Foundation Trust", "Royal College of Nursing"),
        region="South West",
        sections=(
            "The challenge",
            "The aim",
            "The process",
            "The outcomes",
            "Top tips",
            "About the trust",
        ),
        contacts=(
            contact("Jane Okoro", "head of workforce partnerships", "", "jane.okoro@example.org"),
        ),
    ),
    "web-cs-fenbridge": Expected(
        kind="case-study",
        id="case-study-learning-together",
        title="Learning together - Fenbridge Hospitals NHS Foundation Trust",
        date=date(2024, 10, 1),
        into="2024-10",
        organisations=("Fenbridge Hospitals NHS Foundation Trust", "UNISON"),
        sections=("The organisation", "The challenge", "The aim", "The process", "The outcomes"),
        contacts=(
            contact(
                "Mark Bell",
                "Learning and Development Lead",
                "Fenbridge Hospitals NHS Foundation Trust",
                "mark.bell@example.org",
            ),
            contact("Susan Pryce", "Branch Secretary", "UNISON", "s.pryce@example.org"),
        ),
    ),
    "web-cs-northmoor": Expected(
        kind="case-study",
        id="case-study-joint-rostering-review",
        title="Joint rostering review - Northmoor Community Health NHS Trust & Unite",
        date=date(2026, 2, 3),
        organisations=("Northmoor Community Health NHS Trust", "Unite"),
        sections=("The process", "The outcomes", "Top tips"),
        # The paragraphs with no heading of their own open the case study.
        text=("Community nursing teams at Northmoor", "exit interviews pointed to rosters"),
    ),
    "web-cs-eastfield": Expected(
        kind="case-study",
        id="case-study-wellbeing-hubs-for-ambulance-crews",
        title="Wellbeing hubs for ambulance crews - Eastfield Ambulance Service NHS Trust, "
        "UNISON & GMB",
        date=date(2025, 10, 22),
        organisations=("Eastfield Ambulance Service NHS Trust", "UNISON", "GMB"),
        sections=("The challenge", "The process", "The outcomes", "Top tips"),
        contacts=(
            contact(
                "Dev Mistry",
                "Head of Staff Wellbeing",
                "Eastfield Ambulance Service NHS Trust",
                "dev.mistry@example.org",
            ),
            contact("Karen Hollis", "Regional Organiser", "GMB", "k.hollis@example.org"),
        ),
    ),
    "web-news-wider-group-2018": Expected(
        kind="news",
        id="news-2018-03-wider-group-meets-to-discuss-the-nhs",
        title="Wider Group meets to discuss the NHS pay deal",
        date=date(2018, 3, 22),
        warnings=("no-agenda-items",),
        text=("The SPF Wider Group met on 14 March 2018",),
    ),
    "web-news-staff-survey": Expected(
        kind="news",
        id="news-2026-03-staff-survey-shows-progress-on-flexible",
        title="Staff survey shows progress on flexible working",
        date=date(2026, 3, 12),
        links=("https://www.nhsstaffsurveys.com/results/",),
        txt_links=(),
    ),
    "web-kc-north-west-2025-06": Expected(
        kind="meeting-summary",
        id="north-west-spf-2025-06-18",
        title="Key comms: North West SPF, 18 June 2025",
        date=date(2025, 6, 18),
        group="North West SPF",
        meeting_date=date(2025, 6, 18),
        agenda=top(
            (
                "Integrated care board changes",
                people(
                    ("Ruth Osei", "NHS Cheshire and Merseyside"),
                    ("Carl Baines", "NHS Cheshire and Merseyside"),
                ),
            ),
            (
                "Regional violence prevention group",
                people(("Paul Devine", "UNISON North West")),
            ),
        ),
        text=("  - staff side will see the draft first",),
    ),
    "doc-kc-wider-2023-12": Expected(
        kind="meeting-summary",
        id="wider-group-2023-12-06",
        title="Key comms: SPF Wider Group, 6 December 2023",
        date=date(2023, 12, 6),
        group="Wider Group",
        meeting_date=date(2023, 12, 6),
        agenda=top(
            (
                "Retention exemplars",
                people(("Em Wilkinson-Brice", "NHS England"), ("Ronke Akerele", "NHS England")),
            ),
            (
                # NHSE is never spelt out in this document: it stays as written.
                "Sexual safety",
                people(("Catherine Hinwood", "NHSE"), ("Rebecca Smith", "NHS Employers")),
            ),
            (
                "Ministerial introduction",
                people(
                    (
                        "Rt Hon Andrew Stephenson MP",
                        "",
                        "Minister of State for Health and Secondary Care",
                    )
                ),
            ),
            (
                "Case study – Liverpool University Hospitals NHS FT (LUHFT)",
                people(
                    ("James Dawson", "Liverpool University Hospitals NHS FT"),
                    ("Joe Baldwin", "UNISON Liverpool Hospitals branch"),
                ),
            ),
        ),
        warnings=(
            "placeholder-link",
            "placeholder-link",
            "placeholder-link",
            "presenter-without-organisation",
        ),
        links=("#", "#", "#"),
        text=("[letter](#)",),
    ),
    "doc-kc-wider-2023-06": Expected(
        kind="meeting-summary",
        id="wider-group-2023-06-21",
        title="Key comms: SPF Wider Group, 21 June 2023",
        date=date(2023, 6, 21),
        group="Wider Group",
        meeting_date=date(2023, 6, 21),
        agenda=JUNE_2023,
        # Plain text has no heading levels: the sub-items become agenda items.
        txt_agenda=tuple((0, title, who) for _, title, who in JUNE_2023),
        warnings=("placeholder-link",),
        txt_warnings=("placeholder-link", "empty-agenda-item"),
        links=("#",),
    ),
    "doc-kc-strategic-2025-02": Expected(
        kind="meeting-summary",
        id="strategic-group-2025-02-05",
        title="Key comms: SPF Strategic Group, 5 February 2025",
        date=date(2025, 2, 5),
        group="Strategic Group",
        meeting_date=date(2025, 2, 5),
        agenda=top(
            (
                "Workforce race equality standard",
                people(
                    ("Aisha Rahman", "NHS England"),
                    ("Tom Ellery", "NHS England"),
                    ("Grace Oduya", "NHS England"),
                ),
            ),
            (
                "Pay progression",
                people(
                    ("Lewis Grant", "NHS Employers"),
                    ("Amira Haddad", "NHS Employers"),
                    ("Ben Carter", "UNISON"),
                ),
            ),
            ("Flexible retirement", people(("Hannah Price", "NHS Employers"))),
        ),
    ),
    "doc-kc-wider-2024-09": Expected(
        kind="meeting-summary",
        id="wider-group-2024-09-13",
        title="Key comms: SPF Wider Group, 13 September 2024",
        date=date(2024, 9, 13),
        group="Wider Group",
        meeting_date=date(2024, 9, 13),
        agenda=top(
            ("Long term workforce plan", ()), ("Industrial action", ()), ("Menopause at work", ())
        ),
        text=("Dame Ruth May, chief nursing officer for England, provided an update",),
    ),
    "doc-kc-wider-2024-03": Expected(
        kind="meeting-summary",
        id="wider-group-2024-03-20",
        title="Key comms: SPF Wider Group, 20 March 2024",
        date=date(2024, 3, 20),
        group="Wider Group",
        meeting_date=date(2024, 3, 20),
        agenda=top(
            (
                "NHS Staff Council update",
                people(
                    ("Sara Gorton", "UNISON", "head of health"), ("Joanne Clarke", "NHS Employers")
                ),
            ),
            ("Violence prevention", people(("Rebecca Smith", "NHS Employers"))),
        ),
        # The welcome names the chair: it opens the meeting and is not an agenda item.
        text=("+++\n\nChair: Gavin Larnar, director of workforce (DHSC)\n\nGavin welcomed",),
    ),
    "doc-kc-north-east-2024-11": Expected(
        kind="meeting-summary",
        id="north-east-spf-2024-11-07",
        title="Key comms: North East SPF, 7 November 2024",
        date=date(2024, 11, 7),
        group="North East SPF",
        meeting_date=date(2024, 11, 7),
        agenda=top(
            (
                "Regional workforce priorities",
                people(("Lisa Crichton-Jones", "North East and North Cumbria ICB")),
            ),
            ("Staff side update", people(("Sheila Wilson", "UNISON"))),
            ("Any other business", ()),
        ),
        text=("+++\n\nLisa Crichton-Jones welcomed members",),
    ),
    "doc-kc-wider-2024-06": Expected(
        kind="meeting-summary",
        id="wider-group-2024-06-05",
        title="Key comms: SPF Wider Group, 5 June 2024",
        date=date(2024, 6, 5),
        group="Wider Group",
        meeting_date=date(2024, 6, 5),
        agenda=top(
            ("Retention programme", people(("Em Wilkinson-Brice", "NHS England"))),
            (
                "Sexual safety charter",
                people(("Catherine Hinwood", "NHS England"), ("Rebecca Smith", "NHS Employers")),
            ),
            ("Any other business", ()),
        ),
        text=("- board level ownership of the work\n- a dedicated lead",),
    ),
    "doc-kc-wider-2024-10": Expected(
        kind="meeting-summary",
        id="wider-group-2024-10-23",
        title="Key comms: SPF Wider Group, 23 October 2024",
        date=date(2024, 10, 23),
        group="Wider Group",
        meeting_date=date(2024, 10, 23),
        agenda=top(
            ("NHS pension scheme changes", people(("Owen Reilly", "UNISON"))),
            ("Health and wellbeing subgroup", people(("Grace Oduya", "NHS England"))),
        ),
        text=(
            "- members can return to work after retiring without a break\n"
            "  - the earnings cap no longer applies\n- partial retirement",
            "1. NHS Employers to update its guidance\n2. unions to brief their reps.",
        ),
    ),
    "doc-kc-executive-undated": Expected(
        kind="meeting-summary",
        id="executive-group-2024-10",
        title="Key comms: SPF Executive Group, October 2024",
        date=date(2024, 10, 1),
        into="2024-10",
        group="Executive Group",
        meeting_date=date(2024, 10, 1),
        day_known=False,
        agenda=top(
            (
                "Forward plan",
                people(("Danny Mortimer", "NHS Employers"), ("Helga Pile", "UNISON")),
            ),
            ("Partnership agreement review", people(("Sam Fielding", "NHS Employers"))),
        ),
        warnings=("meeting-day-unknown",),
    ),
    "doc-news-wider-group-2012": Expected(
        kind="news",
        id="news-2012-10-spf-wider-group-meeting-10-october-2012",
        title="SPF Wider Group meeting, 10 October 2012",
        date=date(2012, 10, 1),
        into="2012-10",
        warnings=("no-agenda-items",),
    ),
    "doc-cs-north-east": Expected(
        kind="case-study",
        id="case-study-creating-the-north-east-spf",
        title="Creating the North East SPF – a model for other regions",
        date=date(2023, 12, 1),
        into="2023-12",
        organisations=("North East and North Cumbria", "UNISON", "NHS Employers"),
        region="North East",
        sections=("About the area", "The process", "The outcomes", "Top tips"),
        contacts=(
            contact(
                "Lisa Crichton-Jones",
                "Director of Workforce Transformation",
                "North East and North Cumbria",
                "lisa.crichton-jones@example.org",
            ),
            contact(
                "Sheila Wilson", "Regional Trade Union Officer", "UNISON", "s.wilson@example.org"
            ),
        ),
    ),
    "doc-cs-pregnancy-loss": Expected(
        kind="case-study",
        id="case-study-pregnancy-loss-policy",
        title="Pregnancy loss policy - Birmingham Women's and Children's NHS Foundation Trust",
        date=date(2023, 6, 1),
        into="2023-06",
        organisations=("Birmingham Women's and Children's NHS Foundation Trust",),
        sections=("The organisation", "The challenge", "The process", "The outcomes"),
        contacts=(
            contact(
                "Raffaella Goodby",
                "Chief People Officer",
                "Birmingham Women's and Children's NHS Foundation Trust",
                "raffaella.goodby@example.org",
            ),
            contact(
                "Jo Vaughan",
                "Staff Side Chair",
                "Birmingham Women's and Children's NHS Foundation Trust",
                "jo.vaughan@example.org",
            ),
        ),
    ),
    "doc-cs-kingsmere": Expected(
        kind="case-study",
        id="case-study-fair-rostering-in-partnership",
        title="Fair rostering in partnership – Kingsmere Mental Health NHS Trust",
        date=date(2024, 10, 1),
        into="2024-10",
        organisations=("Kingsmere Mental Health NHS Trust", "Nottingham City Council"),
        region="East Midlands",
        sections=("The challenge", "What we did", "Results", "About the organisation"),
    ),
    "doc-cs-harbourside": Expected(
        kind="case-study",
        id="case-study-speaking-up-together",
        title="Speaking up together - Harbourside NHS Trust & UNISON",
        date=date(2024, 10, 1),
        into="2024-10",
        organisations=("Harbourside NHS Trust", "UNISON"),
        sections=("The challenge", "The process", "The outcomes", "For further information"),
        contacts=(
            contact("Nadia Osei", "freedom to speak up guardian", "", "nadia.osei@example.org"),
        ),
        warnings=("unread-contact",),
    ),
    "doc-cs-shire-valley": Expected(
        kind="case-study",
        id="case-study-joint-approach-to-flexible-working",
        title="Joint approach to flexible working - Shire Valley Integrated Care Board",
        date=date(2024, 10, 1),
        into="2024-10",
        organisations=("Shire Valley Integrated Care Board",),
        sections=("Background", "The approach", "Key learning"),
    ),
    "doc-news-flexible-retirement": Expected(
        kind="news",
        id="news-2024-01-new-guidance-on-flexible-retirement",
        title="New guidance on flexible retirement",
        date=date(2024, 1, 16),
        links=("https://www.nhsemployers.org/topics/pensions",),
    ),
    "doc-kc-wider-undated-2024": Expected(
        kind="meeting-summary",
        id="wider-group-2024-05-15",
        title="Key comms: SPF Wider Group, 15 May 2024",
        date=date(2024, 5, 15),
        into="2024-05",
        group="Wider Group",
        meeting_date=date(2024, 5, 15),
        agenda=top(
            ("Staff survey results", people(("Tomasz Wright", "NHS England"))),
            ("Any other business", ()),
        ),
        warnings=("meeting-date-guessed",),
    ),
    "doc-kc-roles": Expected(
        kind="meeting-summary",
        id="wider-group-2024-12-11",
        title="Key comms: SPF Wider Group, 11 December 2024",
        date=date(2024, 12, 11),
        group="Wider Group",
        meeting_date=date(2024, 12, 11),
        agenda=top(
            (
                "Workforce plan refresh",
                people(("Sam Fielding", "NHS England", "chief people officer")),
            ),
            ("Industrial relations", people(("Tom Sims", "GMB", "national officer"))),
            (
                "The future of the forum",
                people(("Professor Dame Ann O'Neill DBE", "", "Chair of the Forum")),
            ),
            (
                "Pay and the Staff Council",
                people(
                    ("Joanne Clarke", "NHS Employers"), ("Sara Gorton", "UNISON", "head of health")
                ),
            ),
        ),
        warnings=("presenter-without-organisation",),
    ),
}

WEB_PAGES = sorted(name for name in EXPECTED if name.startswith("web-"))
CASE_STUDIES = sorted(name for name, e in EXPECTED.items() if e.kind == "case-study")


def source(name: str, fmt: str, folder: Path) -> Path:
    """The fixture ``name`` in ``fmt``; the .docx is made from the .md into ``folder``."""
    if fmt == "docx":
        markdown = (DOCUMENTS / f"{name}.md").read_text(encoding="utf-8")
        return markdown_to_docx(markdown, folder / f"{name}.docx")
    return DOCUMENTS / f"{name}.{fmt}"
