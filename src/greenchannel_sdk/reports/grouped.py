"""Several one-column breakdowns of the same rows, in as few passes as the backend allows.

A report groups the same complaints by channel, category, subcategory,
priority, department, handler and team, with the same few aggregates each
time.  PostgreSQL computes all of them in one pass (``GROUP BY GROUPING
SETS``); SQLite has no grouping sets, so there it is one ``GROUP BY`` per
breakdown over the same source.  Either way the database aggregates and
Python only sorts the groups out by breakdown.
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
            aggregates: Sequence[ColumnElement[Any]],
            where: Sequence[ColumnElement[bool]] = ()) -> Breakdowns:
    """Group ``source`` by each of ``keys`` alone and compute ``aggregates`` per group.

    A NULL key value is a group of its own (keyed ``None``).
    """
    if conn.dialect.name != "postgresql":
        return {name: [tuple(row) for row in conn.execute(
            select(key, *aggregates).select_from(source).where(*where).group_by(key))]
            for name, key in keys.items()}
    columns = list(keys.values())
    # grouping(k) is 0 in the rows grouped by k, 1 in every other set's rows.
    flags = [func.grouping(key) for key in columns]
    stmt = (select(*columns, *flags, *aggregates).select_from(source).where(*where)
            .group_by(func.grouping_sets(*columns)))
    found: Breakdowns = {name: [] for name in keys}
    names = list(keys)
    width = len(columns)
    for row in conn.execute(stmt):
        flag = row[width:2 * width]
        which = next(i for i, grouped in enumerate(flag) if grouped == 0)
        found[names[which]].append((row[which], *row[2 * width:]))
    return found
