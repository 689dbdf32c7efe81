"""Opening a database the way the SDK needs, and turning driver errors into SDK errors.

SQLite is opened the way a multi-process embedded database needs: WAL
journal, foreign keys on, a busy timeout, and ``BEGIN IMMEDIATE`` so a
writer takes the write lock at the start of its transaction instead of
failing half-way when it upgrades a read lock.  Connections are pooled:
opening and closing an SQLite file per command costs more than the command.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from ..errors import StorageError

__all__ = ["make_engine", "safe_label", "translated_errors"]

#: How long an SQLite writer waits for another process's write lock.
SQLITE_BUSY_TIMEOUT_MS = 30_000


def make_engine(url: str, *, sqlite_busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS) -> Engine:
    """An engine configured for the SDK's transaction pattern on either backend."""
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True)
    engine = create_engine(url)

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout={int(sqlite_busy_timeout_ms)}")
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        # Erasure destroys data keys: zero what a delete or update frees, so the old bytes
        # of a destroyed key do not linger in the file's free space.
        cur.execute("PRAGMA secure_delete=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _sqlite_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def safe_label(url: str | URL) -> str:
    """The URL without its password, for error messages."""
    return make_url(url).render_as_string(hide_password=True)


@contextmanager
def translated_errors(url: str | URL) -> Iterator[None]:
    """Turn driver errors into :class:`StorageError` messages that say what to do.

    Used around a whole transaction, so "nothing was written" is true: the
    transaction has been rolled back by the time the error reaches the caller.
    Messages name the database without its password, and blank the password
    should a driver echo it back.
    """
    parsed = make_url(url)
    label = safe_label(parsed)
    try:
        yield
    except IntegrityError as exc:
        raise StorageError(f"the database refused the write on {label}: a constraint "
                           f"was violated ({exc.orig.__class__.__name__}); nothing was "
                           "written") from exc
    except OperationalError as exc:
        reason = f"{exc.orig.__class__.__name__}: {exc.orig}".strip()
        if parsed.password:
            reason = reason.replace(str(parsed.password), "***")
        if "locked" in reason.lower() or "busy" in reason.lower():
            raise StorageError(f"{label} stayed locked by another writer past the busy "
                               "timeout; nothing was written; retry the command") from exc
        raise StorageError(f"cannot use the database at {label} ({reason}). Check that it "
                           "is running and the URL is right; nothing was written") from exc
    except DBAPIError as exc:
        raise StorageError(f"database error on {label}: {exc.orig.__class__.__name__}; "
                           "nothing was written") from exc
