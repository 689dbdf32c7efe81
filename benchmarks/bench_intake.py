"""Intake throughput through the public facade, beside raw SQLAlchemy Core (P1, S1-S9).

Run: ``PYTHONPATH=src python benchmarks/bench_intake.py [complaints] [--profile]``

For each backend (an SQLite file; PostgreSQL when
``GREENCHANNEL_BENCH_POSTGRES_URL`` or ``GREENCHANNEL_TEST_POSTGRES_URL`` is
set) it measures, in the same process:

* ``facade``: ``GreenChannel.intake`` with the full pipeline (validate,
  classify, prioritise, number, write complaint + audit + clocks + outbox,
  auto-assign, commit), one complaint per transaction, field encryption on;
* ``baseline``: raw SQLAlchemy Core writing the same rows (copies of every
  row one intake wrote: the complaint's data key, the complaint, its audit
  events, clocks, outbox messages and blind indexes, plus the number
  counter's UPDATE) in as many
  transactions, with the rows prepared before the clock starts.

The ratio facade/baseline is the figure to watch: both run on the same
machine at nearly the same moment.  Rates are printed per wall-clock second
and per CPU second of this process (steadier on a shared machine; for
PostgreSQL the server's CPU is not in it).  ``--profile`` prints where the
facade spends its time (cProfile).
"""

from __future__ import annotations

import cProfile
import pstats
import sys
import tempfile
import uuid
from typing import Any

from _databases import backends
from _timing import Stopwatch, load_note
from sqlalchemy import Table, insert, select, update

from greenchannel_sdk.domain import ChannelDraft, CustomerIdentity
from greenchannel_sdk.security.codec import complaint_owner
from greenchannel_sdk.storage import make_engine, schema
from greenchannel_sdk.storage.tables import (
    AuditEventRow,
    ClockRow,
    ComplaintRow,
    CustomerKeyRow,
    DataKeyRow,
    NumberSequenceRow,
    OutboxRow,
)
from greenchannel_sdk.testing import make_draft, make_sdk

TEXT = ("本人于2026年1月3日在贵行网点办理理财产品时，客户经理称产品保本保息，"
        "实际到期后亏损约人民币五万元，要求说明销售过程并赔偿。")


def _drafts(count: int, tag: str) -> list[ChannelDraft]:
    """One complaint per customer, each with a name and a phone number to encrypt and index."""
    return [make_draft(TEXT, external_id=f"{tag}-{i}",
                       customer=CustomerIdentity(customer_ref=f"{tag}-customer-{i}",
                                                 name="张三", phone=f"13{len(tag)}{i:08d}"))
            for i in range(count)]


def facade_rate(url: str, count: int, profile: bool
                ) -> tuple[tuple[float, float], dict[str, list[dict[str, Any]]]]:
    """Complaints per second through ``GreenChannel.intake``; also one intake's rows."""
    with make_sdk(tempfile.mkdtemp(prefix="gc-bench-"), database_url=url) as sdk:
        for draft in _drafts(50, "warm"):  # compile statements, fill caches
            sdk.intake(draft)
        drafts = _drafts(count, "run")
        profiler = cProfile.Profile() if profile else None
        if profiler is not None:
            profiler.enable()
        with Stopwatch() as watch:
            for draft in drafts:
                sdk.intake(draft)
        if profiler is not None:
            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
        sample = _rows_of_last_complaint(sdk.store.engine)  # type: ignore[attr-defined]
    return watch.rates(count), sample


_WRITTEN = (ComplaintRow, AuditEventRow, ClockRow, OutboxRow, CustomerKeyRow)


