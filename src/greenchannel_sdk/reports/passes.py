"""The report's three grouped passes: over its complaints, their SLA clocks, their surveys.

Volume, hot topics, departments, the complaints waiting in each state and
the per-handler and per-team counts all group the report's complaints one
column at a time with the same aggregates, so they come out of one
:func:`.grouped.by_each` call; the SLA goals per clock name
and per handler and team from one pass over the clocks; satisfaction per
score and per handler and team from one pass over the surveys.  The
sections (:mod:`.volume`, :mod:`.outcomes`, :mod:`.timing`, :mod:`.people`)
arrange these grouped rows.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import Integer, Table, case, func, literal_column, select
from sqlalchemy.engine import Connection
from sqlalchemy.sql import ColumnElement, Subquery

from ..domain import OPEN_STATUSES
from ..storage.tables import ClockFactRow, SurveyFactRow
from .cohort import Cohort
from .grouped import Breakdowns, by_each
from .timing import clock_outcomes

__all__ = ["BREAKDOWNS", "clock_pass", "facts_pass", "survey_pass"]

_clocks = cast(Table, ClockFactRow.__table__)
_surveys = cast(Table, SurveyFactRow.__table__)
#: The columns of the report's complaints that :func:`facts_pass` groups by (it adds ``topic``).
BREAKDOWNS = ("channel", "category", "subcategory", "priority", "status", "department",
              "assignee", "team")


#: The term that counts rows (:func:`.grouped.by_each` sums per-row terms).
_ONE: ColumnElement[int] = literal_column("1", Integer())


def _one_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return case((condition, 1), else_=0)


def facts_pass(conn: Connection, facts: Subquery) -> Breakdowns:
    """Per breakdown and key: complaints, open ones, upheld ones, redress paid.

    Besides :data:`BREAKDOWNS`, ``topic`` is the subcategory, or the category
    of a complaint without one (:func:`.volume.hot_topics`).  It and the status
    depend on columns of the first set, so they add no groups to it; the few
    departments ride with the handlers and teams rather than costing a set.
    """
    is_open = facts.c.status.in_([s.value for s in OPEN_STATUSES])
    keys: dict[str, ColumnElement[Any]] = {name: facts.c[name] for name in BREAKDOWNS}
    keys["topic"] = func.coalesce(facts.c.subcategory, facts.c.category)
    return by_each(conn, facts, keys,
                   [_ONE, _one_if(is_open), _one_if(facts.c.upheld == True),  # noqa: E712
                    facts.c.redress],
                   together=[("channel", "priority", "category", "subcategory", "topic",
                              "status"), ("assignee", "team", "department")])


def clock_pass(conn: Connection, members: Cohort, as_of: datetime) -> Breakdowns:
    """Per clock name, handler and team: clocks, met, breached (as seen at ``as_of``).

    ``clock_facts`` carries each clock's complaint's period and filter
    columns, handler and team, so no join to the complaints is needed.
    """
    clocks = select(_clocks).where(*members.where(_clocks)).subquery("clocks")
    met, late = clock_outcomes(clocks, as_of)
    return by_each(conn, clocks, {name: clocks.c[name] for name in ("name", "assignee", "team")},
                   [_ONE, _one_if(met), _one_if(late)], together=[("name", "assignee", "team")])


def survey_pass(conn: Connection, members: Cohort) -> Breakdowns:
    """Per score, handler and team: surveys, the sum of their scores, solved ones."""
    surveys = select(_surveys).where(*members.where(_surveys)).subquery("surveys")
    return by_each(conn, surveys,
                   {name: surveys.c[name] for name in ("score", "assignee", "team")},
                   [_ONE, surveys.c.score, _one_if(surveys.c.solved)],
                   together=[("score", "assignee", "team")])
