"""The store: which database, migrations applied safely, schema as declared."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from spfcomms import Config, load_config, load_workspace
from spfcomms.metrics import MetricsStore, database_url, import_file, issue_summary, records, schema
from spfcomms.model.exceptions import MetricsError

DATA = Path(__file__).parent / "data" / "metrics"


def test_database_url_prefers_environment_then_config_then_workspace_sqlite(
    repo_workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = load_config(repo_workspace)
    assert database_url(config) == f"sqlite:///{repo_workspace / '.spfcomms/metrics.sqlite'}"
    (repo_workspace / "spfcomms.toml").write_text(
        (repo_workspace / "spfcomms.toml").read_text()
        + '\n[metrics]\ndatabase_url = "postgresql+psycopg://metrics@db.example/spf"\n'
    )
    assert database_url(load_config(repo_workspace)) == (
        "postgresql+psycopg://metrics@db.example/spf"
    )
    monkeypatch.setenv("SPFCOMMS_DATABASE_URL", "sqlite:////tmp/elsewhere.sqlite")
    assert database_url(load_config(repo_workspace)) == "sqlite:////tmp/elsewhere.sqlite"


def test_opening_creates_the_schema_and_reopening_changes_nothing(database_url: str) -> None:
    with MetricsStore.from_url(database_url) as store:
        assert store.last_upgrade is not None
        assert (store.last_upgrade.before, store.last_upgrade.after) == (None, "0003")
    with MetricsStore.from_url(database_url) as store:
        assert store.last_upgrade is not None and not store.last_upgrade.changed


def test_migrations_build_exactly_the_declared_schema(store: MetricsStore) -> None:
    with store.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "version_table": schema.VERSION_TABLE}
        )
        diff = compare_metadata(context, schema.metadata)
    assert diff == []


def _insert_0001_data(store: MetricsStore) -> None:
    # Written with plain SQL: the revision-0001 tables have no flags or replaced_by.
    sent = datetime(2023, 6, 29, 9, 0, tzinfo=UTC)
    imported = datetime(2023, 7, 3, 8, 0, tzinfo=UTC)
    if store.engine.dialect.name == "sqlite":
        sent, imported = sent.replace(tzinfo=None), imported.replace(tzinfo=None)  # type: ignore[assignment]
    with store.transaction() as c:
        c.execute(sa.text("INSERT INTO issues (id, number, title, published, path) VALUES "
                          "('2023-06', 47, 'June 2023', '2023-06-29', 'issues/2023-06/')"))
        c.execute(sa.text("INSERT INTO import_batches (file_name, sha256, format, "
                          "imported_at, rows) VALUES ('june.json', 'aa', 'mailchimp-json', "
                          ":t, 3), ('june-k.csv', 'bb', 'klaviyo-csv', :t, 1)"),
                  {"t": imported})
        rows = [
            ("aa", "mailchimp|2023-06|a", "unique_opens", 2288, "mailchimp"),
            ("aa", "mailchimp|2023-06|a", "proxy_excluded_unique_opens", 1187, "mailchimp"),
            ("aa", "mailchimp|2023-06|a", "emails_sent", 4210, "mailchimp"),
            ("bb", "klaviyo|2023-06|b", "unique_opens", 2300, "klaviyo"),
        ]
        for batch, scope, metric, value, source in rows:
            c.execute(
                sa.text("INSERT INTO metrics (batch_id, scope, metric, value, channel, source, "
                        "issue_id, period_start) VALUES ((SELECT id FROM import_batches "
                        "WHERE sha256 = :b), :s, :m, :v, 'email', :src, '2023-06', :p)"),
                {"b": batch, "s": scope, "m": metric, "v": value, "src": source, "p": sent},
            )


def test_migration_from_first_revision_keeps_data_and_flags_raw_opens(
    database_url: str, repo_config: Config
) -> None:
    with MetricsStore.from_url(database_url, to="0001") as store:
        assert store.current_revision() == "0001"
        _insert_0001_data(store)
    with MetricsStore.from_url(database_url) as store:
        assert store.last_upgrade is not None
        assert (store.last_upgrade.before, store.last_upgrade.after) == ("0001", "0003")
        if store.sqlite_file is not None:
            assert store.last_upgrade.backup is not None and store.last_upgrade.backup.is_file()
        flags = {(r["source"], r["metric"]): (r["value"], r["flags"], r["replaced_by"])
                 for r in records(store)}
        # Figures from Mailchimp API JSON are now told apart from its CSV exports.
        assert flags == {
            ("mailchimp-api", "unique_opens"): (2288, "mpp_inflated", None),
            ("mailchimp-api", "proxy_excluded_unique_opens"): (1187, "", None),
            ("mailchimp-api", "emails_sent"): (4210, "", None),
            ("klaviyo", "unique_opens"): (2300, "", None),  # Klaviyo did not say
        }
        assert records(store)[0]["period_start"] == datetime(2023, 6, 29, 9, 0, tzinfo=UTC)
        # The migrated store takes new imports.
        import_file(store, load_workspace(repo_config), DATA / "mailchimp-2023-12.csv")
        assert issue_summary(store, "2023-12").email is not None


def test_a_database_from_a_newer_spfcomms_is_refused(database_url: str) -> None:
    with MetricsStore.from_url(database_url) as store, store.transaction() as c:
        c.execute(sa.text(f"UPDATE {schema.VERSION_TABLE} SET version_num = '0099'"))
    with pytest.raises(MetricsError) as caught:
        MetricsStore.from_url(database_url)
    assert "is at schema revision 0099, which this spfcomms does not know (newest: 0003); " \
        "upgrade spfcomms" in str(caught.value)


def test_naive_timestamps_are_refused(store: MetricsStore) -> None:
    with pytest.raises(MetricsError, match="naive datetime"), store.transaction() as c:
        c.execute(schema.import_batches.insert().values(
            file_name="x", sha256="x", format="manual-csv",
            imported_at=datetime(2023, 1, 1), rows=0))


def test_not_a_database_url_is_a_clear_error() -> None:
    with pytest.raises(MetricsError, match="not a database URL: 'metrics.sqlite'"):
        MetricsStore.from_url("metrics.sqlite")



def _insert_0002_data(store: MetricsStore) -> None:
    # Plain SQL again: revision 0002 has no unit, origin or kind, and its sources and
    # formats are the old names (mailchimp-csv for the API-columns layout, email for
    # link reports, send times to the second in campaign scopes).
    imported = datetime(2023, 12, 20, 9, 0, tzinfo=UTC)
    sent = datetime(2023, 12, 14, 10, 30, 12, tzinfo=UTC)
    scope = f"mailchimp|2023-12|{sent.isoformat()}"
    if store.engine.dialect.name == "sqlite":
        imported, sent = imported.replace(tzinfo=None), sent.replace(tzinfo=None)
    with store.transaction() as c:
        c.execute(sa.text("INSERT INTO issues (id, number, title, published, path) VALUES "
                          "('2023-12', 48, 'December 2023', '2023-12-14', 'issues/2023-12/')"))
        c.execute(sa.text("INSERT INTO import_batches (file_name, sha256, format, imported_at, "
                          "rows) VALUES ('dec.json', 'j', 'mailchimp-json', :t, 1), "
                          "('dec.csv', 'c', 'mailchimp-csv', :t, 1), "
                          "('links.csv', 'l', 'link-clicks-csv', :t, 1)"), {"t": imported})
        for batch, source, value in (("j", "mailchimp", 2402), ("c", "mailchimp", 2399)):
            c.execute(
                sa.text("INSERT INTO metrics (batch_id, scope, metric, value, channel, source, "
                        "issue_id, period_start, flags) VALUES ((SELECT id FROM import_batches "
                        "WHERE sha256 = :b), :s, 'unique_opens', :v, 'email', :src, "
                        "'2023-12', :p, '')"),
                {"b": batch, "s": scope, "v": value, "src": source, "p": sent},
            )
        c.execute(sa.text("INSERT INTO link_clicks (batch_id, scope, source, issue_id, url, "
                          "raw_url, clicks) VALUES ((SELECT id FROM import_batches WHERE "
                          "sha256 = 'l'), 'email|links|2023-12', 'email', '2023-12', "
                          "'https://x.example/', 'https://x.example/', 5)"))


def test_migration_to_0003_renames_sources_and_formats_and_keeps_the_data(
    database_url: str, repo_config: Config
) -> None:
    with MetricsStore.from_url(database_url, to="0002") as store:
        _insert_0002_data(store)
    with MetricsStore.from_url(database_url) as store:
        assert store.last_upgrade is not None
        assert (store.last_upgrade.before, store.last_upgrade.after) == ("0002", "0003")
        rows = {(r["format"], r["source"]): (r["value"], r["scope"], r["unit"], r["origin"])
                for r in records(store)}
        assert rows == {
            ("mailchimp-json", "mailchimp-api"): (
                2402, "mailchimp-api|2023-12|2023-12-14T10:30:00+00:00", None, None),
            ("mailchimp-api-csv", "mailchimp"): (
                2399, "mailchimp|2023-12|2023-12-14T10:30:00+00:00", None, None),
        }
        with store.connect() as c:
            clicks = c.execute(sa.select(schema.link_clicks.c.source,
                                         schema.link_clicks.c.scope)).one()
        assert tuple(clicks) == ("link-clicks", "link-clicks|links|2023-12")
        # One measure, two sources: the summary takes the API's figure and names the CSV's.
        email = issue_summary(store, "2023-12").email
        assert email is not None
        assert (email.unique_opens, email.source) == (2402, "mailchimp-api")
        assert email.others == {"mailchimp": {"unique_opens": 2399}}
        # The migrated store takes new imports, with units and origins.
        import_file(store, load_workspace(repo_config), DATA / "manual-2023.toml")
