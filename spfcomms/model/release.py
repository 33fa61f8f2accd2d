"""What is published now and what is held back: drafts and embargoes.

An issue or item with ``draft = true`` is never published. One with ``publish_at`` is
held back until that moment (written in the workspace's time zone). "Now" is
``clock.build_datetime()``, so ``SOURCE_DATE_EPOCH`` decides it and a build stays
reproducible. An issue none of whose items may be published yet is held back too: it
would be an empty bulletin.

``release`` splits a workspace into the part every published output is made from
(archive, feeds, snippets, emails, and any output added later) and the list of what
was held back, with the banner a preview shows for each.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from .content import AnyItem, Issue, Workspace
from .dates import format_moment
from .problems import Problem, Severity, SourceLocation

HELD_BACK_CODE = "held-back"


class HoldReason(StrEnum):
    """Why something is not published yet."""

    DRAFT = "draft"
    EMBARGO = "embargo"
    NO_ITEMS = "no-items"
    """An issue whose every item is held back."""


@dataclass(frozen=True, slots=True)
class HeldBack:
    """One issue or item that the published outputs leave out, and until when."""

    kind: str
    """``issue`` or ``item``."""
    id: str
    title: str
    source: SourceLocation
    reason: HoldReason
    until: datetime | None = None
    """When it will be published; None for a draft."""

    @property
    def banner(self) -> str:
        """What a preview shows above it: ``Draft: not published`` and the like."""
        if self.reason is HoldReason.DRAFT:
            return "Draft: not published"
        if self.until is None:
            return "Not published: every item in it is a draft"
        if self.reason is HoldReason.NO_ITEMS:
            return f"Not published until {format_moment(self.until)}, when its items are"
        return f"Embargoed until {format_moment(self.until)}"

    def problem(self) -> Problem:
        """A note for ``spfcomms check``: what is held back, and until when."""
        what = f"{self.kind} '{self.id}'"
        if self.reason is HoldReason.DRAFT:
            message = f"{what} is a draft: left out of every published output"
        elif self.until is None:
            message = f"{what} is held back: every item in it is a draft"
        else:
            cause = "it is embargoed" if self.reason is HoldReason.EMBARGO else "its items are"
            message = f"{what} is held back until {format_moment(self.until)} ({cause})"
        return Problem(self.source, Severity.NOTE, message, HELD_BACK_CODE)


@dataclass(frozen=True, slots=True)
class Release:
    """A workspace split at one moment into what is published and what is held back."""

    now: datetime
    everything: Workspace
    published: Workspace
    held: tuple[HeldBack, ...]

    def banner(self, thing: Issue | AnyItem) -> str:
        """The preview banner of an issue or item ("" when it is published).

        An item inside a held-back issue shows its issue's banner.
        """
        kind = "issue" if isinstance(thing, Issue) else "item"
        for held in self.held:
            if held.kind == kind and held.id == thing.id:
                return held.banner
        if not isinstance(thing, Issue):
            for issue in self.everything.issues:
                if any(item is thing for item in issue.items):
                    return self.banner(issue)
        return ""

    def is_held(self, issue_id: str) -> bool:
        """Whether the issue with this id is held back as a whole."""
        return any(h.kind == "issue" and h.id == issue_id for h in self.held)


def _hold(thing: Issue | AnyItem, now: datetime) -> HeldBack | None:
    kind = "issue" if isinstance(thing, Issue) else "item"

    def where(field: str) -> SourceLocation:
        return thing.source if isinstance(thing, Issue) else thing.at(field)

    if thing.draft:
        return HeldBack(kind, thing.id, thing.title, where("draft"), HoldReason.DRAFT)
    if thing.publish_at is not None and thing.publish_at > now:
        return HeldBack(
            kind, thing.id, thing.title, where("publish_at"), HoldReason.EMBARGO, thing.publish_at
        )
    return None


def release(workspace: Workspace, now: datetime) -> Release:
    """Split ``workspace`` into what is published at ``now`` and what is held back."""
    held: list[HeldBack] = []
    issues: list[Issue] = []
    for issue in workspace.issues:
        own = _hold(issue, now)
        held_items = [h for item in issue.items if (h := _hold(item, now)) is not None]
        if own is not None:
            # Its items' own holds are kept too: a preview shows each item's banner.
            held += [own, *held_items]
            continue
        kept = tuple(i for i in issue.items if all(h.id != i.id for h in held_items))
        held.extend(held_items)
        if issue.items and not kept:
            held.append(_all_items_held(issue, held_items))
            continue
        issues.append(replace(issue, items=kept) if held_items else issue)
    published = replace(workspace, issues=tuple(issues))
    return Release(now=now, everything=workspace, published=published, held=tuple(held))


def _all_items_held(issue: Issue, items: Iterable[HeldBack]) -> HeldBack:
    times = [h.until for h in items if h.until is not None]
    until = min(times) if times else None
    return HeldBack("issue", issue.id, issue.title, issue.source, HoldReason.NO_ITEMS, until)
