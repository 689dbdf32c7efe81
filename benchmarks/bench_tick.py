"""How long one SLA sweep takes over a million open complaints on PostgreSQL (S22, issue 4).

Run: ``PYTHONPATH=src python benchmarks/bench_tick.py [POSTGRES_URL] [--complaints N]
[--due-percent P]``

The URL defaults to ``GREENCHANNEL_BENCH_POSTGRES_URL``, then
``GREENCHANNEL_TEST_POSTGRES_URL``.  The benchmark works in a schema of its
own, dropped at the end.

Setup does not go through the facade: one template complaint row and two
template clock rows (one due, one not) are written with the storage mapping,
then copied server-side with ``INSERT ... SELECT generate_series`` into N
complaints with one running first-contact clock each; P % of the clocks are
due (their 50 % warning fell due an hour ago), the rest fall due later.

Measured, in the same process: the baseline, the bare indexed select of the
due clocks (``clocks_due`` for the same rows, what any sweeper has to read);
one ``tick`` that checks every due clock and writes its warning (clock,
audit event, outbox message per clock); and a second ``tick`` with nothing
due, the cost a sweeper pays on every run regardless of how many complaints
are open.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import uuid
from datetime import datetime, timedelta, timezone

from sqlalchemy import create_engine, text

from greenchannel_sdk import GreenChannel, Settings
from greenchannel_sdk.domain import (
    Category,
    Classification,
    ClockGoal,
    Complaint,
    CustomerIdentity,
    Priority,
    PriorityAssessment,
    Status,
)
from greenchannel_sdk.sla import ElapsedCalendar, start
from greenchannel_sdk.storage import mapping
from greenchannel_sdk.storage.tables import ClockRow, ComplaintRow
from greenchannel_sdk.store import PlainCodec

NOW = datetime(2026, 3, 2, 13, 0, tzinfo=timezone.utc)
GOAL = ClockGoal("first_contact", timedelta(hours=24), source="bench")
CALENDARS = {"24x7": ElapsedCalendar()}


def _template_complaint() -> Complaint:
    return Complaint(
        id="template", number="TEMPLATE", status=Status.ASSIGNED, channel="web",
        external_id="template", received_at=NOW - timedelta(hours=13),
        registered_at=NOW - timedelta(hours=13), text="bench complaint text",
        classification=Classification(Category.STAFF_SERVICE, 0.9),
        priority=PriorityAssessment(Priority.NORMAL), customer=CustomerIdentity(),
        language="en")


def _setup(url: str, complaints: int, due_percent: float) -> None:
    """Write the template rows, then copy them server-side into ``complaints`` each."""
    engine = create_engine(url)
    complaint_row = mapping.complaint_to_row(_template_complaint(), PlainCodec())
    due = start(GOAL, complaint_id="template", policy="bench", at=NOW - timedelta(hours=13),
                calendars=CALENDARS)
    later = start(GOAL, complaint_id="template", policy="bench", at=NOW - timedelta(hours=1),
                  calendars=CALENDARS)
    every = max(1, round(100 / due_percent))
    with engine.begin() as conn:
        conn.execute(ComplaintRow.__table__.insert(), complaint_row)
        for name, clock in (("due", due), ("later", later)):
            row = mapping.clock_to_row(clock)
            row["complaint_id"] = f"template-{name}"
            conn.execute(ClockRow.__table__.insert(), row)
    copied = [c for c in complaint_row if c not in ("id", "number", "external_id")]
    started = time.perf_counter()
    with engine.begin() as conn:
        conn.execute(text(
            f"INSERT INTO complaints (id, number, external_id, {', '.join(copied)}) "
            f"SELECT md5(i::text)::uuid::text, 'BENCH-' || i, 'bench-' || i, "
            f"{', '.join('t.' + c for c in copied)} "
            f"FROM complaints t, generate_series(1, :n) AS i WHERE t.id = 'template'"),
            {"n": complaints})
        conn.execute(text(
            "INSERT INTO sla_clocks (complaint_id, name, cycle, policy, status, statutory, "
            "started_at, due_at, next_check_at, stopped_at, breached_at, state) "
            "SELECT md5(i::text)::uuid::text, k.name, k.cycle, k.policy, k.status, "
            "k.statutory, k.started_at, k.due_at, k.next_check_at, k.stopped_at, "
            "k.breached_at, "
            "(k.state::jsonb || jsonb_build_object('complaint_id', md5(i::text)::uuid::text))"
            "::json "
            "FROM generate_series(1, :n) AS i JOIN sla_clocks k ON k.complaint_id = "
            "CASE WHEN i % :every = 0 THEN 'template-due' ELSE 'template-later' END"),
            {"n": complaints, "every": every})
        conn.execute(text("DELETE FROM sla_clocks WHERE complaint_id LIKE 'template-%'"))
        conn.execute(text("DELETE FROM complaints WHERE id = 'template'"))
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE complaints"))
        conn.execute(text("VACUUM ANALYZE sla_clocks"))
    print(f"setup: {complaints:,} complaints and clocks copied in "
          f"{time.perf_counter() - started:.1f} s")
    engine.dispose()


def _baseline(sdk: GreenChannel, limit: int) -> tuple[float, int]:
    """The bare indexed select of the due clocks, best of three."""
    best, found = float("inf"), 0
    for _ in range(3):
        started = time.perf_counter()
        with sdk.store.unit_of_work() as uow:
            found = len(uow.clocks_due(NOW, limit))
        best = min(best, time.perf_counter() - started)
    return best, found


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", nargs="?", default=os.environ.get(
        "GREENCHANNEL_BENCH_POSTGRES_URL", os.environ.get("GREENCHANNEL_TEST_POSTGRES_URL")))
    parser.add_argument("--complaints", type=int, default=1_000_000)
    parser.add_argument("--due-percent", type=float, default=1.0)
    args = parser.parse_args(argv)
    if not args.url or not args.url.startswith("postgresql"):
        parser.error("give a PostgreSQL URL (or set GREENCHANNEL_BENCH_POSTGRES_URL)")
    schema = f"bench_tick_{uuid.uuid4().hex[:8]}"
    admin = create_engine(args.url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in args.url else "?"
    url = f"{args.url}{separator}options=-csearch_path%3D{schema}"
    try:
        sdk = GreenChannel(Settings(database_url=url, load_entry_points=False))
        _setup(url, args.complaints, args.due_percent)
        expected = round(args.complaints * args.due_percent / 100)
        select_seconds, found = _baseline(sdk, expected)
        started = time.perf_counter()
        report = sdk.tick(NOW)
        tick_seconds = time.perf_counter() - started
        started = time.perf_counter()
        idle = sdk.tick(NOW)
        idle_seconds = time.perf_counter() - started
        sdk.close()
        print(f"open complaints: {args.complaints:,}; due clocks: {found:,}")
        print(f"baseline, bare clocks_due select of the due rows: {select_seconds:.3f} s")
        print(f"tick (checked {report.checked:,}, {report.warnings:,} warnings written): "
              f"{tick_seconds:.3f} s ({tick_seconds / max(report.checked, 1) * 1e6:.0f} us "
              "per due clock)")
        print(f"tick with nothing due (checked {idle.checked}): {idle_seconds * 1000:.1f} ms")
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
