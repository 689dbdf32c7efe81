"""Database triggers that keep ``assignee_loads`` equal to each assignee's open complaints.

Least-loaded assignment (S7) asks, on every registration, how many open
complaints each member of the routed team holds.  Counted from the
complaints table that read grows with the members' caseloads; kept as a
counter it is one primary-key row per member.  Triggers rather than Python
keep the counter right for every writer (the facade, bulk import, a
retention purge, a bank's repair script), inside the writer's transaction.

A complaint counts for its assignee while its status is one of
:data:`~greenchannel_sdk.domain.values.OPEN_STATUSES`; the list is written
into the trigger bodies when they are created, so a release that changes
it must recreate them in a migration (drop, create, then
:func:`recount_loads`).
"""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.engine import Connection

from ..domain.values import OPEN_STATUSES
from .tables import Base
from .triggers import TableTrigger, create_triggers, drop_triggers

__all__ = ["create_load_triggers", "drop_load_triggers", "recount_loads"]

_OPEN = "(" + ", ".join(f"'{status.value}'" for status in sorted(OPEN_STATUSES)) + ")"


def _is_open_load(row: str) -> str:
    """Whether ``row`` (``NEW`` or ``OLD``) counts for its assignee."""
    return f"({row}.assignee IS NOT NULL AND {row}.status IN {_OPEN})"


def _add_moves(*moves: tuple[str, int], tables: bool = False) -> str:
    """Add ``delta`` for each counted row of each ``(source, delta)``: one upsert.

    A source is a row (``NEW``, ``OLD``) or, with ``tables``, a statement's
    transition table.  Assignees whose moves cancel out are left alone, and
    the others are written in id order, so two transactions moving
    complaints between the same two people in opposite directions lock
    their counters in the same order and never deadlock (PostgreSQL).
    """
    parts = " UNION ALL ".join(
        f"SELECT {source}.assignee AS who, {delta} AS delta"
        + (f" FROM {source}" if tables else "") + f" WHERE {_is_open_load(source)}"
        for source, delta in moves)
    return ("INSERT INTO assignee_loads (assignee, open_complaints) "
            f"SELECT who, sum(delta) FROM ({parts}) AS moves WHERE true "
            "GROUP BY who HAVING sum(delta) <> 0 ORDER BY who "
            "ON CONFLICT (assignee) DO UPDATE SET "
            "open_complaints = assignee_loads.open_complaints + excluded.open_complaints")


def _moved() -> str:
    """An update changed whom the row counts for, or whether it counts."""
    return (f"(OLD.assignee IS DISTINCT FROM NEW.assignee "
            f"OR {_is_open_load('OLD')} IS DISTINCT FROM {_is_open_load('NEW')})")


#: SQLite: one row at a time (it updates a counter in place).
_PER_ROW = (
    TableTrigger("gc_assignee_load_new", "INSERT", "complaints",
                 [_add_moves(("NEW", 1))], when=_is_open_load("NEW")),
    TableTrigger("gc_assignee_load_changed", "UPDATE", "complaints",
                 [_add_moves(("OLD", -1), ("NEW", 1))], when=_moved()),
    TableTrigger("gc_assignee_load_gone", "DELETE", "complaints",
                 [_add_moves(("OLD", -1))], when=_is_open_load("OLD")),
)
#: PostgreSQL: once per statement over its transition tables.  Row by row, a bulk insert
#: of many complaints for one person would update their counter once per complaint, and
#: each update in one transaction adds a row version the next must step over.
_PER_STATEMENT = (
    TableTrigger("gc_assignee_load_new", "INSERT", "complaints",
                 [_add_moves(("new_rows", 1), tables=True)],
                 each="STATEMENT", referencing="NEW TABLE AS new_rows"),
    TableTrigger("gc_assignee_load_changed", "UPDATE", "complaints",
                 [_add_moves(("old_rows", -1), ("new_rows", 1), tables=True)],
                 each="STATEMENT", referencing="OLD TABLE AS old_rows NEW TABLE AS new_rows"),
    TableTrigger("gc_assignee_load_gone", "DELETE", "complaints",
                 [_add_moves(("old_rows", -1), tables=True)],
                 each="STATEMENT", referencing="OLD TABLE AS old_rows"),
)


def _triggers(dialect: str) -> tuple[TableTrigger, ...]:
    return _PER_STATEMENT if dialect == "postgresql" else _PER_ROW


def create_load_triggers(conn: Connection) -> None:
    """Create the triggers (and, on PostgreSQL, their functions) on ``conn``'s database."""
    create_triggers(conn, _triggers(conn.dialect.name))


def drop_load_triggers(conn: Connection) -> None:
    """Drop what :func:`create_load_triggers` created (the table stays)."""
    drop_triggers(conn, _triggers(conn.dialect.name))


def recount_loads(conn: Connection) -> None:
    """Rebuild every counter from the complaints table (a migration, or a repair)."""
    conn.exec_driver_sql("DELETE FROM assignee_loads")
    conn.exec_driver_sql(
        "INSERT INTO assignee_loads (assignee, open_complaints) "
        f"SELECT assignee, count(*) FROM complaints WHERE {_is_open_load('complaints')} "
        "GROUP BY assignee")


@event.listens_for(Base.metadata, "after_create")
def _after_create(_metadata: object, connection: Connection, **_kw: object) -> None:
    # ``Base.metadata.create_all`` (tests, tools) builds the same database as the migrations;
    # after the whole metadata, because the triggers sit on ``complaints``.
    create_load_triggers(connection)
