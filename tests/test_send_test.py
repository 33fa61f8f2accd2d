"""``spfcomms send-test``: a real SMTP server on loopback gets the email."""

from __future__ import annotations

import email
import email.policy
from pathlib import Path

import pytest

from spfcomms import load_config
from spfcomms.cli import main
from spfcomms.commands.send_test import send_test
from spfcomms.model.exceptions import DeliveryError
from spfcomms.output.delivery import check_recipients

from .support.bulletins import write_workspace
from .support.site import site_for
from .support.smtp import PASSWORD, REFUSED, USER, SmtpServer, free_port


def test_send_test_arrives_with_both_parts_and_list_headers(
    tmp_path: Path, smtp_server: SmtpServer, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_workspace(tmp_path, port=smtp_server.port)
    code = main(["send-test", "2024-01", "--to", "me@example.org", "-c", str(root)])
    assert code == 0
    assert "Sent a test of 2024-01 to me@example.org through 127.0.0.1" in capsys.readouterr().out
    [received] = smtp_server.messages
    assert received.rcpt_tos == ["me@example.org"]
    assert received.mail_from == "bulletin@forum.example.org"
    msg = email.message_from_bytes(received.data, policy=email.policy.default)
    assert msg.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in msg.iter_parts()] == ["text/plain", "text/html"]
    assert msg["Subject"] == "[Test] January 2024: test bulletin"
    assert msg["To"] == "me@example.org"
    assert msg["List-Unsubscribe"] == "<https://forum.example.org/newsletter/unsubscribe/>"
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert msg["Message-ID"].endswith("@forum.example.org>")
    assert msg["List-Id"] and msg["Date"]
    config = load_config(root)
    from spfcomms.render.email import render_email
    from spfcomms.workspace.collect import load_workspace

    workspace = load_workspace(config)
    site = site_for(config, workspace.issues)
    rendered = render_email(workspace.issues[0], site)
    text, html = (p.get_content() for p in msg.iter_parts())
    assert text.replace("\r\n", "\n") == rendered.text
    assert html.replace("\r\n", "\n") == rendered.html


