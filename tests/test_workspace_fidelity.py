"""The repository's own workspace says what the Key comms it was written from say.

Its items must not invent link addresses: a link the Key comms give only as a
placeholder is either text without a link or an address that is certainly the page it
names, and each item's front matter says which. Every presenter stands on the side of
the partnership (staff side, employers, government and national bodies) the Key comms
give them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from spfcomms import load_config, load_workspace
from spfcomms.audit.inventory import sector_of
from spfcomms.model.content import MeetingSummary

from .conftest import REPO

# Addresses checked to be the very page the link names.
CERTAIN = {
    "https://www.england.nhs.uk/our-nhs-people/online-version/lfaop/our-nhs-people-promise/the-promise/",
    "https://www.england.nhs.uk/long-read/sexual-safety-in-healthcare-organisational-charter/",
    "https://www.whiteribbon.org.uk/",
    "https://www.england.nhs.uk/publication/violence-prevention-and-reduction-standard/",
    "https://www.england.nhs.uk/long-read/nhs-equality-diversity-and-inclusion-improvement-plan/",
}
UNIONS, EMPLOYERS, GOVERNMENT = "Trade unions", "Employers", "Government and national bodies"
SIDES = {
    "wider-group-2023-12-06": [
        ("Em Wilkinson-Brice", GOVERNMENT),
        ("Ronke Akerele", GOVERNMENT),
        ("Catherine Hinwood", GOVERNMENT),
        ("Rebecca Smith", EMPLOYERS),
        ("Andrew Stephenson", GOVERNMENT),
        ("Rebecca Smith", EMPLOYERS),
        ("James Dawson", EMPLOYERS),
        ("Joe Baldwin", UNIONS),
    ],
    "wider-group-2023-06-21": [
        ("Alan Lofthouse", UNIONS),
        ("Raffaella Goodby", EMPLOYERS),
        ("Jo Vaughan", UNIONS),  # "Jo Vaughan, staff side"
        ("Sara Gorton", UNIONS),
        ("Danny Mortimer", EMPLOYERS),
        ("Sara Gorton", UNIONS),
    ],
}


def _items() -> dict[str, object]:
    workspace = load_workspace(load_config(REPO))
    return {item.id: item for issue in workspace.issues for item in issue.items}


def test_no_link_in_the_workspace_points_at_an_invented_address() -> None:
    for path in sorted((REPO / "issues").glob("*/*.md")):
        text = path.read_text(encoding="utf-8")
        urls = re.findall(r"\]\((\S+?)\)", text) + re.findall(r'^link = "(.+)"', text, re.M)
        for url in urls:
            assert url in CERTAIN, f"{path.name}: {url} is not an address known to be right"


@pytest.mark.parametrize("item_id", sorted(SIDES))
def test_presenters_stand_on_the_side_the_key_comms_give(item_id: str) -> None:
    item = _items()[item_id]
    assert isinstance(item, MeetingSummary)
    found = [
        (person.name, sector_of(person.organisation))
        for agenda_item in item.all_agenda_items()
        for person in agenda_item.presenters
    ]
    assert found == SIDES[item_id]


@pytest.mark.parametrize(
    ("seed", "item_file"),
    [("000", "2023-12/wider-group-2023-12-06.md"), ("001", "2023-06/wider-group-2023-06-21.md")],
)
def test_every_placeholder_link_of_the_key_comms_is_accounted_for(
    seeds: Path, seed: str, item_file: str
) -> None:
    (source,) = sorted(seeds.glob(f"{seed}_*.txt"))
    placeholders = re.findall(r"\[([^\]]+)\]\(#\)", source.read_text(encoding="utf-8"))
    assert placeholders
    text = (REPO / "issues" / item_file).read_text(encoding="utf-8")
    front, body = text.split("+++", 2)[1:]
    said = re.sub(r"\s*\n#\s*", " ", front)  # the comment's lines joined
    for words in placeholders:
        label = words.replace("\\(", "(").replace("\\)", ")")
        assert f'"{label}"' in said, f"the item does not say what became of '{label}'"
    assert "](#)" not in body
    # The dropped "letter" is back, as text: its address is not known.
    if seed == "000":
        assert "sent a letter to chief nursing officers" in body
