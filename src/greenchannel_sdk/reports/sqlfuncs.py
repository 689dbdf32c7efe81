"""Portable SQL pieces the report queries share: durations and percentiles.

Every figure is computed by the database (S24: one platform, with
statistics that still answer quickly over millions of complaints).  The two
backends differ in how they subtract timestamps and in whether they have an
ordered-set percentile aggregate, so this module hides exactly those two
differences and nothing else.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Float, Integer, case, cast, func, literal_column, select
from sqlalchemy.engine import Connection
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql import ColumnElement, Subquery
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


def duration_summaries(conn: Connection, source: Subquery) -> dict[Any, DurationRow]:
    """Count, mean, p50 and p90 of ``source.c.hours`` per ``source.c.grp``.

    Percentiles interpolate linearly between the two nearest ranks (the
    definition of PostgreSQL's ``percentile_cont``), so both backends give the
    same figure for the same data.  PostgreSQL uses its ordered-set
    aggregate; elsewhere ranks come from window functions and the two rows
    around each percentile are picked and weighted, all inside the query.
    Rows whose ``hours`` is NULL (the step never happened) are left out.
    """
    if conn.dialect.name == "postgresql":
        stmt = select(
            source.c.grp, func.count(source.c.hours), func.avg(source.c.hours),
            *(func.percentile_cont(p).within_group(source.c.hours) for p in PERCENTILES),
        ).where(source.c.hours.is_not(None)).group_by(source.c.grp)
    else:
        stmt = _ranked_percentiles(source)
    return {row[0]: (int(row[1]), _float(row[2]), _float(row[3]), _float(row[4]))
            for row in conn.execute(stmt)}


def _ranked_percentiles(source: Subquery) -> Any:
    ranked = select(
        source.c.grp, source.c.hours,
        func.row_number().over(partition_by=source.c.grp, order_by=source.c.hours).label("rn"),
        func.count().over(partition_by=source.c.grp).label("n"),
    ).where(source.c.hours.is_not(None)).subquery("ranked")
    return select(
        ranked.c.grp, func.max(ranked.c.n), func.avg(ranked.c.hours),
        *(_interpolated(ranked, p) for p in PERCENTILES),
    ).group_by(ranked.c.grp)


def _interpolated(ranked: Subquery, p: float) -> ColumnElement[Any]:
    """Sum of the two neighbouring ranks around position ``(n - 1) * p``, weighted."""
    position = (ranked.c.n - 1) * literal_column(repr(p))
    below = cast(position, Integer)  # position >= 0, so truncation is floor
    weight = position - below
    return func.sum(case(
        (ranked.c.rn == below + 1, ranked.c.hours * (1 - weight)),
        (ranked.c.rn == below + 2, ranked.c.hours * weight),
        else_=0.0,
    ))


def _float(value: Any) -> float | None:
    # Rounded to a tenth of a second: SQLite's julianday() arithmetic carries float noise.
    return None if value is None else round(float(value), 5)
