"""The full statistics report: every figure of one period, in one snapshot (S17, S19, S25).

All figures are read inside one transaction, so a complaint registered
while the report runs cannot appear in one table and be missing from the
next.  Each figure is computed by the database; Python only arranges the
grouped results.
"""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy.engine import Engine

from .figures import StatisticsReport
from .outcomes import departments, repeats, satisfaction
from .people import workload
from .period import Period, ReportFilter
from .timing import bottlenecks, efficiency
from .volume import hot_topics, volume

__all__ = ["build_report"]


def build_report(engine: Engine, period: Period, filters: ReportFilter | None = None, *,
                 as_of: datetime | None = None) -> StatisticsReport:
    """Compute every statistic for complaints received in ``period`` matching ``filters``.

    ``as_of`` is the moment the report speaks for (default: now): SLA
    clocks still running past their deadline at that moment count as
    breached.  Pass the SDK clock's time in tests and simulations.
    """
    filters = filters or ReportFilter()
    as_of = as_of or datetime.now(timezone.utc)
    with engine.connect() as conn:
        return StatisticsReport(
            period=period,
            filters=filters,
            generated_at=as_of,
            volume=volume(conn, period, filters),
            hot_topics=hot_topics(conn, period, filters),
            departments=departments(conn, period, filters),
            efficiency=efficiency(conn, period, filters, as_of),
            satisfaction=satisfaction(conn, period, filters),
            repeats=repeats(conn, period, filters),
            bottlenecks=bottlenecks(conn, period, filters),
            handlers=workload(conn, period, filters, "assignee", as_of),
            teams=workload(conn, period, filters, "team", as_of),
        )
