"""Nothing unfinished is published: one rule set for check and build, new's placeholders."""

from __future__ import annotations

import re
from pathlib import Path

import feedparser
import pytest

from spfcomms import load_config
from spfcomms.cli import main
from spfcomms.commands.build import build
from spfcomms.commands.check import check_workspace
from spfcomms.model.exceptions import ContentError
from spfcomms.workspace.scaffold import PLACEHOLDER_MARKER, placeholder_sentences


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_a_fresh_scaffold_fails_the_build_at_each_placeholder_and_keeps_the_last_build(
    repo_workspace: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo_workspace)
    assert _run(capsys, "build", "-q")[0] == 0
    published = _tree(repo_workspace / "_build")
    assert _run(capsys, "new", "2024-01")[0] == 0
    code, out, err = _run(capsys, "build")
    assert (code, out) == (1, "")
    story = "issues/2024-01/news-2024-01-january.md"
    assert err.splitlines() == [
        "issues/2024-01/issue.toml:5: error: placeholder text from 'spfcomms new': 'A sentence "
        "or two that introduces this month's bulletin.'; write the real text [placeholder-text]",
        f"{story}:4: error: placeholder text from 'spfcomms new': 'A news headline'; write the "
        "real text [placeholder-text]",
        f"{story}:6: error: placeholder text from 'spfcomms new': 'One or two sentences that "
        "say what this is about.'; write the real text [placeholder-text]",
        f"{story}:10: error: placeholder text from 'spfcomms new': 'Write the story here.'; "
        "write the real text [placeholder-text]",
        f"{story}:12: error: placeholder text from 'spfcomms new': 'Link to sources with "
        "descriptive text, such as [the NHS Staff Council's guidance]"
        "(https://www.nhsemployers.org/).'; write the real text [placeholder-text]",
        "spfcomms: 5 errors, 0 warnings; nothing was written",
    ]
    assert _tree(repo_workspace / "_build") == published

    # Once the text is written, it builds, and the story is in the feed.
    issue = repo_workspace / "issues/2024-01/issue.toml"
    issue.write_text(
        issue.read_text().replace(
            "TODO: A sentence or two that introduces this month's bulletin.",
            "A new year, and a new survey of partnership working.",
        )
    )
    (repo_workspace / story).write_text(
        (repo_workspace / story)
        .read_text()
        .replace("TODO: A news headline", "Partnership survey opens")
        .replace(
            "TODO: One or two sentences that say what this is about.",
            "Trusts and unions can say how partnership works for them until March.",
        )
        .replace("TODO: Write the story here.", "The forum's survey is open to every trust.")
        .split("\nTODO: Link to sources")[0]
        + "\n"
    )
    assert _run(capsys, "build", "-q")[0] == 0
    feed = feedparser.parse((repo_workspace / "_build/feed.xml").read_bytes())
    assert feed.entries[0].title == "Partnership survey opens"


def test_every_scaffold_sentence_is_recognised_without_its_marker(
    repo_workspace: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo_workspace)
    assert _run(capsys, "new", "2024-01")[0] == 0
    folder = repo_workspace / "issues/2024-01"
    # The sentences, as new writes them: the text after each marker.
    expected: list[tuple[str, int, str]] = []
    for path in sorted(folder.iterdir()):
        lines = path.read_text().splitlines()
        for number, line in enumerate(lines, start=1):
            for sentence in re.findall(rf"{re.escape(PLACEHOLDER_MARKER)}\s*([^\"\n]+)", line):
                expected.append((f"issues/2024-01/{path.name}", number, sentence.strip()))
        # An editor deletes only the markers.
        path.write_text(path.read_text().replace(PLACEHOLDER_MARKER + " ", ""))
    assert len(expected) == 5
    assert {sentence for _, _, sentence in expected} == set(placeholder_sentences())
    report = check_workspace(load_config(repo_workspace), issue_id="2024-01")
    found = [
        (str(p.location.path), p.location.line, p.message)
        for p in report.problems
        if p.code == "placeholder-text"
    ]
    assert found == [
        (where, line, f"placeholder text from 'spfcomms new': '{sentence}'; write the real text")
        for where, line, sentence in expected
    ]
    assert [p.code for p in report.problems if p.is_error] == ["placeholder-text"] * 5
    with pytest.raises(ContentError) as caught:
        build(load_config(repo_workspace))
    assert [p for p in caught.value.problems if p.code == "placeholder-text"] == [
        p for p in report.problems if p.code == "placeholder-text"
    ]


UNFINISHED = """+++
kind = "case-study"
id = "case-unfinished"   # TODO: comments are never published
title = "Partnership at the Example Trust TBC"
date = 2023-12-10
summary = "Lorem ipsum dolor sit amet."
tags = ["retention", "FIXME"]
organisations = ["Example NHS Trust"]

[[contacts]]
name = "Jo Example"
role = "XXX"
+++

The story starts here. Read the [report](#) and the [guide] [link].

## The outcomes

Figures TBD.
"""


def test_unfinished_text_in_any_published_field_stops_build_and_check_alike(
    repo_workspace: Path,
) -> None:
    folder = repo_workspace / "issues/2023-12"
    (folder / "case-unfinished.md").write_text(UNFINISHED)
    issue = folder / "issue.toml"
    issue.write_text(issue.read_text().replace('items = ["', 'items = ["case-unfinished", "', 1))
    config = load_config(repo_workspace)
    report = check_workspace(config)
    errors = [
        (p.location.line, p.code)
        for p in report.problems
        if p.is_error
        if str(p.location.path).endswith("case-unfinished.md")
    ]
    assert errors == [
        (4, "todo"),
        (6, "lorem-ipsum"),
        (7, "todo"),
        (12, "todo"),
        (15, "placeholder-link"),
        (15, "placeholder-link"),
        (19, "todo"),
    ]
    with pytest.raises(ContentError) as caught:
        build(config)
    # One rule set: build stops on exactly what check reports.
    assert [p for p in caught.value.problems if p.is_error] == [
        p for p in report.all_problems() if p.is_error
    ]
    assert not (repo_workspace / "_build").exists()


def test_a_severity_override_applies_to_check_and_build(repo_workspace: Path) -> None:
    toml = repo_workspace / "spfcomms.toml"
    toml.write_text(toml.read_text() + '\n[checks.severity]\ntodo = "warning"\n')
    item = repo_workspace / "issues/2023-12/north-east-spf.md"
    item.write_text(item.read_text().replace("## The outcomes", "## The outcomes\n\nTBC.\n", 1))
    config = load_config(repo_workspace)
    assert [p.severity.value for p in check_workspace(config).problems if p.code == "todo"] == [
        "warning"
    ]
    assert [p.code for p in build(config).problems if p.code == "todo"] == ["todo"]
    with pytest.raises(ContentError):
        build(config, strict=True)
