"""``spfcomms publish``: draft campaigns in Mailchimp and listmonk, on loopback servers."""

from __future__ import annotations

import email
import tomllib
from collections.abc import Iterator
from email.policy import default
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from spfcomms import load_config
from spfcomms.cli import main
from spfcomms.commands.publish import make_tool, publish
from spfcomms.model.exceptions import ContentError
from spfcomms.webapi.http import ApiError

from .support.http import LoopbackServer, serve
from .support.mailing_tools import (
    AUDIENCE_ID,
    LISTMONK_TOKEN,
    LISTMONK_USER,
    MAILCHIMP_KEY,
    FakeListmonk,
    FakeMailchimpCampaigns,
    listmonk_error,
    mailchimp_problem,
)

ISSUE = "2023-12"
UNSUBSCRIBE = "https://www.socialpartnershipforum.org/newsletter/unsubscribe"


@pytest.fixture
def loopback() -> Iterator[LoopbackServer]:
    yield from serve(LoopbackServer())


@pytest.fixture
def mailchimp(loopback: LoopbackServer) -> FakeMailchimpCampaigns:
    return FakeMailchimpCampaigns(loopback).install()


@pytest.fixture
def listmonk(loopback: LoopbackServer) -> FakeListmonk:
    return FakeListmonk(loopback).install()


@pytest.fixture
def workspace(
    repo_workspace: Path, loopback: LoopbackServer, monkeypatch: pytest.MonkeyPatch
) -> Path:
    toml = repo_workspace / "spfcomms.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8")
        + f'\n[publish]\nattempts = 3\n\n[mailchimp]\napi_url = "{loopback.url}/3.0"\n'
        f'audience_id = "{AUDIENCE_ID}"\n\n[listmonk]\nurl = "{loopback.url}"\n'
        f'api_user = "{LISTMONK_USER}"\nlist_ids = [3, 7]\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("SPFCOMMS_MAILCHIMP_API_KEY", MAILCHIMP_KEY)
    monkeypatch.setenv("SPFCOMMS_LISTMONK_TOKEN", LISTMONK_TOKEN)
    monkeypatch.chdir(repo_workspace)
    return repo_workspace


def _issue_toml(workspace: Path) -> Path:
    return workspace / "issues" / ISSUE / "issue.toml"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _view_links(soup: BeautifulSoup) -> list[str]:
    """The "view in browser" links of an email: under the masthead and in the footer."""
    texts = ("View in your browser", "View this bulletin in your browser")
    return [a["href"] for a in soup.find_all("a") if a.get_text() in texts]


def _all_text_under(root: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file())


def test_mailchimp_creates_then_updates_one_campaign_and_records_only_its_table(
    workspace: Path, mailchimp: FakeMailchimpCampaigns, capsys: pytest.CaptureFixture[str]
) -> None:
    issue_toml = _issue_toml(workspace)
    before = issue_toml.read_bytes()
    code, out, err = _run(capsys, "publish", ISSUE, "--to", "mailchimp")
    assert (code, err) == (0, "")
    [campaign_id] = mailchimp.campaigns
    assert out.splitlines()[0] == (
        f"Created the draft mailchimp campaign {campaign_id} for issue {ISSUE}; review, "
        "test and send it in mailchimp."
    )
    assert [(r.method, r.path) for r in mailchimp.received] == [
        ("POST", "/3.0/campaigns"),
        ("PUT", f"/3.0/campaigns/{campaign_id}/content"),
    ]
    created = mailchimp.received[0].body
    assert created == {
        "type": "regular",
        "recipients": {"list_id": AUDIENCE_ID},
        "settings": {
            "subject_line": "December 2023: retention, sexual safety and violence prevention",
            "preview_text": created["settings"]["preview_text"],
            "title": "SPF bulletin 53",
            "from_name": "Social Partnership Forum",
            "reply_to": "bulletin@socialpartnershipforum.org",
        },
    }
    assert created["settings"]["preview_text"].startswith("Our December issue")
    # issue.toml: every old byte, then the [campaign] table.
    after = issue_toml.read_bytes()
    assert after.startswith(before)
    assert after[len(before) :] == (
        f'\n[campaign]\ntool = "mailchimp"\nid = "{campaign_id}"\n'.encode()
    )
    assert tomllib.loads(after.decode())["campaign"] == {"tool": "mailchimp", "id": campaign_id}

    # Publishing again updates that campaign: no second one.
    code, out, _ = _run(capsys, "publish", ISSUE, "--to", "mailchimp")
    assert code == 0
    assert out.startswith(f"Updated the draft mailchimp campaign {campaign_id}")
    assert list(mailchimp.campaigns) == [campaign_id]
    assert [(r.method, r.path) for r in mailchimp.received[2:]] == [
        ("PATCH", f"/3.0/campaigns/{campaign_id}"),
        ("PUT", f"/3.0/campaigns/{campaign_id}/content"),
    ]
    assert issue_toml.read_bytes() == after


