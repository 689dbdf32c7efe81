"""Portable SQL pieces the report queries share: durations and percentiles.

Every figure is computed by the database (S24: one platform, with
statistics that still answer quickly over millions of complaints).  The two
backends differ in how they subtract timestamps; percentiles are read the
same way on both (an index walk, see :func:`duration_summaries`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Float, func, select
from sqlalchemy.engine import Connection
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql import ColumnElement
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

__all__ = ["DurationRow", "duration_summaries", "hours_between"]

#: Percentiles every duration summary carries (p50, p90).
PERCENTILES = (0.5, 0.9)


class hours_between(FunctionElement[float]):
    """``hours_between(later, earlier)``: elapsed hours as a float, in SQL."""

    type = Float()
    inherit_cache = True
    name = "hours_between"


@compiles(hours_between, "postgresql")
def _hours_pg(element: hours_between, compiler: SQLCompiler, **kw: Any) -> str:
    later, earlier = list(element.clauses)
    return (f"(EXTRACT(EPOCH FROM ({compiler.process(later, **kw)} - "
            f"{compiler.process(earlier, **kw)})) / 3600.0)")


@compiles(hours_between)
def _hours_julian(element: hours_between, compiler: SQLCompiler, **kw: Any) -> str:
    # SQLite keeps timestamps as ISO text; julianday() reads them as fractional days.
    later, earlier = list(element.clauses)
    return (f"((julianday({compiler.process(later, **kw)}) - "
            f"julianday({compiler.process(earlier, **kw)})) * 24.0)")


DurationRow = tuple[int, float | None, float | None, float | None]
"""``(count, mean, p50, p90)`` of one group, in hours."""


def duration_summaries(conn: Connection, hours: ColumnElement[float],
                       conditions: Sequence[ColumnElement[bool]],
                       group: ColumnElement[Any] | None = None) -> dict[Any, DurationRow]:
    """Count, mean, p50 and p90 of the column ``hours`` per value of ``group``.

    Only rows meeting ``conditions`` and with ``hours`` set count (a step
    that never happened is NULL).  Without ``group`` the one result is keyed
    ``None``.  Percentiles interpolate linearly between the two nearest
    ranks (the definition of PostgreSQL's ``percentile_cont``), on both
    backends.  They are read, not sorted: the stored durations have indexes
    that start with the group and the duration (``report_facts``,
    ``state_stays``), so the two ranks around a percentile are an index walk
    with ``ORDER BY hours LIMIT 2 OFFSET k``.  Sorting millions of durations
    per report (``percentile_cont``, or window ranks on SQLite) costs several
    times more.
    """
    where = [hours.is_not(None), *conditions]
    if group is None:
        groups = [(None, *conn.execute(select(func.count(), func.avg(hours))
                                       .where(*where)).one())]
    else:
        groups = list(conn.execute(select(group, func.count(), func.avg(hours)).where(*where)
                                   .group_by(group)).all())
    found: dict[Any, DurationRow] = {}
    for value, n, mean in groups:
        n = int(n)
        if not n:
            continue
        same = [] if group is None else [group.is_(None) if value is None else group == value]
        cuts = []
        for p in PERCENTILES:
            position = (n - 1) * p
            below = int(position)
            pair = conn.execute(select(hours).where(*where, *same).order_by(hours)
                                .limit(2).offset(below)).scalars().all()
            upper = pair[1] if len(pair) > 1 else pair[0]
            cuts.append(_float(pair[0] + (upper - pair[0]) * (position - below)))
        found[value] = (n, _float(mean), cuts[0], cuts[1])
    return found


def _float(value: Any) -> float | None:
    # Rounded to a tenth of a second: SQLite's julianday() arithmetic carries float noise.
    return None if value is None else round(float(value), 5)
