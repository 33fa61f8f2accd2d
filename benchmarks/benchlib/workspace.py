"""A generated workspace of monthly issues, the shape of the SPF's own archive.

Every issue has two Key comms meeting summaries (eight agenda items each, presenters,
bulleted points with links), one case study with four sections and contacts, and
fourteen news items: 17 items an issue, so 180 issues hold 3,060 items. The text is
random words from a fixed seed, so the same call writes the same bytes every time.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

# Bump when the generated text changes, so that cached copies are made again.
GENERATOR_VERSION = 1
ITEMS_PER_ISSUE = 17

WORDS = (
    "partnership staff employers unions forum members workforce policy trust wellbeing "
    "retention survey guidance agreement pay conditions violence prevention safety health "
    "care review plan region national local meeting update report group chair action "
    "evidence support culture leaders managers training pension flexible working data"
).split()
ORGANISATIONS = (
    "NHS Employers",
    "UNISON",
    "Royal College of Nursing",
    "NHS England",
    "Department of Health and Social Care",
    "Unite",
    "GMB",
    "Example Teaching Hospitals NHS Trust",
)
NAMES = ("Alex Morgan", "Sam Patel", "Jo Williams", "Chris Okafor", "Pat Hughes", "Lee Chen")
MEETINGS_PER_ISSUE = 2
NEWS_PER_ISSUE = 14
AGENDA_ITEMS = 8


def _sentence(rng: random.Random, words: int = 14) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _paragraph(rng: random.Random, sentences: int = 4) -> str:
    return " ".join(_sentence(rng, rng.randint(9, 18)) for _ in range(sentences))


def _link(rng: random.Random, n: int) -> str:
    return f"[the {rng.choice(WORDS)} {rng.choice(WORDS)} page](https://example.org/p/{n})"


def _front(fields: dict[str, str]) -> str:
    return "+++\n" + "".join(f"{k} = {v}\n" for k, v in fields.items()) + "+++\n\n"


def _meeting(rng: random.Random, item_id: str, day: str, meeting_day: str) -> str:
    parts = [
        _front(
            {
                "kind": '"meeting-summary"',
                "id": f'"{item_id}"',
                "title": f'"Key comms: Wider Group, {meeting_day}"',
                "date": day,
                "summary": f'"{_sentence(rng, 20)}"',
                "tags": '["partnership-working", "retention"]',
                "group": '"Wider Group"',
                "meeting_date": meeting_day,
            }
        ),
        _paragraph(rng, 3) + "\n",
    ]
    for number in range(AGENDA_ITEMS):
        presenters = "; ".join(
            f"{rng.choice(NAMES)} ({rng.choice(ORGANISATIONS)})" for _ in range(rng.randint(1, 2))
        )
        parts.append(f"\n## Agenda item {number + 1}: {rng.choice(WORDS)} {rng.choice(WORDS)}\n")
        parts.append(f"\nPresented by: {presenters}\n\n{_paragraph(rng)}\n\n")
        parts.extend(f"- {_sentence(rng, 10)} See {_link(rng, number)}.\n" for _ in range(4))
        if number == AGENDA_ITEMS - 1:
            parts.append(f"\n### A sub-item\n\n{_paragraph(rng, 2)}\n")
    return "".join(parts)


def _case_study(rng: random.Random, item_id: str, day: str) -> str:
    head = _front(
        {
            "kind": '"case-study"',
            "id": f'"{item_id}"',
            "title": f'"Case study: {rng.choice(WORDS)} in partnership"',
            "date": day,
            "summary": f'"{_sentence(rng, 20)}"',
            "organisations": f'["{rng.choice(ORGANISATIONS)}", "UNISON"]',
            "region": '"North East"',
        }
    )
    contact = '\n[[contacts]]\nname = "Jo Williams"\nemail = "jo@example.org"\n'
    head = head.replace("\n+++\n\n", contact + "+++\n\n", 1)
    sections = "".join(
        f"\n## {title}\n\n{_paragraph(rng, 5)}\n\n{_paragraph(rng, 4)}\n"
        for title in ("About the area", "The process", "The outcomes", "Top tips")
    )
    return head + _paragraph(rng, 3) + "\n" + sections


def _news(rng: random.Random, item_id: str, day: str, n: int) -> str:
    return (
        _front(
            {
                "kind": '"news"',
                "id": f'"{item_id}"',
                "title": f'"{_sentence(rng, 7)[:-1]}"',
                "date": day,
                "summary": f'"{_sentence(rng, 20)}"',
                "tags": '["news"]',
                "link": f'"https://example.org/news/{n}"',
            }
        )
        + f"{_paragraph(rng)}\n\n{_paragraph(rng)} Read {_link(rng, n)}.\n"
    )


def generate_workspace(root: Path, issues: int = 180, first_year: int = 2010) -> int:
    """Write a workspace of ``issues`` monthly issues; return the number of items."""
    if root.exists():
        shutil.rmtree(root)
    rng = random.Random(180)
    (root / "issues").mkdir(parents=True)
    (root / "spfcomms.toml").write_text(
        '[site]\nname = "Generated SPF"\nbase_url = "https://example.org/bulletin/"\n',
        encoding="utf-8",
    )
    items_total = 0
    for index in range(issues):
        year, month = first_year + index // 12, index % 12 + 1
        issue_id = f"{year}-{month:02d}"
        folder = root / "issues" / issue_id
        folder.mkdir()
        day = f"{issue_id}-20"
        files: dict[str, str] = {}
        for m in range(MEETINGS_PER_ISSUE):
            files[f"meeting-{issue_id}-{m}"] = _meeting(
                rng, f"meeting-{issue_id}-{m}", day, f"{issue_id}-{10 + m:02d}"
            )
        files[f"case-{issue_id}"] = _case_study(rng, f"case-{issue_id}", day)
        for n in range(NEWS_PER_ISSUE):
            files[f"news-{issue_id}-{n}"] = _news(rng, f"news-{issue_id}-{n}", day, n)
        for name, text in files.items():
            (folder / f"{name}.md").write_text(text, encoding="utf-8")
        listed = ", ".join(f'"{name}"' for name in files)
        (folder / "issue.toml").write_text(
            f'number = {index + 1}\ndate = {day}\ntitle = "Bulletin {issue_id}"\n'
            f'intro = "{_sentence(rng, 25)}"\nitems = [{listed}]\n',
            encoding="utf-8",
        )
        items_total += len(files)
    return items_total
