"""Each complaint's latest accountability finding and closing record, in SQL.

Handling may revise a finding; the latest event of each kind (highest
``seq``) is the one that counts.  One grouped pass over the cohort's
events finds both latest ``seq`` numbers, and the events themselves are
then fetched by their ``(complaint_id, seq)`` key, so the query stays an
index lookup per complaint however large the audit log grows.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, Numeric, Select, and_, cast, func, select
from sqlalchemy.sql import Subquery

from .cohort import events
from .contract import ACCOUNTABILITY, CLOSE, DEPARTMENT, REDRESS, UPHELD

__all__ = ["outcomes_of"]


def outcomes_of(members: Subquery) -> Select[Any]:
    """``complaint_id, department, upheld, redress`` of members with a finding or a closing.

    ``department`` is NULL for a complaint closed without a finding;
    ``redress`` is 0 for one with a finding but no closing record yet.
    """
    latest = (select(
        events.c.complaint_id,
        func.max(events.c.seq).filter(events.c.action == ACCOUNTABILITY).label("finding"),
        func.max(events.c.seq).filter(events.c.action == CLOSE).label("closing"),
    ).join(members, members.c.id == events.c.complaint_id)
        .where(events.c.action.in_((ACCOUNTABILITY, CLOSE)))
        .group_by(events.c.complaint_id).subquery("latest"))
    finding, closing = events.alias("finding"), events.alias("closing")
    upheld = func.coalesce(cast(finding.c.data[UPHELD].as_boolean(), Boolean), False)
    redress = cast(func.coalesce(closing.c.data[REDRESS].as_string(), "0"), Numeric(18, 2))
    return (select(latest.c.complaint_id,
                   finding.c.data[DEPARTMENT].as_string().label("department"),
                   upheld.label("upheld"), redress.label("redress"))
            .select_from(latest)
            .outerjoin(finding, and_(finding.c.complaint_id == latest.c.complaint_id,
                                     finding.c.seq == latest.c.finding))
            .outerjoin(closing, and_(closing.c.complaint_id == latest.c.complaint_id,
                                     closing.c.seq == latest.c.closing)))
