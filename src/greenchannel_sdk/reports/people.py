"""Per-handler and per-team figures for the duties-and-incentives review (S25).

Each figure comes from a grouped pass keyed by the complaint's current
assignee (or team), :mod:`.passes`; the groups are then put side by side.  The key is a staff or
team id from the directory, never a customer's data.
"""

from __future__ import annotations

from sqlalchemy.engine import Connection

from .cohort import Cohort
from .cohort import facts as stored
from .figures import WorkloadFigures
from .grouped import Breakdowns
from .sqlfuncs import DurationRow, duration_summaries
from .volume import UNCLASSIFIED, keyed

__all__ = ["resolution_times", "workload"]


def resolution_times(conn: Connection, members: Cohort, by: str) -> dict[str, DurationRow]:
    """Hours from receipt to acceptance per ``by`` (``"assignee"`` or ``"team"``)."""
    if by not in ("assignee", "team"):
        raise ValueError(f"workload is grouped by 'assignee' or 'team', not {by!r}")
    return {UNCLASSIFIED if name is None else name: row for name, row in
            duration_summaries(conn, stored.c.resolution_hours, members.where(),
                               stored.c[by]).items()}


def workload(by: str, resolution: dict[str, DurationRow], facts: Breakdowns,
             clocks: Breakdowns, surveys: Breakdowns) -> tuple[WorkloadFigures, ...]:
    """Figures per ``by`` (``"assignee"`` or ``"team"``), busiest first.

    ``facts``, ``clocks`` and ``surveys`` are the grouped passes of
    :mod:`.passes`, ``resolution`` is :func:`resolution_times` for the same key.
    """
    met = {key: (ok, bad) for key, (_n, ok, bad) in keyed(clocks[by])}
    answered = {key: (int(n), int(scores or 0)) for key, (n, scores, _solved)
                in keyed(surveys[by])}
    figures = []
    for name, (total, still_open, _upheld, _redress) in keyed(facts[by]):
        durations = resolution.get(name)
        ok, bad = met.get(name, (0, 0))
        n, scores = answered.get(name, (0, 0))
        figures.append(WorkloadFigures(
            key=name, complaints=int(total), open=int(still_open or 0),
            resolved=durations[0] if durations else 0,
            resolution_p50=durations[2] if durations else None,
            clocks_met=int(ok or 0), clocks_breached=int(bad or 0),
            satisfaction=scores / n if n else None, surveys=n))
    return tuple(figures)
