"""No secret is printed, stored in the settings file or sent in clear text
(issue cases 7, 10, 11 and 12)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from .conftest import REPO
from .support.bulletins import write_workspace
from .support.cli import news_workspace, run
from .support.http import LoopbackServer
from .support.importers import IMPORT_DATA
from .support.smtp import PASSWORD, USER, SmtpServer
from .support.workspace import CONFIG, NEWS


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return news_workspace(tmp_path, monkeypatch)


PAGE = (IMPORT_DATA / "keycomms_variants.html").read_bytes()
SECRET = "hunter2"


def _every_file(root: Path) -> str:
    return "".join(p.read_text("utf-8", "replace") for p in root.rglob("*") if p.is_file())


# Case 10: database URLs


def test_metrics_init_never_prints_the_password_of_the_database_url(
    workspace: Path,
    postgres_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The test cluster trusts loopback, so any password will do; none may be shown.
    with_password = sa.make_url(postgres_url).set(password=SECRET)
    url = with_password.render_as_string(hide_password=False) + f"?password={SECRET}"
    monkeypatch.setenv("SPFCOMMS_DATABASE_URL", url)
    code, out, err = run(capsys, "-v", "metrics", "init")
    assert code == 0
    assert "metrics store ready: postgresql+psycopg://***@127.0.0.1:" in out
    assert "password=***" in out
    assert SECRET not in out + err


def test_an_unusable_database_url_is_shown_without_its_password(
    workspace: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SPFCOMMS_DATABASE_URL", f"nosuchdb://spf:{SECRET}@db/metrics")
    code, out, err = run(capsys, "-vv", "metrics", "init")
    assert code == 1
    assert SECRET not in out + err and "Traceback" not in err


@pytest.mark.parametrize(
    "url",
    [
        f"postgresql+psycopg://spf:{SECRET}@db.example/metrics",
        f"postgresql+psycopg://spf@db.example/metrics?password={SECRET}",
    ],
)
def test_a_database_url_with_a_password_is_refused_in_the_settings_file(
    workspace: Path, capsys: pytest.CaptureFixture[str], url: str
) -> None:
    (workspace / "spfcomms.toml").write_text(
        CONFIG + f'[metrics]\ndatabase_url = "{url}"\n', encoding="utf-8"
    )
    code, out, err = run(capsys, "metrics", "init")
    assert code == 1
    assert "[metrics].database_url: " in err
    assert "credentials must not be stored in spfcomms.toml" in err
    assert "SPFCOMMS_DATABASE_URL" in err
    assert SECRET not in out + err


def test_a_user_name_alone_is_not_a_secret(workspace: Path) -> None:
    from spfcomms import load_config

    (workspace / "spfcomms.toml").write_text(
        CONFIG + '[metrics]\ndatabase_url = "postgresql+psycopg://spf@db.example/metrics"\n',
        encoding="utf-8",
    )
    assert load_config(workspace).metrics.database_url.startswith("postgresql+psycopg://spf@")


def test_every_printed_url_goes_through_one_helper() -> None:
    from spfcomms.model.urls import redact_url, redact_urls

    assert redact_url(f"http://bob:{SECRET}@example.org/a?x=1&token={SECRET}") == (
        "http://***@example.org/a?x=1&token=***"
    )
    text = f"failed: postgresql://u:{SECRET}@h/d?sslmode=require&password={SECRET}."
    assert redact_urls(text) == "failed: postgresql://***@h/d?sslmode=require&password=***."
    assert redact_url("https://example.org/?utm_source=x") == "https://example.org/?utm_source=x"


# Case 7: credentials in an imported URL, and redirects that are not web addresses


def test_a_login_in_an_imported_address_is_neither_kept_nor_shown(
    workspace: Path, http_server: LoopbackServer, capsys: pytest.CaptureFixture[str]
) -> None:
    http_server.route("/news", body=(IMPORT_DATA / "news.html").read_bytes())
    address = http_server.url.replace("http://", f"http://bob:{SECRET}@") + "/news"
    code, out, err = run(capsys, "import", address, "--into", "2024-01", "--kind", "news")
    assert code == 0, err
    assert SECRET not in out + err
    assert SECRET not in _every_file(workspace / "issues")
    assert f'link = "{http_server.url}/news"' in _every_file(workspace / "issues")
    assert run(capsys, "build")[0] == 0
    assert SECRET not in _every_file(workspace / "_build")
    code, out, err = run(capsys, "import", address.replace("/news", "/gone"), "--into", "2024-01")
    assert code == 1 and SECRET not in out + err
    assert "http://***@127.0.0.1:" in err


def test_a_published_link_with_a_login_is_refused(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    story = workspace / "issues" / "2024-01" / "story.md"
    story.write_text(
        NEWS.format(id="news-story").replace(
            "https://example.org/source", f"https://bob:{SECRET}@example.org/source"
        ),
        encoding="utf-8",
    )
    code, out, err = run(capsys, "build")
    assert code == 1
    assert "story.md:9: error: 'a source' links to https://***@example.org/source" in err
    assert "[link-credentials]" in err and SECRET not in out + err
    assert not (workspace / "_build").exists()


def test_a_redirect_to_a_file_is_refused_in_words(
    workspace: Path, http_server: LoopbackServer, capsys: pytest.CaptureFixture[str]
) -> None:
    http_server.redirect("/moved", "file:///etc/passwd")
    code, _, err = run(capsys, "import", f"{http_server.url}/moved", "--into", "2024-01")
    assert code == 1
    assert err.strip() == (
        f"spfcomms: error: {http_server.url}/moved: the server redirected to "
        "'file:///etc/passwd', which is not a web address (http or https); only web pages "
        "can be imported"
    )
    assert http_server.hits[("GET", "/moved")] == 1


@pytest.fixture
def dripping_server() -> Iterator[str]:
    """An HTTP server that sends its page one byte a second (for 20 seconds: long past
    any deadline, and a reader without one still ends)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    stop = threading.Event()

    def serve() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            with connection:
                connection.recv(65536)
                connection.sendall(
                    b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 1000000\r\n\r\n"
                )
                for _ in range(20):
                    if stop.is_set():
                        break
                    try:
                        connection.sendall(b"x")
                    except OSError:
                        break
                    time.sleep(1)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/slow"
    stop.set()
    thread.join(5)
    listener.close()