def _rows_of_last_complaint(engine: Any) -> dict[str, list[dict[str, Any]]]:
    """Every row intake wrote for one complaint, by table: the baseline writes copies."""
    complaints = _table(ComplaintRow)
    with engine.connect() as conn:
        complaint = conn.execute(select(complaints).order_by(complaints.c.registered_at.desc())
                                 .limit(1)).mappings().one()
        rows = {"complaints": [dict(complaint)]}
        for row_class in _WRITTEN[1:]:
            table = _table(row_class)
            rows[table.name] = [dict(r) for r in conn.execute(
                select(table).where(table.c.complaint_id == complaint["id"])).mappings()]
        keys = _table(DataKeyRow)
        rows[keys.name] = [dict(r) for r in conn.execute(select(keys).where(
            keys.c.owner == complaint_owner(complaint["id"]))).mappings()]
    for table_rows in rows.values():  # database-assigned keys are assigned again
        for row in table_rows:
            if isinstance(row.get("id"), int):
                row.pop("id")
    return rows


def _table(row_class: Any) -> Table:
    return row_class.__table__  # type: ignore[no-any-return]


def baseline_rate(url: str, count: int,
                  sample: dict[str, list[dict[str, Any]]]) -> tuple[float, float]:
    """Complaints per second writing, with Core, the rows one intake wrote.

    Per transaction: the number counter's UPDATE, then one ``execute`` per
    table with copies of every row intake wrote for one complaint (its data
    key, the complaint, its audit events, clocks, outbox messages and blind
    indexes).
    """
    engine = make_engine(url)
    schema.upgrade(engine)
    sequences = _table(NumberSequenceRow)
    bump = (update(sequences).where(sequences.c.scope_key == "baseline")
            .values(last_value=sequences.c.last_value + 1).returning(sequences.c.last_value))
    with engine.begin() as conn:
        conn.execute(insert(sequences), {"scope_key": "baseline", "last_value": 0})
    statements = [(insert(_table(cls)), _table(cls).name) for cls in (DataKeyRow, *_WRITTEN)]
    batches = []
    for i in range(count):
        cid = str(uuid.uuid4())
        copies = {"complaints": [{**sample["complaints"][0], "id": cid, "number": f"B{i:09d}",
                                  "external_id": f"b-{i}"}]}
        for name, rows in sample.items():
            if name == "data_keys":
                copies[name] = [{**row, "key_id": str(uuid.uuid4()),
                                 "owner": complaint_owner(cid)} for row in rows]
            elif name != "complaints":
                copies[name] = [{**row, "complaint_id": cid}
                                | ({"id": str(uuid.uuid4())} if "id" in row else {})
                                for row in rows]
        batches.append(copies)
    with Stopwatch() as watch:
        for copies in batches:
            with engine.begin() as conn:
                conn.execute(bump).scalar_one()
                for statement, name in statements:
                    if copies[name]:
                        conn.execute(statement, copies[name])
    engine.dispose()
    return watch.rates(count)


def main(argv: list[str]) -> int:
    count = int(next((a for a in argv if a.isdigit()), "2000"))
    profile = "--profile" in argv
    print(f"intake of {count} complaints, one per transaction ({load_note()})\n")
    print(f"{'':<12}{'facade c/s':>20}{'baseline c/s':>20}{'ratio':>14}")
    print(f"{'backend':<12}" + f"{'wall':>10}{'cpu':>10}" * 2 + f"{'wall':>7}{'cpu':>7}")
    for name, database in backends("intake"):
        if database is None:
            print(f"{name:<12}skipped: set GREENCHANNEL_BENCH_POSTGRES_URL to include it")
            continue
        with database as url:
            facade, sample = facade_rate(url, count, profile)
        with backends_again(name) as url:
            baseline = baseline_rate(url, count, sample)
        print(f"{name:<12}{facade[0]:>10,.0f}{facade[1]:>10,.0f}{baseline[0]:>10,.0f}"
              f"{baseline[1]:>10,.0f}{facade[0] / baseline[0]:>7.2f}"
              f"{facade[1] / baseline[1]:>7.2f}")
    print(f"\n({load_note()})")
    return 0


def backends_again(name: str) -> Any:
    """A second fresh database of the same backend, so the baseline starts empty too."""
    return dict(backends("baseline"))[name]


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
