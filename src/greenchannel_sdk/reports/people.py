"""Per-handler and per-team figures for the duties-and-incentives review (S25).

Each figure is one grouped query keyed by the complaint's current assignee
(or team); the groups are then put side by side.  The key is a staff or
team id from the directory, never a customer's data.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Integer, case, func, select
from sqlalchemy.engine import Connection
from sqlalchemy.sql import Subquery

from ..domain import OPEN_STATUSES
from ..storage.tables import ClockRow, SurveyRow
from .cohort import Cohort
from .cohort import facts as stored
from .figures import WorkloadFigures
from .sqlfuncs import duration_summaries
from .timing import clock_outcomes
from .volume import UNCLASSIFIED

__all__ = ["workload"]

_clocks = ClockRow.__table__
_surveys = SurveyRow.__table__


def workload(conn: Connection, members: Cohort, facts: Subquery, by: str,
             as_of: datetime) -> tuple[WorkloadFigures, ...]:
    """Figures per ``by`` (``"assignee"`` or ``"team"``), busiest first."""
    if by not in ("assignee", "team"):
        raise ValueError(f"workload is grouped by 'assignee' or 'team', not {by!r}")
    key = func.coalesce(facts.c[by], UNCLASSIFIED).label("grp")
    is_open = facts.c.status.in_([s.value for s in OPEN_STATUSES])
    counts = _by_key(conn, select(key, func.count(),
                                  func.sum(case((is_open, 1), else_=0)).cast(Integer))
                     .group_by(key))
    resolution = {UNCLASSIFIED if name is None else name: row for name, row in
                  duration_summaries(conn, stored.c.resolution_hours, members.where(),
                                     stored.c[by]).items()}
    met, late = clock_outcomes(as_of)
    clocks = _by_key(conn, select(key, func.sum(case((met, 1), else_=0)).cast(Integer),
                                  func.sum(case((late, 1), else_=0)).cast(Integer))
                     .join_from(facts, _clocks, _clocks.c.complaint_id == facts.c.id)
                     .group_by(key))
    surveys = _by_key(conn, select(key, func.avg(_surveys.c.score), func.count())
                      .join_from(facts, _surveys, _surveys.c.complaint_id == facts.c.id)
                      .group_by(key))
    figures = []
    for name, (total, still_open) in counts.items():
        durations = resolution.get(name)
        ok, bad = clocks.get(name, (0, 0))
        average, answered = surveys.get(name, (None, 0))
        figures.append(WorkloadFigures(
            key=str(name), complaints=int(total), open=int(still_open or 0),
            resolved=durations[0] if durations else 0,
            resolution_p50=durations[2] if durations else None,
            clocks_met=int(ok or 0), clocks_breached=int(bad or 0),
            satisfaction=None if average is None else float(average), surveys=int(answered)))
    return tuple(sorted(figures, key=lambda f: (-f.complaints, f.key)))


def _by_key(conn: Connection, stmt: Any) -> dict[Any, tuple[Any, ...]]:
    return {row[0]: tuple(row[1:]) for row in conn.execute(stmt)}
