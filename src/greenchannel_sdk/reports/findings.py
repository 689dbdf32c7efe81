"""What the audit log says about each complaint, in one grouped pass (S9, S12, S14).

Milestones (first contact, first answer, first acceptance) are the first
event of their kind; the accountability finding and the closing record
are the latest (handling may revise a finding, a reopened complaint closes
again).  One grouped pass over the complaints' events finds the milestone
times and the ``seq`` of both latest events; those two events are then
fetched by their ``(complaint_id, seq)`` key, an index lookup per
complaint however large the audit log grows.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, Numeric, Select, and_, cast, func, select
from sqlalchemy.sql import ColumnElement, FromClause

from ..domain import Command, Status
from ..storage.tables import AuditEventRow
from .contract import ACCOUNTABILITY, CLOSE, CONTACT, DEPARTMENT, FINAL_RESPONSE, REDRESS, UPHELD

__all__ = ["EVENT_FACTS", "event_facts"]

events = AuditEventRow.__table__

#: The columns :func:`event_facts` adds to each complaint.
EVENT_FACTS = ("first_contact_at", "answered_at", "resolved_at", "department", "upheld",
               "redress")
_READ = (CONTACT, FINAL_RESPONSE, Command.ACCEPT_RESOLUTION.value, ACCOUNTABILITY, CLOSE)


def _first(condition: ColumnElement[bool]) -> ColumnElement[Any]:
    return func.min(events.c.at).filter(condition)


def _latest(action: str) -> ColumnElement[Any]:
    return func.max(events.c.seq).filter(events.c.action == action)


def event_facts(members: FromClause) -> Select[Any]:
    """``complaint_id`` and :data:`EVENT_FACTS` for every member with any such event.

    ``members`` has an ``id`` column.  ``first_contact_at`` ends S9's first
    contact; ``answered_at`` is the bank's first proposed resolution;
    ``resolved_at`` is when the customer first accepted an outcome (S14).
    ``department`` and ``upheld`` come from the latest accountability
    finding (NULL and false without one), ``redress`` from the latest
    closing record (0 without one).  Steps that never happened are NULL.
    """
    per = (select(
        events.c.complaint_id,
        _first(events.c.action == CONTACT).label("first_contact_at"),
        _first(events.c.action == FINAL_RESPONSE).label("answered_at"),
        _first(events.c.to_status == Status.RESOLVED.value).label("resolved_at"),
        _latest(ACCOUNTABILITY).label("finding"),
        _latest(CLOSE).label("closing"),
    ).join(members, members.c.id == events.c.complaint_id)
        .where(events.c.action.in_(_READ))
        .group_by(events.c.complaint_id).subquery("per_complaint"))
    finding, closing = events.alias("finding"), events.alias("closing")
    upheld = func.coalesce(cast(finding.c.data[UPHELD].as_boolean(), Boolean), False)
    redress = cast(func.coalesce(closing.c.data[REDRESS].as_string(), "0"), Numeric(18, 2))
    return (select(per.c.complaint_id, per.c.first_contact_at, per.c.answered_at,
                   per.c.resolved_at,
                   finding.c.data[DEPARTMENT].as_string().label("department"),
                   upheld.label("upheld"), redress.label("redress"))
            .select_from(per)
            .outerjoin(finding, and_(finding.c.complaint_id == per.c.complaint_id,
                                     finding.c.seq == per.c.finding))
            .outerjoin(closing, and_(closing.c.complaint_id == per.c.complaint_id,
                                     closing.c.seq == per.c.closing)))
