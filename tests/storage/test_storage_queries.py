"""Queries other features rely on (S17, S22, S24): keyset pages, streaming, indexed due clocks.

The complaints are written through the bulk import path, which is itself
under test here: numbered from one sequence, chained, readable back.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import attrs
import pytest
from sqlalchemy import Engine, event, select, text
from storage_helpers import TEAMS, registration

from greenchannel_sdk import GreenChannel
from greenchannel_sdk.domain import Priority, Status
from greenchannel_sdk.errors import StorageError
from greenchannel_sdk.storage import Registration, SqlStore, bulk_register
from greenchannel_sdk.storage.sqlstore import due_clocks_statement
from greenchannel_sdk.store import ComplaintQuery
from greenchannel_sdk.testing import DEFAULT_START

COUNT = 1_203


def _import(sdk: GreenChannel, count: int = COUNT) -> None:
    store = sdk.store
    assert isinstance(store, SqlStore)
    report = bulk_register(store, range(count), scope_of=lambda _index: "import",
                           build=registration, batch_size=500)
    assert (report.registered, report.batches) == (count, -(-count // 500))


def test_keyset_pages_return_every_complaint_exactly_once(any_sdk: GreenChannel) -> None:
    _import(any_sdk)
    seen: list[str] = []
    after = None
    while True:
        page = any_sdk.list_complaints(after=after, limit=97)
        seen.extend(c.number for c in page.items)
        if page.next_after is None:
            break
        after = page.next_after
    assert len(seen) == COUNT
    assert len(set(seen)) == COUNT


@pytest.mark.parametrize(("query", "expected"), [
    (ComplaintQuery(statuses=frozenset({Status.REGISTERED})),
     lambda i: i % 2 == 0),
    (ComplaintQuery(team="risk"), lambda i: i % 2 == 1 and TEAMS[i % 3] == "risk"),
    (ComplaintQuery(assignee="handler-1", priority=Priority.HIGH.value),
     lambda i: i % 2 == 1 and i % 4 == 1 and i % 5 == 0),
    (ComplaintQuery(received_from=DEFAULT_START + timedelta(minutes=100),
                    received_before=DEFAULT_START + timedelta(minutes=200)),
     lambda i: 100 <= i < 200),
])
def test_filters_select_exactly_the_matching_complaints(any_sdk: GreenChannel,
                                                        query: ComplaintQuery,
                                                        expected: Any) -> None:
    _import(any_sdk, 300)
    found = sorted(c.external_id for c in any_sdk.iter_complaints(query))
    assert found == sorted(f"legacy-{i}" for i in range(300) if expected(i))


def test_iteration_streams_page_by_page(any_sdk: GreenChannel) -> None:
    """The first complaint arrives after one page is read, not after the whole table."""
    _import(any_sdk)
    store = any_sdk.store
    assert isinstance(store, SqlStore)
    selects: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT") and "complaints" in statement:
            selects.append(statement)

    event.listen(store.engine, "before_cursor_execute", count)
    try:
        stream = any_sdk.iter_complaints()
        next(stream)
        assert len(selects) == 1
        assert 1 + sum(1 for _ in stream) == COUNT
        assert len(selects) == 3  # 1,203 complaints in pages of 500
    finally:
        event.remove(store.engine, "before_cursor_execute", count)


def test_bulk_import_chains_and_numbers(any_sdk: GreenChannel) -> None:
    _import(any_sdk, 20)
    numbers = sorted(c.number for c in any_sdk.iter_complaints())
    assert numbers == [f"IMP-{n:07d}" for n in range(1, 21)]
    assert any_sdk.verify_audit() == []
    with any_sdk.store.unit_of_work() as uow:
        assert uow.outbox_counts() == {"pending": 20}


def test_bulk_import_stores_audit_data_in_its_stored_form(any_sdk: GreenChannel) -> None:
    """An old system's event data with a time, an amount and a duration imports and verifies.

    Stored as intake stores it (ISO text, decimal string, seconds), hashed
    in that form, so the chain still verifies.
    """
    store = any_sdk.store
    assert isinstance(store, SqlStore)

    def with_rich_data(index: int, sequence: int) -> Registration:
        plain = registration(index, sequence)
        event = attrs.evolve(plain.events[0], data={
            "closed_at": DEFAULT_START, "redress": Decimal("150.50"),
            "waited": timedelta(hours=2)})
        return attrs.evolve(plain, events=(event,))

    bulk_register(store, range(2), scope_of=lambda _index: "import", build=with_rich_data)
    assert any_sdk.verify_audit() == []
    complaint = next(any_sdk.iter_complaints())
    data = any_sdk.history(complaint.number)[0].data
    assert data == {"closed_at": DEFAULT_START.isoformat(), "redress": "150.50",
                    "waited": timedelta(hours=2).total_seconds()}


def test_failed_bulk_batch_is_rolled_back_whole(any_sdk: GreenChannel, raw: Engine) -> None:
    store = any_sdk.store
    assert isinstance(store, SqlStore)
    items = [*range(5), 5, 6, 2, 8, 9, 10, 11]  # batch 2 repeats item 2's external id
    with pytest.raises(StorageError, match=r"batch 2 \(items 6 to 10\) was rolled back"):
        bulk_register(store, items, scope_of=lambda _i: "import", build=registration,
                      batch_size=5)
    with raw.connect() as conn:
        assert conn.execute(text("select count(*) from complaints")).scalar_one() == 5
        assert conn.execute(text("select count(*) from audit_events")).scalar_one() == 5
        assert conn.execute(text("select last_value from number_sequences")).scalar_one() == 5


def _plan(engine: Engine, stmt: Any) -> str:
    """The backend's query plan for ``stmt``, as text."""
    with engine.connect() as conn:
        compiled = stmt.compile(dialect=conn.dialect)
        if conn.dialect.name == "sqlite":
            params = tuple(compiled.params[name] for name in compiled.positiontup)
            params = tuple(str(p) if not isinstance(p, int) else p for p in params)
            rows = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled.string}", params)
            return "\n".join(str(row[-1]) for row in rows)
        rows = conn.exec_driver_sql(f"EXPLAIN {compiled.string}", compiled.params)
        return "\n".join(str(row[0]) for row in rows)


def test_due_clocks_are_read_through_the_index(any_sdk: GreenChannel, raw: Engine) -> None:
    """S22: "what is due now" is an indexed range, never a scan of every clock."""
    _import(any_sdk, 3_000)
    with raw.begin() as conn:  # most clocks finished, as in a real database's history
        conn.execute(text("update sla_clocks set next_check_at = NULL, status = 'stopped' "
                          "where complaint_id in (select id from complaints "
                          "where external_id not like '%00')"))
        if conn.dialect.name == "postgresql":
            conn.execute(text("analyze sla_clocks"))
    before = DEFAULT_START + timedelta(days=4)  # after every imported clock's next check
    plan = _plan(raw, due_clocks_statement(before, 100, locking=False))
    assert "ix_sla_clocks_next_check_at" in plan
    with any_sdk.store.unit_of_work() as uow:
        due = uow.clocks_due(before, 100)
    assert len(due) == sum(1 for i in range(3_000) if f"legacy-{i}".endswith("00"))
    assert all(c.next_check_at is not None and c.next_check_at <= before for c in due)
    with raw.connect() as conn:
        assert conn.execute(select(text("count(*)")).select_from(text("sla_clocks"))
                            ).scalar_one() == 3_000
