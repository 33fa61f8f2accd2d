"""Pulling reports from Mailchimp's API: a real HTTP server on 127.0.0.1 plays Mailchimp.

Paging, a refused key, 429 then success, 5xx, a body that is not JSON, pulling twice,
a newer pull replacing the older figures; the key never shows in output, logs,
errors or the store. On SQLite and on PostgreSQL.
"""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from spfcomms import Config, Workspace, load_config, load_workspace
from spfcomms.cli import main
from spfcomms.metrics import MetricsStore, import_file, issue_summary, records, schema
from spfcomms.metrics.mailchimp_api import MailchimpApiError, MailchimpClient
from spfcomms.metrics.pull import pull_mailchimp

from .support.http import LoopbackServer
from .support.mailchimp import API_KEY, DATA, FakeMailchimp, problem

KEY_ENV = "SPFCOMMS_MAILCHIMP_API_KEY"


@pytest.fixture
def mailchimp(http_server: LoopbackServer) -> FakeMailchimp:
    return FakeMailchimp(http_server).load_fixtures()


@pytest.fixture
def workspace(repo_config: Config, mailchimp: FakeMailchimp) -> Workspace:
    account = replace(repo_config.mailchimp, api_url=mailchimp.base_url)
    return load_workspace(replace(repo_config, mailchimp=account))


def _client(mailchimp: FakeMailchimp, waits: list[float], **options: object) -> MailchimpClient:
    defaults: dict[str, object] = {"page_size": 2, "sleep": waits.append, "timeout": 5.0}
    return MailchimpClient(mailchimp.base_url, API_KEY, **{**defaults, **options})  # type: ignore[arg-type]


def _everything_stored(store: MetricsStore) -> str:
    """Every table of the store as text, to look for the key in it."""
    with store.connect() as connection:
        return "\n".join(
            repr(list(connection.execute(sa.select(table))))
            for table in schema.metadata.sorted_tables
        )


def test_pull_pages_through_reports_and_clicks_and_stores_exact_figures(
    store: MetricsStore, workspace: Workspace, mailchimp: FakeMailchimp
) -> None:
    waits: list[float] = []
    result = pull_mailchimp(store, workspace, client=_client(mailchimp, waits))
    assert result.format == "mailchimp-api"
    assert result.issue_ids == ("2023-06", "2023-12")
    # Four reports two at a time; June's six URLs in three pages, December's eleven in six.
    pages = [(path, q["offset"]) for path, q in mailchimp.asked]
    assert pages == [
        ("/3.0/reports", "0"),
        ("/3.0/reports", "2"),
        *[("/3.0/reports/4f1a2b3c9d/click-details", str(o)) for o in (0, 2, 4)],
        *[("/3.0/reports/8c2d4e6f10/click-details", str(o)) for o in (0, 2, 4, 6, 8, 10)],
    ]
    assert all(q["count"] == "2" for _, q in mailchimp.asked)
    assert [str(p) for p in result.skipped] == [
        "Mailchimp API: note: campaign 2b7e0c5a11: skipped the campaign 'Layout test (comms "
        "team)', 'Test send: new bulletin header' sent 2023-06-27: it matches no issue "
        "[campaign-skipped]",
        "Mailchimp API: note: campaign 6d0f3e9b22: skipped the campaign 'Wider Group members "
        "note', 'Papers for the December meeting' sent 2023-11-30: it matches no issue "
        "[campaign-skipped]",
    ]
    december = {r["metric"]: r for r in records(store, issue="2023-12", channel="email")}
    assert {m: r["value"] for m, r in december.items()} == {
        "emails_sent": 4388,
        "hard_bounces": 18,
        "soft_bounces": 37,
        "syntax_errors": 0,
        "opens_total": 5981,
        "unique_opens": 2517,
        "proxy_excluded_opens": 3204,
        "proxy_excluded_unique_opens": 1302,
        "clicks_total": 990,
        "unique_clicks": 618,
        "unique_subscriber_clicks": 520,
        "unsubscribed": 14,
        "abuse_reports": 0,
    }
    assert {r["source"] for r in december.values()} == {"mailchimp-api"}
    assert december["unique_opens"]["origin"] == "campaign 8c2d4e6f10"
    assert december["unique_opens"]["flags"] == "mpp_inflated"
    summary = issue_summary(store, "2023-12")
    items = {i.item_id: i for i in summary.items}
    assert items["wider-group-2023-12-06"].clicks == 380 + 80 + 160 + 90 + 25
    assert items["wider-group-2023-12-06"].clicks_by_anchor == {
        "retention-exemplars": 90,
        "sexual-safety": 80 + 160 + 25,
    }
    assert items["wider-group-2023-12-06"].clicks_source == "mailchimp-api"
    assert waits == []


def test_since_asks_for_campaigns_sent_from_that_month(
    store: MetricsStore, workspace: Workspace, mailchimp: FakeMailchimp
) -> None:
    result = pull_mailchimp(
        store, workspace, since=date(2023, 12, 1), client=_client(mailchimp, [])
    )
    assert mailchimp.asked[0][1]["since_send_time"] == "2023-12-01T00:00:00+00:00"
    assert result.issue_ids == ("2023-12",)
    assert result.file.name == "Mailchimp API (since 2023-12)"