def test_too_many_recipients_are_refused_with_the_reason(
    tmp_path: Path, smtp_server: SmtpServer, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_workspace(tmp_path, port=smtp_server.port)
    addresses = ",".join(f"p{n}@example.org" for n in range(6))
    assert main(["send-test", "2024-01", "--to", addresses, "-c", str(root)]) == 1
    err = capsys.readouterr().err
    assert "refusing to send a test to 6 addresses" in err
    assert "at most 5 ([email].max_test_recipients)" in err
    assert smtp_server.messages == []


def test_bad_addresses_are_refused() -> None:
    from spfcomms.model.config import EmailConfig

    with pytest.raises(DeliveryError, match="'not-an-address' is not an email address"):
        check_recipients(["not-an-address"], EmailConfig())


def test_nothing_listening_gives_a_clear_error(tmp_path: Path) -> None:
    root = write_workspace(tmp_path, port=free_port())
    with pytest.raises(DeliveryError) as caught:
        send_test(load_config(root), "2024-01", ["me@example.org"])
    assert "connection refused" in str(caught.value)
    assert "[email].smtp_host and smtp_port" in str(caught.value)


def test_a_server_that_drops_the_connection_gives_a_clear_error(
    tmp_path: Path, dropping_server: tuple[str, int]
) -> None:
    root = write_workspace(tmp_path, port=dropping_server[1])
    with pytest.raises(DeliveryError, match="closed the connection unexpectedly"):
        send_test(load_config(root), "2024-01", ["me@example.org"])


def test_starttls_required_but_not_offered_is_explained(
    tmp_path: Path, smtp_server: SmtpServer
) -> None:
    root = write_workspace(tmp_path, port=smtp_server.port)
    toml = root / "spfcomms.toml"
    toml.write_text(
        toml.read_text().replace('smtp_security = "none"', 'smtp_security = "starttls"')
    )
    with pytest.raises(DeliveryError, match="does not offer STARTTLS"):
        send_test(load_config(root), "2024-01", ["me@example.org"])


def test_half_set_credentials_are_reported(
    tmp_path: Path, smtp_server: SmtpServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_workspace(tmp_path, port=smtp_server.port)
    monkeypatch.setenv("SPFCOMMS_SMTP_USER", "me")
    monkeypatch.delenv("SPFCOMMS_SMTP_PASSWORD", raising=False)
    with pytest.raises(DeliveryError, match="SPFCOMMS_SMTP_PASSWORD is not set"):
        send_test(load_config(root), "2024-01", ["me@example.org"])


def test_unknown_issue_is_named(tmp_path: Path, smtp_server: SmtpServer) -> None:
    root = write_workspace(tmp_path, port=smtp_server.port)
    with pytest.raises(DeliveryError, match=r"no issue '2030-01' \(issues: 2024-01\)"):
        send_test(load_config(root), "2030-01", ["me@example.org"])


def test_login_uses_the_environment_and_a_wrong_password_is_explained(
    tmp_path: Path, smtp_server: SmtpServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_workspace(tmp_path, port=smtp_server.port)
    config = load_config(root)
    monkeypatch.setenv("SPFCOMMS_SMTP_USER", USER)
    monkeypatch.setenv("SPFCOMMS_SMTP_PASSWORD", PASSWORD)
    send_test(config, "2024-01", ["me@example.org"])
    assert len(smtp_server.messages) == 1
    monkeypatch.setenv("SPFCOMMS_SMTP_PASSWORD", "wrong")
    with pytest.raises(DeliveryError) as caught:
        send_test(config, "2024-01", ["me@example.org"])
    assert "refused the login (535" in str(caught.value)
    assert "SPFCOMMS_SMTP_USER and SPFCOMMS_SMTP_PASSWORD" in str(caught.value)
    assert len(smtp_server.messages) == 1


def test_a_refused_recipient_is_named(tmp_path: Path, smtp_server: SmtpServer) -> None:
    root = write_workspace(tmp_path, port=smtp_server.port)
    with pytest.raises(DeliveryError) as caught:
        send_test(load_config(root), "2024-01", [REFUSED])
    assert str(caught.value) == (
        f"127.0.0.1:{smtp_server.port} refused every recipient: "
        f"{REFUSED}: 550 5.1.1 No such mailbox here"
    )
    # One good and one refused address: the good one gets it, the error names the other.
    with pytest.raises(DeliveryError, match="refused some recipients: refuse-me@example.org"):
        send_test(load_config(root), "2024-01", ["me@example.org", REFUSED])
    assert [m.rcpt_tos for m in smtp_server.messages] == [["me@example.org"]]


def test_a_test_copy_shows_drafts_and_embargoes_under_their_banner(
    tmp_path: Path, smtp_server: SmtpServer
) -> None:
    root = write_workspace(tmp_path, port=smtp_server.port)
    issue = root / "issues/2024-01/issue.toml"
    issue.write_text("draft = true\n" + issue.read_text())
    news = root / "issues/2024-01/news.md"
    embargo = 'id = "news"\npublish_at = 2099-01-01T09:00:00\n'
    news.write_text(news.read_text().replace('id = "news"\n', embargo))
    send_test(load_config(root), "2024-01", ["me@example.org"])
    [received] = smtp_server.messages
    msg = email.message_from_bytes(received.data, policy=email.policy.default)
    text = msg.get_body(("plain",))
    html = msg.get_body(("html",))
    assert text is not None and html is not None
    assert "*** Draft: not published ***" in text.get_content()
    assert "*** Embargoed until 1 January 2099, 09:00 (Europe/London) ***" in text.get_content()
    assert "Embargoed until 1 January 2099, 09:00 (Europe/London)" in html.get_content()