def test_the_unsubscribe_link_is_the_merge_tag_and_the_eml_keeps_ours(
    workspace: Path, mailchimp: FakeMailchimpCampaigns, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(capsys, "publish", ISSUE, "--to", "mailchimp")[0] == 0
    [content] = mailchimp.contents.values()
    soup = BeautifulSoup(content["html"], "html.parser")
    unsubscribe = soup.find("a", string=lambda s: bool(s) and s.startswith("Unsubscribe"))
    assert unsubscribe is not None and unsubscribe["href"] == "*|UNSUB|*"
    views = _view_links(soup)
    assert len(views) == 2
    assert all(
        v.startswith("https://www.socialpartnershipforum.org/bulletin/issues/2023-12/")
        for v in views
    )
    assert UNSUBSCRIBE not in content["html"] and UNSUBSCRIBE not in content["plain_text"]
    assert "Unsubscribe:\n*|UNSUB|*" in content["plain_text"]
    assert "merge-tag.invalid" not in content["html"] + content["plain_text"]
    # The build's own message keeps the static address and the one-click headers.
    assert main(["build", "-q"]) == 0
    message = email.message_from_bytes(
        (workspace / "_build/issues/2023-12/email.eml").read_bytes(), policy=default
    )
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert UNSUBSCRIBE in message["List-Unsubscribe"]
    html = message.get_body(("html",))
    assert html is not None and UNSUBSCRIBE in html.get_content()


def test_view_in_browser_can_be_the_tools_copy(
    workspace: Path,
    mailchimp: FakeMailchimpCampaigns,
    listmonk: FakeListmonk,
    capsys: pytest.CaptureFixture[str],
) -> None:
    toml = workspace / "spfcomms.toml"
    toml.write_text(
        toml.read_text().replace("[publish]\n", '[publish]\nview_in_browser = "tool"\n')
    )
    assert _run(capsys, "publish", ISSUE, "--to", "mailchimp")[0] == 0
    [content] = mailchimp.contents.values()
    soup = BeautifulSoup(content["html"], "html.parser")
    views = _view_links(soup)
    assert views == ["*|ARCHIVE|*", "*|ARCHIVE|*"]
    # Forwarding sends our web page, never a merge tag a mailto: would garble.
    forward = soup.find("a", string="Forward to a colleague")
    assert forward is not None and forward["href"].startswith("mailto:?subject=")
    assert "socialpartnershipforum.org%2Fbulletin%2Fissues%2F2023-12%2F" in forward["href"]
    assert "merge-tag.invalid" not in content["html"] + content["plain_text"]
    assert "View this bulletin in your browser:\n*|ARCHIVE|*" in content["plain_text"]
    # listmonk's tags, for another issue (one issue records one tool).
    assert _run(capsys, "publish", "2023-06", "--to", "listmonk")[0] == 0
    [campaign] = listmonk.campaigns.values()
    body = BeautifulSoup(campaign["body"], "html.parser")
    views = _view_links(body)
    assert views == ["{{ MessageURL }}", "{{ MessageURL }}"]
    assert "{{ MessageURL }}" in campaign["altbody"]


def test_listmonk_creates_then_updates_one_campaign(
    workspace: Path, listmonk: FakeListmonk, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _issue_toml(workspace).read_bytes()
    code, out, err = _run(capsys, "publish", ISSUE, "--to", "listmonk")
    assert (code, err) == (0, "")
    assert list(listmonk.campaigns) == [1]
    sent = listmonk.received[0]
    assert (sent.method, sent.path) == ("POST", "/api/campaigns")
    assert {k: v for k, v in sent.body.items() if k not in ("body", "altbody")} == {
        "name": "SPF bulletin 53",
        "subject": "December 2023: retention, sexual safety and violence prevention",
        "lists": [3, 7],
        "from_email": "Social Partnership Forum <bulletin@socialpartnershipforum.org>",
        "type": "regular",
        "messenger": "email",
        "content_type": "html",
    }
    campaign = listmonk.campaigns[1]
    assert campaign["status"] == "draft"
    soup = BeautifulSoup(campaign["body"], "html.parser")
    unsubscribe = soup.find("a", string=lambda s: bool(s) and s.startswith("Unsubscribe"))
    assert unsubscribe is not None and unsubscribe["href"] == "{{ UnsubscribeURL }}"
    assert "Unsubscribe:\n{{ UnsubscribeURL }}" in campaign["altbody"]
    assert UNSUBSCRIBE not in campaign["body"]
    after = _issue_toml(workspace).read_bytes()
    assert after == before + b'\n[campaign]\ntool = "listmonk"\nid = "1"\n'

    code, out, _ = _run(capsys, "publish", ISSUE, "--to", "listmonk")
    assert code == 0 and out.startswith("Updated the draft listmonk campaign 1 ")
    assert list(listmonk.campaigns) == [1]
    assert [(r.method, r.path) for r in listmonk.received] == [
        ("POST", "/api/campaigns"),
        ("PUT", "/api/campaigns/1"),
    ]


def test_listmonk_prints_our_double_braces_instead_of_reading_them(
    workspace: Path, listmonk: FakeListmonk
) -> None:
    item = workspace / "issues" / ISSUE / "news-2023-12-communications-review.md"
    item.write_text(
        item.read_text().replace(
            'summary = "', 'summary = "Templates write names as {{ .Name }} now. ', 1
        )
    )
    publish(load_config(workspace), ISSUE, "listmonk")
    [campaign] = listmonk.campaigns.values()
    assert '{{"{{"}} .Name }}' in campaign["body"]
    assert '{{"{{"}} .Name }}' in campaign["altbody"]
    # Only listmonk's own tags are left as actions.
    actions = {a for a in __import__("re").findall(r"\{\{.*?\}\}", campaign["body"])}
    assert actions == {'{{"{{"}}', "{{ UnsubscribeURL }}"}


def test_the_recorded_table_is_rewritten_in_place_and_crlf_kept(
    workspace: Path, mailchimp: FakeMailchimpCampaigns
) -> None:
    issue_toml = _issue_toml(workspace)
    text = issue_toml.read_text().replace("\n", "\r\n")
    head, _, tail = text.partition("items = ")
    crafted = (
        head
        + "# the campaign (written by spfcomms publish)\r\n"
        + "items = "
        + tail
        + '\r\n[campaign]\r\ntool = "mailchimp"\r\nid = "a1b2c3d4e5"\r\n'
    )
    issue_toml.write_bytes(crafted.encode())
    mailchimp.campaigns["a1b2c3d4e5"] = {
        "id": "a1b2c3d4e5",
        "status": "save",
        "settings": {},
        "recipients": {},
    }
    result = publish(load_config(workspace), ISSUE, "mailchimp")
    assert (result.created, result.campaign_id) == (False, "a1b2c3d4e5")
    assert issue_toml.read_bytes() == crafted.encode()


def test_401_is_a_clear_message_and_the_key_is_never_shown_or_stored(
    workspace: Path,
    mailchimp: FakeMailchimpCampaigns,
    listmonk: FakeListmonk,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    wrong = "00112233445566778899aabbccddeeff-us21"
    monkeypatch.setenv("SPFCOMMS_MAILCHIMP_API_KEY", wrong)
    before = _all_text_under(workspace)
    code, out, err = _run(capsys, "-v", "publish", ISSUE, "--to", "mailchimp")
    assert code == 1
    assert err.splitlines()[-1] == (
        "spfcomms: error: Mailchimp refused the API key in SPFCOMMS_MAILCHIMP_API_KEY "
        "(401 API Key Invalid: Your API key may be invalid, or you've attempted to access "
        "the wrong datacenter. (key ***)); check that the variable holds a current key of "
        "the right account"
    )
    assert wrong not in out + err
    assert _all_text_under(workspace) == before
    monkeypatch.setenv("SPFCOMMS_LISTMONK_TOKEN", "not-the-token-9f8e7d")
    code, out, err = _run(capsys, "-vv", "publish", ISSUE, "--to", "listmonk")
    assert code == 1
    assert "listmonk refused the token in SPFCOMMS_LISTMONK_TOKEN (403 invalid API " in err
    assert "not-the-token-9f8e7d" not in out + err
    # A good run stores no key anywhere in the workspace either.
    monkeypatch.setenv("SPFCOMMS_MAILCHIMP_API_KEY", MAILCHIMP_KEY)
    assert _run(capsys, "-vv", "publish", ISSUE, "--to", "mailchimp")[0] == 0
    out_err = "".join(capsys.readouterr())
    everything = _all_text_under(workspace)
    for secret in (MAILCHIMP_KEY, MAILCHIMP_KEY[:-5], LISTMONK_TOKEN):
        assert secret.encode() not in everything
        assert secret not in out_err


def test_a_recorded_campaign_that_is_gone_says_how_to_start_again(
    workspace: Path, mailchimp: FakeMailchimpCampaigns, listmonk: FakeListmonk
) -> None:
    config = load_config(workspace)
    issue_toml = _issue_toml(workspace)
    issue_toml.write_text(
        issue_toml.read_text() + '\n[campaign]\ntool = "mailchimp"\nid = "0badc0de99"\n'
    )
    recorded = issue_toml.read_bytes()
    with pytest.raises(ApiError) as caught:
        publish(config, ISSUE, "mailchimp")
    message = str(caught.value)
    assert message.startswith(f"{issue_toml}: the Mailchimp campaign 0badc0de99 recorded in")
    assert "(404 Resource Not Found: The requested resource could not be found.)" in message
    assert message.endswith("Remove the [campaign] table to create a new campaign")
    assert mailchimp.campaigns == {}
    assert issue_toml.read_bytes() == recorded
    issue_toml.write_bytes(
        recorded.replace(b'"mailchimp"', b'"listmonk"').replace(b'"0badc0de99"', b'"41"')
    )
    with pytest.raises(
        ApiError, match=r"listmonk campaign 41 recorded .*\(400 Campaign not found\)"
    ):
        publish(config, ISSUE, "listmonk")
    # Another tool than the recorded one is refused, not silently duplicated.
    with pytest.raises(Exception, match=r"already has a listmonk campaign \(41\)"):
        publish(config, ISSUE, "mailchimp")


def test_429_waits_for_retry_after_and_5xx_backs_off(
    workspace: Path, mailchimp: FakeMailchimpCampaigns
) -> None:
    config = load_config(workspace)
    waits: list[float] = []
    tool = make_tool(config, "mailchimp")
    tool.client.sleep = waits.append
    mailchimp.fail(
        mailchimp_problem(
            429, "Too Many Requests", "You have exceeded the limit of 10 simultaneous connections."
        ),
    )
    mailchimp.server.apis.insert(0, _with_retry_after(mailchimp, "7"))
    mailchimp.fail(mailchimp_problem(503, "Service Unavailable", "Down for maintenance."))
    result = publish(config, ISSUE, "mailchimp", tool=tool)
    assert result.created
    assert waits == [7.0, 2.0]  # Retry-After, then the back-off before the second retry
    assert [r.method for r in mailchimp.received] == ["POST", "POST", "POST", "PUT"]
    assert len(mailchimp.campaigns) == 1


def _with_retry_after(fake: FakeMailchimpCampaigns, seconds: str):  # type: ignore[no-untyped-def]
    answer = fake._answer

    def add_header(method: str, target: str, headers: dict[str, str], raw: bytes):  # type: ignore[no-untyped-def]
        found = answer(method, target, headers, raw)
        if found is not None and found[0] == 429:
            return found[0], {**found[1], "Retry-After": seconds}, found[2]
        return found

    fake.server.apis.remove(answer)
    return add_header


def test_a_server_that_stays_down_is_reported_and_nothing_recorded(
    workspace: Path, listmonk: FakeListmonk
) -> None:
    config = load_config(workspace)
    before = _issue_toml(workspace).read_bytes()
    tool = make_tool(config, "listmonk")
    waits: list[float] = []
    tool.client.sleep = waits.append
    listmonk.fail(*[listmonk_error(502, "Bad Gateway")] * 3)
    with pytest.raises(ApiError) as caught:
        publish(config, ISSUE, "listmonk", tool=tool)
    assert str(caught.value) == (
        "listmonk's API did not answer POST /campaigns after 3 attempts (last: 502 Bad Gateway); "
        "try again later"
    )
    assert waits == [1.0, 2.0]
    assert listmonk.campaigns == {}
    assert _issue_toml(workspace).read_bytes() == before


def test_a_long_retry_after_is_not_waited_for(
    workspace: Path, mailchimp: FakeMailchimpCampaigns
) -> None:
    config = load_config(workspace)
    mailchimp.server.apis.insert(0, _with_retry_after(mailchimp, "3600"))
    mailchimp.fail(mailchimp_problem(429, "Too Many Requests", "Slow down."))
    with pytest.raises(
        ApiError, match=r"Mailchimp asks to wait 3600 s before POST /campaigns again"
    ):
        publish(config, ISSUE, "mailchimp")


def test_dry_run_prints_the_requests_without_the_key_and_sends_nothing(
    workspace: Path, mailchimp: FakeMailchimpCampaigns, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _issue_toml(workspace).read_bytes()
    code, out, err = _run(capsys, "publish", ISSUE, "--to", "mailchimp", "--dry-run")
    assert (code, err) == (0, "")
    assert mailchimp.received == []
    assert _issue_toml(workspace).read_bytes() == before
    lines = out.splitlines()
    assert lines[0] == "Each request would carry the credentials in SPFCOMMS_MAILCHIMP_API_KEY."
    assert lines[1] == f"POST {mailchimp.base_url}/campaigns"
    assert f"PUT {mailchimp.base_url}/campaigns/{{new campaign id}}/content" in lines
    assert '  "html": "<' in out and 'KB of text>"' in out
    assert lines[-1] == "Dry run: 2 request(s) shown, nothing sent."
    assert MAILCHIMP_KEY not in out and MAILCHIMP_KEY[:-5] not in out


def test_unfinished_text_stops_publish_before_any_request(
    workspace: Path, mailchimp: FakeMailchimpCampaigns, capsys: pytest.CaptureFixture[str]
) -> None:
    item = workspace / "issues" / ISSUE / "north-east-spf.md"
    item.write_text(
        item.read_text().replace("## The outcomes", "## The outcomes\n\nFigures TBC.\n", 1)
    )
    code, _, err = _run(capsys, "publish", ISSUE, "--to", "mailchimp")
    assert code == 1
    assert "issues/2023-12/north-east-spf.md:" in err and "unfinished text: 'Figures TBC.'" in err
    assert mailchimp.received == []
    with pytest.raises(ContentError):
        publish(load_config(workspace), ISSUE, "mailchimp")


def test_held_back_content_never_reaches_the_tool(
    workspace: Path, mailchimp: FakeMailchimpCampaigns, capsys: pytest.CaptureFixture[str]
) -> None:
    item = workspace / "issues" / ISSUE / "north-east-spf.md"
    item.write_text(
        item.read_text().replace('kind = "case-study"', 'kind = "case-study"\ndraft = true')
    )
    assert _run(capsys, "publish", ISSUE, "--to", "mailchimp")[0] == 0
    [content] = mailchimp.contents.values()
    for part in (content["html"], content["plain_text"]):
        assert "items/north-east-spf/" not in part
        assert "Creating the North East SPF" not in part
    assert "items/wider-group-2023-12-06/" in content["html"]
    issue_toml = _issue_toml(workspace)
    issue_toml.write_text(
        issue_toml.read_text().replace("number = 53", "number = 53\ndraft = true")
    )
    code, _, err = _run(capsys, "publish", ISSUE, "--to", "mailchimp")
    assert code == 1
    assert err == (
        f"spfcomms: error: issue {ISSUE} is not published (Draft: not published); a campaign "
        "is made only from a published issue\n"
    )


# The secrets rules of every other command hold for publish too.


def test_a_login_in_a_mailing_tool_address_is_refused_at_its_line(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    toml = workspace / "spfcomms.toml"
    text = toml.read_text(encoding="utf-8")
    text = text.replace('[listmonk]\nurl = "http://', '[listmonk]\nurl = "http://bot:hunter2@')
    text = text.replace('/3.0"\n', '/3.0?apikey=hunter2"\n')
    toml.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    code, out, err = _run(capsys, "publish", ISSUE, "--to", "listmonk")
    assert code == 1 and "hunter2" not in out + err
    for key, shown in (("url = ", "http://***@127.0.0.1"), ("api_url = ", "/3.0?apikey=***")):
        line = next(n for n, t in enumerate(lines, start=1) if t.startswith(key))
        assert f"spfcomms.toml:{line}: " in err and shown in err, err
    assert "credentials must not be stored in spfcomms.toml" in err


def test_an_address_with_a_login_in_a_tools_answer_is_shown_redacted(
    workspace: Path, listmonk: FakeListmonk, capsys: pytest.CaptureFixture[str]
) -> None:
    # A server that repeats its own database address, login and all, in an error:
    # the error a script catches is redacted, not only what the command line prints.
    echoed = listmonk_error(400, "cannot reach postgres://listmonk:s3cr3t-pw@db.internal/lm")
    listmonk.fail(echoed)
    with pytest.raises(ApiError) as caught:
        publish(load_config(workspace), ISSUE, "listmonk")
    assert "(400 cannot reach postgres://***@db.internal/lm)" in str(caught.value)
    assert "s3cr3t-pw" not in str(caught.value) + caught.value.detail
    listmonk.fail(echoed)
    code, out, err = _run(capsys, "-vv", "publish", ISSUE, "--to", "listmonk")
    assert code == 1
    assert "s3cr3t-pw" not in out + err


def test_a_dry_run_never_shows_a_login_or_a_secret_parameter() -> None:
    from spfcomms.webapi.http import ApiClient

    client = ApiClient("listmonk", "https://bot:hunter2@lists.example.org/api", dry_run=True)
    note = "see https://lists.example.org/x?token=hunter2"
    assert client.request("POST", "/campaigns", body={"note": note}) == {}
    [planned] = client.sent
    assert planned.url == "https://***@lists.example.org/api/campaigns"
    assert planned.summary() == {"note": "see https://lists.example.org/x?token=***"}
    assert client.requests_made == 0
