"""Bulk import through ``storage.bulk_register``: rate and memory while streaming rows.

Run: ``PYTHONPATH=src python benchmarks/bench_bulk.py [rows] [batch]``
(defaults 200,000 rows, 2,000 per transaction).

Rows come from a generator, as they would from an old system's export, so
only one batch is ever in memory.  Each imported complaint writes its row
(sensitive fields encrypted with AES-GCM), one audit event, two SLA clocks
and one outbox message.  Every 10 % the script prints the rate so far and the
process's resident memory: flat memory means the import streams.  A
baseline in the same process writes copies of the same rows with raw
SQLAlchemy Core ``executemany`` in the same batches, without building
domain objects, numbering, chaining or encrypting.
"""

from __future__ import annotations

import resource
import sys
import tempfile
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

from _databases import sqlite_url
from _timing import Stopwatch, load_note
from sqlalchemy import insert, select

from greenchannel_sdk.domain import (
    AuditEvent,
    Category,
    Classification,
    ClockGoal,
    ClockState,
    Complaint,
    CustomerIdentity,
    OutboxMessage,
    Priority,
    PriorityAssessment,
    Status,
)
from greenchannel_sdk.storage import Registration, SqlStore, bulk_register, make_engine
from greenchannel_sdk.storage.tables import AuditEventRow, ClockRow, ComplaintRow, OutboxRow
from greenchannel_sdk.testing import make_sdk

START = datetime(2020, 1, 1, tzinfo=timezone.utc)
GOALS = (ClockGoal(name="first_contact", duration=timedelta(hours=24)),
         ClockGoal(name="resolution", duration=timedelta(days=15)))
TEXT = "客户反映信用卡年费被重复收取，要求退还并说明原因。"


def legacy_rows(first: int, stop: int) -> Iterator[int]:
    """Stands for a cursor over an old system's export: yields one record id at a time."""
    yield from range(first, stop)


def build(index: int, sequence: int) -> Registration:
    complaint_id = str(uuid.uuid4())
    received = START + timedelta(minutes=index)
    complaint = Complaint(
        id=complaint_id, number=f"GC-LEGACY-{sequence:08d}", status=Status.CLOSED,
        channel="legacy", external_id=f"old-{index}", received_at=received,
        registered_at=received, text=TEXT,
        classification=Classification(category=Category.PRODUCT_SERVICE, confidence=1.0,
                                      reasons=("carried over from the old system",)),
        priority=PriorityAssessment(priority=Priority.NORMAL),
        customer=CustomerIdentity(customer_ref=f"cust-{index % 50_000}", name="李四",
                                  phone="13900139000"))
    clocks = tuple(ClockState(complaint_id=complaint_id, name=goal.name, policy="legacy",
                              goal=goal, started_at=received, due_at=received + goal.duration,
                              next_check_at=None) for goal in GOALS)
    return Registration(
        complaint=complaint,
        events=(AuditEvent(complaint_id=complaint_id, seq=0, at=received, actor="import",
                           action="import", from_status=None, to_status=Status.CLOSED.value,
                           reason="imported from the old system"),),
        clocks=clocks,
        outbox=(OutboxMessage(id=str(uuid.uuid4()), complaint_id=complaint_id,
                              topic="complaint.imported", notifier="log",
                              payload={"number": complaint.number}, created_at=received),))


def rss_mb() -> float:
    """Resident memory now (Linux), in MB."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def import_rate(url: str, rows: int,
                batch: int) -> tuple[tuple[float, float], list[dict[str, Any]]]:
    with make_sdk(tempfile.mkdtemp(prefix="gc-bench-"), database_url=url) as sdk:
        store = sdk.store
        assert isinstance(store, SqlStore)
        step = max(rows // 10, batch)
        watch = Stopwatch()
        done = 0
        print(f"{'rows':>10}{'rows/s wall':>13}{'rows/s cpu':>12}{'RSS MB':>9}")
        while done < rows:
            part = min(step, rows - done)
            with watch:
                bulk_register(store, legacy_rows(done, done + part),
                              scope_of=lambda _index: "legacy", build=build, batch_size=batch)
            done += part
            wall, cpu = watch.rates(done)
            print(f"{done:>10,}{wall:>13,.0f}{cpu:>12,.0f}{rss_mb():>9.1f}")
        sample = _sample_rows(store)
    return watch.rates(rows), sample


def _sample_rows(store: SqlStore) -> list[dict[str, Any]]:
    tables = [cls.__table__ for cls in (ComplaintRow, AuditEventRow, ClockRow, OutboxRow)]
    with store.engine.connect() as conn:
        rows = [dict(conn.execute(select(table).limit(1)).mappings().one()) for table in tables]
    rows[1].pop("id")
    return rows


def baseline_rate(url: str, rows: int, batch: int,
                  sample: list[dict[str, Any]]) -> tuple[float, float]:
    engine = make_engine(url)
    from greenchannel_sdk.storage import schema

    schema.upgrade(engine)
    complaint, audit, clock, outbox = sample
    statements = [insert(cls) for cls in (ComplaintRow, AuditEventRow, ClockRow,
                                                    OutboxRow)]
    watch = Stopwatch()
    for first in range(0, rows, batch):
        ids = [str(uuid.uuid4()) for _ in range(first, min(first + batch, rows))]
        with watch, engine.begin() as conn:
            conn.execute(statements[0], [{**complaint, "id": cid, "number": f"B{first + i}",
                                          "external_id": f"b-{first + i}"}
                                         for i, cid in enumerate(ids)])
            conn.execute(statements[1], [{**audit, "complaint_id": cid} for cid in ids])
            conn.execute(statements[2], [{**clock, "complaint_id": cid, "name": name}
                                         for cid in ids for name in ("a", "b")])
            conn.execute(statements[3], [{**outbox, "complaint_id": cid, "id": cid}
                                         for cid in ids])
    engine.dispose()
    return watch.rates(rows)


def main(argv: list[str]) -> int:
    rows = int(argv[0]) if argv else 200_000
    batch = int(argv[1]) if len(argv) > 1 else 2_000
    print(f"bulk import of {rows:,} complaints, {batch:,} per transaction, SQLite file "
          f"({load_note()})\n")
    with sqlite_url("bulk") as url:
        imported, sample = import_rate(url, rows, batch)
    with sqlite_url("bulk-baseline") as url:
        baseline = baseline_rate(url, rows, batch, sample)
    print(f"\n{'complaints/s':<26}{'wall':>10}{'cpu':>10}")
    print(f"{'bulk_register':<26}{imported[0]:>10,.0f}{imported[1]:>10,.0f}")
    print(f"{'raw Core executemany':<26}{baseline[0]:>10,.0f}{baseline[1]:>10,.0f}")
    print(f"{'ratio':<26}{imported[0] / baseline[0]:>10.2f}{imported[1] / baseline[1]:>10.2f}")
    print(f"\n({load_note()})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
