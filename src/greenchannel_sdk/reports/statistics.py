"""The full statistics report: every figure of one period, in one snapshot (S17, S19, S25).

The report's complaints are rows of ``report_facts`` (:class:`.cohort.Cohort`),
where the facts the audit log holds were stored at write time; every figure
is a grouped query over them, all inside one read snapshot, so a complaint
registered while the report runs cannot appear in one table and be missing
from the next.  On PostgreSQL the queries run side by side on connections
sharing that snapshot (:mod:`.snapshot`).  Python only arranges the grouped
results.
"""

from __future__ import annotations

from datetime import datetime, timezone
from functools import partial

from sqlalchemy.engine import Engine

from ..domain import Status
from .cohort import Cohort
from .figures import StatisticsReport
from .outcomes import departments, repeats, satisfaction
from .passes import clock_pass, facts_pass, survey_pass
from .people import resolution_times, workload
from .period import Period, ReportFilter
from .snapshot import Lanes, snapshot_connections
from .timing import bottlenecks, efficiency, milestone_durations, stay_durations
from .volume import hot_topics, topic_counts, volume

__all__ = ["build_report"]

#: Connections a PostgreSQL report reads through by default (see :func:`build_report`).
CONNECTIONS = 2


def build_report(engine: Engine, period: Period, filters: ReportFilter | None = None, *,
                 as_of: datetime | None = None,
                 connections: int = CONNECTIONS) -> StatisticsReport:
    """Compute every statistic for complaints received in ``period`` matching ``filters``.

    ``as_of`` is the moment the report speaks for (default: now): SLA
    clocks still running past their deadline at that moment count as
    breached.  Pass the SDK clock's time in tests and simulations.

    On PostgreSQL the report's queries run side by side on ``connections``
    connections that share one snapshot (:mod:`.snapshot`), taken from the
    engine's pool: give more on a server with cores to spare, 1 to keep a
    report to one connection.  SQLite always reads through one.  The
    report only reads; on SQLite give it an engine with ordinary (deferred)
    transactions so it does not hold the write lock while it runs.
    """
    filters = filters or ReportFilter()
    as_of = as_of or datetime.now(timezone.utc)
    members = Cohort(period, filters)
    facts = members.rows()
    with snapshot_connections(engine, connections) as readers, Lanes(readers) as lanes:
        # Longest first (as measured over a million complaints on PostgreSQL), so no
        # connection is left with a long query at the end while the others wait.
        grouped = lanes.submit(lambda conn: facts_pass(conn, facts))
        repeated = lanes.submit(lambda conn: repeats(conn, facts))
        clocks = lanes.submit(lambda conn: clock_pass(conn, members, as_of))
        milestones = lanes.submit(lambda conn: milestone_durations(conn, members))
        states: list[Status | None] = list(Status) if lanes.parallel else [None]
        stays = [lanes.submit(partial(stay_durations, members=members, state=state))
                 for state in states]
        by_handler = lanes.submit(lambda conn: resolution_times(conn, members, "assignee"))
        by_team = lanes.submit(lambda conn: resolution_times(conn, members, "team"))
        surveys = lanes.submit(lambda conn: survey_pass(conn, members))
        before = lanes.submit(lambda conn: topic_counts(conn, period.previous(), filters))
        found = grouped.result()
        return StatisticsReport(
            period=period,
            filters=filters,
            generated_at=as_of,
            volume=volume(found),
            hot_topics=hot_topics(found, before.result()),
            departments=departments(found),
            efficiency=efficiency(milestones.result(), clocks.result()),
            satisfaction=satisfaction(surveys.result()),
            repeats=repeated.result(),
            bottlenecks=bottlenecks({s: row for f in stays for s, row in f.result().items()},
                                    found),
            handlers=workload("assignee", by_handler.result(), found,
                              clocks.result(), surveys.result()),
            teams=workload("team", by_team.result(), found, clocks.result(),
                           surveys.result()),
        )
