"""The complaints a report is about, and the moments in each one's life.

Every statistic starts from the same selection: complaints received in the
period that match the filter.  Building it once here keeps the figures of
one report consistent with each other (the same complaints behind every
table), and the per-complaint milestones (first contact, the bank's answer,
acceptance) are read from the audit log in one grouped pass.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.sql import ColumnElement, Subquery

from ..domain import Command, Status
from ..storage.tables import AuditEventRow, ComplaintRow
from .contract import CONTACT, FINAL_RESPONSE
from .period import Period, ReportFilter

__all__ = ["cohort", "complaints", "events", "matching", "milestones"]

complaints = ComplaintRow.__table__
events = AuditEventRow.__table__


def matching(period: Period, filters: ReportFilter) -> list[ColumnElement[bool]]:
    """WHERE conditions for complaints received in ``period`` that match ``filters``."""
    conditions: list[ColumnElement[bool]] = [complaints.c.received_at >= period.start,
                                             complaints.c.received_at < period.end]
    for name in ("channel", "category", "priority", "team"):
        value = getattr(filters, name)
        if value is not None:
            conditions.append(complaints.c[name] == value)
    return conditions


def cohort(period: Period, filters: ReportFilter, *columns: str) -> Subquery:
    """The report's complaints with ``columns`` (always ``id``), as a subquery."""
    wanted = ["id", *(name for name in columns if name != "id")]
    return (select(*(complaints.c[name] for name in wanted))
            .where(*matching(period, filters)).subquery("cohort"))


def _first(condition: ColumnElement[bool]) -> ColumnElement[Any]:
    return func.min(events.c.at).filter(condition)


def milestones(members: Subquery, *carried: str) -> Select[Any]:
    """Per complaint: first contact, first answer, first acceptance (one GROUP BY).

    ``members`` is a :func:`cohort`; ``carried`` names its columns to keep
    beside the milestones (grouped with them, so no join back is needed).
    ``first_contact_at`` ends S9's "first contact"; ``answered_at`` is the
    bank's first proposed resolution; ``resolved_at`` is when the customer
    first accepted an outcome (S14).  Steps that never happened are NULL.
    """
    kept = [members.c[name] for name in carried]
    return (select(
        events.c.complaint_id, *kept,
        _first(events.c.action == CONTACT).label("first_contact_at"),
        _first(events.c.action == FINAL_RESPONSE).label("answered_at"),
        _first(events.c.to_status == Status.RESOLVED.value).label("resolved_at"),
    ).join(members, members.c.id == events.c.complaint_id)
        .where(events.c.action.in_((CONTACT, FINAL_RESPONSE, Command.ACCEPT_RESOLUTION.value)))
        .group_by(events.c.complaint_id, *kept))
