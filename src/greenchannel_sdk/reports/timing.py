"""How fast complaints are handled and where they wait (S9, S17, S19, S22).

Efficiency measures from receipt to three milestones and checks every SLA
clock against its goal; bottlenecks measure the time between consecutive
status changes in the audit log, per state, so a review meeting sees which
step holds cases up.  Percentiles come from :mod:`.sqlfuncs`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, Table, and_, case, func, literal, or_, select, union_all
from sqlalchemy.engine import Connection
from sqlalchemy.sql import ColumnElement

from ..domain import TERMINAL_STATUSES, Status
from ..storage.tables import ClockRow, UTCDateTime
from .cohort import events
from .figures import ClockCompliance, Durations, Efficiency, StateDwell, share
from .sqlfuncs import DurationRow, duration_summaries, hours_between

__all__ = ["bottlenecks", "clock_outcomes", "efficiency"]

_clocks = ClockRow.__table__
_MILESTONES = ("first_contact_at", "answered_at", "resolved_at")
#: States a complaint can still be waiting in: everything but the finished ones.
_UNFINISHED = [s.value for s in Status if s not in TERMINAL_STATUSES and s is not Status.CLOSED]


def durations(row: DurationRow | None) -> Durations:
    if row is None:
        return Durations(0, None, None, None)
    return Durations(*row)


def efficiency(conn: Connection, facts: Table, as_of: datetime) -> Efficiency:
    """Hours from receipt to first contact, answer and acceptance; SLA goals met.

    A clock counts as met when it stopped by its deadline, breached when it
    stopped late or is still running past its deadline at ``as_of``, and
    running otherwise; ``met_share`` is met over met plus breached.
    """
    source = union_all(*(
        select(literal(name).label("grp"),
               hours_between(facts.c[name], facts.c.received_at).label("hours"))
        for name in _MILESTONES)).subquery("durations")
    summary = duration_summaries(conn, source)
    first_contact, answer, resolution = (durations(summary.get(name)) for name in _MILESTONES)
    return Efficiency(first_contact, answer, resolution,
                      clock_compliance(conn, facts, as_of))


def clock_outcomes(as_of: datetime) -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    """SQL conditions on ``sla_clocks``: (met its goal, breached it) as seen at ``as_of``."""
    met = and_(_clocks.c.stopped_at.is_not(None), _clocks.c.stopped_at <= _clocks.c.due_at)
    late = func.coalesce(_clocks.c.stopped_at, literal(as_of, UTCDateTime())) > _clocks.c.due_at
    return met, late


def clock_compliance(conn: Connection, facts: Table,
                     as_of: datetime) -> tuple[ClockCompliance, ...]:
    met, late = clock_outcomes(as_of)
    stmt = (select(_clocks.c.name, func.count(),
                   func.sum(case((met, 1), else_=0)).cast(Integer),
                   func.sum(case((late, 1), else_=0)).cast(Integer))
            .join(facts, facts.c.id == _clocks.c.complaint_id)
            .group_by(_clocks.c.name).order_by(_clocks.c.name))
    return tuple(
        ClockCompliance(str(name), int(n), int(ok), int(bad), int(n) - int(ok) - int(bad),
                        share(int(ok), int(ok) + int(bad)))
        for name, n, ok, bad in conn.execute(stmt))


def bottlenecks(conn: Connection, facts: Table) -> tuple[StateDwell, ...]:
    """Per lifecycle state: finished stays (mean, p50, p90 hours) and cases waiting now."""
    changes = (select(
        events.c.to_status,
        events.c.at,
        func.lead(events.c.at).over(partition_by=events.c.complaint_id,
                                    order_by=events.c.seq).label("left_at"),
    ).join(facts, facts.c.id == events.c.complaint_id).where(
        events.c.to_status.is_not(None),
        or_(events.c.from_status.is_(None), events.c.from_status != events.c.to_status),
    ).subquery("changes"))
    source = (select(changes.c.to_status.label("grp"),
                     hours_between(changes.c.left_at, changes.c.at).label("hours"))
              .where(changes.c.left_at.is_not(None)).subquery("stays"))
    stays = duration_summaries(conn, source)
    waiting: dict[str, int] = dict(conn.execute(
        select(facts.c.status, func.count())
        .where(facts.c.status.in_(_UNFINISHED))
        .group_by(facts.c.status)).all())
    found = []
    for status in Status:
        row, now = stays.get(status.value), int(waiting.get(status.value, 0))
        if row is None and not now:
            continue
        d = durations(row)
        found.append(StateDwell(status.value, d.count, d.mean, d.p50, d.p90, now))
    return tuple(found)
