"""One figure per measure: when several sources measured the same thing, every summary
(the issue summaries, the site section, the audit) takes the preferred one and names the
others; it never adds them. On SQLite and on PostgreSQL.

The guard: each source's files are also imported alone into a store of their own; every
figure of the combined summary must then equal what its source said alone, and every
"other source" what that source said alone. A summary that added two sources of one
measure fails it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from spfcomms import load_config
from spfcomms.audit.from_store import reach_from_metrics
from spfcomms.cli import main

from .support.metrics import PHONE, access_line

DATA = Path(__file__).parent / "data" / "metrics"
MATOMO_PERIOD = ("--from", "2023-12-14", "--to", "2024-01-13")


def _access_log(path: Path) -> Path:
    """December: views of the issue and item pages GA4 and Matomo also counted, and of
    the case-studies page; June's issue page read again."""
    lines = []
    pages = {
        "/bulletin/issues/2023-12/": 9,
        "/bulletin/items/wider-group-2023-12-06/": 14,
        "/bulletin/items/north-east-spf/": 5,
        "/bulletin/issues/2023-06/": 3,
        "/case-studies/": 7,
    }
    minute = 0
    for page, views in pages.items():
        for n in range(views):
            minute += 1
            when = f"{14 + minute // 60:02d}/Dec/2023:{9 + n % 8:02d}:{minute % 60:02d}:00"
            lines.append(access_line(f"198.51.100.{n + 1}", when, page, agent=PHONE))
    path.write_text("".join(lines), encoding="utf-8")
    return path


SOURCES: dict[str, list[tuple[str, ...]]] = {
    "ga4": [("ga4-pages-2023-06.csv",), ("ga4-pages-2023-12.csv",)],
    "matomo": [("matomo-pages-2023-12.csv", *MATOMO_PERIOD)],
    "access-log": [("access.log",)],
    "mailchimp-api": [("mailchimp-reports.json",)],
    "mailchimp": [("mailchimp/reports-2023.csv",), ("mailchimp/report-2023-12.csv",)],
    "klaviyo": [("klaviyo-campaigns.csv",)],
    "link-clicks": [("links-2023-06.csv",)],
}


def _import(workspace: Path, sources: list[str], log: Path) -> None:
    for source in sources:
        for name, *options in SOURCES[source]:
            path = log if name == "access.log" else DATA / name
            argv = ["-q", "-c", str(workspace), "metrics", "import", str(path), *options]
            assert main(argv) == 0, name


def _show_json(workspace: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    capsys.readouterr()
    assert main(["-c", str(workspace), "metrics", "show", "--json"]) == 0
    out = capsys.readouterr().out
    data: dict[str, Any] = json.loads(out)
    return data


def _keyed(value: Any) -> Any:
    """Lists of records keyed by what they are about, so two summaries line up."""
    if isinstance(value, list):
        if value and all(isinstance(v, dict) for v in value):
            keys = ("issue_id", "item_id", "page", "name", "aggregator", "feed", "month")
            return {
                tuple(v.get(k) for k in keys if k in v) or str(i): _keyed(v)
                for i, v in enumerate(value)
            }
        return value
    if isinstance(value, dict):
        return {k: _keyed(v) for k, v in value.items()}
    return value


def _figures(tree: Any, path: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], dict[str, Any]]]:
    """Every figure in a summary: ``{"value", "source", "others"}`` and the email block."""
    found = []
    if isinstance(tree, dict):
        if "source" in tree and "others" in tree:
            found.append((path, tree))
        for key, value in tree.items():
            found.extend(_figures(value, (*path, key)))
    return found


