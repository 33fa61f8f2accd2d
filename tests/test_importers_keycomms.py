"""Key comms (meeting summaries): the seeds, and our own fixtures in every format."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from spfcomms.importers import ImportedMeeting, import_source, render_item
from spfcomms.model.content import MeetingSummary
from spfcomms.model.problems import SourceLocation
from spfcomms.workspace.loaders import parse_item

from .support.docx_builder import markdown_to_docx
from .support.importers import IMPORT_DATA, people


def _meeting(path: Path | str, **options: object) -> ImportedMeeting:
    result = import_source(path, **options)  # type: ignore[arg-type]
    (item,) = result.items
    assert isinstance(item, ImportedMeeting)
    return item


def _seed(seeds: Path, prefix: str) -> Path:
    (path,) = sorted(seeds.glob(f"{prefix}_*.txt"))
    return path


def test_plain_text_seed_gives_every_agenda_item_with_presenters(seeds: Path) -> None:
    item = _meeting(_seed(seeds, "000"), issue_id="2023-12")
    assert item.group == "Wider Group"
    assert item.meeting_date == date(2023, 12, 6)
    assert item.date == date(2023, 12, 6)
    assert item.id == "wider-group-2023-12-06"
    assert [(a.title, a.presenters) for a in item.agenda] == [
        (
            "Retention exemplars",
            people(("Em Wilkinson-Brice", "NHS England"), ("Ronke Akerele", "NHS England")),
        ),
        (
            # The seed never spells out NHSE, so it is kept as written.
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
        ("Violence prevention and reduction (VPR)", people(("Rebecca Smith", "NHS Employers"))),
        (
            "Case study – Liverpool University Hospitals NHS FT (LUHFT)",
            people(
                ("James Dawson", "Liverpool University Hospitals NHS FT"),
                ("Joe Baldwin", "UNISON Liverpool Hospitals branch"),
            ),
        ),
    ]
    assert item.opening.startswith("Gavin Larnar, director of workforce at DHSC chaired")
    assert "Helga Pile" in item.opening


def test_markdown_seed_gives_agenda_sub_items_and_meeting_date(seeds: Path) -> None:
    item = _meeting(_seed(seeds, "001"), issue_id="2023-06")
    assert (item.group, item.meeting_date) == ("Wider Group", date(2023, 6, 21))
    assert [(a.title, a.presenters) for a in item.agenda] == [
        ("SPF violence reduction subgroup update", people(("Alan Lofthouse", "UNISON"))),
        (
            "HPMA 2022 partnership working award finalist case study",
            people(
                ("Raffaella Goodby", "Birmingham Women's and Children's NHS Foundation Trust"),
                ("Jo Vaughan", "Birmingham Women's and Children's NHS Foundation Trust"),
            ),
        ),
        ("Update from SPF meetings", ()),
    ]
    assert [(s.title, s.presenters) for s in item.agenda[2].subitems] == [
        (
            "Tackling sexual misconduct in the NHS",
            people(("Sara Gorton", "UNISON", "head of health")),
        ),
        (
            "Partnership working during industrial action",
            people(("Danny Mortimer", "NHS Employers", "chief executive")),
        ),
        (
            "SPF Strategic Group meeting held 17 May 2023",
            people(("Sara Gorton", "UNISON", "head of health")),
        ),
        ("SPF workshop on the 2022 NHS Staff Survey results", ()),
    ]
    # The escaped brackets of the link text are plain brackets again.
    texts = [link.text for link in item.links]
    assert "Violence Prevention and Reduction (VPR) Standard" in texts


def test_markdown_seed_joins_paragraphs_split_by_a_page_break(seeds: Path) -> None:
    result = import_source(_seed(seeds, "001"), issue_id="2023-06")
    (item,) = result.items
    assert isinstance(item, ImportedMeeting)
    assert "in the different settings in which care is provided" in item.agenda[0].body
    assert [m.line for m in result.messages if m.code == "joined-paragraph"] == [21, 55]


def test_seed_placeholder_links_are_kept_as_hash_and_warned_with_lines(seeds: Path) -> None:
    result = import_source(_seed(seeds, "000"), issue_id="2023-12")
    placeholders = [(m.line, m.code) for m in result.warnings if m.code == "placeholder-link"]
    assert placeholders == [
        (19, "placeholder-link"),
        (29, "placeholder-link"),
        (47, "placeholder-link"),
        (53, "placeholder-link"),
        (67, "placeholder-link"),
    ]
    text = render_item(result.items[0])
    assert "[NHS People Promise](#)" in text


@pytest.mark.parametrize("prefix", ["000", "001"])
def test_seed_output_reads_back_through_the_loader(seeds: Path, prefix: str) -> None:
    item = _meeting(_seed(seeds, prefix), issue_id="2023-12")
    problems: list = []
    loaded = parse_item(render_item(item), SourceLocation(Path("x.md")), problems)
    assert isinstance(loaded, MeetingSummary)
    assert [a.title for a in loaded.all_agenda_items()] == [
        a.title for a in item.all_agenda_items()
    ]
    assert [a.presenters for a in loaded.all_agenda_items()] == [
        a.presenters for a in item.all_agenda_items()
    ]
    assert loaded.meeting_date == item.meeting_date
    assert [p.code for p in problems] in ([], ["presenter-without-organisation"])


def test_seed_output_is_close_to_the_hand_written_workspace_file(seeds: Path) -> None:
    item = _meeting(_seed(seeds, "000"), issue_id="2023-12")
    hand = (Path(__file__).parent.parent / "issues/2023-12/wider-group-2023-12-06.md").read_text()
    problems: list = []
    written = parse_item(hand, SourceLocation(Path("hand.md")), problems)
    imported = parse_item(render_item(item), SourceLocation(Path("x.md")), problems)
    assert isinstance(written, MeetingSummary) and isinstance(imported, MeetingSummary)
    assert (imported.id, imported.group, imported.meeting_date, imported.title) == (
        written.id,
        written.group,
        written.meeting_date,
        written.title,
    )
    assert [a.title for a in imported.agenda] == [a.title for a in written.agenda]
    assert [[p.name for p in a.presenters] for a in imported.agenda][:2] == [
        [p.name for p in a.presenters] for a in written.agenda
    ][:2]


VARIANT_PRESENTERS = [
    (
        "Staff wellbeing hubs",
        people(("Tomasz Wright", "NHS England"), ("Grace Oduya", "NHS England")),
    ),
    (
        "Flexible working in practice",
        people(("Hannah Price", "NHS Employers"), ("Owen Reilly", "UNISON")),
    ),
    ("Workforce plan refresh", people(("Sam Fielding", "NHS England", "chief people officer"))),
    (
        "Ministerial update",
        people(("Dr Ruth Adeyemi MP", "", "Parliamentary Under-Secretary of State for Health")),
    ),
    (
        "Violence prevention subgroup",
        people(("Martin Kowalski", "GMB", "head of health and safety")),
    ),
    (
        "Pregnancy loss policy case study",
        people(
            ("Leah Summers", "Northshire Community Health NHS Trust"),
            ("Jo Achebe", "Northshire Community Health NHS Trust"),
        ),
    ),
    ("Any other business", ()),
]


@pytest.fixture
def variant_sources(tmp_path: Path) -> dict[str, Path]:
    markdown = IMPORT_DATA / "keycomms_variants.md"
    return {
        "txt": IMPORT_DATA / "keycomms_variants.txt",
        "md": markdown,
        "html": IMPORT_DATA / "keycomms_variants.html",
        "docx": markdown_to_docx(markdown.read_text(encoding="utf-8"), tmp_path / "kc.docx"),
    }


@pytest.mark.parametrize("fmt", ["txt", "md", "html", "docx"])
def test_every_variant_is_read_the_same_in_each_format(
    variant_sources: dict[str, Path], fmt: str
) -> None:
    item = _meeting(variant_sources[fmt], issue_id="2024-01")
    assert (item.group, item.meeting_date, item.date) == (
        "Wider Group",
        date(2024, 1, 10),
        date(2024, 1, 18),
    )
    assert [(a.title, a.presenters) for a in item.agenda] == VARIANT_PRESENTERS
    assert item.opening.startswith("Priya Natarajan, deputy director")
    urls = [link.url for link in item.links]
    assert urls == [
        "https://www.england.nhs.uk/supporting-our-nhs-people/",
        "https://www.nhsemployers.org/topics/flexible-working",
    ]


def test_all_four_formats_write_the_identical_file(variant_sources: dict[str, Path]) -> None:
    texts = {
        fmt: render_item(_meeting(path, issue_id="2024-01"))
        for fmt, path in variant_sources.items()
    }
    assert texts["md"] == texts["txt"] == texts["html"] == texts["docx"]
    text = texts["txt"]
    assert "\n1. circulate the guidance to regional SPFs\n2. collect" in text
    assert "\n- 120 trusts have responded so far\n" in text
    assert "<https://www.england.nhs.uk/supporting-our-nhs-people/>" in text
    assert "Presented by: Leah Summers (Northshire Community Health NHS Trust); Jo Achebe" in text


def test_presenter_without_organisation_is_a_warning_with_its_line() -> None:
    result = import_source(IMPORT_DATA / "keycomms_variants.txt", issue_id="2024-01")
    assert [str(m) for m in result.warnings] == [
        f"{IMPORT_DATA / 'keycomms_variants.txt'}:36: warning: presenter 'Dr Ruth Adeyemi MP' "
        "has no organisation; add it in brackets after the name [presenter-without-organisation]"
    ]


def test_reimporting_gives_the_same_id_and_text() -> None:
    first = render_item(_meeting(IMPORT_DATA / "keycomms_variants.txt", issue_id="2024-01"))
    second = render_item(_meeting(IMPORT_DATA / "keycomms_variants.txt", issue_id="2024-01"))
    assert first == second


def _plain_docx(text: str, path: Path, *, bold_headings: set[str]) -> Path:
    """A Word file with no heading styles, the way many Key comms are typed."""
    import re

    import docx

    from .support.docx_builder import add_hyperlink

    document = docx.Document()
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        bullet = re.match(r"^(?:[-•]|(\d+)\.)\s+(.*)$", stripped)
        if bullet:
            style = "List Number" if bullet.group(1) else "List Bullet"
            paragraph = document.add_paragraph(style=style)
            stripped = bullet.group(2)
        else:
            paragraph = document.add_paragraph()
        position = 0
        for match in re.finditer(r"\[([^\]]+)\]\(([^)]+)\)", stripped):
            paragraph.add_run(stripped[position : match.start()])
            add_hyperlink(paragraph, match.group(2), match.group(1))
            position = match.end()
        run = paragraph.add_run(stripped[position:])
        run.bold = stripped in bold_headings or None
    document.save(str(path))
    return path


@pytest.mark.parametrize("bold", [False, True])
def test_word_file_without_heading_styles_reads_like_plain_text(tmp_path: Path, bold: bool) -> None:
    source = IMPORT_DATA / "keycomms_variants.txt"
    text = source.read_text(encoding="utf-8")
    lines = text.splitlines()
    heading_lines = {a.line for a in _meeting(source, issue_id="2024-01").agenda} | {8}
    headings = {lines[n - 1].strip() for n in heading_lines} if bold else set()
    assert "Welcome and introductions" in headings or not bold
    path = _plain_docx(text, tmp_path / "plain.docx", bold_headings=headings)
    expected = render_item(_meeting(IMPORT_DATA / "keycomms_variants.txt", issue_id="2024-01"))
    assert render_item(_meeting(path, issue_id="2024-01")) == expected


def test_bold_paragraphs_are_the_agenda_when_the_page_has_only_a_title_heading() -> None:
    from spfcomms.importers import import_text

    page = (
        "<html><body><h1>SPF Strategic Group</h1><p>Meeting date: 4 March 2024</p>"
        "<p><strong>Pay - Al Kerr, GMB</strong></p><p>Al set out the timetable.</p>"
        "<p><strong>Wellbeing - Bo Li and Cy Hart, NHS Employers</strong></p>"
        "<p>Bo and Cy described the new offer.</p><h2>Contact us</h2><p>Write to us.</p>"
        "</body></html>"
    )
    (item,) = import_text(page, format="html", issue_id="2024-03").items
    assert isinstance(item, ImportedMeeting)
    assert [(a.title, a.presenters) for a in item.agenda] == [
        ("Pay", people(("Al Kerr", "GMB"))),
        ("Wellbeing", people(("Bo Li", "NHS Employers"), ("Cy Hart", "NHS Employers"))),
    ]
    assert "**Contact us**" in item.agenda[-1].body


def test_a_short_line_before_a_list_is_an_agenda_item_with_a_warning() -> None:
    from spfcomms.importers import import_text

    text = (
        "Key comms\nWider Group\n5 June 2024\nPay - Al Kerr, GMB\nAl set out the timetable.\n"
        "Points raised by members\n- one\n- two\n"
    )
    result = import_text(text, name="kc.txt", issue_id="2024-06")
    (item,) = result.items
    assert isinstance(item, ImportedMeeting)
    assert [a.title for a in item.agenda] == ["Pay", "Points raised by members"]
    assert [(m.line, m.code) for m in result.warnings] == [(6, "ambiguous-heading")]


def test_missing_seeds_skip_with_a_reason_outside_ci_and_fail_in_ci(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from .conftest import seeds_folder

    missing = tmp_path / "shared" / "seeds"
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="source documents are not beside"):
        seeds_folder(missing)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true: this test must run"):
        seeds_folder(missing)
    assert seeds_folder(tmp_path) == tmp_path
