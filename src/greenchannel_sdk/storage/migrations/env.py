"""Alembic environment: runs against the engine the SDK hands over (no alembic.ini)."""

from __future__ import annotations

from alembic import context

from greenchannel_sdk.storage.tables import Base

engine = context.config.attributes["engine"]
with engine.begin() as connection:
    context.configure(connection=connection, target_metadata=Base.metadata,
                      render_as_batch=connection.dialect.name == "sqlite")
    context.run_migrations()
