"""The complaints a report is about, materialised once with every fact about each.

Every statistic starts from the same selection: complaints received in the
period that match the filter.  :func:`materialize` copies them, with what
the audit log says about each (:mod:`.findings`), into one narrow temporary
table indexed on the complaint id.  The audit log is read once per report
instead of once per figure, the wide complaint rows (with their encrypted
documents) are read once, and every table of one report speaks about
exactly the same complaints.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    MetaData,
    Numeric,
    String,
    Table,
    insert,
    select,
    text,
)
from sqlalchemy.engine import Connection
from sqlalchemy.sql import ColumnElement, Subquery

from ..storage.tables import AuditEventRow, ComplaintRow, UTCDateTime
from .findings import EVENT_FACTS, event_facts
from .period import Period, ReportFilter

__all__ = ["COHORT_COLUMNS", "complaints", "drop", "events", "matching", "materialize"]

complaints = ComplaintRow.__table__
events = AuditEventRow.__table__

#: Columns of ``complaints`` the reports group or filter on (never ``sensitive``).
COHORT_COLUMNS = ("channel", "category", "subcategory", "priority", "team", "assignee",
                  "status", "customer_ref", "received_at")


def matching(period: Period, filters: ReportFilter) -> list[ColumnElement[bool]]:
    """WHERE conditions for complaints received in ``period`` that match ``filters``."""
    conditions: list[ColumnElement[bool]] = [complaints.c.received_at >= period.start,
                                             complaints.c.received_at < period.end]
    for name in ("channel", "category", "priority", "team"):
        value = getattr(filters, name)
        if value is not None:
            conditions.append(complaints.c[name] == value)
    return conditions


def _members(period: Period, filters: ReportFilter) -> Subquery:
    return (select(complaints.c.id, *(complaints.c[name] for name in COHORT_COLUMNS))
            .where(*matching(period, filters)).subquery("members"))


def _facts_table() -> Table:
    columns: list[Column[Any]] = [Column("id", String(36), primary_key=True)]
    columns += [Column(name, UTCDateTime() if name == "received_at" else String(64))
                for name in COHORT_COLUMNS]
    columns += [Column(name, UTCDateTime()) for name in EVENT_FACTS[:3]]
    columns += [Column("department", String(255)), Column("upheld", Boolean),
                Column("redress", Numeric(18, 2))]
    return Table(f"gc_report_{uuid.uuid4().hex}", MetaData(), *columns,
                 prefixes=["TEMPORARY"])


def materialize(conn: Connection, period: Period, filters: ReportFilter) -> Table:
    """A temporary table of the report's complaints and their facts; :func:`drop` it after."""
    facts = _facts_table()
    facts.create(conn)
    members = _members(period, filters)
    found = event_facts(members).subquery("found")
    conn.execute(insert(facts).from_select(
        ["id", *COHORT_COLUMNS, *EVENT_FACTS],
        select(members, *(found.c[name] for name in EVENT_FACTS))
        .outerjoin(found, found.c.complaint_id == members.c.id)))
    if conn.dialect.name == "postgresql":
        conn.execute(text(f"ANALYZE {facts.name}"))  # temporary tables get no autovacuum
    return facts


def drop(conn: Connection, facts: Table) -> None:
    facts.drop(conn)
