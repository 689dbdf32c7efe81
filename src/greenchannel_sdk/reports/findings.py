"""Each complaint's latest accountability finding and closing record, in SQL.

Handling may revise a finding; the latest event of each kind (highest
``seq``) is the one that counts.  Both selections are joined to a cohort so
they only touch the report's complaints.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, Numeric, Select, and_, cast, func, select
from sqlalchemy.sql import Subquery

from .cohort import events
from .contract import ACCOUNTABILITY, CLOSE, DEPARTMENT, REDRESS, UPHELD, data_text

__all__ = ["accountability", "closing", "upheld_flag"]


def _latest(action: str, members: Subquery) -> Subquery:
    return (select(events.c.complaint_id, func.max(events.c.seq).label("seq"))
            .join(members, members.c.id == events.c.complaint_id)
            .where(events.c.action == action)
            .group_by(events.c.complaint_id).subquery(f"latest_{action}"))


def upheld_flag() -> Any:
    """``data["upheld"]`` as 1 (upheld) or 0, whatever the backend's JSON booleans look like."""
    return func.coalesce(cast(events.c.data[UPHELD].as_boolean(), Boolean), False)


def accountability(members: Subquery) -> Select[Any]:
    """``complaint_id, department, upheld`` of each member's latest finding (S12)."""
    latest = _latest(ACCOUNTABILITY, members)
    return select(events.c.complaint_id, data_text(DEPARTMENT).label("department"),
                  upheld_flag().label("upheld")).join(latest, and_(
                      latest.c.complaint_id == events.c.complaint_id,
                      latest.c.seq == events.c.seq))


def closing(members: Subquery) -> Select[Any]:
    """``complaint_id, at, redress`` of each member's latest closing event."""
    latest = _latest(CLOSE, members)
    return select(events.c.complaint_id, events.c.at,
                  cast(func.coalesce(data_text(REDRESS), "0"), Numeric(18, 2)).label("redress"),
                  ).join(latest, and_(latest.c.complaint_id == events.c.complaint_id,
                                      latest.c.seq == events.c.seq))
