"""The audit-event shapes the reports read, agreed with the handling commands.

The accountability finding (S12), whether a complaint was upheld, its root
cause and the redress paid are written by the handling commands as audit
events; the reports read them from ``audit_events.data`` and nowhere else.
These names are that contract (documented in ``docs/reports.md``): a
handling command must write exactly these actions and keys.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.sql import ColumnElement

from ..storage.tables import AuditEventRow

__all__ = [
    "ACCOUNTABILITY",
    "CLOSE",
    "CONTACT",
    "DEPARTMENT",
    "FINAL_RESPONSE",
    "REDRESS",
    "ROOT_CAUSE",
    "UPHELD",
    "data_text",
]

#: ``{"department": str, "person": str | None, "upheld": bool}``; the latest one counts.
ACCOUNTABILITY = "accountability"
DEPARTMENT = "department"
UPHELD = "upheld"

#: The closing event; its data carries ``{"root_cause": str, "redress": "decimal string"}``.
CLOSE = "close"
ROOT_CAUSE = "root_cause"
REDRESS = "redress"

#: A contact with the customer; the first one ends "time to first contact" (S9).
CONTACT = "record_contact"
#: The bank's answer to the customer (what DISP calls the final response).
FINAL_RESPONSE = "propose_resolution"

_events = AuditEventRow.__table__


def data_text(key: str) -> ColumnElement[Any]:
    """``audit_events.data[key]`` as text, in SQL, on every backend."""
    text: ColumnElement[Any] = _events.c.data[key].as_string()
    return text
