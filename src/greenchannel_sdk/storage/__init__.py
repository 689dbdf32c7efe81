"""The default storage backend (SQLAlchemy 2) and its plugin."""

from .sqlstore import SqlStore, SqlUnitOfWork, make_engine

__all__ = ["SqlStore", "SqlUnitOfWork", "make_engine"]
