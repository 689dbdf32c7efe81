"""Database triggers that keep ``report_facts`` and ``state_stays`` right on every write.

The statistics report (S17, S19, S24) must answer in seconds over a
million complaints.  Walking the audit log for first contacts, findings and
time spent in each state costs minutes at that size, so the facts are
stored when they happen instead: a complaint's insert creates its facts
row, a change to a reported column copies it over, and each audit event
updates the milestones and, when it changes the status, closes the stay in
the previous state.

Triggers rather than Python code: every writer (the facade's unit of work,
bulk import, a migration, a bank's own repair script) keeps the facts
consistent, inside the writer's own transaction, and the intake path in
Python does not change.  The SQL is the same on both backends except for
the three spellings in :class:`_Spelling` (elapsed hours, a JSON field, the
trigger wrapper).  The audit contract the triggers read is the one in
:mod:`greenchannel_sdk.reports.contract` (names repeated here as literals so
storage does not import the reports package).
"""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.engine import Connection

from .tables import StateStayRow
from .triggers import TableTrigger, any_changed, create_triggers, drop_triggers

__all__ = ["DIMENSIONS", "STAY_DIMENSIONS", "create_report_triggers", "drop_report_triggers"]

#: Columns of ``complaints`` copied to ``report_facts`` (same names).
DIMENSIONS = ("received_at", "channel", "category", "subcategory", "priority", "team",
              "assignee", "status", "customer_ref")
#: Those of them ``state_stays`` carries too (a report's period and filters).
STAY_DIMENSIONS = ("received_at", "channel", "category", "priority", "team")
_CONTACT, _ANSWER, _RESOLVED = "record_contact", "propose_resolution", "resolved"
_FINDING, _CLOSE = "accountability", "close"


class _Spelling:
    """What differs between PostgreSQL and SQLite in the trigger bodies."""

    def __init__(self, dialect: str) -> None:
        self.postgres = dialect == "postgresql"

    def hours(self, later: str, earlier: str) -> str:
        if self.postgres:
            return f"(EXTRACT(EPOCH FROM ({later} - {earlier})) / 3600.0)"
        return f"((julianday({later}) - julianday({earlier})) * 24.0)"

    def field(self, key: str) -> str:
        """``NEW.data[key]`` as text (SQLite: a JSON true reads as 1)."""
        if self.postgres:
            return f"(NEW.data ->> '{key}')"
        return f"json_extract(NEW.data, '$.{key}')"

    def true(self, key: str) -> str:
        if self.postgres:
            return f"coalesce({self.field(key)} IN ('true', '1'), false)"
        return f"coalesce({self.field(key)} IN (1, 'true', '1'), 0)"


def _status_change() -> str:
    return ("NEW.to_status IS NOT NULL "
            "AND (NEW.from_status IS NULL OR NEW.from_status <> NEW.to_status)")


def _event_matters() -> str:
    """Audit events that change a fact: a status change or one of the milestone actions.

    Most events (SLA warnings from the sweeper, notes, personal-data reads,
    goal snapshots) change none, and skipping them keeps the trigger off
    the sweeper's and intake's hot paths.
    """
    actions = ", ".join(f"'{a}'" for a in (_CONTACT, _ANSWER, _FINDING, _CLOSE))
    return f"(NEW.action IN ({actions}) OR ({_status_change()}))"


def _first(s: _Spelling, column: str, condition: str) -> str:
    """SET clause keeping the smallest duration among events meeting ``condition``."""
    hours = s.hours("NEW.at", "received_at")
    return (f"{column} = CASE WHEN ({condition}) AND ({column} IS NULL OR {hours} < {column}) "
            f"THEN {hours} ELSE {column} END")


def _event_statements(s: _Spelling) -> list[str]:
    """The audit trigger's body: close the previous stay, then update the milestones."""
    change = _status_change()
    copied = ", ".join(STAY_DIMENSIONS)
    stay = (f"INSERT INTO state_stays (complaint_id, seq, status, {copied}, hours) "
            f"SELECT complaint_id, NEW.seq, state, {copied}, "
            f"{s.hours('NEW.at', 'state_entered_at')} FROM report_facts "
            f"WHERE complaint_id = NEW.complaint_id AND state_entered_at IS NOT NULL "
            f"AND {change}")
    redress = f"CAST(coalesce({s.field('redress')}, '0') AS NUMERIC(18, 2))"
    facts = (
        "UPDATE report_facts SET "
        + ", ".join((
            _first(s, "first_contact_hours", f"NEW.action = '{_CONTACT}'"),
            _first(s, "answer_hours", f"NEW.action = '{_ANSWER}'"),
            _first(s, "resolution_hours", f"NEW.to_status = '{_RESOLVED}'"),
            f"department = CASE WHEN NEW.action = '{_FINDING}' "
            f"THEN {s.field('department')} ELSE department END",
            f"upheld = CASE WHEN NEW.action = '{_FINDING}' THEN {s.true('upheld')} "
            "ELSE upheld END",
            f"redress = CASE WHEN NEW.action = '{_CLOSE}' THEN {redress} ELSE redress END",
            f"state = CASE WHEN {change} THEN NEW.to_status ELSE state END",
            f"state_entered_at = CASE WHEN {change} THEN NEW.at ELSE state_entered_at END",
        ))
        + " WHERE complaint_id = NEW.complaint_id")
    return [stay, facts]


def _copy_statements() -> tuple[str, list[str]]:
    columns = ", ".join(DIMENSIONS)
    new = ("INSERT INTO report_facts (complaint_id, " + columns + ", upheld, redress) "
           "VALUES (NEW.id, " + ", ".join(f"NEW.{c}" for c in DIMENSIONS) + ", false, 0)")
    changed = [
        "UPDATE report_facts SET " + ", ".join(f"{c} = NEW.{c}" for c in DIMENSIONS)
        + " WHERE complaint_id = NEW.id",
        "UPDATE state_stays SET " + ", ".join(f"{c} = NEW.{c}" for c in STAY_DIMENSIONS)
        + " WHERE complaint_id = NEW.id",
    ]
    return new, changed


def _gone_statements() -> list[str]:
    return ["DELETE FROM state_stays WHERE complaint_id = OLD.id",
            "DELETE FROM report_facts WHERE complaint_id = OLD.id"]


def _triggers(dialect: str) -> list[TableTrigger]:
    new, changed = _copy_statements()
    return [
        TableTrigger("gc_report_facts_new", "INSERT", "complaints", [new]),
        TableTrigger("gc_report_facts_changed", "UPDATE", "complaints", changed,
                   when=any_changed(DIMENSIONS)),
        TableTrigger("gc_report_facts_gone", "DELETE", "complaints", _gone_statements()),
        TableTrigger("gc_report_facts_event", "INSERT", "audit_events",
                   _event_statements(_Spelling(dialect)), when=_event_matters()),
    ]


def create_report_triggers(conn: Connection) -> None:
    """Create the triggers (and, on PostgreSQL, their functions) on ``conn``'s database."""
    create_triggers(conn, _triggers(conn.dialect.name))


def drop_report_triggers(conn: Connection) -> None:
    """Drop what :func:`create_report_triggers` created (the tables stay)."""
    drop_triggers(conn, _triggers(conn.dialect.name))


@event.listens_for(StateStayRow.__table__, "after_create")
def _after_create(_table: object, connection: Connection, **_kw: object) -> None:
    # ``Base.metadata.create_all`` (tests, tools) builds the same database as the migrations;
    # state_stays is the last of the two tables to be created.
    create_report_triggers(connection)
