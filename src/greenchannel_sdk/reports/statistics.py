"""The full statistics report: every figure of one period, in one snapshot (S17, S19, S25).

The report's complaints are rows of ``report_facts`` (:class:`.cohort.Cohort`),
where the facts the audit log holds were stored at write time; every figure
is a grouped query over them, all inside one read snapshot, so a complaint
registered while the report runs cannot appear in one table and be missing
from the next.  Python only arranges the grouped results.
"""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

from .cohort import Cohort
from .figures import StatisticsReport
from .outcomes import departments, repeats, satisfaction
from .passes import clock_pass, facts_pass, survey_pass
from .people import workload
from .period import Period, ReportFilter
from .timing import bottlenecks, efficiency
from .volume import hot_topics, volume

__all__ = ["WORK_MEM", "build_report"]

#: PostgreSQL ``work_mem`` for the report's own transaction.
WORK_MEM = "128MB"


def build_report(engine: Engine, period: Period, filters: ReportFilter | None = None, *,
                 as_of: datetime | None = None) -> StatisticsReport:
    """Compute every statistic for complaints received in ``period`` matching ``filters``.

    ``as_of`` is the moment the report speaks for (default: now): SLA
    clocks still running past their deadline at that moment count as
    breached.  Pass the SDK clock's time in tests and simulations.  The
    report only reads; on SQLite give it an engine with ordinary (deferred)
    transactions so it does not hold the write lock while it runs.
    """
    filters = filters or ReportFilter()
    as_of = as_of or datetime.now(timezone.utc)
    with engine.connect() as conn:
        _snapshot(conn)
        members = Cohort(period, filters)
        facts = members.rows()
        grouped = facts_pass(conn, facts)
        clocks = clock_pass(conn, facts, as_of)
        surveys = survey_pass(conn, facts)
        return StatisticsReport(
            period=period,
            filters=filters,
            generated_at=as_of,
            volume=volume(grouped),
            hot_topics=hot_topics(conn, period, filters, grouped),
            departments=departments(grouped),
            efficiency=efficiency(conn, members, clocks),
            satisfaction=satisfaction(surveys),
            repeats=repeats(conn, facts),
            bottlenecks=bottlenecks(conn, members, grouped),
            handlers=workload(conn, members, "assignee", grouped, clocks, surveys),
            teams=workload(conn, members, "team", grouped, clocks, surveys),
        )


def _snapshot(conn: Connection) -> None:
    """One read snapshot for every query of the report.

    PostgreSQL: a REPEATABLE READ transaction, with ``work_mem`` raised for
    its sorts and JIT compilation off (``SET LOCAL`` ends with it): each of
    the report's queries is one pass of simple aggregates, and compiling
    them cost more than it saved (up to a tenth of a second per query).
    SQLite: a transaction is open before the first read (the store's engine
    opens its own; a plain engine gets a deferred ``BEGIN``, which takes no
    write lock).
    """
    if conn.dialect.name == "postgresql":
        conn.execution_options(isolation_level="REPEATABLE READ")
        conn.execute(text(f"SET LOCAL work_mem = '{WORK_MEM}'"))
        conn.execute(text("SET LOCAL jit = off"))
        return
    conn.begin()
    if not conn.connection.dbapi_connection.in_transaction:  # type: ignore[union-attr]
        conn.exec_driver_sql("BEGIN")
