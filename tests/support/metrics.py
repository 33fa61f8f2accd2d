"""Metrics stores for tests: the same tests run on SQLite and on a real PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from spfcomms.metrics import MetricsStore

BACKENDS = ["sqlite", "postgres"]


def fresh_database_url(kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """An empty database: an SQLite file, or a new database on the session's cluster."""
    if kind == "sqlite":
        return f"sqlite:///{tmp_path / 'metrics.sqlite'}"
    server_url = request.getfixturevalue("postgres_url")
    # Emptying the public schema is much faster than creating a database per test.
    engine = sa.create_engine(server_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sa.text("DROP SCHEMA public CASCADE"))
        connection.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()
    return server_url


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of an empty database, once on SQLite and once on PostgreSQL."""
    return fresh_database_url(request.param, tmp_path, request)


@pytest.fixture
def metrics_workspace(
    repo_workspace: Path, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """The repository workspace, its metrics on SQLite and then on PostgreSQL."""
    if not database_url.startswith("sqlite"):
        monkeypatch.setenv("SPFCOMMS_DATABASE_URL", database_url)
    return repo_workspace


@pytest.fixture
def store(database_url: str) -> Iterator[MetricsStore]:
    """A metrics store at the newest schema, on each backend in turn."""
    with MetricsStore.from_url(database_url) as opened:
        yield opened


BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:115.0) Gecko/20100101 Firefox/115.0"
PHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1"
)


def access_line(
    ip: str, when: str, path: str, status: int = 200, agent: str = BROWSER, referer: str = "-"
) -> str:
    """One request as nginx and Apache write it in the combined format (UTC times)."""
    return (
        f'{ip} - - [{when} +0000] "GET {path} HTTP/1.1" {status} 5120 "{referer}" "{agent}"\n'
    )
