"""spfcomms.toml: typed settings, every error reported at once, paths from the file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from spfcomms import ConfigError, load_config
from spfcomms.model.config import CONFIG_FILE_NAME, Config, find_config


def _write(folder: Path, text: str) -> Path:
    path = folder / CONFIG_FILE_NAME
    path.write_text(text, encoding="utf-8")
    return path


def _errors(folder: Path, text: str) -> list[str]:
    path = _write(folder, text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    # file:LINE: where the key is in the file, file: where it is not (a missing section).
    prefix = re.compile(rf"{re.escape(str(path))}(:\d+)?: ")
    assert all(prefix.match(m) for m in caught.value.messages)
    return [prefix.sub("", m, count=1) for m in caught.value.messages]


def test_values_are_read_into_typed_sections(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        """
[site]
name = "North West SPF"
base_url = "https://example.org/nw/"
timezone = "Europe/London"
[email]
smtp_port = 587
smtp_timeout = 5
[utm]
enabled = false
domains = ["example.org", "www.example.org"]
[checks]
severity = { long-summary = "error" }
""",
    )
    config = load_config(path)
    assert config.site.name == "North West SPF"
    assert config.email.smtp_port == 587
    assert config.email.smtp_timeout == 5.0
    assert isinstance(config.email.smtp_timeout, float)
    assert config.utm.enabled is False
    assert config.utm.domains == ("example.org", "www.example.org")
    assert config.checks.severity == {"long-summary": "error"}
    assert config.source == path
    assert config.url_for("issues/2023-12/") == "https://example.org/nw/issues/2023-12/"


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ('[email]\nsmtp_port = "25"', "[email].smtp_port: expected an integer, got '25'"),
        ("[email]\nsmtp_port = true", "[email].smtp_port: expected an integer, got True"),
        ("[email]\nsmtp_port = 2.5", "[email].smtp_port: expected an integer, got 2.5"),
        ('[email]\nsmtp_timeout = "30"', "[email].smtp_timeout: expected a number, got '30'"),
        ("[email]\nsmtp_timeout = false", "[email].smtp_timeout: expected a number, got False"),
        ("[site]\nname = 42", "[site].name: expected a string, got 42"),
        ('[utm]\nenabled = "yes"', "[utm].enabled: expected true or false, got 'yes'"),
        (
            '[utm]\ndomains = "example.org"',
            "[utm].domains: expected a list of strings, got 'example.org'",
        ),
        ("[utm]\ndomains = [1, 2]", "[utm].domains: expected a list of strings, got [1, 2]"),
        (
            '[checks]\nseverity = "error"',
            "[checks].severity: expected a table of strings, got 'error'",
        ),
        (
            "[checks]\nseverity = { todo = 1 }",
            "[checks].severity: expected a table of strings, got {'todo': 1}",
        ),
    ],
)
def test_a_value_of_the_wrong_type_names_the_key(
    tmp_path: Path, setting: str, message: str
) -> None:
    assert _errors(tmp_path, setting) == [message]


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        (
            '[site]\nbase_url = "example.org"',
            "[site].base_url: expected an absolute http(s) URL, got 'example.org'",
        ),
        (
            '[site]\ntimezone = "Europe/Londn"',
            "[site].timezone: unknown time zone 'Europe/Londn' (use an IANA name such as "
            "'Europe/London')",
        ),
        (
            '[email]\nsmtp_security = "tls"',
            "[email].smtp_security: expected 'none', 'starttls' or 'ssl', got 'tls'",
        ),
        ("[feed]\nlimit = 0", "[feed].limit: must be at least 1, got 0"),
        ("[linkcheck]\ntimeout = 0", "[linkcheck].timeout: must be positive, got 0.0"),
        (
            '[checks]\nseverity = { todo = "fatal" }',
            "[checks].severity.todo: expected 'error', 'warning' or 'ignore', got 'fatal'",
        ),
    ],
)
def test_a_value_out_of_range_says_what_is_allowed(
    tmp_path: Path, setting: str, message: str
) -> None:
    assert _errors(tmp_path, setting) == [message]


def test_unknown_keys_and_sections_are_errors_that_list_the_known_ones(tmp_path: Path) -> None:
    errors = _errors(tmp_path, 'title = "x"\n[sites]\nname = "x"\n[site]\nnmae = "x"\n')
    assert errors[0].startswith("unknown section or key 'title' (known sections: [site], [build]")
    assert errors[1].startswith("unknown section or key 'sites'")
    assert errors[2].startswith("[site].nmae: unknown key (known keys: base_url, contact,")


def test_a_section_written_as_a_value_is_explained(tmp_path: Path) -> None:
    assert _errors(tmp_path, 'site = "x"') == ["'site' must be a table: write it as [site]"]


@pytest.mark.parametrize("key", ["smtp_password", "api_key", "token", "client_secret"])
def test_credentials_are_refused(tmp_path: Path, key: str) -> None:
    assert _errors(tmp_path, f'[email]\n{key} = "hunter2"') == [
        f"[email].{key}: credentials must not be stored in spfcomms.toml; "
        "put them in an environment variable instead"
    ]


def test_the_names_of_environment_variables_holding_credentials_are_allowed(
    tmp_path: Path,
) -> None:
    config = load_config(_write(tmp_path, '[email]\nsmtp_password_env = "MY_SMTP_PASSWORD"\n'))
    assert config.email.smtp_password_env == "MY_SMTP_PASSWORD"


def test_every_error_of_a_file_is_reported_in_one_config_error(tmp_path: Path) -> None:
    errors = _errors(
        tmp_path,
        """
