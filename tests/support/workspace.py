"""Small workspaces written file by file, for tests that need a particular defect."""

from __future__ import annotations

from pathlib import Path

CONFIG = """[site]
name = "Test SPF"
base_url = "https://example.org/bulletin/"
"""

ISSUE = """number = 1
date = 2024-01-15
title = "January 2024"
intro = "The first issue."
items = {items}
"""

NEWS = """+++
kind = "news"
id = "{id}"
title = "A news story"
date = 2024-01-15
summary = "What happened, in one sentence."
+++

The story, with [a source](https://example.org/source).
"""

MEETING = """+++
kind = "meeting-summary"
id = "{id}"
title = "Key comms: test meeting"
date = 2024-01-15
summary = "What the meeting discussed."
group = "Wider Group"
meeting_date = 2024-01-10
+++

The chair welcomed members.

## First item

Presented by: Ann Example, chair (Example Trust); Bo Sample (Example Union)

What was said about the first item.

### A sub-item

Presented by: Cy Person (NHS Employers)

Sub-item text.

## Second item

Text of the second item.
"""

CASE_STUDY = """+++
kind = "case-study"
id = "{id}"
title = "A case study"
date = 2024-01-15
summary = "Partnership working somewhere."
organisations = ["Example Trust", "Example Union"]
region = "North East"
priority_area = "partnership-working"

[[contacts]]
name = "Dee Contact"
role = "Director of Workforce"
organisation = "Example Trust"
email = "dee@example.org"

[[contacts]]
name = "Eve Contact"
email = "eve@example.org"
+++

How it started.

## About the area

The area.

## Top tips

- one
- two
"""


def make_workspace(root: Path, files: dict[str, str], *, config: str = CONFIG) -> Path:
    """Write ``spfcomms.toml`` and ``files`` (paths relative to ``root``) and return root."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "spfcomms.toml").write_text(config, encoding="utf-8")
    for relpath, text in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def one_issue(root: Path, items: dict[str, str], issue_id: str = "2024-01") -> Path:
    """A workspace with one issue listing ``items`` (file stem -> text) in order."""
    listed = "[" + ", ".join(f'"{name}"' for name in items) + "]"
    files = {f"issues/{issue_id}/issue.toml": ISSUE.format(items=listed)}
    files.update({f"issues/{issue_id}/{name}.md": text for name, text in items.items()})
    return make_workspace(root, files)
