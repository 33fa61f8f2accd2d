"""Alembic migrations of the metrics store, shipped inside the package."""
