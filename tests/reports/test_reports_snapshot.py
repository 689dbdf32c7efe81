"""A report reads one snapshot, however many connections it runs its queries on (S17, S24).

On PostgreSQL the report's queries run side by side on connections that
import the first one's snapshot; a complaint registered while the report
runs must be in every figure or in none.  SQLite reads through one
connection.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future
from datetime import timedelta
from typing import Any

import pytest
from reports_dataset import AS_OF, MARCH, DataSet
from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from greenchannel_sdk import GreenChannel
from greenchannel_sdk.reports import Period, build_report
from greenchannel_sdk.reports.snapshot import Lanes, QueryNotRun, snapshot_connections
from greenchannel_sdk.storage.tables import ComplaintRow, ReportFactRow
from greenchannel_sdk.testing import make_draft


def _count(conn: Connection, row: type[ComplaintRow] | type[ReportFactRow]) -> int:
    return int(conn.execute(select(func.count()).select_from(row)).scalar_one())


def test_every_connection_reads_the_snapshot_of_the_first(any_sdk: GreenChannel) -> None:
    """A complaint committed after the snapshot was taken is invisible to every reader."""
    any_sdk.intake(make_draft(external_id="before"))
    engine = any_sdk.store.engine
    with snapshot_connections(engine, 3) as readers:
        expected = 1 if engine.dialect.name == "sqlite" else 3
        assert len(readers) == expected
        # The later connections have run no query of their own yet: without the imported
        # snapshot they would take theirs now, after the new complaint was committed.
        if engine.dialect.name == "postgresql":
            any_sdk.intake(make_draft(external_id="during"))
        seen = [(_count(conn, ComplaintRow), _count(conn, ReportFactRow)) for conn in readers]
    assert seen == [(1, 1)] * len(readers)
    with engine.connect() as conn:
        assert _count(conn, ComplaintRow) == (2 if engine.dialect.name == "postgresql" else 1)


def test_reports_on_one_and_on_several_connections_agree(dataset: DataSet) -> None:
    engine = dataset.sdk.store.engine
    one = build_report(engine, MARCH, as_of=AS_OF, connections=1)
    assert build_report(engine, MARCH, as_of=AS_OF, connections=4) == one
    assert one.volume.total == 6


def test_a_report_needs_a_connection(dataset: DataSet) -> None:
    with pytest.raises(ValueError, match="at least one connection, not 0"):
        build_report(dataset.sdk.store.engine, MARCH, connections=0)


def test_lanes_run_on_free_connections(any_sdk: GreenChannel) -> None:
    """Queries run in parallel where there are several connections."""
    engine = any_sdk.store.engine
    with snapshot_connections(engine, 2) as readers, Lanes(readers) as lanes:
        threads = [lanes.submit(lambda conn: (threading.get_ident(), conn)) for _ in range(4)]
        used = {id(conn) for _ident, conn in (f.result() for f in threads)}
        assert used <= {id(conn) for conn in readers}
    if engine.dialect.name == "sqlite":
        # One connection: queries run at once, in the caller's thread (SQLite's rule).
        assert {f.result()[0] for f in threads} == {threading.get_ident()}


def test_the_first_failed_query_is_the_error_a_report_raises(any_sdk: GreenChannel) -> None:
    """Later queries are not run, and leaving the lanes raises the cause, not a consequence.

    On PostgreSQL a failed query aborts its connection's transaction; a
    later query on it would fail with "current transaction is aborted",
    which says nothing about what went wrong.
    """
    engine = any_sdk.store.engine
    ran: list[str] = []
    futures: list[Future[Any]] = []

    def fail_then_read_the_later_query_first() -> None:
        with snapshot_connections(engine, 2) as readers, Lanes(readers) as lanes:
            futures.append(lanes.submit(
                lambda conn: conn.exec_driver_sql("SELECT * FROM no_such_table")))
            futures[0].exception()  # wait for the failure
            futures.append(lanes.submit(lambda conn: ran.append("later")))
            futures[1].result()

    with pytest.raises(Exception, match="no_such_table") as raised:
        fail_then_read_the_later_query_first()
    failed, later = futures
    assert raised.value is failed.exception()
    skipped = later.exception()
    assert isinstance(skipped, QueryNotRun)
    assert "an earlier query of this report failed" in str(skipped)
    assert skipped.__cause__ is failed.exception()
    assert ran == []


@pytest.mark.parametrize("connections", [1, 2])
def test_a_report_raises_the_failure_not_an_aborted_transaction(any_sdk: GreenChannel,
                                                                 connections: int) -> None:
    """A report whose clock query fails says which table is missing.

    On PostgreSQL the queries after it on the same connection (the
    milestones, which the report reads before the clocks) would otherwise
    fail with "current transaction is aborted", and that would be the error.
    """
    any_sdk.intake(make_draft())
    engine = any_sdk.store.engine
    with engine.begin() as conn:
        conn.exec_driver_sql("ALTER TABLE clock_facts RENAME TO clock_facts_moved")
    with pytest.raises(Exception, match="clock_facts") as raised:
        build_report(engine, Period(AS_OF - timedelta(days=30), AS_OF), as_of=AS_OF,
                     connections=connections)
    assert not isinstance(raised.value, QueryNotRun)
    assert "current transaction is aborted" not in str(raised.value)


def test_several_connections_run_without_parallel_workers(any_sdk: GreenChannel) -> None:
    """Each connection already keeps a core busy; workers on top would queue for the same cores.

    A report on one connection leaves the server's setting alone, so the
    server may still spread a single long query over its workers.
    """
    engine = any_sdk.store.engine
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite reads through one connection and has no parallel workers")

    def workers(conn: Connection) -> str:
        return str(conn.exec_driver_sql("SHOW max_parallel_workers_per_gather").scalar_one())

    with engine.connect() as conn:
        default = workers(conn)
    assert default != "0"  # the server's own setting, which one connection keeps
    with snapshot_connections(engine, 1) as readers:
        assert [workers(conn) for conn in readers] == [default]
    with snapshot_connections(engine, 3) as readers:
        assert [workers(conn) for conn in readers] == ["0", "0", "0"]
    with engine.connect() as conn:
        assert workers(conn) == default  # SET LOCAL: gone with the report's transaction
