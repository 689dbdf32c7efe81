"""The report's three grouped passes: over its complaints, their SLA clocks, their surveys.

Volume, hot topics, departments, the complaints waiting in each state and
the per-handler and per-team counts all group the report's complaints one
column at a time with the same aggregates, so they come out of one
grouped query (:func:`.grouped.grouped_sets`); the SLA goals per clock name
and per handler and team from one pass over the clocks; satisfaction per
score and per handler and team from one pass over the surveys.  The
sections (:mod:`.volume`, :mod:`.outcomes`, :mod:`.timing`, :mod:`.people`)
arrange these grouped rows.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import Integer, Table, case, literal_column, select
from sqlalchemy.engine import Connection
from sqlalchemy.sql import ColumnElement, Subquery

from ..domain import OPEN_STATUSES
from ..storage.tables import ClockFactRow, SurveyFactRow
from .cohort import Cohort
from .grouped import Breakdowns, by_each, grouped_sets, rolled_up
from .timing import clock_outcomes
from .volume import topic_of

__all__ = ["BREAKDOWNS", "clock_pass", "facts_pass", "survey_pass"]

_clocks = cast(Table, ClockFactRow.__table__)
_surveys = cast(Table, SurveyFactRow.__table__)
#: :func:`facts_pass`'s grouping sets; each starts with a column no other set holds.
_FACT_SETS = [["channel", "priority", "category", "subcategory", "status"],
              ["assignee", "team", "department", "status"]]
#: The columns of the report's complaints that :func:`facts_pass` groups by (it adds ``topic``).
BREAKDOWNS = tuple(dict.fromkeys(name for names in _FACT_SETS for name in names))


#: The term that counts rows (:func:`.grouped.by_each` sums per-row terms).
_ONE: ColumnElement[int] = literal_column("1", Integer())


def _one_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return case((condition, 1), else_=0)


def facts_pass(conn: Connection, facts: Subquery) -> Breakdowns:
    """Per breakdown and key: complaints, open ones, upheld ones, redress paid.

    Besides :data:`BREAKDOWNS`, ``topic`` is the subcategory, or the category
    of a complaint without one (:func:`.volume.hot_topics`).  Two grouping
    sets cover them all; the few departments ride with the handlers and
    teams rather than costing a set of their own.  Both sets carry the
    status, so whether a group is open and which topic it belongs to are
    read off its keys here rather than worked out for each of a million
    rows in SQL (that was a sixth of the pass on PostgreSQL).
    """
    keys: dict[str, ColumnElement[Any]] = {name: facts.c[name] for name in BREAKDOWNS}
    terms = [_ONE, _one_if(facts.c.upheld == True), facts.c.redress]  # noqa: E712
    found: Breakdowns = {}
    for names, rows in grouped_sets(conn, facts, keys, terms, _FACT_SETS):
        with_topic = [*names, "topic"] if "category" in names else names
        rolled = rolled_up(with_topic, [_derived(names, row) for row in rows])
        for name, groups in rolled.items():
            found.setdefault(name, groups)  # the status is in both sets, with the same sums
    return found


_OPEN = frozenset(s.value for s in OPEN_STATUSES)


def _derived(names: list[str], row: tuple[Any, ...]) -> tuple[Any, ...]:
    """A grouped row of :func:`facts_pass` with its open complaints (and topic key).

    ``(*keys, complaints, upheld, redress)`` becomes ``(*keys, [topic,]
    complaints, open, upheld, redress)``; the set holding the category gets
    the topic (:func:`.volume.topic_of`, as :func:`.volume.topic_counts`
    counts it for the period before).
    """
    key = dict(zip(names, row, strict=False))
    complaints, upheld, redress = row[len(names):]
    still_open = complaints if key["status"] in _OPEN else 0
    topic = [topic_of(key["category"], key["subcategory"])] if "category" in key else []
    return (*row[:len(names)], *topic, complaints, still_open, upheld, redress)


def clock_pass(conn: Connection, members: Cohort, as_of: datetime) -> Breakdowns:
    """Per clock name, handler and team: clocks, met, breached (as seen at ``as_of``).

    ``clock_facts`` carries each clock's complaint's period and filter
    columns, handler and team, so no join to the complaints is needed.
    """
    clocks = select(_clocks).where(*members.where(_clocks)).subquery("clocks")
    met, late = clock_outcomes(clocks, as_of)
    # On SQLite ix_clock_facts_grouped hands over the clocks in this order.
    return by_each(conn, clocks, {name: clocks.c[name] for name in ("name", "assignee", "team")},
                   [_ONE, _one_if(met), _one_if(late)], together=[("name", "assignee", "team")],
                   in_group_order=True)


def survey_pass(conn: Connection, members: Cohort) -> Breakdowns:
    """Per score, handler and team: surveys, the sum of their scores, solved ones."""
    surveys = select(_surveys).where(*members.where(_surveys)).subquery("surveys")
    return by_each(conn, surveys,
                   {name: surveys.c[name] for name in ("score", "assignee", "team")},
                   [_ONE, surveys.c.score, _one_if(surveys.c.solved)],
                   together=[("score", "assignee", "team")])
