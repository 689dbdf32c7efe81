"""Portable SQL pieces the report queries share: durations and percentiles.

Every figure is computed by the database (S24: one platform, with
statistics that still answer quickly over millions of complaints).  The two
backends differ in how they subtract timestamps and in whether they have an
ordered-set percentile aggregate, so this module hides exactly those two
differences and nothing else.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import (
    Column,
    Float,
    Index,
    MetaData,
    String,
    Table,
    bindparam,
    func,
    insert,
    select,
)
from sqlalchemy.engine import Connection
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql import Subquery
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
    aggregate.  Elsewhere the durations are copied once into a temporary
    table indexed on ``(grp, hours)`` and the two ranks around each
    percentile are read from the index with ``LIMIT 2 OFFSET k``: SQLite's
    window functions would sort and buffer every row once per window, which
    costs several times more over millions of rows.  Rows whose ``hours``
    is NULL (the step never happened) are left out.
    """
    if conn.dialect.name == "postgresql":
        stmt = select(
            source.c.grp, func.count(source.c.hours), func.avg(source.c.hours),
            *(func.percentile_cont(p).within_group(source.c.hours) for p in PERCENTILES),
        ).where(source.c.hours.is_not(None)).group_by(source.c.grp)
        return {row[0]: (int(row[1]), _float(row[2]), _float(row[3]), _float(row[4]))
                for row in conn.execute(stmt)}
    return _indexed_percentiles(conn, source)


def _indexed_percentiles(conn: Connection, source: Subquery) -> dict[Any, DurationRow]:
    scratch = Table(f"gc_report_{uuid.uuid4().hex}", MetaData(), Column("grp", String),
                    Column("hours", Float), prefixes=["TEMPORARY"])
    scratch.create(conn)
    try:
        conn.execute(insert(scratch).from_select(
            ["grp", "hours"],
            select(source.c.grp, source.c.hours).where(source.c.hours.is_not(None))))
        Index(f"{scratch.name}_ix", scratch.c.grp, scratch.c.hours).create(conn)
        groups = conn.execute(select(scratch.c.grp, func.count(), func.avg(scratch.c.hours))
                              .group_by(scratch.c.grp)).all()
        pick = (select(scratch.c.hours).where(scratch.c.grp == bindparam("g"))
                .order_by(scratch.c.hours).limit(2).offset(bindparam("k")))
        found: dict[Any, DurationRow] = {}
        for grp, n, mean in groups:
            cuts = []
            for p in PERCENTILES:
                position = (n - 1) * p
                below = int(position)
                pair = conn.execute(pick, {"g": grp, "k": below}).scalars().all()
                upper = pair[1] if len(pair) > 1 else pair[0]
                cuts.append(_float(pair[0] + (upper - pair[0]) * (position - below)))
            found[grp] = (int(n), _float(mean), cuts[0], cuts[1])
        return found
    finally:
        scratch.drop(conn)


def _float(value: Any) -> float | None:
    # Rounded to a tenth of a second: SQLite's julianday() arithmetic carries float noise.
    return None if value is None else round(float(value), 5)
