"""The [campaign] table publish writes into issue.toml: that table and no other byte."""

from __future__ import annotations

import stat
import tomllib
from pathlib import Path

import pytest

from spfcomms.model.config import config_from_mapping
from spfcomms.model.content import CampaignRecord
from spfcomms.model.exceptions import ConfigError, SpfcommsError
from spfcomms.workspace.campaign import record_campaign, with_campaign

RECORD = CampaignRecord(tool="mailchimp", id="a1b2c3d4e5")


def test_appended_after_a_file_without_a_final_newline() -> None:
    text = 'number = 3\ntitle = "March"   # the subject line'
    assert with_campaign(text, RECORD) == (
        text + '\n\n[campaign]\ntool = "mailchimp"\nid = "a1b2c3d4e5"\n'
    )


def test_an_existing_table_is_rewritten_in_place_before_a_later_one() -> None:
    text = (
        'number = 3\n\n[campaign]\ntool = "listmonk"\nid = "9"\n\n'
        "# notes for the editor\n[extra]\nkey = 1\n"
    )
    assert with_campaign(text, RECORD) == (
        'number = 3\n\n[campaign]\ntool = "mailchimp"\nid = "a1b2c3d4e5"\n\n'
        "# notes for the editor\n[extra]\nkey = 1\n"
    )


def test_quotes_and_control_characters_are_escaped() -> None:
    odd = CampaignRecord(tool="mailchimp", id='a"b\\c\x07')
    data = tomllib.loads(with_campaign("number = 1\n", odd))
    assert data["campaign"] == {"tool": "mailchimp", "id": 'a"b\\c\x07'}


def test_the_file_keeps_its_bom_line_ends_and_permissions(tmp_path: Path) -> None:
    path = tmp_path / "issue.toml"
    original = '\ufeffnumber = 1\r\ntitle = "One"\r\n'.encode()
    path.write_bytes(original)
    path.chmod(0o644)
    record_campaign(path, RECORD)
    assert (
        path.read_bytes()
        == original + b'\r\n[campaign]\r\ntool = "mailchimp"\r\nid = "a1b2c3d4e5"\r\n'
    )
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_a_file_the_table_cannot_be_added_to_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "issue.toml"
    # A [campaign] key that is not a table: adding the table would change its meaning.
    original = b'number = 1\ncampaign = "spring"\n'
    path.write_bytes(original)
    with pytest.raises(SpfcommsError, match="add it by hand"):
        record_campaign(path, RECORD)
    assert path.read_bytes() == original


def test_one_mailchimp_account_for_publish_and_pull(tmp_path: Path) -> None:
    old = {"metrics": {"mailchimp_api_url": "http://127.0.0.1:9/3.0"}}
    assert config_from_mapping(old, root=tmp_path).mailchimp.api_url == "http://127.0.0.1:9/3.0"
    both = {**old, "mailchimp": {"api_url": "https://us21.api.mailchimp.com/3.0"}}
    with pytest.raises(ConfigError, match="set it once, as \\[mailchimp\\].api_url"):
        config_from_mapping(both, root=tmp_path)
    lists = {"listmonk": {"list_ids": [3, "seven"]}}
    with pytest.raises(ConfigError, match="expected a list of whole numbers"):
        config_from_mapping(lists, root=tmp_path)