[site]
base_url = "nowhere"
timezone = "Mars/Olympus"
[email]
smtp_port = "x"
password = "x"
[feed]
limit = -1
colour = "red"
""",
    )
    assert len(errors) == 6
    assert [e.split(":")[0] for e in errors] == [
        "[email].smtp_port",
        "[email].password",
        "[feed].colour",
        "[site].base_url",
        "[site].timezone",
        "[feed].limit",
    ]


def test_invalid_toml_names_the_file_and_line(tmp_path: Path) -> None:
    errors = _errors(tmp_path, "[site]\nname = \n")
    assert len(errors) == 1
    assert errors[0].startswith("invalid TOML: ")
    assert "line 2" in errors[0]


def test_a_file_that_is_not_utf8_is_reported(tmp_path: Path) -> None:
    path = tmp_path / CONFIG_FILE_NAME
    path.write_bytes(b'[site]\nname = "Caf\xe9"\n')
    with pytest.raises(ConfigError, match="not UTF-8 text"):
        load_config(path)


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / CONFIG_FILE_NAME
    path.write_bytes('\ufeff[site]\nname = "BOM SPF"\n'.encode())
    assert load_config(path).site.name == "BOM SPF"


def test_a_missing_file_says_where_to_run(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such file"):
        load_config(tmp_path / "nowhere" / CONFIG_FILE_NAME)


def test_paths_are_resolved_relative_to_the_config_file_not_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace = tmp_path / "ws"
    workspace.mkdir()
    _write(workspace, '[build]\nissues_dir = "content/issues"\noutput_dir = "../site"\n')
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    config = load_config(Path("../ws/spfcomms.toml"))
    assert config.root == workspace.resolve()
    assert config.issues_dir == workspace.resolve() / "content" / "issues"
    assert config.output_dir.resolve() == (tmp_path / "site").resolve()
    assert config.templates_dir == workspace.resolve() / "templates"


def test_a_folder_is_accepted_and_found_from_a_subfolder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(tmp_path, '[site]\nname = "Found"\n')
    assert load_config(tmp_path).site.name == "Found"
    nested = tmp_path / "issues" / "2024-01"
    nested.mkdir(parents=True)
    assert find_config(nested) == (tmp_path / CONFIG_FILE_NAME).resolve()
    monkeypatch.chdir(nested)
    assert load_config().root == tmp_path.resolve()


def test_a_folder_without_a_config_file_gets_the_defaults(tmp_path: Path) -> None:
    config = load_config(tmp_path)
    assert config == Config(root=tmp_path.resolve())
    assert config.site.timezone == "Europe/London"
    assert config.output_dir == tmp_path.resolve() / "_build"


AUDIT = """[audit]
owners = { nobody-reads = "comms lead" }
review_months = -1

[[audit.objectives]]
text = "Readers click"
measure = "email.click_rate"
target = ">= 8%"

[[audit.objectives]]
text = "Typed in a hurry"
measure = "email.clickrate"
target = ">= eight"
colour = "red"

[[audit.objectives]]
text = "A rate without a percentage"
measure = "email.click_to_open"
target = ">= 0.2"

[[audit.objectives]]
text = "Against the stocktake"
measure = "web.bulletin_views"
target = ">= baseline"
"""


def test_audit_objectives_are_read_with_their_measures_and_targets(tmp_path: Path) -> None:
    config = load_config(_write(tmp_path, AUDIT.split("[[audit.objectives]]\ntext = \"Typed")[0]
                                .replace('owners = { nobody-reads = "comms lead" }\n', "")
                                .replace("review_months = -1\n", "")))  # fmt: skip
    objective = config.audit.objectives[0]
    assert (objective.measure, objective.target, config.audit.months) == (
        "email.click_rate", ">= 8%", 12,
    )  # fmt: skip


def test_every_mistake_in_the_audit_objectives_is_reported_at_its_line(tmp_path: Path) -> None:
    path = _write(tmp_path, AUDIT)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    found = [m.removeprefix(f"{path}:") for m in caught.value.messages]
    assert found == [
        "14: [audit].objectives[2].colour: unknown key (known keys: baseline, measure, owner, "
        "target, text)",
        "12: [audit].objectives[2].measure: unknown measure 'email.clickrate' (the email "
        "measures: email.delivered, email.unique_opens, email.unique_clicks, "
        "email.click_rate, email.click_to_open, email.unsubscribes, email.unsubscribe_rate)",
        "13: [audit].objectives[2].target: '>= eight' is not a target: write a comparison "
        "such as '>= 8%', '<= 0.5%' or '>= 400', a growth such as '+25% a year', or "
        "'>= baseline'",
        "19: [audit].objectives[3].target: email.click_to_open is a rate: write the target "
        "with %",
        " [audit].objectives[4].baseline: the target compares with a baseline; name it",
        "3: [audit].review_months: must not be negative, got -1",
        "2: [audit].owners: 'nobody-reads' is not a finding rule (rules: no-data, "
        "target-missed, falling-click-rate, kind-clicked-more, partner-stopped, "
        "months-without-issue, unbalanced-voices)",
    ]
