"""``spfcomms import`` as a library call: a document into an issue folder of the workspace.

The document is read and recognised (``importers.import_source``); an item with no
date of its own gets the date of the issue it goes into, when the issue exists; the
items are written into ``issues/<issue_id>/`` (or, with ``dry_run``, only described).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..importers.importer import import_source
from ..importers.limits import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT
from ..importers.model import ImportResult
from ..importers.workspace import Outcome, WrittenItem, issue_date_of, write_items
from ..model.config import Config
from ..model.content import ItemKind


@dataclass(frozen=True, slots=True)
class ImportIntoResult:
    """What was recognised in the document, and what was (or would be) written."""

    imported: ImportResult
    folder: Path
    written: tuple[WrittenItem, ...]
    dry_run: bool = False

    @property
    def changed(self) -> bool:
        """True when a file was (or would be) created or replaced."""
        return any(entry.outcome is not Outcome.UNCHANGED for entry in self.written)


def import_into(
    config: Config,
    source: str | Path,
    issue_id: str,
    *,
    kind: ItemKind | str | None = None,
    force: bool = False,
    dry_run: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> ImportIntoResult:
    """Import ``source`` (a file or an http(s) address) into the issue ``issue_id``.

    Importing the same document again changes nothing; a file edited since the last
    import is only replaced with ``force``. Raises ``ImportSourceError`` when the
    document cannot be read or holds no item.
    """
    folder = config.issues_dir / issue_id
    imported = import_source(
        source,
        kind=kind,
        issue_id=issue_id,
        issue_date=issue_date_of(folder),
        timeout=timeout,
        max_bytes=max_bytes,
    )
    written = write_items(imported.items, folder, force=force, dry_run=dry_run)
    return ImportIntoResult(imported, folder, tuple(written), dry_run)
