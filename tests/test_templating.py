"""The Jinja environment: overrides, escaping, and errors that name template and line."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from spfcomms import TemplateError
from spfcomms.model.config import Config
from spfcomms.render.templating import format_date, make_environment, nest_headings, render_template

from .conftest import DATA

TEMPLATES = DATA / "templates"


@pytest.fixture
def config(tmp_path: Path) -> Config:
    shutil.copytree(TEMPLATES, tmp_path / "templates")
    return Config(root=tmp_path)


def test_packaged_templates_are_used_when_the_workspace_has_none(tmp_path: Path) -> None:
    env = make_environment(Config(root=tmp_path))
    source, filename, _ = env.loader.get_source(env, "web/base.html")  # type: ignore[union-attr]
    assert Path(filename or "").parts[-4:] == ("spfcomms", "_templates", "web", "base.html")
    assert "<!doctype html>" in source


def test_a_workspace_template_overrides_the_packaged_one_by_name(config: Config) -> None:
    override = config.templates_dir / "web" / "item.html"
    override.parent.mkdir(parents=True, exist_ok=True)
    override.write_text("custom {{ item }}", encoding="utf-8")
    env = make_environment(config)
    assert render_template(env, "web/item.html", item="x") == "custom x"
    # Templates not overridden still come from the package.
    assert "<!doctype html>" in env.loader.get_source(env, "web/base.html")[0]  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("escaped.html", "<p>&lt;b&gt;Tom &amp; Jerry&lt;/b&gt;</p>\n"),
        ("escaped.mjml", "<mj-text>&lt;b&gt;Tom &amp; Jerry&lt;/b&gt;</mj-text>\n"),
        ("plain.txt", "Text: <b>Tom & Jerry</b>\n"),
    ],
)
def test_markup_templates_escape_and_text_templates_do_not(
    config: Config, name: str, expected: str
) -> None:
    env = make_environment(config)
    assert render_template(env, name, name="<b>Tom & Jerry</b>") == expected


def test_an_undefined_variable_names_the_template_and_line(config: Config) -> None:
    env = make_environment(config)
    with pytest.raises(TemplateError) as caught:
        render_template(env, "undefined_variable.html", name="x")
    error = caught.value
    assert error.template == str(config.templates_dir / "undefined_variable.html")
    assert error.line == 3
    assert str(error) == f"{error.template}:3: 'missing_variable' is undefined"


def test_a_syntax_error_names_the_file_and_line(config: Config) -> None:
    env = make_environment(config)
    with pytest.raises(TemplateError) as caught:
        render_template(env, "syntax_error.html", name="x")
    assert caught.value.template == str(config.templates_dir / "syntax_error.html")
    assert caught.value.line == 3
    assert str(caught.value).startswith(f"{config.templates_dir / 'syntax_error.html'}:3: ")


def test_a_failing_filter_names_the_template_and_line(config: Config) -> None:
    env = make_environment(config)
    with pytest.raises(TemplateError) as caught:
        render_template(env, "bad_filter_value.html", name="not a date")
    assert caught.value.line == 2
    assert caught.value.message.startswith("AttributeError: ")


def test_a_missing_template_is_a_template_error(config: Config) -> None:
    with pytest.raises(TemplateError, match="template not found: nowhere.html"):
        render_template(make_environment(config), "nowhere.html")


def test_format_date_is_english_whatever_the_locale() -> None:
    day = date(2023, 12, 6)
    assert format_date(day) == "6 December 2023"
    assert format_date(day, "short") == "6 Dec 2023"
    assert format_date(day, "month") == "December 2023"


def test_nest_headings_moves_body_headings_under_their_parent_without_gaps() -> None:
    html = "<h2>A</h2><p>x</p><h4>B</h4><h2>C</h2>"
    assert nest_headings(html, 3) == "<h4>A</h4><p>x</p><h5>B</h5><h4>C</h4>"
    assert nest_headings(html, 1) == "<h2>A</h2><p>x</p><h3>B</h3><h2>C</h2>"
    assert nest_headings("<h1>deep</h1><h2>deeper</h2>", 5) == "<h6>deep</h6><h6>deeper</h6>"
    assert nest_headings("<p>no headings</p>", 3) == "<p>no headings</p>"
