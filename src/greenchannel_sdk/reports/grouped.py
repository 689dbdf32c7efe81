"""Several one-column breakdowns of the same rows, in as few passes as the backend allows.

A report groups the same complaints by channel, category, subcategory,
priority, department, handler and team, with the same few sums each time.
The breakdowns named ``together`` are grouped jointly over all their
columns (a few hundred groups when the columns have few values, such as
channel, priority, category) and each breakdown's groups are the sums of
those grouped rows.  Either way the database adds up the rows; Python only
adds up a few hundred grouped rows and sorts them out by breakdown.

PostgreSQL groups every set in one pass (``GROUP BY GROUPING SETS``, one
hash table per set: fewer sets than breakdowns is what makes it fast, each
hash table costs a lookup per row).  SQLite has no grouping sets and no
hash aggregation: its ``GROUP BY`` sorts every row, which over a million
rows costs seconds.  There each set's rows are added into a small temporary
table keyed by the set's columns (``INSERT ... SELECT ... ON CONFLICT DO
UPDATE``): a row costs one lookup in a tree of a few hundred keys instead
of its share of a million-row sort, about twice as fast.  The temporary
table lives in the connection's own temp database, so the report still
takes no lock on the stored data.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Column, LargeBinary, MetaData, Table, func, literal, select, true, tuple_
from sqlalchemy.dialects.sqlite import insert
from sqlalchemy.engine import Connection, Row
from sqlalchemy.sql import ColumnElement, FromClause

__all__ = ["Breakdowns", "by_each", "grouped_sets", "rolled_up"]

Breakdowns = dict[str, list[tuple[Any, ...]]]
"""Per breakdown name: ``(key value, *sums)`` of each group."""

#: SQLite's stand-in for a NULL key in the temporary table (a key column never holds a
#: blob); a NULL would not do, since NULLs never conflict with each other in a key.
_NULL_KEY = b""
_GROUPS = "gc_report_groups"


def by_each(conn: Connection, source: FromClause, keys: Mapping[str, ColumnElement[Any]],
            terms: Sequence[ColumnElement[Any]], *, together: Sequence[Sequence[str]] = (),
            in_group_order: bool = False) -> Breakdowns:
    """Group ``source`` by each of ``keys`` alone and sum each of ``terms`` per group.

    ``terms`` are per-row numbers (1 counts rows); the keys of each
    ``together`` set are grouped jointly and rolled up.  A NULL key value is
    a group of its own (keyed ``None``).  ``in_group_order``: see
    :func:`grouped_sets`.
    """
    joined = {name for names in together for name in names}
    sets = [list(names) for names in together] + [[name] for name in keys if name not in joined]
    found: Breakdowns = {}
    for names, rows in grouped_sets(conn, source, keys, terms, sets,
                                    in_group_order=in_group_order):
        found.update(rolled_up(names, rows))
    return found


def grouped_sets(conn: Connection, source: FromClause, keys: Mapping[str, ColumnElement[Any]],
                 terms: Sequence[ColumnElement[Any]], sets: list[list[str]], *,
                 in_group_order: bool = False,
                 ) -> Iterable[tuple[list[str], list[tuple[Any, ...]]]]:
    """``(names, rows)`` per set: each row is the set's key values, then the sums.

    The sets may share columns (PostgreSQL then tells them apart by the
    ``grouping()`` flag of each set's first column, which must be its own).
    ``in_group_order`` says an index hands SQLite the rows of the one set in
    its order, with every column read: a plain ``GROUP BY`` then adds up
    each group as the rows stream past, cheaper than the temporary table.
    """
    sums = [func.sum(term) for term in terms]
    plain = len(sets) == 1 and (conn.dialect.name == "postgresql" or in_group_order)
    if plain:
        columns = [keys[name] for name in sets[0]]
        yield sets[0], [tuple(row) for row in conn.execute(
            select(*columns, *sums).select_from(source).group_by(*columns))]
        return
    if conn.dialect.name != "postgresql":
        for names in sets:
            yield names, _added_up(conn, source, [keys[name] for name in names], terms)
        return
    columns = list(keys.values())
    place = {name: i for i, name in enumerate(keys)}
    # grouping(k) is 0 in the rows of the sets holding k, 1 in every other set's rows; no
    # other set holds a set's first column, so those columns tell the sets apart.
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


def _added_up(conn: Connection, source: FromClause, columns: list[ColumnElement[Any]],
              terms: Sequence[ColumnElement[Any]]) -> list[tuple[Any, ...]]:
    """SQLite: the sums of ``terms`` per value of ``columns``, through a keyed temp table."""
    keys = [f"k{i}" for i in range(len(columns))]
    sums = [f"s{i}" for i in range(len(terms))]
    groups = Table(_GROUPS, MetaData(), *(Column(name) for name in (*keys, *sums)))
    null_key = literal(_NULL_KEY, LargeBinary())
    rows = (select(*(func.coalesce(c, null_key) for c in columns),
                     *(func.coalesce(t, 0) for t in terms))
            # "WHERE true": SQLite's parser needs a WHERE before an upsert's ON CONFLICT.
            .select_from(source).where(true()))
    stmt = insert(groups).from_select([*keys, *sums], rows)
    stmt = stmt.on_conflict_do_update(
        index_elements=keys, set_={s: groups.c[s] + stmt.excluded[s] for s in sums})
    # Untyped columns: SQLite stores each value as it comes, no conversion.
    conn.exec_driver_sql(f"CREATE TEMP TABLE {_GROUPS} ({', '.join((*keys, *sums))}, "
                         f"PRIMARY KEY ({', '.join(keys)}))")
    try:
        conn.execute(stmt)
        found = conn.exec_driver_sql(f"SELECT * FROM {_GROUPS}").all()
    finally:
        conn.exec_driver_sql(f"DROP TABLE temp.{_GROUPS}")
    return [(*(None if v == _NULL_KEY else v for v in row[:len(keys)]), *row[len(keys):])
            for row in found]


def rolled_up(names: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> Breakdowns:
    """Each of ``names`` alone: the sums of the joint groups ``rows`` (key values, then sums)."""
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