def _at(tree: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        if not isinstance(tree, dict) or key not in tree:
            return None
        tree = tree[key]
    return tree


def _value(figure: dict[str, Any]) -> Any:
    if "value" in figure:
        return figure["value"]
    return {k: figure[k] for k in ("sent", "unique_opens", "unique_clicks", "unsubscribed")}


@pytest.fixture
def log(tmp_path: Path) -> Path:
    return _access_log(tmp_path / "access.log")


def test_every_summary_takes_one_source_per_measure_and_names_the_others(
    repo_workspace: Path,
    database_url: str,
    log: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    alone: dict[str, Any] = {}
    for source in SOURCES:
        single = tmp_path / f"alone-{source}"
        single.mkdir()
        (single / "spfcomms.toml").write_text((repo_workspace / "spfcomms.toml").read_text())
        (single / "issues").symlink_to(repo_workspace / "issues")
        _import(single, [source], log)
        alone[source] = _keyed(_show_json(single, capsys))

    if not database_url.startswith("sqlite"):
        monkeypatch.setenv("SPFCOMMS_DATABASE_URL", database_url)
    _import(repo_workspace, list(SOURCES), log)
    combined = _keyed(_show_json(repo_workspace, capsys))

    figures = _figures(combined)
    assert len(figures) > 20
    named_others = 0
    for path, figure in figures:
        own = _at(alone[figure["source"]], path)
        assert own is not None, (path, figure["source"])
        assert _value(figure) == _value(own), (path, figure)
        for other, said in figure["others"].items():
            named_others += 1
            theirs = _at(alone[other], path)
            expected = _value(theirs)
            if isinstance(said, dict):  # email: what the other source said, metric by metric
                said = {k: said.get(n) for k, n in (("sent", "emails_sent"),
                        ("unique_opens", "unique_opens"), ("unique_clicks", "unique_clicks"),
                        ("unsubscribed", "unsubscribed"))}
            assert said == expected, (path, other)
    assert named_others >= 10

    issues = combined["issues"]
    december = issues[("2023-12",)]
    assert december["web_views"]["source"] == "ga4"
    assert december["web_views"]["value"] == 1388 + 1745 + 402 + 566
    assert december["web_views"]["others"] == {
        "matomo": 1502 + 1890 + 441 + 603,
        "access-log": 9 + 14 + 5,
    }
    assert december["email"]["source"] == "mailchimp-api"
    june = issues[("2023-06",)]
    assert june["email"]["source"] == "mailchimp-api"
    assert set(june["email"]["others"]) == {"mailchimp", "klaviyo"}
    pages = combined["site"]["pages"]
    case_studies = next(p for k, p in pages.items() if p["page"] == "/case-studies")
    assert (case_studies["views"]["value"], case_studies["views"]["others"]) == (
        860,
        {"access-log": 7},
    )


def test_the_preference_can_be_changed_in_the_workspace(
    repo_workspace: Path, log: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    toml = repo_workspace / "spfcomms.toml"
    toml.write_text(toml.read_text() + '\n[metrics]\nprefer = ["access-log", "matomo"]\n')
    _import(repo_workspace, ["ga4", "matomo", "access-log"], log)
    december = _keyed(_show_json(repo_workspace, capsys))["issues"][("2023-12",)]
    # Listed sources first, in their order; unlisted ones (GA4) after them.
    assert december["web_views"]["source"] == "access-log"
    assert list(december["web_views"]["others"]) == ["matomo", "ga4"]
    capsys.readouterr()
    assert main(["-c", str(repo_workspace), "metrics", "show", "2023-12"]) == 0
    table = capsys.readouterr().out
    assert "access-log; matomo said 4,436; ga4 said 4,101 (not added)" in table


def test_the_audit_takes_the_preferred_source_and_names_the_others(
    repo_workspace: Path, log: Path
) -> None:
    _import(repo_workspace, ["ga4", "matomo", "access-log"], log)
    reach = reach_from_metrics(load_config(repo_workspace))
    assert reach.issues["2023-12"]["web_views"] == 1388 + 1745 + 402 + 566
    assert reach.items["wider-group-2023-12-06"]["web_views"] == 1745
    assert (
        "Web page views for 2023-12 are ga4's (4,101); matomo said 4,436; access-log said "
        "28 for the same pages: one measure, so not added." in reach.caveats
    )
    assert main(["-q", "-c", str(repo_workspace), "report", "--to", "2023-12"]) == 0
    page = (repo_workspace / "_audit" / "index.html").read_text()
    assert "4,101" in page and "matomo said 4,436" in page
    issues_csv = (repo_workspace / "_audit" / "issues.csv").read_text()
    assert ",4101," in issues_csv and ",8537," not in issues_csv  # never GA4 + Matomo