def test_a_429_is_retried_after_the_wait_the_server_asks_for(
    store: MetricsStore, workspace: Workspace, mailchimp: FakeMailchimp
) -> None:
    too_many = problem(429, "Too Many Requests", "You have exceeded the limit of 10 "
                       "simultaneous connections.")
    mailchimp.fail("/3.0/reports", (too_many[0], {**too_many[1], "Retry-After": "7"},
                                    too_many[2]))
    mailchimp.fail("/3.0/reports/8c2d4e6f10/click-details",
                   problem(503, "Service Unavailable", "Try again shortly."),
                   problem(502, "Bad Gateway", ""))
    waits: list[float] = []
    result = pull_mailchimp(store, workspace, client=_client(mailchimp, waits, backoff=0.5))
    assert waits == [7.0, 0.5, 1.0]  # Retry-After, then exponential back-off on 5xx
    assert result.rows > 0 and result.issue_ids == ("2023-06", "2023-12")


def test_a_server_that_keeps_failing_stops_after_the_attempts_and_stores_nothing(
    store: MetricsStore, workspace: Workspace, mailchimp: FakeMailchimp
) -> None:
    mailchimp.fail("/3.0/reports/4f1a2b3c9d/click-details",
                   *[problem(500, "Internal Server Error", "An unexpected error occurred")] * 3)
    with pytest.raises(MailchimpApiError) as caught:
        pull_mailchimp(store, workspace, client=_client(mailchimp, [], attempts=3))
    assert str(caught.value) == (
        "Mailchimp's API did not answer GET /reports/4f1a2b3c9d/click-details after 3 "
        "attempts (last: 500 Internal Server Error: An unexpected error occurred); try "
        "again later"
    )
    assert records(store) == []


