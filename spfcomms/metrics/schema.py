"""The tables of the metrics store (SQLAlchemy Core), as of the newest migration.

A figure is an *observation*: what was measured (``metric``), its ``value``, for which
issue, item or link, over which period, from which ``source`` and ``channel``, and the
import batch that brought it. Observations are never edited: a newer export of the same
scope marks the older ones ``replaced_by`` the new batch, so the history stays readable.

The migrations in ``migrations/versions`` build exactly these tables; a test compares
the two so that they cannot drift apart.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

VERSION_TABLE = "spfcomms_schema_version"
"""Alembic's bookkeeping table; a distinct name so a shared database stays tidy."""


class UTCDateTime(sa.TypeDecorator[datetime]):
    """A timezone-aware timestamp stored in UTC on every backend.

    SQLite has no time zone type: values are converted to UTC before they are written
    and read back as UTC, so callers only ever see aware datetimes.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: metrics timestamps must be aware")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


metadata = sa.MetaData(naming_convention=NAMING)

issues = sa.Table(
    "issues",
    metadata,
    sa.Column("id", sa.String(16), primary_key=True),
    sa.Column("number", sa.Integer, nullable=True),
    sa.Column("title", sa.Text, nullable=False, server_default=""),
    sa.Column("published", sa.Date, nullable=True),
    sa.Column("path", sa.Text, nullable=False, server_default=""),
)

items = sa.Table(
    "items",
    metadata,
    sa.Column("id", sa.String(200), primary_key=True),
    sa.Column("issue_id", sa.String(16), sa.ForeignKey("issues.id"), nullable=True),
    sa.Column("kind", sa.String(32), nullable=False, server_default=""),
    sa.Column("title", sa.Text, nullable=False, server_default=""),
    sa.Column("path", sa.Text, nullable=False, server_default=""),
)

channels = sa.Table(
    "channels",
    metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("label", sa.Text, nullable=False, server_default=""),
)

import_batches = sa.Table(
    "import_batches",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("file_name", sa.Text, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False, unique=True),
    sa.Column("format", sa.String(32), nullable=False),
    sa.Column("imported_at", UTCDateTime, nullable=False),
    sa.Column("rows", sa.Integer, nullable=False, server_default="0"),
)


def _batch_columns() -> list[sa.Column[Any]]:
    """What every figure starts with: its id, the import batch and the scope it replaces."""
    return [
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "batch_id",
            sa.Integer,
            sa.ForeignKey("import_batches.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("scope", sa.Text, nullable=False),
    ]


def _attribution_columns() -> list[sa.Column[Any]]:
    """Where a figure came from and what it belongs to."""
    return [
        sa.Column("source", sa.String(64), nullable=False),
        sa.Column("issue_id", sa.String(16), sa.ForeignKey("issues.id"), nullable=True),
        sa.Column("item_id", sa.String(200), sa.ForeignKey("items.id"), nullable=True),
    ]


metrics = sa.Table(
    "metrics",
    metadata,
    *_batch_columns(),
    sa.Column("metric", sa.String(64), nullable=False),
    sa.Column("value", sa.Float, nullable=False),
    sa.Column("channel", sa.String(64), sa.ForeignKey("channels.name"), nullable=False),
    *_attribution_columns(),
    sa.Column("url", sa.Text, nullable=True),
    sa.Column("label", sa.Text, nullable=True),
    sa.Column("period_start", UTCDateTime, nullable=True),
    sa.Column("period_end", UTCDateTime, nullable=True),
    sa.Column("note", sa.Text, nullable=True),
    sa.Column("line", sa.Integer, nullable=True),
    # Added by revision 0002:
    sa.Column("flags", sa.Text, nullable=False, server_default=""),
    sa.Column("replaced_by", sa.Integer, nullable=True),
    # Added by revision 0003:
    sa.Column("unit", sa.Text, nullable=True),
    sa.Column("origin", sa.Text, nullable=True),
    sa.Column("kind", sa.String(16), nullable=True),
    sa.Index("ix_metrics_scope", "scope"),
    sa.Index("ix_metrics_issue_id", "issue_id"),
)

link_clicks = sa.Table(
    "link_clicks",
    metadata,
    *_batch_columns(),
    *_attribution_columns(),
    sa.Column("anchor", sa.Text, nullable=True),
    sa.Column("url", sa.Text, nullable=False),
    sa.Column("raw_url", sa.Text, nullable=False),
    sa.Column("clicks", sa.Integer, nullable=False),
    sa.Column("unique_clicks", sa.Integer, nullable=True),
    sa.Column("line", sa.Integer, nullable=True),
    # Added by revision 0002:
    sa.Column("replaced_by", sa.Integer, nullable=True),
    sa.Index("ix_link_clicks_scope", "scope"),
)
