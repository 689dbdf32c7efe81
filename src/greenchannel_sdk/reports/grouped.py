"""Several one-column breakdowns of the same rows, in as few passes as the backend allows.

A report groups the same complaints by channel, category, subcategory,
priority, department, handler and team, with the same few counts and sums
each time.  The breakdowns named ``together`` are grouped in one ``GROUP
BY`` over all their columns (a few hundred groups when the columns have few
values, such as channel, priority, category) and each breakdown's groups
are the sums of those grouped rows.  PostgreSQL computes every set in one
pass (``GROUP BY GROUPING SETS``, one hash table per set: fewer sets than
breakdowns is what makes it fast, each hash table costs a lookup per row);
SQLite, which has no grouping sets and sorts for every ``GROUP BY``, scans
once per set.  Either way the database aggregates the rows; Python only
adds up a few hundred grouped rows and sorts them out by breakdown.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import func, select, tuple_
from sqlalchemy.engine import Connection, Row
from sqlalchemy.sql import ColumnElement, FromClause

__all__ = ["Breakdowns", "by_each"]

Breakdowns = dict[str, list[tuple[Any, ...]]]
"""Per breakdown name: ``(key value, *aggregates)`` of each group."""


def by_each(conn: Connection, source: FromClause, keys: Mapping[str, ColumnElement[Any]],
            sums: Sequence[ColumnElement[Any]], *,
            together: Sequence[Sequence[str]] = ()) -> Breakdowns:
    """Group ``source`` by each of ``keys`` alone and compute ``sums`` per group.

    ``sums`` must add up across groups (counts and sums, not averages): the
    keys of each ``together`` set are grouped jointly and rolled up.  A NULL
    key value is a group of its own (keyed ``None``).
    """
    joined = {name for names in together for name in names}
    sets = [list(names) for names in together] + [[name] for name in keys if name not in joined]
    found: Breakdowns = {}
    for names, rows in _grouped_sets(conn, source, keys, sums, sets):
        found.update(_rolled_up(names, rows))
    return found


def _grouped_sets(conn: Connection, source: FromClause, keys: Mapping[str, ColumnElement[Any]],
                  sums: Sequence[ColumnElement[Any]], sets: list[list[str]],
                  ) -> Iterable[tuple[list[str], list[tuple[Any, ...]]]]:
    """``(names, rows)`` per set: each row is the set's key values, then ``sums``."""
    if conn.dialect.name != "postgresql" or len(sets) == 1:
        for names in sets:
            columns = [keys[name] for name in names]
            yield names, [tuple(row) for row in conn.execute(
                select(*columns, *sums).select_from(source).group_by(*columns))]
        return
    columns = list(keys.values())
    place = {name: i for i, name in enumerate(keys)}
    # grouping(k) is 0 in the rows of the set holding k, 1 in every other set's rows; the
    # sets share no column, so the first column of each set tells the sets apart.
    flags = [func.grouping(keys[names[0]]) for names in sets]
    stmt = (select(*columns, *flags, *sums).select_from(source)
            .group_by(func.grouping_sets(*(tuple_(*(keys[n] for n in names))
                                           for names in sets))))
    per_set: list[list[tuple[Any, ...]]] = [[] for _ in sets]
    width = len(columns) + len(sets)
    for row in conn.execute(stmt):
        which = _set_of(row, len(columns), len(sets))
        per_set[which].append((*(row[place[n]] for n in sets[which]), *row[width:]))
    yield from zip(sets, per_set, strict=True)


def _set_of(row: Row[Any], first_flag: int, count: int) -> int:
    return next(i for i in range(count) if row[first_flag + i] == 0)


def _rolled_up(names: list[str], rows: list[tuple[Any, ...]]) -> Breakdowns:
    found: Breakdowns = {}
    for place, name in enumerate(names):
        totals: dict[Any, list[Any]] = {}
        for row in rows:
            values = row[len(names):]
            current = totals.setdefault(row[place], [0] * len(values))
            for i, value in enumerate(values):
                current[i] += value or 0
        found[name] = [(key, *values) for key, values in totals.items()]
    return found