def test_a_refused_key_is_named_by_its_variable_and_never_shown(
    store: MetricsStore, workspace: Workspace, mailchimp: FakeMailchimp,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    mailchimp.key = "the-right-key-us21"  # the server now refuses API_KEY
    client = _client(mailchimp, [], key_name=KEY_ENV)
    with pytest.raises(MailchimpApiError) as caught:
        pull_mailchimp(store, workspace, client=client)
    message = str(caught.value)
    assert message == (
        "Mailchimp refused the API key in SPFCOMMS_MAILCHIMP_API_KEY (401 API Key Invalid: "
        "Your API key may be invalid, or you've attempted to access the wrong datacenter. "
        "(key ***)); check that the variable holds a current key of the right account"
    )
    assert API_KEY not in message and API_KEY not in caplog.text
    assert API_KEY not in repr(client)
    assert len(mailchimp.asked) == 1  # a wrong key is not retried
    assert records(store) == []


def test_a_body_that_is_not_json_is_an_error_and_stores_nothing(
    store: MetricsStore, workspace: Workspace, mailchimp: FakeMailchimp
) -> None:
    mailchimp.fail("/3.0/reports/8c2d4e6f10/click-details",
                   (200, {"Content-Type": "application/json"}, b'{"urls_clicked": [{"url": '))
    with pytest.raises(MailchimpApiError) as caught:
        pull_mailchimp(store, workspace, client=_client(mailchimp, []))
    assert str(caught.value).startswith(
        "Mailchimp's answer to GET /reports/8c2d4e6f10/click-details is not valid JSON ("
    )
    assert records(store) == []


def test_json_of_the_wrong_shape_is_an_error(
    store: MetricsStore, workspace: Workspace, mailchimp: FakeMailchimp
) -> None:
    mailchimp.fail("/3.0/reports", (200, {"Content-Type": "application/json"}, b'{"lists": []}'))
    with pytest.raises(MailchimpApiError, match="has no 'reports' list and 'total_items'"):
        pull_mailchimp(store, workspace, client=_client(mailchimp, []))


def test_pulling_again_changes_nothing_and_a_newer_pull_replaces_and_says_so(
    store: MetricsStore, workspace: Workspace, mailchimp: FakeMailchimp
) -> None:
    first = pull_mailchimp(store, workspace, client=_client(mailchimp, []))
    before = records(store)
    again = pull_mailchimp(store, workspace, client=_client(mailchimp, []))
    assert not again.changed
    assert again.messages() == [
        "Mailchimp API: already imported on 2023-11-14 22:13 UTC, nothing changed"
    ]
    assert records(store) == before
    # A week later December's report has grown: the new pull replaces the old figures.
    december = next(r for r in mailchimp.reports if r["id"] == "8c2d4e6f10")
    december["opens"]["unique_opens"] = 2533
    newer = pull_mailchimp(store, workspace, client=_client(mailchimp, []))
    assert newer.messages()[:2] == [
        f"Mailchimp API: stored {first.rows} figure(s) as mailchimp-api (2023-06, 2023-12)",
        f"replaced {first.rows} figure(s) for 2023-06, 2023-12 imported from Mailchimp API "
        "on 2023-11-14 22:13 UTC",
    ]
    email = issue_summary(store, "2023-12").email
    assert email is not None and email.unique_opens == 2533


def test_the_api_is_preferred_to_the_csv_export_of_the_same_campaign(
    store: MetricsStore, workspace: Workspace, mailchimp: FakeMailchimp
) -> None:
    pull_mailchimp(store, workspace, client=_client(mailchimp, []))
    import_file(store, workspace, DATA / "reports-2023.csv")
    email = issue_summary(store, "2023-12").email
    assert email is not None
    assert (email.source, email.unique_opens) == ("mailchimp-api", 2517)
    assert email.others["mailchimp"]["unique_opens"] == 2402  # named, not added
    items = {i.item_id: i for i in issue_summary(store, "2023-12").items}
    assert items["north-east-spf"].clicks == 110


def test_cli_pull_reads_the_key_from_the_environment_and_never_prints_it(
    repo_workspace: Path,
    database_url: str,
    mailchimp: FakeMailchimp,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    tmp_path: Path,
) -> None:
    if not database_url.startswith("sqlite"):
        monkeypatch.setenv("SPFCOMMS_DATABASE_URL", database_url)
    toml = repo_workspace / "spfcomms.toml"
    toml.write_text(
        toml.read_text() + f'\n[metrics]\nmailchimp_api_url = "{mailchimp.base_url}"\n'
    )
    assert API_KEY not in toml.read_text()
    caplog.set_level(logging.DEBUG)
    argv = ["-v", "-c", str(repo_workspace), "metrics", "pull", "mailchimp"]
    assert main(argv) == 1
    error = capsys.readouterr().err
    assert "spfcomms: error: SPFCOMMS_MAILCHIMP_API_KEY is not set: put your Mailchimp API " \
        "key in that environment variable" in error
    monkeypatch.setenv(KEY_ENV, API_KEY)
    mailchimp.fail("/3.0/reports", problem(503, "Service Unavailable", f"echo {API_KEY}"))
    problems = tmp_path / "problems.jsonl"
    assert main([*argv, "--json", str(problems)]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines()[0] == (
        "Mailchimp API: stored 43 figure(s) as mailchimp-api (2023-06, 2023-12)"
    )
    assert "Mailchimp API: note: campaign 2b7e0c5a11: skipped the campaign" in out
    skipped = [json.loads(line) for line in problems.read_text().splitlines()]
    assert [(p["file"], p["severity"], p["code"]) for p in skipped] == [
        ("Mailchimp API", "note", "campaign-skipped")
    ] * 2
    assert main([*argv, "--since", "2023-06"]) == 0
    assert main(["-c", str(repo_workspace), "metrics", "show", "--json"]) == 0
    out2, err2 = capsys.readouterr()
    data = json.loads(out2[out2.index("{"):])
    assert data["issues"][1]["email"]["source"] == "mailchimp-api"
    with MetricsStore.open(load_config(repo_workspace)) as store:
        stored = _everything_stored(store)
    for text in (out, err, out2, err2, caplog.text, stored):
        assert API_KEY not in text
    assert "echo ***" in err  # the server's echo of the key was masked in the retry warning


def test_a_key_without_a_data_centre_is_refused_before_any_request(
    repo_config: Config,
) -> None:
    with pytest.raises(MailchimpApiError, match="does not end in a data centre such as '-us21'"):
        MailchimpClient.from_config(repo_config, {KEY_ENV: "0123456789abcdef"})
    client = MailchimpClient.from_config(repo_config, {KEY_ENV: API_KEY})
    assert client.base_url == "https://us21.api.mailchimp.com/3.0"
    assert API_KEY not in repr(client)


def test_a_campaign_recorded_by_publish_matches_its_issue_by_id(
    store: MetricsStore, repo_config: Config, mailchimp: FakeMailchimp
) -> None:
    # December's campaign renamed in Mailchimp: no title or subject names the issue any more.
    for report in mailchimp.reports:
        if report["id"] == "8c2d4e6f10":
            report["campaign_title"] = "Monthly update"
            report["subject_line"] = "This month at the forum"
    account = replace(repo_config.mailchimp, api_url=mailchimp.base_url)
    config = replace(repo_config, mailchimp=account)
    unmatched = pull_mailchimp(store, load_workspace(config), client=_client(mailchimp, []))
    assert unmatched.issue_ids == ("2023-06",)
    issue_toml = repo_config.issues_dir / "2023-12" / "issue.toml"
    issue_toml.write_text(
        issue_toml.read_text() + '\n[campaign]\ntool = "mailchimp"\nid = "8c2d4e6f10"\n'
    )
    matched = pull_mailchimp(store, load_workspace(config), client=_client(mailchimp, []))
    assert matched.issue_ids == ("2023-06", "2023-12")
    assert "8c2d4e6f10" not in " ".join(str(p) for p in matched.skipped)
