"""The default storage backend (SQLAlchemy 2) and its plugin."""

from .connection import make_engine
from .sqlstore import SqlStore, SqlUnitOfWork

__all__ = ["SqlStore", "SqlUnitOfWork", "make_engine"]
