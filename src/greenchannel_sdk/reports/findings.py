"""What the audit log says about each complaint, in one grouped pass (S9, S12, S14).

Milestones (first contact, first answer, first acceptance) are the first
event of their kind; the accountability finding and the closing record
are the latest (handling may revise a finding, a reopened complaint closes
again).  Everything comes out of one grouped pass over the complaints'
events: "latest" is ``max()`` over the value prefixed with its zero-padded
``seq``, so no event has to be looked up a second time.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, Numeric, Select, String, case, cast, func, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql import ColumnElement, FromClause
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from ..domain import Command, Status
from ..storage.tables import AuditEventRow
from .contract import ACCOUNTABILITY, CLOSE, CONTACT, DEPARTMENT, FINAL_RESPONSE, REDRESS, UPHELD

__all__ = ["EVENT_FACTS", "event_facts"]

events = AuditEventRow.__table__

#: The columns :func:`event_facts` adds to each complaint.
EVENT_FACTS = ("first_contact_at", "answered_at", "resolved_at", "department", "upheld",
               "redress")
_READ = (CONTACT, FINAL_RESPONSE, Command.ACCEPT_RESOLUTION.value, ACCOUNTABILITY, CLOSE)
#: Width of the zero-padded ``seq`` prefix that makes "latest" a plain ``max()``.
_KEY = 10


class seq_key(FunctionElement[str]):
    """``seq`` as zero-padded text, so ``max(seq_key(seq) || value)`` is the latest value."""

    type = String()
    inherit_cache = True
    name = "seq_key"


@compiles(seq_key, "postgresql")
def _seq_key_pg(element: seq_key, compiler: SQLCompiler, **kw: Any) -> str:
    return f"lpad(CAST({compiler.process(element.clauses, **kw)} AS TEXT), {_KEY}, '0')"


@compiles(seq_key)
def _seq_key_printf(element: seq_key, compiler: SQLCompiler, **kw: Any) -> str:
    return f"printf('%0{_KEY}d', {compiler.process(element.clauses, **kw)})"


def _first(condition: ColumnElement[bool]) -> ColumnElement[Any]:
    return func.min(events.c.at).filter(condition)


def _latest(action: str, value: ColumnElement[Any]) -> ColumnElement[Any]:
    """The latest ``value`` among ``action`` events, tagged with its ``seq`` (strip with
    :func:`_untagged`): an aggregate, so the whole lookup stays one grouped pass."""
    return func.max(seq_key(events.c.seq) + value).filter(events.c.action == action)


def _untagged(tagged: ColumnElement[Any]) -> ColumnElement[Any]:
    return func.substr(tagged, _KEY + 1)


def event_facts(members: FromClause) -> Select[Any]:
    """``complaint_id`` and :data:`EVENT_FACTS` for every member with any such event.

    ``members`` has an ``id`` column.  ``first_contact_at`` ends S9's first
    contact; ``answered_at`` is the bank's first proposed resolution;
    ``resolved_at`` is when the customer first accepted an outcome (S14).
    ``department`` and ``upheld`` come from the latest accountability
    finding (NULL and false without one), ``redress`` from the latest
    closing record (0 without one).  Steps that never happened are NULL.
    """
    upheld = case((cast(events.c.data[UPHELD].as_boolean(), Boolean), "1"), else_="0")
    per = (select(
        events.c.complaint_id,
        _first(events.c.action == CONTACT).label("first_contact_at"),
        _first(events.c.action == FINAL_RESPONSE).label("answered_at"),
        _first(events.c.to_status == Status.RESOLVED.value).label("resolved_at"),
        _latest(ACCOUNTABILITY, events.c.data[DEPARTMENT].as_string()).label("department"),
        _latest(ACCOUNTABILITY, upheld).label("upheld"),
        _latest(CLOSE, func.coalesce(events.c.data[REDRESS].as_string(), "0")).label("redress"),
    ).join(members, members.c.id == events.c.complaint_id)
        .where(events.c.action.in_(_READ))
        .group_by(events.c.complaint_id).subquery("per_complaint"))
    return select(
        per.c.complaint_id, per.c.first_contact_at, per.c.answered_at, per.c.resolved_at,
        _untagged(per.c.department).label("department"),
        func.coalesce(_untagged(per.c.upheld) == "1", False).label("upheld"),
        cast(func.coalesce(_untagged(per.c.redress), "0"), Numeric(18, 2)).label("redress"))
