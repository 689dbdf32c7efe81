"""How long one SLA sweep takes over a million open complaints (S22, issue 4).

Run: ``PYTHONPATH=src python benchmarks/bench_tick.py [--complaints N] [--due-percent P]
[--backend sqlite|postgresql|both]``

PostgreSQL is used when ``GREENCHANNEL_BENCH_POSTGRES_URL`` (or
``GREENCHANNEL_TEST_POSTGRES_URL``) is set, in a schema of its own dropped at
the end; SQLite works in a temporary file.

Setup does not go through the facade: one template complaint row and two
template clock rows (one due, one not) are written with the storage mapping,
then copied inside the database (``INSERT ... SELECT`` over a generated
series) into N complaints with one running first-contact clock each; P % of
the clocks are due (their 50 % warning fell due an hour ago), the rest later.

Measured in the same process, on the same rows:

- the baseline: what any sweeper must do at the least, in one transaction:
  the bare indexed select of the due clocks (``clocks_due``, locking them on
  PostgreSQL) and one bulk ``UPDATE`` writing the same rows back;
- one ``tick``: claims the complaints in batches, checks every due clock and
  writes its warning (clock, chained audit event, outbox message), set-wise;
- a second ``tick`` with nothing due, the price of a sweep whatever the
  number of open complaints.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime, timedelta, timezone

from _databases import backends
from _timing import Stopwatch, load_note
from sqlalchemy import Engine, create_engine, text

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
    verify_chain,
)
from greenchannel_sdk.sla import ElapsedCalendar, start
from greenchannel_sdk.storage import mapping
from greenchannel_sdk.storage.sqlstore import due_clocks_statement
from greenchannel_sdk.storage.tables import ClockRow, ComplaintRow
from greenchannel_sdk.store import PlainCodec

NOW = datetime(2026, 3, 2, 13, 0, tzinfo=timezone.utc)
GOAL = ClockGoal("first_contact", timedelta(hours=24), source="bench")
CALENDARS = {"24x7": ElapsedCalendar()}

#: The generated id of complaint ``i`` (a UUID-shaped string), per dialect.
_ID = {"postgresql": "'00000000-0000-4000-8000-' || lpad(i::text, 12, '0')",
       "sqlite": "'00000000-0000-4000-8000-' || printf('%012d', i)"}
_SERIES = {"postgresql": "generate_series(1, :n) AS g(i)",
           "sqlite": "series"}
_RECURSIVE = {"postgresql": "",
              "sqlite": "WITH RECURSIVE series(i) AS (SELECT 1 UNION ALL SELECT i + 1 "
                        "FROM series WHERE i < :n) "}
_STATE = {"postgresql": "(k.state::jsonb || jsonb_build_object('complaint_id', {id}))::json",
          "sqlite": "json_set(k.state, '$.complaint_id', {id})"}


def _template_complaint() -> Complaint:
    return Complaint(
        id="template", number="TEMPLATE", status=Status.ASSIGNED, channel="web",
        external_id="template", received_at=NOW - timedelta(hours=13),
        registered_at=NOW - timedelta(hours=13), text="bench complaint text",
        classification=Classification(Category.STAFF_SERVICE, 0.9),
        priority=PriorityAssessment(Priority.NORMAL), customer=CustomerIdentity(),
        language="en")


def _setup(engine: Engine, complaints: int, due_percent: float) -> float:
    """Write the template rows, then copy them inside the database; the seconds it took."""
    dialect = engine.dialect.name
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
    new_id = _ID[dialect]
    watch = Stopwatch()
    with watch, engine.begin() as conn:
        conn.execute(text(
            f"{_RECURSIVE[dialect]}INSERT INTO complaints (id, number, external_id, "
            f"{', '.join(copied)}) SELECT {new_id}, 'BENCH-' || i, 'bench-' || i, "
            f"{', '.join('t.' + c for c in copied)} "
            f"FROM complaints t, {_SERIES[dialect]} WHERE t.id = 'template'"),
            {"n": complaints})
        conn.execute(text(
            f"{_RECURSIVE[dialect]}INSERT INTO sla_clocks (complaint_id, name, cycle, policy, "
            "status, statutory, started_at, due_at, next_check_at, stopped_at, breached_at, "
            f"state) SELECT {new_id}, k.name, k.cycle, k.policy, k.status, k.statutory, "
            "k.started_at, k.due_at, k.next_check_at, k.stopped_at, k.breached_at, "
            f"{_STATE[dialect].format(id=new_id)} "
            f"FROM {_SERIES[dialect]} JOIN sla_clocks k ON k.complaint_id = "
            "CASE WHEN i % :every = 0 THEN 'template-due' ELSE 'template-later' END"),
            {"n": complaints, "every": every})
        conn.execute(text("DELETE FROM sla_clocks WHERE complaint_id LIKE 'template-%'"))
        conn.execute(text("DELETE FROM complaints WHERE id = 'template'"))
    with watch, engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        if dialect == "postgresql":
            conn.execute(text("VACUUM ANALYZE complaints"))
            conn.execute(text("VACUUM ANALYZE sla_clocks"))
        else:
            conn.execute(text("ANALYZE"))
    return watch.wall


_REWRITE = {
    "postgresql": text(
        "UPDATE sla_clocks AS k SET state = r.state, next_check_at = r.next_check_at "
        "FROM json_populate_recordset(NULL::sla_clocks, CAST(:rows AS json)) AS r "
        "WHERE k.complaint_id = r.complaint_id AND k.name = r.name AND k.cycle = r.cycle"),
    "sqlite": text(
        "UPDATE sla_clocks SET state = :state, next_check_at = :next_check_at "
        "WHERE complaint_id = :complaint_id AND name = :name AND cycle = :cycle"),
}


def _baseline(sdk: GreenChannel, limit: int) -> tuple[Stopwatch, int]:
    """The bare due select plus one bulk UPDATE writing the same rows back, best of two."""
    engine: Engine = sdk.store.engine  # type: ignore[attr-defined]
    dialect = engine.dialect.name
    best: Stopwatch | None = None
    found = 0
    for _ in range(2):
        watch = Stopwatch()
        with watch, engine.begin() as conn:
            states = [row.state for row in conn.execute(due_clocks_statement(
                NOW, limit, locking=dialect == "postgresql"))]
            rows = [{"complaint_id": s["complaint_id"], "name": s["name"],
                     "cycle": s["cycle"], "next_check_at": s["next_check_at"], "state": s}
                    for s in states]
            if dialect == "postgresql":
                conn.execute(_REWRITE[dialect], {"rows": json.dumps(rows)})
            elif rows:
                conn.execute(_REWRITE[dialect], [{**row, "state": json.dumps(row["state"]),
                                                  "next_check_at": datetime.fromisoformat(
                                                      row["next_check_at"])} for row in rows])
        found = len(states)
        if best is None or watch.wall < best.wall:
            best = watch
    assert best is not None
    return best, found


def _chains_intact(sdk: GreenChannel) -> bool:
    return all(not verify_chain(complaint_id, events)
               for complaint_id, events in sdk.store.iter_audit_chains())


def run(label: str, url: str, complaints: int, due_percent: float) -> None:
    sdk = GreenChannel(Settings(database_url=url, load_entry_points=False))
    engine = create_engine(url)
    try:
        setup = _setup(engine, complaints, due_percent)
        base, found = _baseline(sdk, complaints)
        tick = Stopwatch()
        with tick:
            report = sdk.tick(NOW)
        idle = Stopwatch()
        with idle:
            again = sdk.tick(NOW)
        intact = _chains_intact(sdk)
    finally:
        engine.dispose()
        sdk.close()
    per_clock = tick.wall / max(report.checked, 1) * 1e6
    print(f"\n{label}: {complaints:,} open complaints, {found:,} clocks due "
          f"(setup by bulk copy in the database: {setup:.1f} s; {load_note()})")
    print(f"  baseline, due select + bulk UPDATE of the same rows: {base.wall:.3f} s "
          f"(CPU here {base.cpu:.3f} s)")
    print(f"  tick: checked {report.checked:,}, {report.warnings:,} warnings written "
          f"(clock, audit event, outbox message each): {tick.wall:.3f} s "
          f"(CPU here {tick.cpu:.3f} s), {per_clock:.0f} us per due clock, "
          f"{tick.wall / base.wall:.1f} x the baseline")
    print(f"  tick with nothing due (checked {again.checked}): {idle.wall * 1000:.1f} ms")
    print(f"  audit chains intact after the tick: {intact}")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--complaints", type=int, default=1_000_000)
    parser.add_argument("--due-percent", type=float, default=1.0)
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    args = parser.parse_args(argv)
    for name, context in backends("tick"):
        if args.backend not in (name, "both"):
            continue
        if context is None:
            print(f"\n{name}: skipped (set GREENCHANNEL_BENCH_POSTGRES_URL)")
            continue
        with context as url:
            run(name, url, args.complaints, args.due_percent)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
