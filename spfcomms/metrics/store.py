"""Opening the metrics store and keeping its schema current.

Which database: the ``SPFCOMMS_DATABASE_URL`` environment variable, else
``[metrics].database_url`` in spfcomms.toml, else an SQLite file at
``[metrics].sqlite_path`` inside the workspace (created on first use).

The schema is migrated by Alembic, in-process, every time a store is opened. That is
safe to repeat: nothing happens when the database is current; on PostgreSQL the
migration holds an advisory lock so two processes never migrate at once; an SQLite file
that holds data is copied aside before its schema changes; a database written by a
newer spfcomms is refused rather than touched.
"""

from __future__ import annotations

import functools
import logging
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from ..model.config import DATABASE_URL_ENV, Config
from ..model.exceptions import MetricsConflictError, MetricsError
from ..model.urls import redact_url, redact_urls
from .schema import VERSION_TABLE

if TYPE_CHECKING:
    from alembic.config import Config as AlembicConfig
    from alembic.script import ScriptDirectory

logger = logging.getLogger(__name__)

# Any constant will do: it only has to be the same in every spfcomms process.
_PG_LOCK_KEY = 0x5F_C0_33_75


def database_url(config: Config) -> str:
    """The SQLAlchemy URL the workspace's metrics live in (see the module docstring)."""
    from_env = os.environ.get(DATABASE_URL_ENV, "").strip()
    if from_env:
        return from_env
    if config.metrics.database_url:
        return config.metrics.database_url
    return f"sqlite:///{sqlite_path(config)}"


def store_exists(config: Config) -> bool:
    """False only when the store is an SQLite file that was never created."""
    try:
        parsed = sa.make_url(database_url(config))
    except sa.exc.ArgumentError:
        return True  # opening it says what is wrong with the URL
    if parsed.get_backend_name() != "sqlite":
        return True
    return bool(parsed.database) and Path(parsed.database or "").exists()


def sqlite_path(config: Config) -> Path:
    """Where the default SQLite file lives."""
    return config.metrics_sqlite_path


# Alembic is imported only when the schema is looked at, so "import spfcomms" stays light.
def _alembic_config(connection: Connection | None = None) -> AlembicConfig:
    from alembic.config import Config as AlembicConfig

    cfg = AlembicConfig()
    location = resources.files("spfcomms.metrics").joinpath("migrations")
    cfg.set_main_option("script_location", str(location))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


@functools.cache
def _script_directory() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config())


def head_revision() -> str:
    """The newest schema revision this spfcomms knows."""
    head = _script_directory().get_current_head()
    assert head is not None
    return head


def _known_revisions() -> set[str]:
    return {rev.revision for rev in _script_directory().walk_revisions()}


@dataclass(frozen=True, slots=True)
class UpgradeResult:
    """What opening the store did to the schema."""

    before: str | None
    after: str
    backup: Path | None = None

    @property
    def changed(self) -> bool:
        return self.before != self.after