def test_the_timeout_is_a_deadline_for_the_whole_download(dripping_server: str) -> None:
    from spfcomms import ImportSourceError, import_source

    started = time.monotonic()
    with pytest.raises(ImportSourceError, match="no answer within 2 seconds"):
        import_source(dripping_server, timeout=2)
    assert time.monotonic() - started < 3.5


# Case 11: an SMTP login never crosses the network in clear text


@pytest.fixture
def remote_looking_smtp(smtp_server: SmtpServer, monkeypatch: pytest.MonkeyPatch) -> str:
    """A name that is not loopback, answered by the loopback SMTP server (no traffic
    leaves the machine)."""
    real = socket.getaddrinfo

    def resolve(host: Any, *args: Any, **kwargs: Any) -> Any:
        return real("127.0.0.1" if host == "smtp.partner.example" else host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    return "smtp.partner.example"


def test_no_login_in_clear_text_to_another_computer(
    tmp_path: Path,
    smtp_server: SmtpServer,
    remote_looking_smtp: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = write_workspace(tmp_path, port=smtp_server.port)
    settings = root / "spfcomms.toml"
    settings.write_text(
        settings.read_text("utf-8").replace('"127.0.0.1"', f'"{remote_looking_smtp}"'), "utf-8"
    )
    monkeypatch.setenv("SPFCOMMS_SMTP_USER", USER)
    monkeypatch.setenv("SPFCOMMS_SMTP_PASSWORD", PASSWORD)
    code, out, err = run(capsys, "send-test", "2024-01", "--to", "me@example.org", "-c", str(root))
    assert code == 1
    assert "refusing to send the SMTP login to smtp.partner.example" in err
    assert "use 'starttls' or 'ssl'" in err and PASSWORD not in out + err
    assert smtp_server.messages == []


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1"])
def test_a_login_to_a_server_on_this_computer_is_allowed(host: str) -> None:
    from spfcomms.output.delivery import is_loopback

    assert is_loopback(host) and not is_loopback("smtp.partner.example")
    assert not is_loopback("192.0.2.1") and is_loopback("127.0.0.53")


# Case 12: a database failure prints one line, no SQL, no parameters, no traceback


FAILURES = {
    "an error": "RAISE EXCEPTION 'the disk is full'",
    "a killed server process": "PERFORM pg_terminate_backend(pg_backend_pid())",
}


@pytest.mark.parametrize("failure", sorted(FAILURES))
@pytest.mark.parametrize("verbose", [[], ["-v"]])
def test_a_postgresql_failure_mid_import_is_one_clear_line(
    repo_workspace: Path,
    postgres_url: str,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
    capsys: pytest.CaptureFixture[str],
    failure: str,
    verbose: list[str],
) -> None:
    from .support.metrics import fresh_database_url

    url = fresh_database_url("postgres", repo_workspace, request)
    monkeypatch.chdir(repo_workspace)
    monkeypatch.setenv("SPFCOMMS_DATABASE_URL", url)
    assert run(capsys, "metrics", "init", "-q")[0] == 0
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(
            sa.text(
                f"CREATE FUNCTION fail() RETURNS trigger AS $$ BEGIN {FAILURES[failure]}; "
                "RETURN NEW; END $$ LANGUAGE plpgsql"
            )
        )
        connection.execute(
            sa.text(
                "CREATE TRIGGER fail BEFORE INSERT ON metrics FOR EACH ROW EXECUTE FUNCTION fail()"
            )
        )
    engine.dispose()
    export = REPO / "examples" / "metrics" / "mailchimp-reports-2023.csv"
    code, out, err = run(capsys, *verbose, "metrics", "import", str(export))
    assert code == 1
    errors = [line for line in err.splitlines() if line.startswith("spfcomms: error:")]
    assert len(errors) == 1 and len(errors[0]) < 400, err
    assert "the metrics database postgresql+psycopg://" in errors[0]
    assert "Traceback" not in err and "[SQL" not in err and "parameters" not in err
    # The figures of the file (what the SQL parameters held) appear nowhere.
    for figure in ("4210", "2288", "violence reduction, pregnancy loss"):
        assert figure not in out + err
