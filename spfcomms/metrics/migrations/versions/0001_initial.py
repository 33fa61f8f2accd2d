"""Initial schema: issues, items, channels, import batches, observations, link clicks.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

CHANNELS = (
    ("email", "Email bulletin"),
    ("web", "Web pages"),
    ("feed", "RSS, Atom and JSON feeds"),
    ("partner", "Partner sites (snippets and feeds)"),
    ("podcast", "Podcast"),
    ("social", "Social media"),
    ("event", "Events"),
)


def upgrade() -> None:
    op.create_table(
        "issues",
        sa.Column("id", sa.String(16), nullable=False),
        sa.Column("number", sa.Integer, nullable=True),
        sa.Column("title", sa.Text, nullable=False, server_default=""),
        sa.Column("published", sa.Date, nullable=True),
        sa.Column("path", sa.Text, nullable=False, server_default=""),
        sa.PrimaryKeyConstraint("id", name="pk_issues"),
    )
    op.create_table(
        "items",
        sa.Column("id", sa.String(200), nullable=False),
        sa.Column("issue_id", sa.String(16), nullable=True),
        sa.Column("kind", sa.String(32), nullable=False, server_default=""),
        sa.Column("title", sa.Text, nullable=False, server_default=""),
        sa.Column("path", sa.Text, nullable=False, server_default=""),
        sa.PrimaryKeyConstraint("id", name="pk_items"),
        sa.ForeignKeyConstraint(["issue_id"], ["issues.id"], name="fk_items_issue_id_issues"),
    )
    channels = op.create_table(
        "channels",
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("label", sa.Text, nullable=False, server_default=""),
        sa.PrimaryKeyConstraint("name", name="pk_channels"),
    )
    op.bulk_insert(channels, [{"name": n, "label": label} for n, label in CHANNELS])
    op.create_table(
        "import_batches",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=True),
        sa.Column("file_name", sa.Text, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("format", sa.String(32), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("rows", sa.Integer, nullable=False, server_default="0"),
        sa.PrimaryKeyConstraint("id", name="pk_import_batches"),
        sa.UniqueConstraint("sha256", name="uq_import_batches_sha256"),
    )
    op.create_table(
        "metrics",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=True),
        sa.Column("batch_id", sa.Integer, nullable=False),
        sa.Column("scope", sa.Text, nullable=False),
        sa.Column("metric", sa.String(64), nullable=False),
        sa.Column("value", sa.Float, nullable=False),
        sa.Column("channel", sa.String(64), nullable=False),
        sa.Column("source", sa.String(64), nullable=False),
        sa.Column("issue_id", sa.String(16), nullable=True),
        sa.Column("item_id", sa.String(200), nullable=True),
        sa.Column("url", sa.Text, nullable=True),
        sa.Column("label", sa.Text, nullable=True),
        sa.Column("period_start", sa.DateTime(timezone=True), nullable=True),
        sa.Column("period_end", sa.DateTime(timezone=True), nullable=True),
        sa.Column("note", sa.Text, nullable=True),
        sa.Column("line", sa.Integer, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_metrics"),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["import_batches.id"],
            name="fk_metrics_batch_id_import_batches",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["channel"], ["channels.name"], name="fk_metrics_channel_channels"),
        sa.ForeignKeyConstraint(["issue_id"], ["issues.id"], name="fk_metrics_issue_id_issues"),
        sa.ForeignKeyConstraint(["item_id"], ["items.id"], name="fk_metrics_item_id_items"),
    )
    op.create_index("ix_metrics_scope", "metrics", ["scope"])
    op.create_index("ix_metrics_issue_id", "metrics", ["issue_id"])
    op.create_table(
        "link_clicks",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=True),
        sa.Column("batch_id", sa.Integer, nullable=False),
        sa.Column("scope", sa.Text, nullable=False),
        sa.Column("source", sa.String(64), nullable=False),
        sa.Column("issue_id", sa.String(16), nullable=True),
        sa.Column("item_id", sa.String(200), nullable=True),
        sa.Column("anchor", sa.Text, nullable=True),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("raw_url", sa.Text, nullable=False),
        sa.Column("clicks", sa.Integer, nullable=False),
        sa.Column("unique_clicks", sa.Integer, nullable=True),
        sa.Column("line", sa.Integer, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_link_clicks"),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["import_batches.id"],
            name="fk_link_clicks_batch_id_import_batches",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["issue_id"], ["issues.id"], name="fk_link_clicks_issue_id_issues"),
        sa.ForeignKeyConstraint(["item_id"], ["items.id"], name="fk_link_clicks_item_id_items"),
    )
    op.create_index("ix_link_clicks_scope", "link_clicks", ["scope"])


def downgrade() -> None:
    for table in ("link_clicks", "metrics", "import_batches", "channels", "items", "issues"):
        op.drop_table(table)
