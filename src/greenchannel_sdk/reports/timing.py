"""How fast complaints are handled and where they wait (S9, S17, S19, S22).

Efficiency measures from receipt to three milestones and checks every SLA
clock against its goal; bottlenecks measure the time between consecutive
status changes in the audit log, per state, so a review meeting sees which
step holds cases up.  Percentiles come from :mod:`.sqlfuncs`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlalchemy import and_, func, literal
from sqlalchemy.engine import Connection
from sqlalchemy.sql import ColumnElement, FromClause

from ..domain import TERMINAL_STATUSES, Status
from ..storage.tables import UTCDateTime
from .cohort import Cohort, stays
from .cohort import facts as stored
from .figures import ClockCompliance, Durations, Efficiency, StateDwell, share
from .grouped import Breakdowns
from .sqlfuncs import DurationRow, duration_summaries, durations_of

__all__ = ["bottlenecks", "clock_outcomes", "efficiency", "milestone_durations",
           "stay_durations"]

_MILESTONES = ("first_contact_hours", "answer_hours", "resolution_hours")
#: States a complaint can still be waiting in: everything but the finished ones.
_UNFINISHED = [s.value for s in Status if s not in TERMINAL_STATUSES and s is not Status.CLOSED]


def durations(row: DurationRow | None) -> Durations:
    if row is None:
        return Durations(0, None, None, None)
    return Durations(*row)


def milestone_durations(conn: Connection, members: Cohort) -> list[DurationRow | None]:
    """Hours from receipt to first contact, answer and acceptance, one summary each."""
    return durations_of(conn, [stored.c[name] for name in _MILESTONES], members.where())


def efficiency(milestones: Sequence[DurationRow | None], clocks: Breakdowns) -> Efficiency:
    """The milestones' durations (:func:`milestone_durations`) and the SLA goals met.

    ``clocks`` comes from :func:`.passes.clock_pass`: a clock counts as met
    when it stopped by its deadline, breached when it stopped late or is
    still running past its deadline at the report's ``as_of``, and running
    otherwise; ``met_share`` is met over met plus breached.
    """
    first_contact, answer, resolution = (durations(row) for row in milestones)
    return Efficiency(first_contact, answer, resolution, clock_compliance(clocks))


def clock_outcomes(clocks: FromClause,
                   as_of: datetime) -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    """SQL conditions on rows of ``clocks`` (``due_at``, ``stopped_at``): (met, breached).

    Breached as seen at ``as_of``: a clock still running past its deadline counts.
    """
    stopped, due = clocks.c.stopped_at, clocks.c.due_at
    met = and_(stopped.is_not(None), stopped <= due)
    late = func.coalesce(stopped, literal(as_of, UTCDateTime())) > due
    return met, late


def clock_compliance(clocks: Breakdowns) -> tuple[ClockCompliance, ...]:
    """Per clock name, from :func:`.passes.clock_pass`."""
    return tuple(
        ClockCompliance(str(name), int(n), int(ok), int(bad), int(n) - int(ok) - int(bad),
                        share(int(ok), int(ok) + int(bad)))
        for name, n, ok, bad in sorted(clocks["name"], key=lambda row: str(row[0])))


def stay_durations(conn: Connection, members: Cohort,
                   state: Status | None = None) -> dict[Status, DurationRow]:
    """The finished stays of the report's complaints in ``state`` (default: in each state).

    Stays carry their complaint's receipt time and filter columns, so this
    reads ``state_stays`` alone.  With several connections the report asks
    for one state at a time, so the largest sort of a report (PostgreSQL
    sorts every stay's hours for its percentiles) spreads over them
    (:mod:`.snapshot`); with one it asks for every state in one grouped query.
    """
    conditions = members.where(stays)
    if state is not None:
        conditions.append(stays.c.status == state.value)
    found = duration_summaries(conn, stays.c.hours, conditions, stays.c.status)
    return {Status(value): row for value, row in found.items()}


def bottlenecks(summary: Mapping[Status, DurationRow],
                facts: Breakdowns) -> tuple[StateDwell, ...]:
    """Per lifecycle state: finished stays (mean, p50, p90 hours) and cases waiting now.

    ``summary`` is :func:`stay_durations` of every state; the cases waiting in
    each state are the report's complaints per current status, from
    :func:`.passes.facts_pass`.
    """
    waiting = {str(status): int(n) for status, n, *_rest in facts["status"]
               if status in _UNFINISHED}
    dwell = []
    for status in Status:
        row, now = summary.get(status), waiting.get(status.value, 0)
        if row is None and not now:
            continue
        d = durations(row)
        dwell.append(StateDwell(status.value, d.count, d.mean, d.p50, d.p90, now))
    return tuple(dwell)
