"""Units, origins and kinds on observations; source and format names that say what they are.

Revision 0002 could not keep a hand-kept figure's unit or where it came from, and
stored every Mailchimp figure as source ``mailchimp`` whether it came from the API or
from a CSV export, so a summary could not prefer one over the other. This revision:

- adds ``metrics.unit`` (``listens``, ``followers`` ...), ``metrics.origin`` (where the
  figure came from in the source's own words: a report's name, a campaign id) and
  ``metrics.kind`` (``count``, ``level``, ``change``, ``rate`` or ``distinct``; empty
  means "from the metric's name");
- renames the format ``mailchimp-csv`` (Mailchimp's API field names as CSV columns) to
  ``mailchimp-api-csv``, because ``mailchimp-csv`` now means Mailchimp's own export;
- stores figures imported from Mailchimp API JSON as source ``mailchimp-api``;
- stores per-link clicks from generic link reports as source ``link-clicks`` (was
  ``email``);
- writes campaign scopes with the send time to the minute, as every export now does,
  so that two exports of one campaign replace each other.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_batches = sa.table("import_batches", sa.column("id", sa.Integer), sa.column("format", sa.String))
_metrics = sa.table(
    "metrics",
    sa.column("batch_id", sa.Integer),
    sa.column("scope", sa.Text),
    sa.column("source", sa.String),
    sa.column("channel", sa.String),
)
_clicks = sa.table(
    "link_clicks",
    sa.column("scope", sa.Text),
    sa.column("source", sa.String),
)


def _minute_scope(scope: str) -> str:
    """``source|issue|2023-06-29T09:00:12+00:00`` -> ``...T09:00:00+00:00``."""
    head, sep, when = scope.rpartition("|")
    if not sep:
        return scope
    try:
        sent = datetime.fromisoformat(when)
    except ValueError:
        return scope  # a campaign without a send time is scoped by its title
    return f"{head}|{sent.replace(second=0, microsecond=0).isoformat()}"


def _rename_source(
    table: sa.TableClause, old: str, new: str, prefix: str, *where: sa.ColumnElement[bool]
) -> None:
    """Source ``old`` becomes ``new``, and scopes starting ``old|`` + ``prefix`` follow."""
    op.execute(
        table.update()
        .where(table.c.source == old, *where)
        .values(
            source=new,
            scope=sa.func.replace(table.c.scope, f"{old}|{prefix}", f"{new}|{prefix}"),
        )
    )


def _rename_format(old: str, new: str) -> None:
    op.execute(_batches.update().where(_batches.c.format == old).values(format=new))


def upgrade() -> None:
    with op.batch_alter_table("metrics") as batch:
        batch.add_column(sa.Column("unit", sa.Text, nullable=True))
        batch.add_column(sa.Column("origin", sa.Text, nullable=True))
        batch.add_column(sa.Column("kind", sa.String(16), nullable=True))

    _rename_format("mailchimp-csv", "mailchimp-api-csv")
    from_json = sa.select(_batches.c.id).where(_batches.c.format == "mailchimp-json")
    _rename_source(_metrics, "mailchimp", "mailchimp-api", "", _metrics.c.batch_id.in_(from_json))
    _rename_source(_clicks, "email", "link-clicks", "links|")
    connection = op.get_bind()
    scopes = connection.execute(
        sa.select(_metrics.c.scope).where(_metrics.c.channel == "email").distinct()
    ).scalars()
    for scope in list(scopes):
        minute = _minute_scope(scope)
        if minute != scope:
            connection.execute(
                _metrics.update().where(_metrics.c.scope == scope).values(scope=minute)
            )


def downgrade() -> None:
    _rename_source(_clicks, "link-clicks", "email", "links|")
    _rename_source(_metrics, "mailchimp-api", "mailchimp", "")
    _rename_format("mailchimp-api-csv", "mailchimp-csv")
    with op.batch_alter_table("metrics") as batch:
        batch.drop_column("kind")
        batch.drop_column("origin")
        batch.drop_column("unit")