class MetricsStore:
    """A connection pool on the metrics database, with its schema at ``head``.

    Use ``MetricsStore.open(config)`` (or ``MetricsStore.from_url``), and ``close()``
    or a ``with`` block when done.
    """

    def __init__(self, engine: Engine, *, sqlite_file: Path | None = None) -> None:
        self.engine = engine
        self.sqlite_file = sqlite_file
        self.last_upgrade: UpgradeResult | None = None

    @classmethod
    def open(cls, config: Config, *, upgrade: bool = True) -> MetricsStore:
        """The workspace's store, created and migrated to the current schema."""
        return cls.from_url(database_url(config), upgrade=upgrade)

    @classmethod
    def from_url(cls, url: str, *, upgrade: bool = True, to: str = "head") -> MetricsStore:
        """A store on any SQLAlchemy URL (``sqlite:///file``, ``postgresql+psycopg://...``)."""
        try:
            parsed = sa.make_url(url)
        except sa.exc.ArgumentError:
            raise MetricsError(
                f"not a database URL: '{redact_url(url)}' (expected sqlite:///PATH or "
                "postgresql+psycopg://HOST/DATABASE)"
            ) from None
        sqlite_file: Path | None = None
        # Figures and URLs go into the store as SQL parameters: never into messages.
        kwargs: dict[str, Any] = {"hide_parameters": True}
        if parsed.get_backend_name() == "sqlite":
            if parsed.database and parsed.database != ":memory:":
                sqlite_file = Path(parsed.database)
                _check_sqlite_file(sqlite_file, redact_url(url))
            kwargs["connect_args"] = {"timeout": 30}
        try:
            engine = sa.create_engine(parsed, **kwargs)
        except sa.exc.NoSuchModuleError:
            raise MetricsError(
                f"not a database spfcomms can use: '{redact_url(url)}' (use sqlite:///PATH or "
                "postgresql+psycopg://HOST/DATABASE)"
            ) from None
        except ImportError as exc:
            raise MetricsError(
                f"cannot use {parsed.get_backend_name()}: {exc}; for PostgreSQL install "
                "spfcomms[postgres] (psycopg)"
            ) from None
        if parsed.get_backend_name() == "sqlite":
            sa.event.listen(engine, "connect", _sqlite_pragmas)
        store = cls(engine, sqlite_file=sqlite_file)
        if upgrade:
            store.upgrade(to)
        return store

    def __enter__(self) -> MetricsStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release every connection."""
        self.engine.dispose()

    @property
    def url(self) -> str:
        """The database URL as it may be shown: no login, no secret parameters."""
        return redact_url(self.engine.url.render_as_string(hide_password=False))

    def current_revision(self) -> str | None:
        """The schema revision of the database, or None for an empty database."""
        from alembic.runtime.migration import MigrationContext

        with self.connect() as connection:
            return MigrationContext.configure(
                connection, opts={"version_table": VERSION_TABLE}
            ).get_current_revision()

    def upgrade(self, to: str = "head") -> UpgradeResult:
        """Bring the schema to revision ``to`` (default: the newest); safe to repeat."""
        from alembic import command
        from alembic.runtime.migration import MigrationContext

        target = head_revision() if to == "head" else to
        before = self.current_revision()
        if before is not None and before not in _known_revisions():
            raise MetricsError(
                f"the metrics database {self.url} is at schema revision {before}, which this "
                f"spfcomms does not know (newest: {target}); upgrade spfcomms"
            )
        if before == target:
            self.last_upgrade = UpgradeResult(before, target)
            return self.last_upgrade
        backup = self._backup_sqlite(before, target)
        try:
            with self.engine.begin() as connection:
                if connection.dialect.name == "postgresql":
                    connection.execute(sa.select(sa.func.pg_advisory_xact_lock(_PG_LOCK_KEY)))
                    # Another process may have migrated while we waited for the lock.
                    current = MigrationContext.configure(
                        connection, opts={"version_table": VERSION_TABLE}
                    ).get_current_revision()
                    if current == target:
                        self.last_upgrade = UpgradeResult(before, target)
                        return self.last_upgrade
                command.upgrade(_alembic_config(connection), target)
        except sa.exc.SQLAlchemyError as exc:
            hint = f"; the data before the attempt is in {backup}" if backup else ""
            raise self.failure(exc, f"could not migrate it to {target}{hint}") from None
        logger.info("metrics schema %s -> %s (%s)", before or "empty", target, self.url)
        self.last_upgrade = UpgradeResult(before, target, backup)
        return self.last_upgrade

    def _backup_sqlite(self, before: str | None, target: str) -> Path | None:
        # SQLite cannot roll back every schema change, so keep the file as it was.
        if before is None or self.sqlite_file is None or not self.sqlite_file.is_file():
            return None
        backup = self.sqlite_file.with_name(f"{self.sqlite_file.name}.before-{target}")
        self.engine.dispose()
        shutil.copy2(self.sqlite_file, backup)
        return backup

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One transaction: committed when the block ends, rolled back on any error.

        A database failure becomes a one-line ``MetricsError`` (no SQL, no parameters).
        """
        try:
            with self.engine.begin() as connection:
                yield connection
        except sa.exc.SQLAlchemyError as exc:
            raise self.failure(exc) from None

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        """A connection for reading; failures as in ``transaction``."""
        try:
            with self.engine.connect() as connection:
                yield connection
        except sa.exc.SQLAlchemyError as exc:
            raise self.failure(exc) from None

    def failure(self, exc: sa.exc.SQLAlchemyError, doing: str = "") -> MetricsError:
        """A database error in words: what the database said (its first line only, so
        no SQL and no values), where, and what to do. The statement goes to the log at
        ``-v`` without its parameters."""
        statement = getattr(exc, "statement", None)
        if statement:
            logger.info("the failing statement: %s", " ".join(str(statement).split())[:500])
        original = getattr(exc, "orig", None) or exc
        reason = (str(original).strip().splitlines() or [type(original).__name__])[0]
        reason = redact_urls(reason)[:300]
        if self.sqlite_file is not None and _damaged(reason):
            return MetricsError(
                f"the metrics store {self.sqlite_file} is not a readable SQLite database "
                f"({reason}); move it aside and run 'spfcomms metrics init' to start a new "
                "one, or put back a copy"
            )
        if isinstance(exc, sa.exc.OperationalError | sa.exc.InterfaceError):
            what = f"cannot use the metrics database {self.url} ({reason})"
            advice = "; is it running and reachable, and is the URL right?"
        else:
            what, advice = f"the metrics database {self.url} failed: {reason}", ""
        if doing:
            what += f"; {doing}"
        if isinstance(exc, sa.exc.IntegrityError):
            return MetricsConflictError(what + advice)
        return MetricsError(what + advice)


def _check_sqlite_file(path: Path, shown: str) -> None:
    # Things SQLite would report obscurely, or not at all until the first query.
    if path.is_dir():
        raise MetricsError(
            f"the metrics store {path} is a folder, not an SQLite file; "
            "set [metrics].sqlite_path to a file name"
        )
    blocker = next((p for p in path.parents if p.exists() and not p.is_dir()), None)
    if blocker is not None:
        raise MetricsError(f"cannot create the metrics store {shown}: {blocker} is a file")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise MetricsError(f"cannot create the metrics store {shown}: {exc.strerror}") from None


def _damaged(reason: str) -> bool:
    words = ("not a database", "malformed", "disk image", "file is encrypted", "unable to open")
    return any(word in reason.lower() for word in words)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()
