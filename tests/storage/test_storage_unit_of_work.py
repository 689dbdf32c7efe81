"""One transaction per command: optimistic concurrency and all-or-nothing writes (P1, S16, S21).

Two handlers holding the same complaint must not silently overwrite each
other: one wins, the other gets :class:`ConcurrentModification`.  Each test
uses two real connections (two engines) on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import threading
import time

import attrs
import pytest
from sqlalchemy import Engine, text

from greenchannel_sdk import GreenChannel
from greenchannel_sdk.domain import AuditEvent
from greenchannel_sdk.domain.numbering import parse_number
from greenchannel_sdk.errors import ConcurrentModification, StorageError
from greenchannel_sdk.storage import SqlStore
from greenchannel_sdk.testing import make_draft


def _registered(sdk: GreenChannel) -> str:
    result = sdk.intake(make_draft())
    assert result.complaint is not None
    return result.complaint.id


def test_second_writer_of_the_same_version_is_refused(any_sdk: GreenChannel,
                                                      database_url: str) -> None:
    complaint_id = _registered(any_sdk)
    other = SqlStore(database_url, codec=any_sdk.store.codec)  # type: ignore[attr-defined]
    try:
        with any_sdk.store.unit_of_work() as uow:
            mine = uow.get_complaint(complaint_id)
        with other.unit_of_work() as uow:
            theirs = uow.get_complaint(complaint_id)
        assert mine.version == theirs.version

        with any_sdk.store.unit_of_work() as uow:
            uow.update_complaint(attrs.evolve(mine, escalation_level=1,
                                              version=mine.version + 1), mine.version)
        with pytest.raises(ConcurrentModification, match="reload it and retry"), \
                other.unit_of_work() as uow:
            uow.update_complaint(attrs.evolve(theirs, escalation_level=2,
                                              version=theirs.version + 1), theirs.version)
        with other.unit_of_work() as uow:
            stored = uow.get_complaint(complaint_id)
    finally:
        other.close()
    assert (stored.escalation_level, stored.version) == (1, mine.version + 1)


def test_overlapping_transactions_give_one_success_and_no_lost_update(
        any_sdk: GreenChannel, database_url: str) -> None:
    """The second transaction starts while the first is still open and has written."""
    complaint_id = _registered(any_sdk)
    other = SqlStore(database_url, codec=any_sdk.store.codec)  # type: ignore[attr-defined]
    with any_sdk.store.unit_of_work() as uow:
        base = uow.get_complaint(complaint_id)
    outcome: list[BaseException | None] = []

    def second_handler() -> None:
        try:
            with other.unit_of_work() as uow:
                uow.update_complaint(attrs.evolve(base, escalation_level=2,
                                                  version=base.version + 1), base.version)
        except BaseException as exc:  # recorded for the main thread to assert on
            outcome.append(exc)
        else:
            outcome.append(None)

    try:
        with any_sdk.store.unit_of_work() as uow:
            uow.update_complaint(attrs.evolve(base, escalation_level=1,
                                              version=base.version + 1), base.version)
            rival = threading.Thread(target=second_handler)
            rival.start()
            time.sleep(0.3)  # let the rival reach its lock wait; the outcome is the same anyway
        rival.join(timeout=60)
        with other.unit_of_work() as uow:
            stored = uow.get_complaint(complaint_id)
    finally:
        other.close()
    assert len(outcome) == 1
    assert isinstance(outcome[0], ConcurrentModification)
    assert stored.escalation_level == 1


def test_facade_command_on_a_stale_copy_is_refused(any_sdk: GreenChannel) -> None:
    complaint_id = _registered(any_sdk)
    with any_sdk.store.unit_of_work() as uow:
        stale = uow.get_complaint(complaint_id)
        uow.raise_escalation(complaint_id, 1)  # someone else's change bumps the version
    with pytest.raises(ConcurrentModification), any_sdk.store.unit_of_work() as uow:
        uow.update_complaint(attrs.evolve(stale, version=stale.version + 1), stale.version)


def test_a_violated_constraint_leaves_nothing_half_written(any_sdk: GreenChannel,
                                                           raw: Engine) -> None:
    first = any_sdk.intake(make_draft()).complaint
    assert first is not None
    twin = attrs.evolve(first, id="00000000-0000-4000-8000-000000000001",
                        external_id="another-message")  # same number: unique constraint

    def note_then_twin() -> None:
        with any_sdk.store.unit_of_work() as uow:
            uow.append_audit(AuditEvent(complaint_id=first.id, seq=0, at=first.registered_at,
                                        actor="tester", action="note", from_status=None,
                                        to_status=None, reason="written before the failure"))
            uow.add_complaint(twin)

    with pytest.raises(StorageError, match=r"constraint was violated.*nothing was written"):
        note_then_twin()
    with raw.connect() as conn:
        notes = conn.execute(text("select count(*) from audit_events where action = 'note'"))
        twins = conn.execute(text("select count(*) from complaints where id = :id"),
                             {"id": twin.id})
        assert (notes.scalar_one(), twins.scalar_one()) == (0, 0)


def test_a_failed_intake_leaves_no_complaint_and_no_number_used(any_sdk: GreenChannel,
                                                               raw: Engine) -> None:
    """A failure half-way through intake rolls back its rows and its number (no gap)."""
    before = any_sdk.intake(make_draft()).complaint
    assert before is not None
    with raw.begin() as conn:  # make the outbox insert fail: the last write of intake
        conn.execute(text("create unique index ix_test_one_per_topic on outbox (topic)"))
    with pytest.raises(StorageError):
        any_sdk.intake(make_draft())
    with raw.begin() as conn:
        conn.execute(text("drop index ix_test_one_per_topic"))
        assert conn.execute(text("select count(*) from complaints")).scalar_one() == 1
        assert conn.execute(text("select count(*) from sla_clocks where complaint_id != :id"),
                            {"id": before.id}).scalar_one() == 0
    after = any_sdk.intake(make_draft()).complaint
    assert after is not None
    assert parse_number(after.number).sequence == parse_number(before.number).sequence + 1


def test_unreachable_database_is_a_clear_error_without_the_password() -> None:
    url = "postgresql+psycopg://bank_user:s3cr3t-pw@127.0.0.1:1/complaints"
    with pytest.raises(StorageError) as caught:
        SqlStore(url)
    message = str(caught.value)
    assert "s3cr3t-pw" not in message
    assert "127.0.0.1:1" in message
    assert "Check that it is running" in message


def test_sqlite_lock_held_past_the_busy_timeout_is_a_clear_error(tmp_path: object) -> None:
    url = f"sqlite:///{tmp_path}/locked.db"
    holder = SqlStore(url)
    waiter = SqlStore(url, sqlite_busy_timeout_ms=100)
    try:
        with holder.unit_of_work(), \
                pytest.raises(StorageError, match=r"locked by another writer.*retry"), \
                waiter.unit_of_work() as uow:  # the holder has the write lock (BEGIN IMMEDIATE)
            uow.outbox_counts()
    finally:
        holder.close()
        waiter.close()


def test_a_command_reads_its_own_unsent_writes(any_sdk: GreenChannel) -> None:
    """Inserts are written behind; reads in the same transaction still see them."""
    first = any_sdk.intake(make_draft()).complaint
    assert first is not None
    assert first.assignment is not None
    assignee = first.assignment.assignee
    assert assignee is not None
    twin = attrs.evolve(first, id="00000000-0000-4000-8000-000000000002", number="TWIN-1",
                        external_id="twin")
    with any_sdk.store.unit_of_work() as uow:
        load_before = uow.open_load([assignee]).get(assignee, 0)
        uow.add_complaint(twin)
        assert uow.open_load([assignee, "nobody"]) == {assignee: load_before + 1}
        uow.update_complaint(attrs.evolve(twin, escalation_level=2, version=twin.version + 1),
                             twin.version)
        assert uow.get_by_number("TWIN-1").escalation_level == 2
        with pytest.raises(ConcurrentModification):
            uow.update_complaint(twin, twin.version)  # the stored copy has moved on
