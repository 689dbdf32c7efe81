"""The sweeper: found through due times, each event once, escalation to three roles (S22)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from sla_engine_helpers import LEAD, RECEIVED, events, register

from greenchannel_sdk import GreenChannel, StorageError, signals
from greenchannel_sdk.domain import OutboxStatus
from greenchannel_sdk.testing import FrozenClock


def _escalations(sdk: GreenChannel) -> list[dict[str, Any]]:
    with sdk.store.unit_of_work() as uow:
        return [dict(m.payload) for m in uow.outbox_messages(OutboxStatus.PENDING, 500)
                if m.topic == "sla.escalation" and m.notifier == sdk.settings.staff_notifier]


def test_escalation_levels_go_to_the_lead_a_supervisor_then_compliance(
        any_sdk: GreenChannel, clock: FrozenClock) -> None:
    """First contact missed (24 h): level 1 at the breach, 2 a day later, 3 three days later."""
    number = register(any_sdk)
    for hours, level in ((25, 1), (49, 2), (97, 3)):
        any_sdk.tick(RECEIVED + timedelta(hours=hours))
        any_sdk.tick(RECEIVED + timedelta(hours=hours))  # a second sweep fires nothing new
        assert any_sdk.get(number).escalation_level == level
    first_contact = [p for p in _escalations(any_sdk) if p["clock"] == "first_contact"]
    assert [(p["level"], p["role"]) for p in first_contact] == [
        (1, "green_channel_lead"), (2, "supervisor"), (3, "compliance")]
    assert {p["number"] for p in first_contact} == {number}
    levels = [e.data["level"] for e in events(any_sdk, number, "sla.escalation")
              if e.data["clock"] == "first_contact"]
    assert levels == [1, 2, 3]


def test_a_late_sweep_fires_everything_due_once_with_true_instants(
        any_sdk: GreenChannel) -> None:
    number = register(any_sdk)
    report = any_sdk.tick(RECEIVED + timedelta(days=5))
    assert any_sdk.tick(RECEIVED + timedelta(days=5)).checked == 0
    fired = [e for e in any_sdk.history(number) if e.action.startswith("sla.")
             and e.action not in ("sla.goals", "sla.adjustment")]
    first_contact = [e for e in fired if e.data["clock"] == "first_contact"]
    assert [e.action for e in first_contact] == ["sla.warning", "sla.warning", "sla.breach",
                                                 "sla.escalation", "sla.escalation",
                                                 "sla.escalation"]
    became_due = [datetime.fromisoformat(e.data["became_due"]) for e in first_contact]
    assert became_due == [RECEIVED + timedelta(hours=h) for h in (12, 19.2, 24, 24, 48, 96)]
    assert report.warnings + report.breaches + report.escalations == len(fired)


class _Spy:
    """Wraps a store and records every unit-of-work method the sweeper calls."""

    def __init__(self, store: Any) -> None:
        self._store = store
        self.calls: list[tuple[str, tuple[Any, ...]]] = []

    @contextmanager
    def unit_of_work(self) -> Iterator[Any]:
        spy = self

        class Recorder:
            def __init__(self, uow: Any) -> None:
                self._uow = uow

            def __getattr__(self, name: str) -> Any:
                method = getattr(self._uow, name)

                def call(*args: Any, **kwargs: Any) -> Any:
                    spy.calls.append((name, args))
                    return method(*args, **kwargs)
                return call

        with self._store.unit_of_work() as uow:
            yield Recorder(uow)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)


def test_the_sweeper_finds_work_only_through_due_times(sdk: GreenChannel,
                                                       clock: FrozenClock) -> None:
    """Five open complaints, four contacted: only the fifth's clock is looked at (no scan)."""
    numbers = [register(sdk) for _ in range(5)]
    for number in numbers[:4]:
        sdk.record_contact(number, LEAD, method="phone", outcome="ok")
    spy = _Spy(sdk.store)
    sdk.store = spy  # type: ignore[assignment]
    report = sdk.tick(RECEIVED + timedelta(hours=13))
    assert report.warnings == 1
    names = {name for name, _ in spy.calls}
    assert "claim_due" in names
    assert not names & {"list_complaints", "open_load", "customer_history", "clocks"}
    sdk.store = spy._store
    written = {clock.complaint_id for name, args in spy.calls if name == "record_sweep"
               for clock in args[0]}
    assert written == {sdk.get(numbers[4]).id}


class _LosesFirstRace(_Spy):
    """A store whose first sweep transaction fails as if another writer won the race."""

    lost = False

    @contextmanager
    def unit_of_work(self) -> Iterator[Any]:
        with super().unit_of_work() as uow:
            yield uow
            if not self.lost and any(name == "record_sweep" and args[1]
                                     for name, args in self.calls):
                self.lost = True
                raise StorageError("the database refused the write: a constraint was violated")


def test_a_batch_that_lost_a_race_is_retried_and_fires_once(sdk: GreenChannel) -> None:
    """The failed attempt rolls back; the retry fires the events exactly once."""
    number = register(sdk)
    fired: list[int] = []
    store = _LosesFirstRace(sdk.store)
    sdk.store = store  # type: ignore[assignment]
    with signals.sla_warning.connected_to(lambda _s, **kw: fired.append(kw["percent"]),
                                          sender=sdk):
        report = sdk.tick(RECEIVED + timedelta(hours=13))
    sdk.store = store._store
    assert store.lost
    assert report.warnings == 1
    assert fired == [50]
    assert [e.data["percent"] for e in events(sdk, number, "sla.warning")] == [50]
