"""Triggers described once and written for either database.

The storage keeps derived tables (report facts, open loads) right with
``AFTER`` triggers.  PostgreSQL wants a function and a trigger that calls
it; SQLite wants the statements inline.  A :class:`TableTrigger` holds what
they share (name, event, table, condition, statements) and writes either
form, so the modules that define triggers say only what their triggers do.
PostgreSQL also runs triggers once per statement over its transition
tables (``each="STATEMENT"``); SQLite runs them per row only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs
from sqlalchemy.engine import Connection

__all__ = ["TableTrigger", "any_changed", "create_triggers", "drop_triggers"]


def _statements(body: Iterable[str]) -> tuple[str, ...]:
    return tuple(body)


@attrs.frozen
class TableTrigger:
    """``AFTER <event> ON <table> FOR EACH <each> [WHEN <when>]``, running ``body`` in order.

    ``when`` and ``body`` are SQL that both databases read alike
    (``IS DISTINCT FROM`` is spelt ``IS NOT`` for SQLite here); row
    triggers see ``NEW``/``OLD``.  A statement trigger (PostgreSQL only)
    names its transition tables in ``referencing`` (``NEW TABLE AS
    new_rows``) and has no ``when``.
    """

    name: str
    event: str
    table: str
    body: tuple[str, ...] = attrs.field(converter=_statements)
    when: str | None = None
    each: str = "ROW"
    referencing: str | None = None

    def ddl(self, dialect: str) -> list[str]:
        """The statements creating the trigger on ``dialect`` ("postgresql" or "sqlite")."""
        statements = "; ".join(self.body) + ";"
        if dialect == "postgresql":
            when = f" WHEN ({self.when})" if self.when else ""
            referencing = f" REFERENCING {self.referencing}" if self.referencing else ""
            return [f"CREATE OR REPLACE FUNCTION {self.name}() RETURNS trigger "
                    f"LANGUAGE plpgsql AS $$ BEGIN {statements} RETURN NULL; END $$",
                    f"CREATE TRIGGER {self.name} AFTER {self.event} ON {self.table}"
                    f"{referencing} FOR EACH {self.each}{when} EXECUTE FUNCTION {self.name}()"]
        if self.each != "ROW":
            raise ValueError(f"SQLite has row triggers only; {self.name} is per {self.each}")
        when = (" WHEN " + self.when.replace("IS DISTINCT FROM", "IS NOT")) if self.when else ""
        return [f"CREATE TRIGGER {self.name} AFTER {self.event} ON {self.table} "
                f"FOR EACH ROW{when} BEGIN {statements} END"]

    def drop(self, dialect: str) -> list[str]:
        """The statements dropping it (and its function), if it exists."""
        if dialect == "postgresql":
            return [f"DROP TRIGGER IF EXISTS {self.name} ON {self.table}",
                    f"DROP FUNCTION IF EXISTS {self.name}()"]
        return [f"DROP TRIGGER IF EXISTS {self.name}"]


def any_changed(columns: Iterable[str]) -> str:
    """An update trigger's ``when``: one of ``columns`` differs between ``OLD`` and ``NEW``."""
    return " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in columns)


def create_triggers(conn: Connection, triggers: Sequence[TableTrigger]) -> None:
    for trigger in triggers:
        for statement in trigger.ddl(conn.dialect.name):
            conn.exec_driver_sql(statement)


def drop_triggers(conn: Connection, triggers: Sequence[TableTrigger]) -> None:
    for trigger in triggers:
        for statement in trigger.drop(conn.dialect.name):
            conn.exec_driver_sql(statement)
