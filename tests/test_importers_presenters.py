"""Splitting agenda headings into title and presenters."""

from __future__ import annotations

import pytest

from spfcomms.importers.model import Messages
from spfcomms.importers.presenters import document_abbreviations, split_heading

from .support.importers import people


@pytest.mark.parametrize(
    ("heading", "title", "expected"),
    [
        (
            "Pay review - Ama Boateng, NHS Employers",
            "Pay review",
            people(("Ama Boateng", "NHS Employers")),
        ),
        (
            "Pay review – Ama Boateng, NHS Employers",
            "Pay review",
            people(("Ama Boateng", "NHS Employers")),
        ),
        (
            "Pay review — Ama Boateng, NHS Employers",
            "Pay review",
            people(("Ama Boateng", "NHS Employers")),
        ),
        (
            "Pay review– Ama Boateng, NHS Employers",
            "Pay review",
            people(("Ama Boateng", "NHS Employers")),
        ),
        (
            "Pay review -Ama Boateng, NHS Employers",
            "Pay review",
            people(("Ama Boateng", "NHS Employers")),
        ),
        (
            "Pay review– Ama Boateng, NHS Employers",
            "Pay review",
            people(("Ama Boateng", "NHS Employers")),
        ),
        (
            "Rotas - Li Wei and Carys Morgan, NHS England",
            "Rotas",
            people(("Li Wei", "NHS England"), ("Carys Morgan", "NHS England")),
        ),
        (
            # NHSE is not spelt out in this document, so it stays as written.
            "Rotas - Li Wei, NHSE and Carys Morgan, Unite",
            "Rotas",
            people(("Li Wei", "NHSE"), ("Carys Morgan", "Unite")),
        ),
        (
            "Rotas – Li Wei, Carys Morgan, Ama Boateng, GMB",
            "Rotas",
            people(("Li Wei", "GMB"), ("Carys Morgan", "GMB"), ("Ama Boateng", "GMB")),
        ),
        (
            "Li Wei, GMB national officer – Rotas",
            "Rotas",
            people(("Li Wei", "GMB", "national officer")),
        ),
        (
            "Li Wei, NHS England (NHSE) director of workforce – Rotas",
            "Rotas",
            people(("Li Wei", "NHS England", "director of workforce")),
        ),
        (
            "Carys Morgan, head of health, UNISON - Pay",
            "Pay",
            people(("Carys Morgan", "UNISON", "head of health")),
        ),
        (
            "Rotas - Li Wei/Carys Morgan, Royal Berkshire NHS Foundation Trust",
            "Rotas",
            people(
                ("Li Wei", "Royal Berkshire NHS Foundation Trust"),
                ("Carys Morgan", "Royal Berkshire NHS Foundation Trust"),
            ),
        ),
        (
            "Rotas - Li Wei, national officer, Unite",
            "Rotas",
            people(("Li Wei", "Unite", "national officer")),
        ),
        (
            "Rotas - director of people Li Wei, NHS Providers",
            "Rotas",
            people(("Li Wei", "NHS Providers", "director of people")),
        ),
        (
            "Welcome - Professor Dame Ann O'Neill DBE, Chair of the Forum",
            "Welcome",
            people(("Professor Dame Ann O'Neill DBE", "", "Chair of the Forum")),
        ),
        (
            "Health and Wellbeing Strategy - Tom Jones, Health and Care Partnership",
            "Health and Wellbeing Strategy",
            people(("Tom Jones", "Health and Care Partnership")),
        ),
        (
            "Rotas (presented by Li Wei, Unite)",
            "Rotas",
            people(("Li Wei", "Unite")),
        ),
        (
            "Rotas – Li Wei, Unite; Carys Morgan, GMB",
            "Rotas",
            people(("Li Wei", "Unite"), ("Carys Morgan", "GMB")),
        ),
        ("Workforce-planning update", "Workforce-planning update", ()),
        ("Pay deal 2023–24 - next steps", "Pay deal 2023–24 - next steps", ()),
        ("Any other business", "Any other business", ()),
        ("Li Wei – Rotas", "Li Wei – Rotas", ()),
        ("Update on rotas - Li Wei", "Update on rotas", people(("Li Wei", ""))),
        (
            "Long-Term Workforce Plan – progress so far",
            "Long-Term Workforce Plan – progress so far",
            (),
        ),
    ],
)
def test_heading_is_split_into_title_and_presenters(
    heading: str, title: str, expected: tuple[object, ...]
) -> None:
    split = split_heading(heading, 7, Messages("doc"))
    assert (split.title, split.presenters) == (title, expected)


def test_a_heading_whose_presenters_cannot_be_read_is_kept_whole_with_a_warning() -> None:
    messages = Messages("doc.txt")
    split = split_heading("Pay review - Em and Ronke, NHS England", 12, messages)
    assert split == type(split)("Pay review - Em and Ronke, NHS England", ())
    assert [str(m) for m in messages.items] == [
        "doc.txt:12: warning: could not tell the title from the presenters in 'Pay review - Em "
        "and Ronke, NHS England'; kept it all as the title: add 'Presented by: Name "
        "(Organisation)' under the heading [unread-presenters]"
    ]


def test_abbreviations_defined_in_the_document_expand_organisations() -> None:
    found = document_abbreviations(
        [
            "Case study – Liverpool University Hospitals NHS FT (LUHFT)",
            "the Social Partnership Forum (SPF) met",
            "violence reduction subgroup (VRS)",
        ]
    )
    assert found == {
        "LUHFT": "Liverpool University Hospitals NHS FT",
        "SPF": "Social Partnership Forum",
    }
    messages = Messages("doc")
    split = split_heading("Case study - Jo Bell, LUHFT", 3, messages, found)
    assert split.presenters == people(("Jo Bell", "Liverpool University Hospitals NHS FT"))
    assert [m.code for m in messages.items] == ["organisation-abbreviation"]
