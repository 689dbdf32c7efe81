"""Database triggers that keep ``clock_facts`` and ``survey_facts`` right on every write.

The statistics report counts SLA goals met and breached, and survey
scores, per handler and team for the complaints of a period and filter
(S17, S25).  Joining two million clocks to a million complaints' facts for
that was the report's largest query; the two tables hold what the report
reads of each clock and survey together with its complaint's receipt time,
filter columns, handler and team (:data:`DIMENSIONS`), so the report reads
each alone.

Triggers keep the copies right for every writer, inside its transaction,
whatever order it writes in: a clock or survey written after its complaint
is copied with the complaint's columns; one written before it (no foreign
key forbids that) is copied when the complaint arrives; a change to the
complaint's columns (a reassignment) is copied to its clocks and surveys; a
change to a clock's deadline or stop, or to a survey's answer, is copied
over; deleting either side deletes the copy.  A clock's or survey's own
key is its identity and never changes.  The copies are only for
complaints that exist, as the join they replace counted only those.
"""

from __future__ import annotations

import attrs
from sqlalchemy import event
from sqlalchemy.engine import Connection

from .tables import Base
from .triggers import TableTrigger, any_changed, create_triggers, drop_triggers

__all__ = ["DIMENSIONS", "create_outcome_triggers", "drop_outcome_triggers",
           "fill_outcome_facts"]

#: Columns of ``complaints`` copied to both tables (same names).
DIMENSIONS = ("received_at", "channel", "category", "priority", "team", "assignee")
#: A complaint and its clocks written by one statement (the store's write-behind does that
#: on PostgreSQL) fire both copying triggers after it, each seeing both rows: the second
#: copy is skipped.
_ONCE = "ON CONFLICT DO NOTHING"


@attrs.frozen
class _Copy:
    """A copied table: the table it copies, the key and columns it takes from each row."""

    table: str
    source: str
    #: The copy's key columns and the source columns they come from.
    key: tuple[tuple[str, str], ...]
    #: Further source columns copied under the same names.
    columns: tuple[str, ...]

    def insert(self, source: str, complaint: str) -> str:
        """``INSERT`` into the copy ``SELECT`` row ``source`` and its ``complaint``'s columns."""
        names = [*(mine for mine, _ in self.key), *self.columns, *DIMENSIONS]
        values = [*(f"{source}.{theirs}" for _, theirs in self.key),
                  *(f"{source}.{c}" for c in self.columns),
                  *(f"{complaint}.{d}" for d in DIMENSIONS)]
        return f"INSERT INTO {self.table} ({', '.join(names)}) SELECT {', '.join(values)}"

    def of(self, row: str) -> str:
        """The copy of the source row ``row`` (``NEW`` or ``OLD``)."""
        return " AND ".join(f"{mine} = {row}.{theirs}" for mine, theirs in self.key)

    def row_triggers(self) -> list[TableTrigger]:
        """On the source table: copy a new row, its changed columns, its deletion."""
        columns = ", ".join(f"{c} = NEW.{c}" for c in self.columns)
        return [
            TableTrigger(f"gc_{self.table}_new", "INSERT", self.source,
                         [f"{self.insert('NEW', 'c')} FROM complaints AS c "
                          f"WHERE c.id = NEW.complaint_id {_ONCE}"]),
            TableTrigger(f"gc_{self.table}_changed", "UPDATE", self.source,
                         [f"UPDATE {self.table} SET {columns} WHERE {self.of('NEW')}"],
                         when=any_changed(self.columns)),
            TableTrigger(f"gc_{self.table}_gone", "DELETE", self.source,
                         [f"DELETE FROM {self.table} WHERE {self.of('OLD')}"]),
        ]

    def written_before(self) -> str:
        """For a new complaint: copy its rows written before it."""
        return (f"{self.insert('s', 'NEW')} FROM {self.source} AS s "
                f"WHERE s.complaint_id = NEW.id {_ONCE}")

    def fill(self) -> str:
        """Copy every row whose complaint exists (a new table, or a rebuild)."""
        return (f"{self.insert('s', 'c')} FROM {self.source} AS s "
                "JOIN complaints AS c ON c.id = s.complaint_id")


_COPIES = (
    _Copy("clock_facts", "sla_clocks",
          (("complaint_id", "complaint_id"), ("name", "name"), ("cycle", "cycle")),
          ("due_at", "stopped_at")),
    _Copy("survey_facts", "surveys", (("survey_id", "id"),), ("complaint_id", "score", "solved")),
)


def _complaint_triggers() -> list[TableTrigger]:
    columns = ", ".join(f"{d} = NEW.{d}" for d in DIMENSIONS)
    return [
        TableTrigger("gc_outcome_facts_complaint_new", "INSERT", "complaints",
                     [copy.written_before() for copy in _COPIES]),
        TableTrigger("gc_outcome_facts_complaint_changed", "UPDATE", "complaints",
                     [f"UPDATE {copy.table} SET {columns} WHERE complaint_id = NEW.id"
                      for copy in _COPIES], when=any_changed(DIMENSIONS)),
        TableTrigger("gc_outcome_facts_complaint_gone", "DELETE", "complaints",
                     [f"DELETE FROM {copy.table} WHERE complaint_id = OLD.id"
                      for copy in _COPIES]),
    ]


def _triggers() -> list[TableTrigger]:
    return [*(t for copy in _COPIES for t in copy.row_triggers()), *_complaint_triggers()]


def create_outcome_triggers(conn: Connection) -> None:
    """Create the triggers (and, on PostgreSQL, their functions) on ``conn``'s database."""
    create_triggers(conn, _triggers())


def drop_outcome_triggers(conn: Connection) -> None:
    """Drop what :func:`create_outcome_triggers` created (the tables stay)."""
    drop_triggers(conn, _triggers())


def fill_outcome_facts(conn: Connection) -> None:
    """Copy every stored clock and survey into the empty tables (a migration, a bulk load)."""
    for copy in _COPIES:
        conn.exec_driver_sql(copy.fill())


@event.listens_for(Base.metadata, "after_create")
def _after_create(_metadata: object, connection: Connection, **_kw: object) -> None:
    # ``Base.metadata.create_all`` (tests, tools) builds the same database as the migrations;
    # after the whole metadata, because the triggers sit on three tables.
    create_outcome_triggers(connection)
