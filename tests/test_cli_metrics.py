"""``spfcomms metrics`` in-process: import, show (table, CSV, JSON), init, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from spfcomms.cli import main

DATA = Path(__file__).parent / "data" / "metrics"


def _run(workspace: Path, *args: str) -> int:
    return main(["-c", str(workspace), "metrics", *args])


def test_import_then_show_csv(metrics_workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = _run(metrics_workspace, "import", str(DATA / "mailchimp-2023-06.json"),
                str(DATA / "links-2023-06.csv"), str(DATA / "manual-2023.csv"))
    assert code == 0
    out = capsys.readouterr().out
    assert out.splitlines() == [
        "mailchimp-2023-06.json: stored 13 figure(s) as mailchimp-json (2023-06)",
        "links-2023-06.csv: stored 6 figure(s) as link-clicks-csv (2023-06)",
        "manual-2023.csv: stored 5 figure(s) as manual-csv (2023-06, 2023-12)",
    ]
    assert _run(metrics_workspace, "show", "2023-06", "--csv") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(
        "issue,title,published,email_source,sent,delivered,bounces,unique_opens,"
    )
    assert lines[1] == (
        '2023-06,"June 2023: violence reduction, pregnancy loss policy and sexual safety",'
        "2023-06-29,mailchimp-api,4210,4146,64,2288,yes,1187,0.5519,0.2863,512,0.1235,0.2238,9,"
        "0.0021,1,,,,,,,,podcast/listens=412; social/followers/linkedin=2315; "
        "social/impressions/linkedin=12840"
    )
    assert _run(metrics_workspace, "show", "2023-06", "--csv", "--items") == 0
    items = capsys.readouterr().out.splitlines()
    assert items[1] == (
        "2023-06,news-2023-06-sussex-vpr-strategy,Sussex launches a system-wide violence "
        "prevention and reduction strategy,1077,402,,link-clicks,,,"
    )


def test_show_table_and_json(metrics_workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _run(metrics_workspace, "import", str(DATA / "mailchimp-reports.json"))
    capsys.readouterr()
    assert _run(metrics_workspace, "show") == 0
    table = capsys.readouterr().out
    assert "2023-06  June 2023: violence reduction" in table
    assert "Unique opens *" in table and "includes privacy-proxy opens (MPP)" in table
    assert "Click-to-open (CTOR)" in table and "22.4%" in table
    assert _run(metrics_workspace, "show", "2023-12", "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data) == ["issues"]  # one issue asked for: no site section
    december = data["issues"][0]
    assert december["issue_id"] == "2023-12"
    assert december["email"]["sent"] == 4388
    assert december["email"]["delivered"] == 4388 - 18 - 37
    assert december["email"]["source"] == "mailchimp-api"


def test_bad_file_is_reported_and_others_still_import(
    metrics_workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = _run(metrics_workspace, "import", str(DATA / "broken" / "klaviyo-bad-number.csv"),
                str(DATA / "mailchimp-2023-12.csv"), "--issue", "2023-12")
    assert code == 1
    captured = capsys.readouterr()
    assert captured.err.splitlines()[-2:] == [
        "spfcomms: error: klaviyo-bad-number.csv:7: column 'Unique Opens': 'abc' is not a "
        "whole number",
        "klaviyo-bad-number.csv: nothing stored",
    ]
    assert captured.out.splitlines() == [
        "mailchimp-2023-12.csv: stored 13 figure(s) as mailchimp-api-csv (2023-12)"
    ]


def test_reimport_says_nothing_changed(
    metrics_workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _run(metrics_workspace, "import", str(DATA / "mailchimp-2023-12.csv"))
    _run(metrics_workspace, "import", str(DATA / "mailchimp-2023-12.csv"))
    assert capsys.readouterr().out.splitlines()[-1] == (
        "mailchimp-2023-12.csv: already imported on 2023-11-14 22:13 UTC, nothing changed"
    )


def test_init_creates_the_sqlite_store_in_the_workspace(
    repo_workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = repo_workspace / ".spfcomms" / "metrics.sqlite"
    assert not database.exists()
    assert main(["-c", str(repo_workspace), "metrics", "init"]) == 0
    captured = capsys.readouterr()
    assert captured.out == f"metrics store ready: sqlite:///{database} (schema 0003)\n"
    # A new store is simply made: no "schema empty -> 0003" (that is an internal step).
    assert captured.err == ""
    assert database.is_file()


def test_show_on_an_empty_store_says_how_to_fill_it(
    repo_workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["-c", str(repo_workspace), "-q", "metrics", "show"]) == 1
    assert "is empty: import some figures with 'spfcomms metrics import FILE'" in (
        capsys.readouterr().err
    )


def test_build_needs_no_metrics_database(repo_workspace: Path) -> None:
    assert main(["-c", str(repo_workspace), "-q", "build"]) == 0
    assert not (repo_workspace / ".spfcomms").exists()


def test_cli_knows_every_import_format() -> None:
    from spfcomms.cli import cmd_metrics
    from spfcomms.metrics import FORMATS

    assert cmd_metrics.FORMATS == FORMATS


def test_build_does_not_load_the_database_layer(repo_workspace: Path) -> None:
    import subprocess
    import sys

    code = (
        "import sys; from spfcomms.cli import main; "
        f"main(['-c', {str(repo_workspace)!r}, '-q', 'build']); "
        "print('sqlalchemy' in sys.modules)"
    )
    env_path = str(Path(__file__).resolve().parent.parent)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={"PYTHONPATH": env_path, "PATH": "/usr/bin:/bin"}, check=True)
    assert done.stdout.strip() == "False"


def test_example_exports_import_into_the_repository_workspace(
    repo_workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    examples = Path(__file__).resolve().parent.parent / "examples" / "metrics"
    files = sorted(p for p in examples.iterdir() if p.suffix in (".json", ".csv", ".toml")
                   and not p.name.startswith("matomo"))
    assert _run(repo_workspace, "import", *map(str, files)) == 0
    assert _run(repo_workspace, "import", str(examples / "matomo-pages-2023-12.csv"),
                "--from", "2023-12-14", "--to", "2024-01-13") == 0
    capsys.readouterr()
    assert _run(repo_workspace, "show", "--csv") == 0
    rows = capsys.readouterr().out.splitlines()
    assert [row.split(",")[0] for row in rows[1:]] == ["2023-06", "2023-12"]
    assert ",4210,4146," in rows[1] and ",4388,4333," in rows[2]
