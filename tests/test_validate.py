"""Each validation rule trips on its defect and stays quiet on good content."""

from __future__ import annotations

from pathlib import Path

import pytest

from spfcomms import ContentError, Problem, Severity, load_config, load_issues, validate
from spfcomms.workspace.validate import apply_severity, fail_if_errors

from .support.workspace import CASE_STUDY, CONFIG, MEETING, NEWS, make_workspace, one_issue


def _problems(root: Path) -> list[Problem]:
    config = load_config(root)
    issues, problems = load_issues(config.issues_dir, tz=config.tz)
    assert [p for p in problems if p.is_error] == []
    return validate(issues, config)


def _codes(tmp_path: Path, items: dict[str, str]) -> list[str]:
    return sorted(p.code for p in _problems(one_issue(tmp_path / "ws", items)))


def _news(body: str = "Text.", **fields: str) -> str:
    text = NEWS.format(id=fields.pop("id", "news-a"))
    for key, value in fields.items():
        text = text.replace("+++\n\n", f"{key} = {value}\n+++\n\n")
    return text.replace("The story, with [a source](https://example.org/source).", body)


def test_good_content_has_no_problems(tmp_path: Path) -> None:
    items = {
        "meeting": MEETING.format(id="meeting"),
        "case": CASE_STUDY.format(id="case"),
        "news": _news(id="news"),
    }
    assert _codes(tmp_path, items) == []


def test_duplicate_ids_and_slugs_across_issues_are_errors(tmp_path: Path) -> None:
    root = one_issue(tmp_path / "ws", {"a": _news(id="same"), "b": _news(id="other")})
    (root / "issues/2024-01/b.md").write_text(_news(id="same-too", slug='"same"'), encoding="utf-8")
    problems = _problems(root)
    assert [(p.code, p.location.path.name, p.location.line) for p in problems] == [
        ("duplicate-slug", "b.md", 7)
    ]
    assert problems[0].message == (
        "slug 'same' is already used by issues/2024-01/a.md:3; "
        "give this item its own slug"
    )
    (root / "issues/2024-01/b.md").write_text(_news(id="same"), encoding="utf-8")
    # The slugs clash too, because each defaults to its id: one problem is enough.
    assert [p.code for p in _problems(root)] == ["duplicate-id"]


def test_issue_numbers_are_unique_and_positive(tmp_path: Path) -> None:
    root = one_issue(tmp_path / "ws", {"a": _news(id="a")})
    other = root / "issues/2024-02"
    other.mkdir()
    toml = (root / "issues/2024-01/issue.toml").read_text("utf-8")
    (other / "issue.toml").write_text(
        toml.replace("2024-01-15", "2024-02-15").replace('"a"', '"b"'), "utf-8"
    )
    (other / "b.md").write_text(_news(id="b").replace("2024-01-15", "2024-02-15"), "utf-8")
    assert [p.code for p in _problems(root)] == ["duplicate-number"]
    (other / "issue.toml").write_text(
        toml.replace("2024-01-15", "2024-02-15").replace('"a"', '"b"').replace("= 1", "= 0"),
        "utf-8",
    )
    assert [p.code for p in _problems(root)] == ["bad-number"]


def test_dates_outside_the_issue_month_are_errors(tmp_path: Path) -> None:
    problems = _problems(
        one_issue(tmp_path / "ws", {"a": _news().replace("2024-01-15", "2024-02-01")})
    )
    assert [str(p).split("issues/")[1] for p in problems] == [
        "2024-01/a.md:5: error: date 2024-02-01 is outside the issue's month 2024-01; date it "
        "in 2024-01 or move the item to the issue of its month [date-outside-issue]"
    ]
    root = one_issue(tmp_path / "ws2", {"a": _news()})
    toml = root / "issues/2024-01/issue.toml"
    toml.write_text(toml.read_text("utf-8").replace("2024-01-15", "2023-12-31"), "utf-8")
    assert [p.code for p in _problems(root)] == ["date-outside-issue"]


def test_empty_parts_are_errors(tmp_path: Path) -> None:
    meeting = MEETING.format(id="m").replace("Text of the second item.\n", "")
    no_agenda = MEETING.format(id="m2").split("## First item")[0]
    case = CASE_STUDY.format(id="c").replace("- one\n- two\n", "")
    news = _news(body="")
    assert (
        _codes(tmp_path, {"m": meeting, "m2": no_agenda, "c": case, "n": news})
        == ["empty-section"] * 4
    )


