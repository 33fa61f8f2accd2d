"""The plain-text part, from Markdown: wrapping, lists, references."""

from __future__ import annotations

from pathlib import Path

import pytest

from spfcomms.cli import main
from spfcomms.model.content import Body
from spfcomms.render.email_text import TextEmail, heading, wrap

from .support.bulletins import write_workspace

MARKDOWN = """Intro with a [link](https://example.org/a) and ![a chart](https://example.org/c.png).

1. first item that is long enough to wrap around the seventy-eight column limit of the text
2. second
   - nested bullet
   - another [nested link](https://example.org/b)
3. third

> quoted words

```
code line
```

#### Small heading

[mail us](mailto:a@example.org) or [jump](#section)
"""

EXPECTED = """Intro with a link [1] and [image: a chart].

1. first item that is long enough to wrap around the seventy-eight column
   limit of the text
2. second
   - nested bullet
   - another nested link [2]
3. third

> quoted words

    code line

Small heading
~~~~~~~~~~~~~

mail us [3] or jump

[1] https://example.org/a?tagged
[2] https://example.org/b?tagged
[3] mailto:a@example.org?tagged
"""


def test_markdown_becomes_wrapped_text_with_numbered_references() -> None:
    email = TextEmail(tag=lambda url: url + "?tagged")
    email.markdown(Body(MARKDOWN, ""))
    email.flush_refs()
    assert email.render() == EXPECTED


def test_long_words_and_urls_are_never_broken() -> None:
    url = "https://example.org/" + "x" * 100
    assert wrap(f"see {url} now") == ["see", url, "now"]
    assert heading("Title", "=") == ["Title", "====="]


def test_build_reports_each_email_size(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = write_workspace(tmp_path, agenda_items=2)
    assert main(["build", "-c", str(root)]) == 0
    out = capsys.readouterr().out
    assert "Email 2024-01: " in out and "KB of HTML (Gmail clips at 102 KB)" in out
    assert (root / "_build" / "issues" / "2024-01" / "email.eml").is_file()
