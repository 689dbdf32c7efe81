"""The default storage backend (SQLAlchemy 2) and its plugin."""

from . import load_triggers, outcome_triggers, report_triggers, schema
from .bulk import BulkReport, Registration, bulk_register
from .connection import make_engine
from .sqlstore import SqlStore, SqlUnitOfWork

__all__ = [
    "BulkReport",
    "Registration",
    "SqlStore",
    "SqlUnitOfWork",
    "bulk_register",
    "load_triggers",
    "make_engine",
    "outcome_triggers",
    "report_triggers",
    "schema",
]
