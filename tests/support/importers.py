"""Paths and helpers shared by the importer tests."""

from __future__ import annotations

from pathlib import Path

from spfcomms.model.content import Person

IMPORT_DATA = Path(__file__).resolve().parent.parent / "data" / "importers"


def people(*entries: tuple[str, str] | tuple[str, str, str]) -> tuple[Person, ...]:
    """Persons from (name, organisation) or (name, organisation, role) tuples."""
    return tuple(
        Person(name=e[0], organisation=e[1], role=e[2] if len(e) > 2 else "") for e in entries
    )
