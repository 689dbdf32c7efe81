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

The two run in interleaved rounds (a round of facade intakes, then a round
of baseline transactions, each on its own fresh database), so a swing in
the machine's load hits both alike.

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


ROUNDS = 8


def measure(url: str, baseline_url: str, count: int, profile: bool
            ) -> tuple[tuple[float, float], tuple[float, float]]:
    """(facade, baseline) rates, run in interleaved rounds so load swings hit both alike.

    The facade is warmed up first (statements compiled, caches filled); the
    rows of its last warm-up intake are what the baseline copies.
    """
    with make_sdk(tempfile.mkdtemp(prefix="gc-bench-"), database_url=url) as sdk:
        for draft in _drafts(50, "warm"):
            sdk.intake(draft)
        sample = _rows_of_last_complaint(sdk.store.engine)  # type: ignore[attr-defined]
        baseline = _Baseline(baseline_url, count, sample)
        drafts = _drafts(count, "run")
        per_round = -(-count // ROUNDS)
        profiler = cProfile.Profile() if profile else None
        facade = Stopwatch()
        for start in range(0, count, per_round):
            if profiler is not None:
                profiler.enable()
            with facade:
                for draft in drafts[start:start + per_round]:
                    sdk.intake(draft)
            if profiler is not None:
                profiler.disable()
            baseline.run(per_round)
        baseline.close()
        if profiler is not None:
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    return facade.rates(count), baseline.watch.rates(count)


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


class _Baseline:
    """Writing, with Core, the rows one intake wrote, one complaint per transaction.

    Per transaction: the number counter's UPDATE, then one ``execute`` per
    table with copies of every row intake wrote for one complaint (its data
    key, the complaint, its audit events, clocks, outbox messages and blind
    indexes).  The copies are prepared before any clock starts.
    """

    def __init__(self, url: str, count: int, sample: dict[str, list[dict[str, Any]]]) -> None:
        self.engine = make_engine(url)
        schema.upgrade(self.engine)
        sequences = _table(NumberSequenceRow)
        self.bump = (update(sequences).where(sequences.c.scope_key == "baseline")
                     .values(last_value=sequences.c.last_value + 1)
                     .returning(sequences.c.last_value))
        with self.engine.begin() as conn:
            conn.execute(insert(sequences), {"scope_key": "baseline", "last_value": 0})
        self.statements = [(insert(_table(cls)), _table(cls).name)
                           for cls in (DataKeyRow, *_WRITTEN)]
        self.batches = [self._copies(i, sample) for i in range(count)]
        self.done = 0
        self.watch = Stopwatch()

    @staticmethod
    def _copies(i: int, sample: dict[str, list[dict[str, Any]]]) -> dict[str, list[Any]]:
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
        return copies

    def run(self, count: int) -> None:
        batches = self.batches[self.done:self.done + count]
        self.done += len(batches)
        with self.watch:
            for copies in batches:
                with self.engine.begin() as conn:
                    conn.execute(self.bump).scalar_one()
                    for statement, name in self.statements:
                        if copies[name]:
                            conn.execute(statement, copies[name])

    def close(self) -> None:
        self.engine.dispose()


def main(argv: list[str]) -> int:
    count = int(next((a for a in argv if a.isdigit()), "2000"))
    profile = "--profile" in argv
    print(f"intake of {count} complaints, one per transaction ({load_note()})\n")
    print(f"{'':<12}{'facade c/s':>20}{'baseline c/s':>20}{'ratio':>14}")
    print(f"{'backend':<12}" + f"{'wall':>10}{'cpu':>10}" * 2 + f"{'wall':>7}{'cpu':>7}")
    baselines = dict(backends("baseline"))
    for name, database in backends("intake"):
        again = baselines[name]
        if database is None or again is None:
            print(f"{name:<12}skipped: set GREENCHANNEL_BENCH_POSTGRES_URL to include it")
            continue
        with database as url, again as baseline_url:
            facade, baseline = measure(url, baseline_url, count, profile)
        print(f"{name:<12}{facade[0]:>10,.0f}{facade[1]:>10,.0f}{baseline[0]:>10,.0f}"
              f"{baseline[1]:>10,.0f}{facade[0] / baseline[0]:>7.2f}"
              f"{facade[1] / baseline[1]:>7.2f}")
    print(f"\n({load_note()})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
