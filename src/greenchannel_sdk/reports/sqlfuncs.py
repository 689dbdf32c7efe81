"""Portable SQL pieces the report queries share: durations and percentiles.

Every figure is computed by the database (S24: one platform, with
statistics that still answer quickly over millions of complaints).  The two
backends differ in how they subtract timestamps; percentiles are read the
same way on both (an index walk, see :func:`duration_summaries`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Column, Float, func, select
from sqlalchemy.engine import Connection
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql import ColumnElement
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.sql.visitors import replacement_traverse

__all__ = ["DurationRow", "duration_summaries", "durations_of", "hours_between"]

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
    ranks (the definition of PostgreSQL's ``percentile_cont``), so both
    backends give the same figure.  PostgreSQL uses that ordered-set
    aggregate, one sort per group.  SQLite has none; there the stored
    durations' indexes (which start with the group and the duration, see
    ``report_facts`` and ``state_stays``) are walked in order and the two
    ranks around each percentile read with ``LIMIT 2 OFFSET k``, which costs
    a fraction of sorting the durations or ranking them with windows.
    """
    where = [hours.is_not(None), *conditions]
    keys = [] if group is None else [group]
    if conn.dialect.name == "postgresql":
        rows = conn.execute(select(*keys, *_pg_summary(hours)).where(*where)
                            .group_by(*keys)).all()
        return {(row[0] if keys else None): _pg_row(row[-4:]) for row in rows if row[-4]}
    counted = conn.execute(select(*keys, func.count(), func.avg(hours)).where(*where)
                           .group_by(*keys)).all()
    found: dict[Any, DurationRow] = {}
    for row in counted:
        value = row[0] if keys else None
        same = [] if group is None else [group.is_(None) if value is None else group == value]
        if row[-2]:
            found[value] = _walked(conn, hours, where, same, int(row[-2]), row[-1])
    return found


def durations_of(conn: Connection, columns: Sequence[ColumnElement[float]],
                 conditions: Sequence[ColumnElement[bool]]) -> list[DurationRow | None]:
    """:func:`duration_summaries` of several columns over the same rows, without a group.

    One pass over the rows serves every column (PostgreSQL sorts each
    column's values in it; SQLite counts them in it and walks each column's
    index afterwards).  ``None`` for a column with no value set.
    """
    if conn.dialect.name == "postgresql":
        row = conn.execute(select(*(a for c in columns for a in _pg_summary(c)))
                           .where(*conditions)).one()
        return [_pg_row(row[4 * i:4 * i + 4]) if row[4 * i] else None
                for i in range(len(columns))]
    row = conn.execute(select(*(a for c in columns for a in (func.count(c), func.avg(c))))
                       .where(*conditions)).one()
    return [_walked(conn, c, [c.is_not(None), *conditions], [], int(row[2 * i]), row[2 * i + 1])
            if row[2 * i] else None for i, c in enumerate(columns)]


def _pg_summary(hours: ColumnElement[float]) -> list[ColumnElement[Any]]:
    # count(hours) and the aggregates skip NULLs; the two percentile_cont calls share one sort.
    return [func.count(hours), func.avg(hours),
            *(func.percentile_cont(p).within_group(hours) for p in PERCENTILES)]


def _pg_row(values: Sequence[Any]) -> DurationRow:
    n, mean, p50, p90 = values
    return int(n), _float(mean), _float(p50), _float(p90)


def _walked(conn: Connection, hours: ColumnElement[float], where: list[ColumnElement[bool]],
            same: list[ColumnElement[bool]], n: int, mean: Any) -> DurationRow:
    """``(n, mean, p50, p90)`` of ``hours`` over ``where`` and the group ``same`` (``n`` rows).

    Each percentile reads its two ranks from the nearer end of the index: a
    p90 steps over the top tenth of the rows rather than nine tenths of them.
    """
    # The walk must follow the (group, duration) index; unary + keeps SQLite's planner
    # from preferring a receipt-time index and sorting what it finds instead.
    walk = select(hours).where(*(_unindexed(condition, keep=hours) for condition in where),
                               *same).limit(2)
    cuts = []
    for p in PERCENTILES:
        position = (n - 1) * p
        below = int(position)
        if below + 1 < n and 2 * below >= n:
            # Ranks below + 1 and below, counted from the top: the n - 2 - below larger ones
            # are skipped.
            upper, lower = conn.execute(walk.order_by(hours.desc())
                                        .offset(n - 2 - below)).scalars().all()
        else:
            pair = conn.execute(walk.order_by(hours).offset(below)).scalars().all()
            lower, upper = pair[0], pair[-1]
        cuts.append(_float(lower + (upper - lower) * (position - below)))
    return n, _float(mean), cuts[0], cuts[1]


class _plus(FunctionElement[Any]):
    """``+column``: the same value, but SQLite will not pick an index on it."""

    inherit_cache = True
    name = "plus"


@compiles(_plus)
def _plus_sqlite(element: _plus, compiler: SQLCompiler, **kw: Any) -> str:
    return f"+{compiler.process(element.clauses, **kw)}"


def _unindexed(condition: ColumnElement[bool], keep: ColumnElement[Any]) -> ColumnElement[bool]:
    """``condition`` with every column but ``keep`` behind a unary ``+``."""
    def swap(element: Any, **_kw: Any) -> Any:
        if isinstance(element, Column) and element is not keep:
            return _plus(element)
        return None

    options: dict[str, Any] = {}
    replaced: ColumnElement[bool] = replacement_traverse(condition, options, swap)
    return replaced


def _float(value: Any) -> float | None:
    # Rounded to a tenth of a second: SQLite's julianday() arithmetic carries float noise.
    return None if value is None else round(float(value), 5)
