"""Flags on observations (MPP-inflated opens) and soft replacement by newer exports.

Revision 0001 deleted the figures that a newer export replaced, and could not say that
an open count was inflated by mail privacy protection. This revision:

- adds ``metrics.flags`` and marks, in existing data, every raw open count whose
  scope also holds the source's proxy-excluded figure as ``mpp_inflated``;
- adds ``replaced_by`` to ``metrics`` and ``link_clicks``, so a newer export hides the
  older figures without erasing them.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

RAW_OPENS = {"unique_opens": "proxy_excluded_unique_opens", "opens_total": "proxy_excluded_opens"}


def upgrade() -> None:
    with op.batch_alter_table("metrics") as batch:
        batch.add_column(sa.Column("flags", sa.Text, nullable=False, server_default=""))
        batch.add_column(sa.Column("replaced_by", sa.Integer, nullable=True))
    with op.batch_alter_table("link_clicks") as batch:
        batch.add_column(sa.Column("replaced_by", sa.Integer, nullable=True))

    metrics = sa.table(
        "metrics",
        sa.column("batch_id", sa.Integer),
        sa.column("scope", sa.Text),
        sa.column("metric", sa.String),
        sa.column("flags", sa.Text),
    )
    sibling = metrics.alias("sibling")
    for raw, excluded in RAW_OPENS.items():
        has_excluded = (
            sa.select(sa.literal(1))
            .select_from(sibling)
            .where(
                sibling.c.batch_id == metrics.c.batch_id,
                sibling.c.scope == metrics.c.scope,
                sibling.c.metric == excluded,
            )
            .exists()
        )
        op.execute(
            metrics.update()
            .where(metrics.c.metric == raw, has_excluded)
            .values(flags="mpp_inflated")
        )


def downgrade() -> None:
    with op.batch_alter_table("link_clicks") as batch:
        batch.drop_column("replaced_by")
    with op.batch_alter_table("metrics") as batch:
        batch.drop_column("replaced_by")
        batch.drop_column("flags")
