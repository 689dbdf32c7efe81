"""Fill ``report_facts`` and ``state_stays`` from the audit log of an existing database.

New writes keep the two tables right through triggers
(:mod:`greenchannel_sdk.storage.report_triggers`); a database that held
complaints before those tables existed gets them computed once, by the
migration that creates them, with the same definitions the triggers apply:
milestones are the first event of their kind, the finding and the closing
record the latest (:mod:`.findings`), and a stay runs from one status change
to the next.  Two ``INSERT ... SELECT`` statements; nothing is read into Python.
"""

from __future__ import annotations

from typing import cast

from sqlalchemy import Table, and_, false, func, insert, literal, or_, select
from sqlalchemy.engine import Connection
from sqlalchemy.sql import ColumnElement

from ..storage.report_triggers import DIMENSIONS, STAY_DIMENSIONS
from ..storage.tables import AuditEventRow, ComplaintRow, ReportFactRow, StateStayRow
from .findings import event_facts
from .sqlfuncs import hours_between

__all__ = ["backfill_report_facts"]

_complaints = cast(Table, ComplaintRow.__table__)
_events = cast(Table, AuditEventRow.__table__)
_facts = cast(Table, ReportFactRow.__table__)
_stays = cast(Table, StateStayRow.__table__)
_MILESTONES = {"first_contact_hours": "first_contact_at", "answer_hours": "answered_at",
               "resolution_hours": "resolved_at"}


def _is_change() -> ColumnElement[bool]:
    return and_(_events.c.to_status.is_not(None),
                or_(_events.c.from_status.is_(None),
                    _events.c.from_status != _events.c.to_status))


def backfill_report_facts(conn: Connection) -> None:
    """Compute the facts of every complaint already stored (the tables must be empty)."""
    changes = (select(
        _events.c.complaint_id, _events.c.seq, _events.c.to_status, _events.c.at,
        func.lead(_events.c.seq).over(partition_by=_events.c.complaint_id,
                                      order_by=_events.c.seq).label("next_seq"),
        func.lead(_events.c.at).over(partition_by=_events.c.complaint_id,
                                     order_by=_events.c.seq).label("left_at"),
    ).where(_is_change()).subquery("changes"))
    found = event_facts(_complaints).subquery("found")
    last = changes.alias("last_change")
    conn.execute(insert(_facts).from_select(
        ["complaint_id", *DIMENSIONS, *_MILESTONES, "department", "upheld", "redress",
         "state", "state_entered_at"],
        select(
            _complaints.c.id, *(_complaints.c[name] for name in DIMENSIONS),
            *(hours_between(found.c[at], _complaints.c.received_at)
              for at in _MILESTONES.values()),
            found.c.department, func.coalesce(found.c.upheld, false()),
            func.coalesce(found.c.redress, literal(0)), last.c.to_status, last.c.at,
        ).outerjoin(found, found.c.complaint_id == _complaints.c.id)
        .outerjoin(last, and_(last.c.complaint_id == _complaints.c.id,
                              last.c.next_seq.is_(None)))))
    conn.execute(insert(_stays).from_select(
        ["complaint_id", "seq", "status", *STAY_DIMENSIONS, "hours"],
        select(changes.c.complaint_id, changes.c.next_seq, changes.c.to_status,
               *(_complaints.c[name] for name in STAY_DIMENSIONS),
               hours_between(changes.c.left_at, changes.c.at))
        .join(_complaints, _complaints.c.id == changes.c.complaint_id)
        .where(changes.c.next_seq.is_not(None))))
