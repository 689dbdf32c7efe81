"""The open-load counters least-loaded assignment reads (S7), kept by triggers.

Each test compares ``assignee_loads`` with a count of the complaints table
after a kind of write: commands through the facade, a bulk import, raw SQL
from a bank's repair script, and a migration over complaints already
stored.  Both backends, through ``any_sdk`` / ``database_url``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, text
from storage_helpers import registration

from greenchannel_sdk import Actor, GreenChannel
from greenchannel_sdk.domain.values import OPEN_STATUSES
from greenchannel_sdk.storage import SqlStore, bulk_register, make_engine, schema
from greenchannel_sdk.testing import make_draft

_OPEN = tuple(sorted(status.value for status in OPEN_STATUSES))


def _counted(engine: Engine) -> dict[str, int]:
    """Open complaints per assignee, counted from the complaints table."""
    marks = ", ".join(f":s{i}" for i in range(len(_OPEN)))
    with engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT assignee, count(*) FROM complaints WHERE assignee IS NOT NULL "
            f"AND status IN ({marks}) GROUP BY assignee"),
            {f"s{i}": status for i, status in enumerate(_OPEN)})
        return {assignee: int(count) for assignee, count in rows}


def _kept(engine: Engine) -> dict[str, int]:
    """The counters, leaving out assignees whose count went back to zero."""
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT assignee, open_complaints FROM assignee_loads"))
        return {assignee: int(count) for assignee, count in rows if count}


def _engine(sdk: GreenChannel) -> Engine:
    store = sdk.store
    assert isinstance(store, SqlStore)
    return store.engine


def test_commands_keep_the_counters_equal_to_the_open_complaints(any_sdk: GreenChannel) -> None:
    lead = Actor("lead-li", roles={"green_channel_lead", "handler"}, team="green-channel")
    numbers = []
    for _ in range(6):
        result = any_sdk.intake(make_draft())
        assert result.complaint is not None
        numbers.append(result.complaint.number)
    engine = _engine(any_sdk)
    assert sum(_kept(engine).values()) == 6
    assert _kept(engine) == _counted(engine)

    any_sdk.assign(numbers[0], lead, assignee="zhao", reason="knows the branch")
    any_sdk.withdraw(numbers[1], lead, reason="the customer withdrew by phone")
    any_sdk.dismiss(numbers[2], lead, reason="not a complaint")
    assert sum(_kept(engine).values()) == 4
    assert _kept(engine) == _counted(engine)
    kept = _kept(engine)
    with any_sdk.store.unit_of_work() as uow:
        assert uow.open_load([*kept, "nobody"]) == kept


def test_bulk_import_and_raw_sql_keep_the_counters(any_sdk: GreenChannel) -> None:
    store = any_sdk.store
    assert isinstance(store, SqlStore)
    bulk_register(store, range(60), scope_of=lambda _index: "import", build=registration,
                  batch_size=25)
    engine = store.engine
    assert _kept(engine) == _counted(engine)
    assert sum(_kept(engine).values()) > 0
    # A repair script: reassign some, close some, reopen one, delete one, all by hand.
    with engine.begin() as conn:
        conn.execute(text("UPDATE complaints SET assignee = 'handler-9' "
                          "WHERE number IN (SELECT number FROM complaints "
                          "WHERE assignee IS NOT NULL ORDER BY number LIMIT 5)"))
        conn.execute(text("UPDATE complaints SET status = 'closed' "
                          "WHERE assignee = 'handler-9' AND number IN (SELECT min(number) "
                          "FROM complaints WHERE assignee = 'handler-9')"))
        conn.execute(text("UPDATE complaints SET assignee = NULL WHERE number IN "
                          "(SELECT max(number) FROM complaints WHERE assignee = 'handler-9')"))
        victim = conn.execute(text("SELECT id FROM complaints WHERE assignee IS NOT NULL "
                                   "ORDER BY number DESC LIMIT 1")).scalar_one()
        for table in ("report_facts", "state_stays", "sla_clocks", "audit_events",
                      "customer_keys", "outbox"):
            conn.execute(text(f"DELETE FROM {table} WHERE complaint_id = :id"), {"id": victim})
        conn.execute(text("DELETE FROM complaints WHERE id = :id"), {"id": victim})
    assert _kept(engine)["handler-9"] == 3
    assert _kept(engine) == _counted(engine)


def test_the_migration_counts_the_complaints_already_stored(database_url: str,
                                                           any_sdk: GreenChannel) -> None:
    for _ in range(5):
        any_sdk.intake(make_draft())
    engine = _engine(any_sdk)
    expected = _counted(engine)
    any_sdk.close()
    from alembic import command

    plain: Any = make_engine(database_url)
    try:
        command.downgrade(schema.alembic_config(plain), "0007")
        with plain.connect() as conn:
            assert "assignee_loads" not in conn.dialect.get_table_names(conn)
        schema.upgrade(plain)
        assert _kept(plain) == expected
        assert sum(expected.values()) == 5
    finally:
        plain.dispose()
