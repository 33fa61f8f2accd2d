"""Templates are code (docs/security.md); nothing imported ever becomes one (issue case 8).

Documents, web pages and exports carry template syntax, markup and terminal markup
here; every output shows it as text. Were any of it run as a template, the output
would hold ``spliced`` (``'sp' ~ 'liced'``), which the input never spells.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import REPO
from .support.cli import run
from .support.http import LoopbackServer

PAYLOAD = (
    "{{ 'sp' ~ 'liced' }} {% if true %}{{ 'sp' ~ 'liced' }}{% endif %} "
    "{{ cycler.__init__.__globals__.os.popen('echo sp''liced').read() }}"
)
SCRIPT = "<script>alert('x')</script>"
PAGE = f"""<!DOCTYPE html>
<html lang="en"><head><title>Staff survey results</title></head>
<body><nav><a href="/">Home</a></nav>
<main>
<h1>Staff survey results {PAYLOAD}</h1>
<p>Published 16 December 2023</p>
<p>The forum discussed the staff survey. {PAYLOAD} {SCRIPT}</p>
<p>Unions and employers agreed to act on the results &lt;b&gt;together&lt;/b&gt;.</p>
</main></body></html>
"""


@pytest.fixture
def workspace(repo_workspace: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(repo_workspace)
    return repo_workspace


def _outputs(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): p.read_text("utf-8", "replace")
        for p in folder.rglob("*")
        if p.is_file()
    }


def _never_run(outputs: dict[str, str]) -> None:
    for name, text in outputs.items():
        assert "spliced" not in text, name
        assert "<script>alert" not in text, name


@pytest.mark.parametrize("via", ["file", "url"])
def test_an_imported_page_with_template_syntax_is_published_as_text(
    workspace: Path,
    tmp_path: Path,
    http_server: LoopbackServer,
    capsys: pytest.CaptureFixture[str],
    via: str,
) -> None:
    if via == "file":
        source = str(tmp_path / "survey.html")
        Path(source).write_text(PAGE, encoding="utf-8")
    else:
        http_server.route("/survey", body=PAGE)
        source = f"{http_server.url}/survey"
    code, _, err = run(capsys, "import", source, "--into", "2023-12", "--kind", "news")
    assert code == 0, err
    assert run(capsys, "build")[0] == 0
    outputs = _outputs(workspace / "_build")
    _never_run(outputs)
    # The text is there, as text (escaped where it is markup).
    page = next(text for name, text in outputs.items() if "staff-survey" in name)
    assert "{{ &#39;sp&#39; ~ &#39;liced&#39; }}" in page or "{{ 'sp' ~ 'liced' }}" in page


def test_exported_figures_with_template_syntax_are_shown_as_text(
    workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = tmp_path / "figures.csv"
    export.write_text(
        "channel,metric,value,period_start,period_end,issue,label,note\n"
        f'social,impressions,120,2023-12-01,2023-12-31,2023-12,"{PAYLOAD} {SCRIPT}",'
        '"[link=https://evil.example/]click[/link] :skull: [bold red]alarm[/]"\n',
        encoding="utf-8",
    )
    assert run(capsys, "metrics", "import", str(export), "-q")[0] == 0
    assert run(capsys, "report")[0] == 0
    _never_run(_outputs(workspace / "_audit"))
    code, out, _ = run(capsys, "metrics", "show", "2023-12")
    assert code == 0
    # Exports never drive the terminal: rich markup and emoji codes stay as written.
    assert "[link=https://evil.example/]click[/link]" in out.replace("\n", "")
    assert ":skull:" in out and "\x1b]8;" not in out
    for flag in ("--csv", "--json"):
        assert "spliced" not in run(capsys, "metrics", "show", flag)[1]


def test_templates_are_documented_as_code_and_imports_as_untrusted() -> None:
    security = (REPO / "docs" / "security.md").read_text("utf-8")
    assert "Templates are code" in security
    for untrusted in ("imported documents", "web pages", "exports", "logs", "partner"):
        assert untrusted in security
    assert "docs/security.md" in (REPO / "README.md").read_text("utf-8")