def test_an_issue_without_items_is_an_error(tmp_path: Path) -> None:
    root = make_workspace(
        tmp_path / "ws",
        {"issues/2024-01/issue.toml": 'number = 1\ndate = 2024-01-15\ntitle = "T"\nitems = []\n'},
    )
    assert [p.code for p in _problems(root)] == ["empty-issue"]


def test_a_long_summary_is_a_warning(tmp_path: Path) -> None:
    problems = _problems(
        one_issue(tmp_path / "ws", {"a": _news().replace("in one sentence.", "x" * 300)})
    )
    assert [(p.code, p.severity, p.location.line) for p in problems] == [
        ("long-summary", Severity.WARNING, 6)
    ]


@pytest.mark.parametrize(
    ("body", "code", "severity"),
    [
        ("A [placeholder](#) link.", "placeholder-link", Severity.ERROR),
        ("An [empty]() link.", "placeholder-link", Severity.ERROR),
        ("A [script](javascript:alert(1)) link.", "unsafe-link", Severity.ERROR),
        ("A [data](data:text/html;base64,PHNjcmlwdD4=) link.", "unsafe-link", Severity.ERROR),
        ("A [relative](/about/) link.", "relative-link", Severity.ERROR),
        ("A [plain http](http://example.org/) link.", "insecure-link", Severity.WARNING),
        ("Read it [here](https://example.org/).", "vague-link-text", Severity.WARNING),
        ("![](https://example.org/a.png)", "missing-alt", Severity.ERROR),
        ("![A chart](javascript:x)", "unsafe-link", Severity.ERROR),
        ("A [bad port](https://example.org:99999/x) link.", "malformed-link", Severity.ERROR),
        ("A [bad host](https://[::1/x) link.", "malformed-link", Severity.ERROR),
    ],
)
def test_link_and_image_rules(tmp_path: Path, body: str, code: str, severity: Severity) -> None:
    problems = _problems(one_issue(tmp_path / "ws", {"a": _news(body=body)}))
    assert [(p.code, p.severity, p.location.line) for p in problems] == [(code, severity, 9)]


@pytest.mark.parametrize(
    "body",
    [
        "A [good link](https://example.org/page).",
        "[Email us](mailto:spf@example.org) or [call](tel:+441234567890).",
        "See [the next section](#next).",
        "![A bar chart of leaver rates](https://example.org/chart.png)",
    ],
)
def test_good_links_pass(tmp_path: Path, body: str) -> None:
    assert _codes(tmp_path, {"a": _news(body=body)}) == []


def test_the_news_link_field_is_checked_at_its_line(tmp_path: Path) -> None:
    problems = _problems(one_issue(tmp_path / "ws", {"a": _news(link='"#"')}))
    assert [(p.code, p.location.line) for p in problems] == [("placeholder-link", 7)]


def test_links_in_the_issue_intro_are_checked(tmp_path: Path) -> None:
    root = one_issue(tmp_path / "ws", {"a": _news()})
    toml = root / "issues/2024-01/issue.toml"
    toml.write_text(toml.read_text("utf-8").replace("The first issue.", "See [this](#)."), "utf-8")
    assert [p.code for p in _problems(root)] == ["placeholder-link"]


def test_a_long_subject_line_is_a_warning(tmp_path: Path) -> None:
    root = one_issue(tmp_path / "ws", {"a": _news()})
    (root / "spfcomms.toml").write_text(
        CONFIG + '[email]\nsubject_prefix = "SPF bulletin: "\nsubject_max_length = 20\n', "utf-8"
    )
    problems = _problems(root)
    assert [p.message for p in problems] == ["subject line is 26 characters; keep it under 20"]


def test_severity_overrides_and_strict_mode(tmp_path: Path) -> None:
    root = one_issue(tmp_path / "ws", {"a": _news(body="[here](http://example.org/)")})
    (root / "spfcomms.toml").write_text(
        CONFIG + '[checks]\nseverity = { insecure-link = "error", vague-link-text = "ignore" }\n',
        "utf-8",
    )
    config = load_config(root)
    problems = apply_severity(_problems(root), config)
    assert [(p.code, p.severity) for p in problems] == [("insecure-link", Severity.ERROR)]
    with pytest.raises(ContentError):
        fail_if_errors(problems)

    warnings = [Problem(p.location, Severity.WARNING, p.message, p.code) for p in problems]
    fail_if_errors(warnings)
    with pytest.raises(ContentError) as caught:
        fail_if_errors(warnings, strict=True)
    assert str(caught.value).endswith("0 error(s), 1 warning(s)")
