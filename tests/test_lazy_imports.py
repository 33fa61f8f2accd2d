"""Starting is cheap: ``import spfcomms`` and ``spfcomms --help`` load no heavy library.

Each case runs in a fresh interpreter and looks at ``sys.modules`` afterwards.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
HEAVY = ("mjml", "matplotlib", "sqlalchemy", "requests", "bs4", "jinja2", "feedgen", "lxml", "nh3")


PROBE = textwrap.dedent(
    """
    import contextlib, io, json, sys
    with contextlib.redirect_stdout(io.StringIO()):
        exec(sys.argv[1])
    heavy = json.loads(sys.argv[2])
    print(json.dumps(sorted(name for name in heavy if name in sys.modules)))
    """
)


def loaded_after(code: str) -> list[str]:
    """The heavy libraries in ``sys.modules`` after running ``code``."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, code, json.dumps(HEAVY)],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    )
    loaded: list[str] = json.loads(done.stdout)
    return loaded


def test_import_spfcomms_loads_no_heavy_library() -> None:
    assert loaded_after("import spfcomms") == []


@pytest.mark.parametrize(
    "argv",
    [
        ["--help"],
        ["--version"],
        ["build", "--help"],
        ["check", "--help"],
        ["import", "--help"],
        ["serve", "--help"],
        ["send-test", "--help"],
        ["publish", "--help"],
        ["metrics", "import", "--help"],
        ["metrics", "pull", "--help"],
        ["metrics", "show", "--help"],
        ["report", "--help"],
        ["audit", "--help"],
    ],
)
def test_the_command_line_starts_without_heavy_libraries(argv: list[str]) -> None:
    assert loaded_after(f"from spfcomms.cli import main\nmain({argv!r})") == []


def test_a_public_name_loads_what_it_needs_and_no_more() -> None:
    assert loaded_after("import spfcomms\nspfcomms.load_config") == []
    assert loaded_after("import spfcomms\nspfcomms.Problem, spfcomms.Workspace") == []
    assert "sqlalchemy" in loaded_after("import spfcomms\nspfcomms.MetricsStore")
    assert "mjml" in loaded_after("import spfcomms\nspfcomms.render_email")
    # spfcomms.audit is the package and the function: neither loads anything heavy
    # until the audit runs.
    assert loaded_after("import spfcomms\nspfcomms.audit, spfcomms.audit.Period") == []


def test_only_pulling_from_an_api_loads_requests() -> None:
    loaded = loaded_after("import spfcomms.commands.metrics\nimport spfcomms.metrics.site")
    assert "sqlalchemy" in loaded
    assert "requests" not in loaded
    # The shared API client (webapi/http.py) loads requests for the first request only.
    assert "requests" not in loaded_after("from spfcomms.metrics import MailchimpClient")
    first_request = (
        "from spfcomms.metrics import MailchimpClient\n"
        "client = MailchimpClient('http://127.0.0.1:9/3.0', 'k-us1', attempts=1)\n"
        "try:\n    client.get('/reports', {})\nexcept Exception:\n    pass\n"
    )
    assert "requests" in loaded_after(first_request)


def test_the_probe_sees_a_heavy_import() -> None:
    assert loaded_after("import jinja2") == ["jinja2"]
