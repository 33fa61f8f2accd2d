"""Fixtures shared by the whole suite."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from spfcomms import Config, load_config

from .support.axe import axe, axe_source  # noqa: F401  (fixtures)
from .support.browser import browser  # noqa: F401  (a fixture)
from .support.golden import Golden
from .support.http import LoopbackServer, serve
from .support.metrics import database_url, metrics_workspace, store  # noqa: F401  (fixtures)
from .support.postgres import start_postgres
from .support.requirements import require
from .support.smtp import dropping_server, smtp_server  # noqa: F401  (fixtures)

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
# The source documents sit beside the project (../shared/seeds); a git worktree of it
# sits one folder deeper (worktrees/<name>/), so look there too.
SEEDS = next(
    (p for p in (REPO.parent / "shared" / "seeds", REPO.parent.parent / "shared" / "seeds")
     if p.is_dir()),
    REPO.parent / "shared" / "seeds",
)
SOURCE_DATE_EPOCH = "1700000000"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/golden/ from the current output instead of comparing",
    )


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Golden:
    return Golden(bool(request.config.getoption("--update-golden")))


@pytest.fixture(autouse=True)
def _reproducible_and_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    # One fixed clock, and no proxy or CA settings leaking in from the machine.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "http_proxy",
                 "https_proxy", "all_proxy", "no_proxy", "REQUESTS_CA_BUNDLE",
                 "CURL_CA_BUNDLE", "SSL_CERT_FILE", "SPFCOMMS_DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(autouse=True)
def _restore_spfcomms_logger() -> Iterator[None]:
    # spfcomms.cli.main() points the "spfcomms" logger at the stderr of its moment and
    # stops propagation; put it back so a later test's caplog sees the library's logs.
    logger = logging.getLogger("spfcomms")
    saved = (logger.handlers[:], logger.level, logger.propagate)
    yield
    logger.handlers[:], logger.level, logger.propagate = saved


@pytest.fixture
def repo_workspace(tmp_path: Path) -> Path:
    """A copy of the repository's own workspace (spfcomms.toml, issues/, templates/)."""
    target = tmp_path / "workspace"
    target.mkdir()
    shutil.copy2(REPO / "spfcomms.toml", target / "spfcomms.toml")
    shutil.copytree(REPO / "issues", target / "issues")
    if (REPO / "templates").is_dir():
        shutil.copytree(REPO / "templates", target / "templates")
    return target


@pytest.fixture
def repo_config(repo_workspace: Path) -> Config:
    return load_config(repo_workspace)


def seeds_folder(folder: Path) -> Path:
    """``folder`` if it holds the source documents: else skip with the reason, or in CI fail."""
    require(folder.is_dir(), f"the source documents are not beside the project ({folder})")
    return folder


@pytest.fixture
def seeds() -> Path:
    """../shared/seeds, which the seed tests read."""
    return seeds_folder(SEEDS)


@pytest.fixture
def http_server() -> Iterator[LoopbackServer]:
    """A real HTTP server on 127.0.0.1; add routes with ``server.route(path, ...)``."""
    yield from serve(LoopbackServer())


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """An SQLAlchemy URL of a throwaway PostgreSQL cluster started for this session."""
    yield from start_postgres()
