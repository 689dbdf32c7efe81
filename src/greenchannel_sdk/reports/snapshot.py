"""One read snapshot for a whole report, shared by one or more connections.

A report's figures must agree with each other: a complaint registered
while the report runs may not appear in one table and be missing from the
next.  So every query of a report reads the same snapshot.

On PostgreSQL the report's independent queries also run side by side, each
on its own connection and server process: the first connection opens a
``REPEATABLE READ`` transaction and exports its snapshot
(``pg_export_snapshot()``), the others import it (``SET TRANSACTION
SNAPSHOT``) before their first read, the way ``pg_dump --jobs`` does, so
all of them see exactly the same data.  A grouped scan keeps one server
core busy; with several connections a report uses as many cores as it has
connections.  SQLite has no way to share a snapshot between connections,
so there a report reads through one.
"""

from __future__ import annotations

import queue
import re
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from typing import TypeVar

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

__all__ = ["WORK_MEM", "Lanes", "QueryNotRun", "snapshot_connections"]

T = TypeVar("T")

#: PostgreSQL ``work_mem`` for the report's own transactions.
WORK_MEM = "128MB"
#: What ``pg_export_snapshot()`` returns (hex words and a counter, joined by dashes).
_SNAPSHOT_ID = re.compile(r"[0-9A-Fa-f]+(-[0-9A-Fa-f]+)+")


@contextmanager
def snapshot_connections(engine: Engine, count: int) -> Iterator[list[Connection]]:
    """``count`` connections (one on SQLite) reading one snapshot until the block ends."""
    if count < 1:
        raise ValueError(f"a report needs at least one connection, not {count}")
    with ExitStack() as stack:
        first = stack.enter_context(engine.connect())
        if engine.dialect.name != "postgresql":
            _sqlite_read(first)
            yield [first]
            return
        _postgres_read(first, alone=count == 1)
        connections = [first]
        if count > 1:
            snapshot = first.execute(text("SELECT pg_export_snapshot()")).scalar_one()
            if not _SNAPSHOT_ID.fullmatch(snapshot):
                raise RuntimeError(f"unexpected snapshot id from PostgreSQL: {snapshot!r}")
            for _ in range(count - 1):
                other = stack.enter_context(engine.connect())
                _postgres_read(other, alone=False, snapshot=snapshot)
                connections.append(other)
        yield connections


def _postgres_read(conn: Connection, *, alone: bool, snapshot: str | None = None) -> None:
    """A ``REPEATABLE READ`` transaction, on the exported ``snapshot`` when given.

    ``work_mem`` is raised for the report's sorts and JIT compilation is off
    (``SET LOCAL`` ends with the transaction): each query is one pass of
    simple aggregates, and compiling them cost more than it saved (up to a
    tenth of a second per query).  A connection that is not ``alone`` also
    runs its queries without parallel workers: the report already keeps a
    core busy per connection, and workers on top only queue for the same
    cores and cost their start-up.
    """
    conn.execution_options(isolation_level="REPEATABLE READ")
    conn.begin()
    if snapshot is not None:
        # Must come before the transaction's first query; a utility command takes no
        # bind parameters, and the id was checked against its shape.
        conn.exec_driver_sql(f"SET TRANSACTION SNAPSHOT '{snapshot}'")
    conn.execute(text(f"SET LOCAL work_mem = '{WORK_MEM}'"))
    conn.execute(text("SET LOCAL jit = off"))
    if not alone:
        conn.execute(text("SET LOCAL max_parallel_workers_per_gather = 0"))


def _sqlite_read(conn: Connection) -> None:
    """A transaction open before the first read.

    The store's engine opens its own; a plain engine gets a deferred
    ``BEGIN``, which takes no write lock.
    """
    conn.begin()
    if not conn.connection.dbapi_connection.in_transaction:  # type: ignore[union-attr]
        conn.exec_driver_sql("BEGIN")


class Lanes:
    """Runs queries on whichever of the snapshot's connections is free.

    With one connection a query runs at once, in the caller's thread (an
    SQLite connection belongs to the thread that opened it).  With more,
    each query runs in a worker thread on a free connection; the database
    driver releases the interpreter while the server works, so the
    queries run side by side on the server.  Submit the longest first.

    The first query that fails decides the error.  On PostgreSQL a failed
    query aborts its connection's transaction, so every later query on it
    would fail too, with "current transaction is aborted" instead of the
    cause; so once one has failed the queries not yet started are not run
    (their futures raise :class:`QueryNotRun`, caused by the failure), and
    leaving the ``with`` block raises the first failure itself, whichever
    future the caller happened to read first.
    """

    def __init__(self, connections: Sequence[Connection]) -> None:
        self._free: queue.SimpleQueue[Connection] = queue.SimpleQueue()
        for conn in connections:
            self._free.put(conn)
        self._first = connections[0]
        self._pool = (ThreadPoolExecutor(len(connections), thread_name_prefix="report")
                      if len(connections) > 1 else None)
        self._failure: Exception | None = None
        self._failure_lock = threading.Lock()

    @property
    def parallel(self) -> bool:
        """Whether queries run side by side (more than one connection)."""
        return self._pool is not None

    def __enter__(self) -> Lanes:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
        if self._failure is not None and (kind is None or issubclass(kind, Exception)):
            # An error the caller's block raised (a QueryNotRun, or an aborted transaction
            # read off a later future) follows from this one; an interrupt goes on as it is.
            raise self._failure from None

    def submit(self, query: Callable[[Connection], T]) -> Future[T]:
        """Run ``query(connection)``; its result (or error) comes from the future."""
        if self._pool is not None:
            return self._pool.submit(self._on_free_connection, query)
        done: Future[T] = Future()
        try:
            done.set_result(self._run(query, self._first))
        except Exception as error:  # raised to the caller by result(), as from a thread
            done.set_exception(error)
        return done

    def _on_free_connection(self, query: Callable[[Connection], T]) -> T:
        conn = self._free.get()
        try:
            return self._run(query, conn)
        finally:
            self._free.put(conn)

    def _run(self, query: Callable[[Connection], T], conn: Connection) -> T:
        failure = self._failure
        if failure is not None:
            raise QueryNotRun("not run: an earlier query of this report failed") from failure
        try:
            return query(conn)
        except Exception as error:
            with self._failure_lock:
                if self._failure is None:
                    self._failure = error
            raise


class QueryNotRun(RuntimeError):
    """A report query skipped because an earlier one failed (its ``__cause__``)."""
