"""Row triggers described once and written for either database.

The storage keeps derived tables (report facts, open loads) right with
``AFTER ... FOR EACH ROW`` triggers.  PostgreSQL wants a function and a
trigger that calls it; SQLite wants the statements inline.  A
:class:`RowTrigger` holds what they share (name, event, table, condition,
statements) and writes either form, so the modules that define triggers say
only what their triggers do.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs
from sqlalchemy.engine import Connection

__all__ = ["RowTrigger", "create_triggers", "drop_triggers"]


def _statements(body: Iterable[str]) -> tuple[str, ...]:
    return tuple(body)


@attrs.frozen
class RowTrigger:
    """``AFTER <event> ON <table> FOR EACH ROW [WHEN <when>]``, running ``body`` in order.

    ``when`` and ``body`` are SQL over ``NEW``/``OLD`` that both databases
    read alike (``IS DISTINCT FROM`` is spelt ``IS NOT`` for SQLite here).
    """

    name: str
    event: str
    table: str
    body: tuple[str, ...] = attrs.field(converter=_statements)
    when: str | None = None

    def ddl(self, dialect: str) -> list[str]:
        """The statements creating the trigger on ``dialect`` ("postgresql" or "sqlite")."""
        statements = "; ".join(self.body) + ";"
        if dialect == "postgresql":
            when = f" WHEN ({self.when})" if self.when else ""
            return [f"CREATE OR REPLACE FUNCTION {self.name}() RETURNS trigger "
                    f"LANGUAGE plpgsql AS $$ BEGIN {statements} RETURN NULL; END $$",
                    f"CREATE TRIGGER {self.name} AFTER {self.event} ON {self.table} "
                    f"FOR EACH ROW{when} EXECUTE FUNCTION {self.name}()"]
        when = (" WHEN " + self.when.replace("IS DISTINCT FROM", "IS NOT")) if self.when else ""
        return [f"CREATE TRIGGER {self.name} AFTER {self.event} ON {self.table} "
                f"FOR EACH ROW{when} BEGIN {statements} END"]

    def drop(self, dialect: str) -> list[str]:
        """The statements dropping it (and its function), if it exists."""
        if dialect == "postgresql":
            return [f"DROP TRIGGER IF EXISTS {self.name} ON {self.table}",
                    f"DROP FUNCTION IF EXISTS {self.name}()"]
        return [f"DROP TRIGGER IF EXISTS {self.name}"]


def create_triggers(conn: Connection, triggers: Sequence[RowTrigger]) -> None:
    for trigger in triggers:
        for statement in trigger.ddl(conn.dialect.name):
            conn.exec_driver_sql(statement)


def drop_triggers(conn: Connection, triggers: Sequence[RowTrigger]) -> None:
    for trigger in triggers:
        for statement in trigger.drop(conn.dialect.name):
            conn.exec_driver_sql(statement)
