"""Case studies and news stories, and detecting what a document is."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from spfcomms.importers import ImportedCaseStudy, ImportedNews, import_source, render_item
from spfcomms.importers.detect import detect_kind
from spfcomms.importers.sources import read_path
from spfcomms.model.content import ItemKind, Person

from .support.docx_builder import markdown_to_docx
from .support.importers import IMPORT_DATA

CONTACTS = (
    Person(
        name="Nadia Osei",
        role="Head of Staff Experience",
        organisation="Westcombe NHS Foundation Trust",
        email="nadia.osei@example.org",
    ),
    Person(
        name="Ben Carter",
        role="Regional Organiser",
        organisation="UNISON",
        email="b.carter@example.org",
    ),
)


def _case_study(path: Path) -> ImportedCaseStudy:
    (item,) = import_source(path, issue_id="2024-01").items
    assert isinstance(item, ImportedCaseStudy)
    return item


@pytest.mark.parametrize("fmt", ["txt", "md", "docx"])
def test_case_study_sections_contacts_and_region(fmt: str, tmp_path: Path) -> None:
    path = IMPORT_DATA / f"case_study.{fmt if fmt != 'docx' else 'md'}"
    if fmt == "docx":
        path = markdown_to_docx(path.read_text(encoding="utf-8"), tmp_path / "cs.docx")
    item = _case_study(path)
    assert (
        item.title == "Building a joint wellbeing offer in the South West – partners lead the way"
    )
    assert item.id == "case-study-building-a-joint-wellbeing-offer-in-the-south-west"
    assert [s.title for s in item.sections] == [
        "About the area",
        "The process",
        "The outcomes",
        "Top tips",
    ]
    assert item.contacts == CONTACTS
    assert item.region == "South West"
    assert item.organisations == ("Westcombe NHS Foundation Trust", "UNISON")
    assert item.summary.startswith("Employers and trade unions in the South West agreed")
    assert item.sections[3].body.startswith("- Agree the priorities together")
    assert [link.url for link in item.links] == ["https://www.example.org/south-west-wellbeing"]


def test_case_study_formats_write_the_same_file(tmp_path: Path) -> None:
    markdown = IMPORT_DATA / "case_study.md"
    docx_path = markdown_to_docx(markdown.read_text(encoding="utf-8"), tmp_path / "cs.docx")
    texts = {
        render_item(_case_study(p)) for p in (IMPORT_DATA / "case_study.txt", markdown, docx_path)
    }
    assert len(texts) == 1


def test_case_study_seed_sections_and_contacts(seeds: Path) -> None:
    (seed,) = sorted(seeds.glob("004_*.txt"))
    result = import_source(seed, issue_id="2023-12")
    (item,) = result.items
    assert isinstance(item, ImportedCaseStudy)
    assert item.title == "Creating the North East SPF – An exemplar model to follow"
    assert [s.title for s in item.sections] == [
        "About the area",
        "The process",
        "The outcomes",
        "Top tips",
    ]
    assert [(c.name, c.role, c.organisation, c.email) for c in item.contacts] == [
        (
            "Lisa Crichton-Jones",
            "Director of Workforce Transformation",
            "North East and North Cumbria",
            "Lisa.Crichton-Jones@ntw.nhs.uk",
        ),
        ("Sheila Wilson", "Regional Trade Union Officer", "UNISON", "S.Wilson2@unison.co.uk"),
    ]
    assert item.region == "North East"
    # The site's tagline above the title is page furniture: left out, with a note.
    assert result.warnings == ()
    assert [(m.line, m.message) for m in result.notes if m.code == "furniture"] == [
        (1, "left out the page's site tagline (line 1)")
    ]


def test_news_page_title_date_summary_and_source_link() -> None:
    (item,) = import_source(IMPORT_DATA / "news.html", issue_id="2024-01").items
    assert isinstance(item, ImportedNews)
    assert item.title == "New guidance on flexible retirement"
    assert item.date == date(2024, 1, 16)
    assert item.summary.startswith("Partners have published joint guidance")
    assert item.link == "https://www.example.org/news/flexible-retirement"
    assert item.id == "news-2024-01-new-guidance-on-flexible-retirement"
    assert "*step down* or **reduce their hours**" in item.body


def test_news_text_with_date_line_and_source_line(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(
        "Staff survey results published\n\nPublished: 7 March 2024\n\n"
        "This year's results show small gains in most areas.\n\n"
        "Source: https://www.example.org/survey-2024\n",
        encoding="utf-8",
    )
    (item,) = import_source(path, issue_id="2024-03", kind="news").items
    assert isinstance(item, ImportedNews)
    assert (item.title, item.date) == ("Staff survey results published", date(2024, 3, 7))
    assert item.link == "https://www.example.org/survey-2024"
    assert item.summary == "This year's results show small gains in most areas."


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("keycomms_variants.txt", ItemKind.MEETING_SUMMARY),
        ("keycomms_variants.md", ItemKind.MEETING_SUMMARY),
        ("keycomms_variants.html", ItemKind.MEETING_SUMMARY),
        ("case_study.txt", ItemKind.CASE_STUDY),
        ("case_study.md", ItemKind.CASE_STUDY),
        ("news.html", ItemKind.NEWS),
    ],
)
def test_kind_is_detected(name: str, kind: ItemKind) -> None:
    assert detect_kind(read_path(IMPORT_DATA / name))[0] is kind


def test_seeds_kinds_are_detected(seeds: Path) -> None:
    kinds = [detect_kind(read_path(p))[0] for p in sorted(seeds.glob("00[014]_*.txt"))]
    assert kinds == [ItemKind.MEETING_SUMMARY, ItemKind.MEETING_SUMMARY, ItemKind.CASE_STUDY]
