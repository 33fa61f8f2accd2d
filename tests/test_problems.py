"""One Problem type: where, how bad, what, and the code, in text and as JSON."""

from __future__ import annotations

from pathlib import Path

from spfcomms.model.problems import (
    Problem,
    Severity,
    SourceLocation,
    count_by_severity,
    error,
    note,
    sort_problems,
    warning,
)


def test_a_location_prints_file_line_and_column_as_far_as_known() -> None:
    assert str(SourceLocation(Path("issues/2024-01/news.md"))) == "issues/2024-01/news.md"
    assert str(SourceLocation(Path("news.md"), 9)) == "news.md:9"
    assert str(SourceLocation(Path("news.md"), 9, 14)) == "news.md:9:14"
    # A page that was imported keeps its address as written (a Path would fold the //).
    assert str(SourceLocation("https://example.org/news/a", 3)) == "https://example.org/news/a:3"


def test_locations_sort_by_file_line_and_column_whatever_names_them() -> None:
    places = [
        SourceLocation(Path("b.md"), 3),
        SourceLocation("https://example.org/x", 1),
        SourceLocation(Path("a.md"), 9),
        SourceLocation(Path("a.md"), 9, 2),
        SourceLocation(Path("a.md")),
    ]
    assert [str(p) for p in sorted(places)] == [
        "a.md",
        "a.md:9",
        "a.md:9:2",
        "b.md:3",
        "https://example.org/x:1",
    ]


def test_a_location_is_shown_relative_to_the_workspace_when_inside_it(tmp_path: Path) -> None:
    inside = SourceLocation(tmp_path / "issues" / "x.md", 4)
    assert inside.relative_to(tmp_path) == SourceLocation(Path("issues/x.md"), 4)
    outside = SourceLocation(Path("/elsewhere/x.md"), 4)
    assert outside.relative_to(tmp_path) is outside
    page = SourceLocation("https://example.org/x")
    assert page.relative_to(tmp_path) is page


def test_a_problem_in_compiler_style_and_as_json() -> None:
    problem = error(SourceLocation(Path("news.md"), 9, 3), "placeholder link 'report'", "bad")
    assert str(problem) == "news.md:9:3: error: placeholder link 'report' [bad]"
    assert (problem.file, problem.line, problem.column, problem.is_error) == (
        "news.md",
        9,
        3,
        True,
    )
    assert problem.to_json() == {
        "type": "problem",
        "location": "news.md:9:3",
        "file": "news.md",
        "line": 9,
        "column": 3,
        "severity": "error",
        "code": "bad",
        "message": "placeholder link 'report'",
    }


def test_notes_are_counted_apart_and_never_fail() -> None:
    here = SourceLocation(Path("doc.txt"), 2)
    problems = [
        warning(here, "a", "x"),
        note(here.at_line(1), "b", "y"),
        Problem(here, Severity.ERROR, "c", "z"),
    ]
    assert count_by_severity(problems) == {
        Severity.ERROR: 1,
        Severity.WARNING: 1,
        Severity.NOTE: 1,
    }
    assert [p.code for p in sort_problems(problems)] == ["y", "x", "z"]
    assert not any(p.is_error for p in problems if p.severity is Severity.NOTE)
