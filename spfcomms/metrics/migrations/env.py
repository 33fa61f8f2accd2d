"""Alembic environment: always run in-process on a connection spfcomms hands over.

``spfcomms.metrics.store.upgrade`` builds the Alembic ``Config`` in code and passes an
open connection in ``config.attributes["connection"]``; there is no alembic.ini.
"""

from __future__ import annotations

from alembic import context

from spfcomms.metrics.schema import VERSION_TABLE, metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reachable through the alembic CLI
    raise RuntimeError("run migrations through spfcomms (MetricsStore.upgrade), not alembic")

context.configure(
    connection=connection,
    target_metadata=metadata,
    version_table=VERSION_TABLE,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
