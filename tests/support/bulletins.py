"""Generated workspaces for email tests and benchmarks: N agenda items, or hostile text."""

from __future__ import annotations

from pathlib import Path

SETTINGS = """[site]
name = "Test Forum"
short_name = "TF"
base_url = "https://forum.example.org/bulletin/"

[email]
from_address = "bulletin@forum.example.org"
unsubscribe_url = "https://forum.example.org/newsletter/unsubscribe/"
smtp_host = "127.0.0.1"
smtp_port = {port}
smtp_security = "none"
smtp_timeout = 5
"""

AGENDA_ITEM = """## Agenda item {n}: workforce retention update

Presented by: Alex Example, director (Example NHS Trust); Sam Sample (Example Union)

Members discussed how partnership work on flexible working is helping trusts keep
experienced staff, and agreed to share the [retention toolkit {n}](https://forum.example.org/toolkit/{n}/)
with regional forums before the next meeting.

- the leaver rate fell again this quarter, see the [figures](https://example.net/figures/{n})
- trade union representatives joined most of the site visits
- a [guide for line managers](https://forum.example.org/guides/{n}/) is now available
- partners will report back on progress in the spring
"""

HOSTILE_TITLE = '<script>alert("title")</script> Ünïcödé 🎉 مرحبا بالعالم'
LONG_WORD = "a" * 10_000


def write_workspace(
    root: Path, *, agenda_items: int = 3, port: int = 25, hostile: bool = False
) -> Path:
    """A workspace with one issue (2024-01) holding a meeting summary and a news item."""
    issue = root / "issues" / "2024-01"
    issue.mkdir(parents=True)
    (root / "spfcomms.toml").write_text(SETTINGS.format(port=port), encoding="utf-8")
    title = HOSTILE_TITLE if hostile else "January 2024: test bulletin"
    intro = "A short introduction to this test bulletin."
    if hostile:
        intro = f"<b>bold?</b> <script>alert(1)</script> {LONG_WORD} 😀 שלום עולם"
    (issue / "issue.toml").write_text(
        f"number = 1\ndate = 2024-01-15\ntitle = {toml_str(title)}\n"
        f'intro = {toml_str(intro)}\nitems = ["meeting", "news"]\n',
        encoding="utf-8",
    )
    if hostile:
        body = (
            f"Opening <img src=x onerror=alert(1)> {LONG_WORD}\n\n"
            "## <script>alert('agenda')</script> كلمة عربية 🚀\n\n"
            'Presented by: <b>Eve</b> (Org <i>"quoted"</i>)\n\n'
            "[a trap](javascript:alert(1)) and [another](JaVaScRiPt:alert(2)) and "
            f'<a href="javascript:alert(3)">raw</a> and {LONG_WORD}\n\n'
            "<script>alert('body')</script>\n\n"
            '<iframe src="https://evil.example/"></iframe>\n'
        )
    else:
        body = "The chair opened the meeting.\n\n" + "\n".join(
            AGENDA_ITEM.format(n=n) for n in range(1, agenda_items + 1)
        )
    (issue / "meeting.md").write_text(
        '+++\nkind = "meeting-summary"\nid = "meeting"\n'
        f"title = {toml_str(title if hostile else 'Key comms: Wider Group, 10 January 2024')}\n"
        'date = 2024-01-15\nsummary = "What the forum discussed."\n'
        'group = "Wider Group"\nmeeting_date = 2024-01-10\n+++\n\n' + body,
        encoding="utf-8",
    )
    (issue / "news.md").write_text(
        '+++\nkind = "news"\nid = "news"\n'
        f"title = {toml_str(title if hostile else 'A news story')}\n"
        "date = 2024-01-15\n"
        f"summary = {toml_str(intro if hostile else 'Something happened.')}\n+++\n\n"
        "The story itself.\n",
        encoding="utf-8",
    )
    return root


def toml_str(text: str) -> str:
    """A TOML basic string."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'
