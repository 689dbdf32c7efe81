"""Several one-column breakdowns of the same rows, in as few passes as the backend allows.

A report groups the same complaints by channel, category, subcategory,
priority, department, handler and team, with the same few counts and sums
each time.  PostgreSQL computes all of them in one pass (``GROUP BY
GROUPING SETS``).  SQLite has no grouping sets; there the breakdowns named
``together`` are grouped in one ``GROUP BY`` over all their columns (a few
hundred groups when the columns have few values, such as channel,
priority, category) and each breakdown's groups are the sums of those
grouped rows, so the source is scanned once per set rather than once per
breakdown.  Either way the database aggregates the rows; Python only adds
up grouped rows and sorts them out by breakdown.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Connection
from sqlalchemy.sql import ColumnElement, FromClause

__all__ = ["Breakdowns", "by_each"]

Breakdowns = dict[str, list[tuple[Any, ...]]]
"""Per breakdown name: ``(key value, *aggregates)`` of each group."""


def by_each(conn: Connection, source: FromClause, keys: Mapping[str, ColumnElement[Any]],
            sums: Sequence[ColumnElement[Any]], *,
            together: Sequence[Sequence[str]] = ()) -> Breakdowns:
    """Group ``source`` by each of ``keys`` alone and compute ``sums`` per group.

    ``sums`` must add up across groups (counts and sums, not averages): on
    SQLite the keys of each ``together`` set are grouped jointly and rolled
    up.  A NULL key value is a group of its own (keyed ``None``).
    """
    if conn.dialect.name == "postgresql":
        return _grouping_sets(conn, source, keys, sums)
    joined = {name for names in together for name in names}
    found: Breakdowns = {}
    for names in [*together, *([name] for name in keys if name not in joined)]:
        columns = [keys[name] for name in names]
        rows = conn.execute(select(*columns, *sums).select_from(source)
                            .group_by(*columns)).all()
        for place, name in enumerate(names):
            totals: dict[Any, list[Any]] = {}
            for row in rows:
                values = row[len(columns):]
                current = totals.setdefault(row[place], [0] * len(values))
                for i, value in enumerate(values):
                    current[i] += value or 0
            found[name] = [(key, *values) for key, values in totals.items()]
    return found


def _grouping_sets(conn: Connection, source: FromClause,
                   keys: Mapping[str, ColumnElement[Any]],
                   sums: Sequence[ColumnElement[Any]]) -> Breakdowns:
    columns = list(keys.values())
    # grouping(k) is 0 in the rows grouped by k, 1 in every other set's rows.
    flags = [func.grouping(key) for key in columns]
    stmt = (select(*columns, *flags, *sums).select_from(source)
            .group_by(func.grouping_sets(*columns)))
    found: Breakdowns = {name: [] for name in keys}
    names = list(keys)
    width = len(columns)
    for row in conn.execute(stmt):
        flag = row[width:2 * width]
        which = next(i for i, grouped in enumerate(flag) if grouped == 0)
        found[names[which]].append((row[which], *row[2 * width:]))
    return found
