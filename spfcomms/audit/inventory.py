"""What was published: a content inventory of the issues in an audit period. Pure."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..model.content import AnyItem, Issue, ItemKind, MeetingSummary

SECTORS = ("Employers", "Trade unions", "Government and national bodies", "Other")

# How an organisation's name tells its side of the partnership. Checked in order; the
# first match wins. Names are as presenters write them, so abbreviations are included.
_SECTOR_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "Trade unions",
        re.compile(
            r"\b(unison|unite|gmb|rcn|royal college of nursing|bma|british medical association|"
            r"royal college of (midwives|podiatry)|csp|chartered society|mip|ucatt|"
            r"union|branch|staff side|tuc|society of radiographers|hcsa|bdaa)\b",
            re.I,
        ),
    ),
    (
        "Government and national bodies",
        re.compile(
            r"\b(dhsc|department of health|minister|government|nhs england|nhse|"
            r"health education england|hee|nhs improvement|public health england|"
            r"cabinet office|parliament)\b",
            re.I,
        ),
    ),
    (
        "Employers",
        re.compile(
            r"\b(nhs employers|trust|foundation|ft|icb|ics|integrated care|hospital|"
            r"ambulance|health and care|hpma|council)\b",
            re.I,
        ),
    ),
)


def sector_of(organisation: str) -> str:
    """Which side of the partnership an organisation is on, by its name."""
    for sector, pattern in _SECTOR_PATTERNS:
        if pattern.search(organisation):
            return sector
    return "Other"


@dataclass(frozen=True, slots=True)
class IssueInventory:
    """One issue's output: items by kind, agenda items and who presented."""

    issue: Issue
    items_by_kind: dict[ItemKind, int]
    agenda_items: int
    presenters: int
    organisations: tuple[str, ...]
    links: int


@dataclass(frozen=True, slots=True)
class Inventory:
    """The whole period's output."""

    issues: tuple[IssueInventory, ...]
    items_by_kind: dict[ItemKind, int]
    tags: list[tuple[str, int]]
    organisations: list[tuple[str, int]]
    sectors: dict[str, int]

    @property
    def item_count(self) -> int:
        return sum(self.items_by_kind.values())

    @property
    def agenda_item_count(self) -> int:
        return sum(i.agenda_items for i in self.issues)


def _presenting_organisations(item: AnyItem) -> list[str]:
    if isinstance(item, MeetingSummary):
        return [
            person.organisation
            for agenda_item in item.all_agenda_items()
            for person in agenda_item.presenters
            if person.organisation
        ]
    return list(getattr(item, "organisations", ()))


def take_inventory(issues: tuple[Issue, ...] | list[Issue]) -> Inventory:
    """Count what the issues published, who presented and which topics they covered."""
    per_issue: list[IssueInventory] = []
    kinds: Counter[ItemKind] = Counter()
    tags: Counter[str] = Counter()
    organisations: Counter[str] = Counter()
    for issue in issues:
        issue_orgs: list[str] = []
        agenda = presenters = links = 0
        for item in issue.items:
            kinds[item.kind] += 1
            tags.update(item.all_tags)  # a meeting also covers its agenda items' topics
            issue_orgs.extend(_presenting_organisations(item))
            links += len(item.links)
            if isinstance(item, MeetingSummary):
                flat = item.all_agenda_items()
                agenda += len(flat)
                presenters += sum(len(a.presenters) for a in flat)
        organisations.update(issue_orgs)
        per_issue.append(
            IssueInventory(
                issue=issue,
                items_by_kind={k: len(issue.items_of(k)) for k in ItemKind},
                agenda_items=agenda,
                presenters=presenters,
                organisations=tuple(sorted(set(issue_orgs))),
                links=links,
            )
        )
    sectors: Counter[str] = Counter()
    for organisation, count in organisations.items():
        sectors[sector_of(organisation)] += count
    return Inventory(
        issues=tuple(per_issue),
        items_by_kind={k: kinds[k] for k in ItemKind},
        tags=sorted(tags.items(), key=lambda kv: (-kv[1], kv[0])),
        organisations=sorted(organisations.items(), key=lambda kv: (-kv[1], kv[0])),
        sectors={s: sectors[s] for s in SECTORS},
    )
