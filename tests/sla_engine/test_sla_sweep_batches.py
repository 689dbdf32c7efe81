"""The set-wise sweeper: batch boundaries, held complaints, commands racing a sweep (S22).

A sweep batch claims complaints (not single clocks), checks every due clock
of each in memory and writes the batch with one statement per table.  These
tests pin what that must not change: every warning, breach and escalation
level is recorded and queued exactly once, whatever the batch size, with
two sweepers at once, or with a command arriving in the middle of a sweep;
and every audit chain stays intact.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from sla_engine_helpers import LEAD, RECEIVED, events, register
from sqlalchemy import create_engine, text

from greenchannel_sdk import GreenChannel
from greenchannel_sdk.domain import ClockStatus, OutboxStatus
from greenchannel_sdk.security.keys import generate_key
from greenchannel_sdk.testing import FrozenClock, make_sdk

#: Twenty days after receipt every level of both default clocks (first contact,
#: resolution) has fallen due: warnings at 50 and 80 %, the breach, escalations 1-3.
LATE = RECEIVED + timedelta(days=20)
EVENTS_PER_CLOCK = 6
FIRED = ("sla.warning", "sla.breach", "sla.escalation")


def _fired(sdk: GreenChannel, numbers: list[str]) -> Counter[tuple[Any, ...]]:
    """How often each (complaint, clock, cycle, action, percent, level) was audited."""
    counts: Counter[tuple[Any, ...]] = Counter()
    for number in numbers:
        for event in sdk.history(number):
            if event.action in FIRED:
                counts[number, event.data["clock"], event.data["cycle"], event.action,
                       event.data["percent"], event.data["level"]] += 1
    return counts


def _staff_messages(sdk: GreenChannel) -> Counter[tuple[Any, ...]]:
    with sdk.store.unit_of_work() as uow:
        messages = uow.outbox_messages(OutboxStatus.PENDING, 100_000)
    return Counter((m.payload["number"], m.payload["clock"], m.topic, m.payload["percent"],
                    m.payload["level"]) for m in messages if m.topic in FIRED)


@pytest.mark.parametrize("batch_size", [1, 3, 500])
def test_every_batch_size_fires_each_level_once(any_sdk: GreenChannel,
                                                batch_size: int) -> None:
    """Seven complaints with two due clocks each: batches of one complaint, of a few
    (a boundary inside the list), and all at once fire the same events, once each."""
    numbers = [register(any_sdk) for _ in range(7)]
    any_sdk.clocks.batch_size = batch_size
    report = any_sdk.tick(LATE)
    assert report.checked == 2 * len(numbers)
    fired = _fired(any_sdk, numbers)
    assert len(fired) == 2 * EVENTS_PER_CLOCK * len(numbers)
    assert set(fired.values()) == {1}
    assert report.warnings + report.breaches + report.escalations == len(fired)
    assert set(_staff_messages(any_sdk).values()) == {1}
    assert len(_staff_messages(any_sdk)) == len(fired)
    assert all(any_sdk.get(number).escalation_level == 3 for number in numbers)
    assert any_sdk.tick(LATE).checked == 0
    assert any_sdk.verify_audit() == []


def test_a_sweep_continues_past_a_full_batch_at_one_instant(any_sdk: GreenChannel) -> None:
    """Every due clock shares one due instant: paging must not stop at the first batch."""
    numbers = [register(any_sdk) for _ in range(5)]
    any_sdk.clocks.batch_size = 2
    report = any_sdk.tick(RECEIVED + timedelta(hours=13))
    assert (report.checked, report.warnings) == (5, 5)
    assert [len(events(any_sdk, n, "sla.warning")) for n in numbers] == [1] * 5


class _PausingStore:
    """Wraps a store; the sweep stops right after claiming its batch until released."""

    def __init__(self, store: Any) -> None:
        self._store = store
        self.claimed = threading.Event()
        self.release = threading.Event()

    @contextmanager
    def unit_of_work(self) -> Iterator[Any]:
        pausing = self

        class Paused:
            def __init__(self, uow: Any) -> None:
                self._uow = uow

            def claim_due(self, *args: Any) -> Any:
                work = self._uow.claim_due(*args)
                if work.complaints:
                    pausing.claimed.set()
                    assert pausing.release.wait(timeout=60)
                return work

            def __getattr__(self, name: str) -> Any:
                return getattr(self._uow, name)

        with self._store.unit_of_work() as uow:
            yield Paused(uow)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)


def test_a_command_on_a_complaint_being_swept_waits_and_sees_the_sweep(
        database_url: str, tmp_path: Path, clock: FrozenClock) -> None:
    """The contact is recorded while the sweep holds the complaint, between reading its
    clock and writing it: the command waits for the sweep, then stops the clock the
    sweep wrote (warning fired once, nothing lost, the chain intact)."""
    keys = {"test-1": generate_key()}
    sweeper = make_sdk(tmp_path / "sweeper", clock=clock, database_url=database_url, keys=keys)
    handler = make_sdk(tmp_path / "handler", clock=clock, database_url=database_url, keys=keys)
    try:
        number = register(sweeper)
        # In UTC: a command sealing a non-UTC instant is a separate, known problem.
        clock.set((RECEIVED + timedelta(hours=13)).astimezone(timezone.utc))
        store = _PausingStore(sweeper.store)
        sweeper.store = store  # type: ignore[assignment]
        results: dict[str, Any] = {}
        sweep = threading.Thread(target=lambda: results.update(tick=sweeper.tick()))
        sweep.start()
        assert store.claimed.wait(timeout=60)
        contact = threading.Thread(target=lambda: results.update(contact=handler.record_contact(
            number, LEAD, method="phone", outcome="called back")))
        contact.start()
        contact.join(timeout=0.5)
        assert contact.is_alive(), "the command did not wait for the sweep holding the complaint"
        store.release.set()
        sweep.join(timeout=60)
        contact.join(timeout=60)
        sweeper.store = store._store

        assert results["tick"].warnings == 1
        actions = [e.action for e in handler.history(number)
                   if e.action in ("sla.warning", "record_contact")]
        assert actions == ["sla.warning", "record_contact"]
        first_contact = next(c for c in handler.clock_states(number)
                             if c.name == "first_contact")
        assert first_contact.status is ClockStatus.STOPPED
        assert first_contact.warnings_fired == (50,)
        assert handler.tick(RECEIVED + timedelta(hours=30)).warnings == 0
        assert events(handler, number, "sla.warning")[0].data["clock"] == "first_contact"
        assert len(events(handler, number, "sla.warning")) == 1
        assert handler.verify_audit() == []
    finally:
        sweeper.close()
        handler.close()


def _postgres_only(database_url: str) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("row locks with SKIP LOCKED are PostgreSQL's; SQLite serialises writers")


def test_a_complaint_held_by_a_command_is_left_for_the_next_sweep(
        database_url: str, any_sdk: GreenChannel) -> None:
    _postgres_only(database_url)
    numbers = [register(any_sdk) for _ in range(3)]
    held = any_sdk.get(numbers[1]).id
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn, conn.begin():
            conn.execute(text("SELECT id FROM complaints WHERE id = :id FOR UPDATE"),
                         {"id": held})
            report = any_sdk.tick(RECEIVED + timedelta(hours=13))
            assert (report.checked, report.warnings) == (2, 2)
        assert events(any_sdk, numbers[1], "sla.warning") == []
        assert any_sdk.tick(RECEIVED + timedelta(hours=13)).warnings == 1
    finally:
        engine.dispose()
    assert [len(events(any_sdk, n, "sla.warning")) for n in numbers] == [1, 1, 1]
    assert any_sdk.verify_audit() == []


def test_two_sweepers_at_once_fire_each_level_once(database_url: str, tmp_path: Path,
                                                   clock: FrozenClock) -> None:
    _postgres_only(database_url)
    keys = {"test-1": generate_key()}
    sdks = [make_sdk(tmp_path / f"sweeper-{i}", clock=clock, database_url=database_url,
                     keys=keys) for i in range(2)]
    try:
        numbers = [register(sdks[0]) for _ in range(20)]
        barrier = threading.Barrier(2)
        reports: list[Any] = []

        def sweep(sdk: GreenChannel, instants: list[datetime]) -> None:
            sdk.clocks.batch_size = 2
            barrier.wait(timeout=60)
            reports.extend(sdk.tick(instant) for instant in instants)

        instants = [RECEIVED + timedelta(hours=13), RECEIVED + timedelta(hours=25), LATE]
        threads = [threading.Thread(target=sweep, args=(sdk, instants)) for sdk in sdks]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
        fired = _fired(sdks[0], numbers)
        assert len(fired) == 2 * EVENTS_PER_CLOCK * len(numbers)
        assert set(fired.values()) == {1}
        assert sum(r.warnings + r.breaches + r.escalations for r in reports) == len(fired)
        assert set(_staff_messages(sdks[0]).values()) == {1}
        assert sdks[0].verify_audit() == []
    finally:
        for sdk in sdks:
            sdk.close()
