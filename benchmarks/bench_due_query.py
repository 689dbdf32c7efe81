"""'What is due now' over 1,000,000 open complaints' clocks on PostgreSQL (S22).

Run: ``GREENCHANNEL_BENCH_POSTGRES_URL=postgresql+psycopg://... \\
PYTHONPATH=src python benchmarks/bench_due_query.py [clocks] [due-percent]``
(defaults 1,000,000 clocks, 1 % due).

Loads the clocks with COPY into a fresh schema, ANALYZEs, then times, for
the sweeper's batch of 500 and for every due clock: the query on the server
(EXPLAIN ANALYZE's execution time), the query seen from Python (rows locked
with SKIP LOCKED, sent and fetched), and the whole
``SqlUnitOfWork.clocks_due`` call (the query plus turning each row into a
``ClockState``).  It prints the query plan.  The baseline, in the same
process, is the same query after dropping the index: what the sweep would
cost as a scan.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
import uuid
from datetime import datetime, timedelta, timezone

from _databases import postgres_base_url, postgres_url
from _timing import load_note
from sqlalchemy import Engine, text

from greenchannel_sdk.domain import ClockGoal, ClockState, unstructure
from greenchannel_sdk.storage import SqlStore
from greenchannel_sdk.storage.sqlstore import due_clocks_statement

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=timezone.utc)
COLUMNS = ("complaint_id", "name", "cycle", "policy", "status", "statutory", "started_at",
           "due_at", "next_check_at", "state")


def load_clocks(engine: Engine, count: int, due_percent: float) -> None:
    """COPY ``count`` running clocks; ``due_percent`` of them have their next check before NOW."""
    goal = ClockGoal(name="resolution", duration=timedelta(days=15))
    template = unstructure(ClockState(
        complaint_id="", name="resolution", policy="scheme-default", goal=goal,
        started_at=NOW - timedelta(days=3), due_at=NOW + timedelta(days=12),
        next_check_at=NOW))
    every = round(100 / due_percent)
    raw = engine.raw_connection()
    try:
        with raw.cursor() as cur, cur.copy(  # type: ignore[attr-defined]
                f"COPY sla_clocks ({', '.join(COLUMNS)}) FROM STDIN") as copy:
            for i in range(count):
                complaint_id = str(uuid.uuid4())
                offset = -timedelta(minutes=i % 600) if i % every == 0 \
                    else timedelta(hours=1 + i % 5000)
                check = NOW + offset
                state = json.dumps({**template, "complaint_id": complaint_id,
                                    "next_check_at": check.isoformat()})
                copy.write_row((complaint_id, "resolution", 1, "scheme-default", "running",
                                False, NOW - timedelta(days=3), NOW + timedelta(days=12),
                                check, state))
        raw.commit()
    finally:
        raw.close()
    with engine.begin() as conn:
        conn.execute(text("ANALYZE sla_clocks"))


def time_query(engine: Engine, limit: int, rounds: int = 15) -> tuple[float, int]:
    """Median milliseconds of the due query alone (locked, fetched), and the rows it found."""
    timings = []
    found = 0
    for _ in range(rounds):
        with engine.begin() as conn:
            start = time.perf_counter()
            found = len(conn.execute(due_clocks_statement(NOW, limit, locking=True)).all())
            timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings), found


def time_call(store: SqlStore, limit: int, rounds: int = 15) -> float:
    """Median milliseconds of ``clocks_due(NOW, limit)``, rows mapped to ``ClockState``."""
    timings = []
    for _ in range(rounds):
        with store.unit_of_work() as uow:
            start = time.perf_counter()
            uow.clocks_due(NOW, limit)
            timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def plan(engine: Engine, limit: int) -> list[str]:
    """EXPLAIN (ANALYZE, BUFFERS) of the due query: it runs on the server, as the SDK runs it."""
    stmt = due_clocks_statement(NOW, limit, locking=True)
    compiled = stmt.compile(dialect=engine.dialect)
    with engine.begin() as conn:
        rows = conn.exec_driver_sql(f"EXPLAIN (ANALYZE, BUFFERS) {compiled.string}",
                                    compiled.params)
        return [str(row[0]) for row in rows]


def server_ms(engine: Engine, limit: int, rounds: int = 7) -> float:
    """Median execution time on the server (EXPLAIN ANALYZE), the first run being cold."""
    return statistics.median(
        float(next(line for line in plan(engine, limit) if line.startswith("Execution Time"))
              .split(":")[1].split()[0])
        for _ in range(rounds))


def main(argv: list[str]) -> int:
    count = int(argv[0]) if argv else 1_000_000
    due_percent = float(argv[1]) if len(argv) > 1 else 1.0
    base = postgres_base_url()
    if base is None:
        print("skipped: set GREENCHANNEL_BENCH_POSTGRES_URL (a PostgreSQL SQLAlchemy URL)")
        return 0
    with postgres_url(base) as url:
        store = SqlStore(url)
        started = time.perf_counter()
        load_clocks(store.engine, count, due_percent)
        print(f"loaded {count:,} running clocks ({due_percent:g} % due) in "
              f"{time.perf_counter() - started:.0f} s ({load_note()})\n")
        limits = sorted({500, round(count * due_percent / 100)})
        indexed = {limit: (server_ms(store.engine, limit),
                           *time_query(store.engine, limit), time_call(store, limit))
                   for limit in limits}
        print("plan with the index, batch of 500:")
        print("\n".join(f"    {line}" for line in plan(store.engine, 500)))
        with store.engine.begin() as conn:
            conn.execute(text("DROP INDEX ix_sla_clocks_next_check_at"))
        scanned = {limit: server_ms(store.engine, limit, rounds=3) for limit in limits}
        store.close()
    print(f"\n{'ms':<16}{'server':>8}{'from Python':>13}{'clocks_due':>12}"
          f"{'server, no index':>18}{'clocks':>9}")
    for limit, (server, query_ms, found, call_ms) in indexed.items():
        print(f"{f'limit {limit:,}':<16}{server:>8.1f}{query_ms:>13.1f}{call_ms:>12.1f}"
              f"{scanned[limit]:>18.1f}{found:>9,}")
    print(f"\n({load_note()})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
