"""Importing many files in one command: the workspace is indexed once (a pull too),
its issues and items are written once (inside the first file that succeeds), and the
index is the same as indexing place by place."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from spfcomms import Config, Workspace, load_workspace
from spfcomms.cli import main
from spfcomms.commands.metrics import import_files
from spfcomms.metrics import MetricsStore
from spfcomms.metrics.catalog import Catalog, LinkPlace, _links_with_anchor
from spfcomms.metrics.mailchimp_api import MailchimpClient
from spfcomms.metrics.pull import pull_mailchimp
from spfcomms.metrics.schema import issues, items
from spfcomms.metrics.urls import match_key

from .support.http import LoopbackServer
from .support.mailchimp import API_KEY, FakeMailchimp

DATA = Path(__file__).parent / "data" / "metrics"
# Exports of both issues in most formats the repository workspace can take without
# options; the last is the first again (already imported: nothing to do).
MANY = [
    DATA / name
    for name in (
        "mailchimp-2023-06.json",
        "links-2023-06.csv",
        "manual-2023.csv",
        "manual-2023.toml",
        "ga4-pages-2023-06.csv",
        "ga4-pages-2023-12.csv",
        "mailchimp-reports.json",
        "mailchimp-2023-12.csv",
        "klaviyo-campaigns.csv",
        "manual-baselines-2019.csv",
        "mailchimp-2023-06.json",
    )
]
BAD = DATA / "broken" / "manual-bad-date.csv"


@pytest.fixture
def catalogues(monkeypatch: pytest.MonkeyPatch) -> list[Catalog]:
    """Every Catalog made while the test runs."""
    made: list[Catalog] = []
    original = Catalog.__init__

    def counting(self: Catalog, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        made.append(self)

    monkeypatch.setattr(Catalog, "__init__", counting)
    return made


@pytest.mark.parametrize("count", [1, 3, len(MANY)])
def test_one_import_command_indexes_the_workspace_once(
    repo_workspace: Path, catalogues: list[Catalog], count: int
) -> None:
    code = main(["-q", "-c", str(repo_workspace), "metrics", "import", *map(str, MANY[:count])])
    assert code == 0
    assert len(catalogues) == 1


def test_a_failed_file_does_not_make_another_index(
    repo_workspace: Path, catalogues: list[Catalog], capsys: pytest.CaptureFixture[str]
) -> None:
    files = [BAD, *MANY[:4], BAD]
    assert main(["-c", str(repo_workspace), "metrics", "import", *map(str, files)]) == 1
    assert len(catalogues) == 1
    assert capsys.readouterr().err.count("manual-bad-date.csv: nothing stored") == 2


def test_import_files_indexes_once_and_stores_every_file(
    store: MetricsStore, repo_config: Config, catalogues: list[Catalog]
) -> None:
    workspace = load_workspace(repo_config)
    done = import_files(store, workspace, MANY)
    assert len(catalogues) == 1
    assert [d.failure for d in done] == [None] * len(MANY)
    assert [d.result.rows for d in done if d.result] == [13, 6, 5, 2, 12, 12, 26, 13, 18, 4, 0]
    assert done[-1].result is not None and not done[-1].result.changed


def _writes_of_issues(store: MetricsStore) -> list[str]:
    """The INSERT statements into ``issues`` that the store's engine runs from now on."""
    seen: list[str] = []

    def look(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if " ".join(statement.split()).upper().startswith("INSERT INTO ISSUES"):
            seen.append(statement)

    sa.event.listen(store.engine, "before_cursor_execute", look)
    return seen


def _ids(store: MetricsStore, table: sa.Table) -> list[str]:
    with store.connect() as connection:
        return sorted(connection.execute(sa.select(table.c.id)).scalars())


def test_issues_and_items_are_written_with_the_first_file_only(
    store: MetricsStore, repo_config: Config
) -> None:
    workspace = load_workspace(repo_config)
    writes = _writes_of_issues(store)
    import_files(store, workspace, MANY[:5])
    assert len(writes) == 1
    assert _ids(store, issues) == ["2023-06", "2023-12"]
    assert _ids(store, items) == sorted(i.id for issue in workspace.issues for i in issue.items)


def test_a_failed_file_leaves_no_issues_and_the_next_file_writes_them(
    store: MetricsStore, repo_config: Config
) -> None:
    workspace = load_workspace(repo_config)
    writes = _writes_of_issues(store)
    first = import_files(store, workspace, [BAD])
    assert first[0].failure is not None
    assert _ids(store, issues) == [] and _ids(store, items) == []
    done = import_files(store, workspace, [BAD, MANY[0], MANY[1]])
    assert [d.failure is None for d in done] == [False, True, True]
    # Written inside each failed file's transaction and rolled back with it, then once
    # with the first file that was stored.
    assert len(writes) == 3
    assert _ids(store, issues) == ["2023-06", "2023-12"]


def _places_by_scanning(workspace: Workspace) -> dict[str, list[LinkPlace]]:
    """The index as it was first written: each new place looked for in its URL's list."""
    config = workspace.config
    found: dict[str, list[LinkPlace]] = {}
    for issue in workspace.issues:
        pairs = [(config.url_for(issue.path), LinkPlace(issue.id, None, None))]
        for item in issue.items:
            pairs.append((config.url_for(item.path), LinkPlace(issue.id, item.id, None)))
            pairs += [(link.url, LinkPlace(issue.id, item.id, anchor))
                      for link, anchor in _links_with_anchor(item)]  # fmt: skip
        for url, place in pairs:
            places = found.setdefault(match_key(url)[0], [])
            if place not in places:
                places.append(place)
    return found


def test_the_index_keeps_each_place_once_in_the_order_first_met(repo_config: Config) -> None:
    workspace = load_workspace(repo_config)
    june, december = workspace.issues
    # Issues again under other ids (links shared by many issues), and whole issues twice
    # (places met more than once).
    again = (replace(june, id="2024-06"), replace(december, id="2024-12"),
             replace(june, id="2025-06"))  # fmt: skip
    bigger = replace(workspace, issues=(june, december, *again, december, june))
    catalog = Catalog.from_workspace(bigger)
    expected = _places_by_scanning(bigger)
    assert catalog.links == expected
    assert list(catalog.links) == list(expected)
    shared = "england.nhs.uk/publication/violence-prevention-and-reduction-standard"
    assert [(p.issue_id, p.item_id) for p in catalog.links[shared]] == [
        (issue, item)
        for issue in ("2023-06", "2024-06", "2025-06")
        for item in ("wider-group-2023-06-21", "news-2023-06-sussex-vpr-strategy")
    ]


def test_a_pull_indexes_the_workspace_once(
    store: MetricsStore,
    repo_config: Config,
    http_server: LoopbackServer,
    catalogues: list[Catalog],
) -> None:
    mailchimp = FakeMailchimp(http_server).load_fixtures()
    workspace = load_workspace(repo_config)
    client = MailchimpClient(mailchimp.base_url, API_KEY, sleep=lambda _: None, timeout=5.0)
    result = pull_mailchimp(store, workspace, client=client)
    assert result.issue_ids == ("2023-06", "2023-12")
    assert len(catalogues) == 1


def test_a_file_another_process_stored_meanwhile_is_already_imported(
    store: MetricsStore,
    database_url: str,
    repo_config: Config,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Two imports of one file racing: both find it new, the other one commits first, and
    # ours then breaks the store's uniqueness rule. That is "already imported", not a
    # database error. The race is made certain by storing the file from a second handle
    # between our "is it new?" question and our write.
    import spfcomms.metrics.importer as importer

    workspace = load_workspace(repo_config)
    real = importer._previous_import
    asked: list[str] = []

    def previous_after_the_other_process(target: MetricsStore, sha256: str) -> Any:
        # The import asks twice before it writes (on reading the file, then just before
        # the transaction); the other process commits between the last question and
        # our write.
        asked.append(sha256)
        ours = len(asked)
        if ours == 2:
            monkeypatch.setattr(importer, "_previous_import", real)
            with MetricsStore.from_url(database_url) as other:
                assert import_files(other, workspace, [MANY[0]])[0].failure is None
        return None

    monkeypatch.setattr(importer, "_previous_import", previous_after_the_other_process)
    (done,) = import_files(store, workspace, [MANY[0]])
    assert done.failure is None, done.failure
    assert done.result is not None and done.result.already_imported is not None
