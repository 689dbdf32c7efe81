"""Alembic environment: runs against the engine the SDK hands over (no alembic.ini)."""

from __future__ import annotations

from alembic import context

from greenchannel_sdk.storage.tables import Base, in_schema_of

engine = context.config.attributes["engine"]
with engine.begin() as connection:
    dialect = connection.dialect.name
    context.configure(connection=connection, target_metadata=Base.metadata,
                      render_as_batch=dialect == "sqlite",
                      include_object=lambda obj, *_rest: in_schema_of(dialect, obj))
    context.run_migrations()
