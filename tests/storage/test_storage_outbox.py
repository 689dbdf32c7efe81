"""The transactional outbox (S13, S23): at least once, in order per complaint, nothing lost.

A notifier that is down keeps its messages pending with growing backoff;
after ``outbox_max_attempts`` failures a message is parked as dead with the
reason and can be replayed.  Several relays at once never hand the same
message to two notifiers (SKIP LOCKED on PostgreSQL, the write lock on SQLite).
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import Counter
from datetime import timedelta

from storage_helpers import RecordingNotifier

from greenchannel_sdk import GreenChannel
from greenchannel_sdk.domain import OutboxMessage, OutboxStatus
from greenchannel_sdk.engine.outbox import OutboxRelay, retry_delay
from greenchannel_sdk.settings import Settings
from greenchannel_sdk.storage import SqlStore
from greenchannel_sdk.testing import DEFAULT_START, make_draft


def _recorder_messages(sdk: GreenChannel, status: OutboxStatus) -> list[OutboxMessage]:
    with sdk.store.unit_of_work() as uow:
        return [m for m in uow.outbox_messages(status, 1000) if m.notifier == "recorder"]


def _queue(sdk: GreenChannel, per_complaint: int, complaints: int) -> list[OutboxMessage]:
    """Queue numbered notices straight into the outbox, oldest first per complaint."""
    messages = []
    with sdk.store.unit_of_work() as uow:
        for c in range(complaints):
            complaint_id = str(uuid.uuid4())
            for n in range(per_complaint):
                message = OutboxMessage(
                    id=str(uuid.uuid4()), complaint_id=complaint_id, topic="customer.progress",
                    notifier="recorder", payload={"n": n},
                    created_at=DEFAULT_START + timedelta(seconds=n * 10 + c))
                uow.add_outbox(message)
                messages.append(message)
    return messages


def _in_order_per_complaint(delivered: list[OutboxMessage]) -> bool:
    seen: dict[str | None, list[int]] = {}
    for message in delivered:
        seen.setdefault(message.complaint_id, []).append(message.payload["n"])
    return all(ns == sorted(ns) for ns in seen.values())


def test_failing_notifier_keeps_the_message_pending_with_backoff(
        notified_sdk: GreenChannel, recorder: RecordingNotifier) -> None:
    recorder.failing = {"*"}
    notified_sdk.intake(make_draft())
    now = notified_sdk.clock.now()

    notified_sdk.relay_outbox(now)
    [pending] = _recorder_messages(notified_sdk, OutboxStatus.PENDING)
    assert pending.attempts == 1
    assert pending.last_error == "ConnectionError: SMS gateway unreachable"
    assert pending.next_attempt_at == now + retry_delay(1)

    recorder.failing = set()
    notified_sdk.relay_outbox(now + retry_delay(1) - timedelta(seconds=1))
    assert recorder.delivered == []  # not due yet

    notified_sdk.relay_outbox(now + retry_delay(1))
    assert [m.id for m in recorder.delivered] == [pending.id]
    [sent] = _recorder_messages(notified_sdk, OutboxStatus.SENT)
    assert (sent.attempts, sent.last_error) == (2, None)


def test_backoff_grows_and_is_capped() -> None:
    delays = [retry_delay(n) for n in range(1, 30)]
    assert delays == sorted(delays)
    assert delays[1] == 2 * delays[0]
    assert delays[-1] == timedelta(hours=6)


def test_default_retries_outlast_a_notifier_down_overnight() -> None:
    """S13, S23: a mail gateway down for a night must not turn notices into dead letters."""
    attempts = Settings().outbox_max_attempts
    retrying_for = sum((retry_delay(n) for n in range(1, attempts)), timedelta())
    assert retrying_for >= timedelta(hours=12)


def test_message_is_dead_after_max_attempts_and_can_be_replayed(
        notified_sdk: GreenChannel, recorder: RecordingNotifier) -> None:
    recorder.failing = {"*"}
    notified_sdk.intake(make_draft())
    now = notified_sdk.clock.now()
    for attempt in range(1, 4):  # outbox_max_attempts=3 in the fixture
        notified_sdk.relay_outbox(now)
        now += retry_delay(attempt)
    [dead] = notified_sdk.relay.dead_letters()
    assert dead.status is OutboxStatus.DEAD
    assert dead.attempts == 3
    assert dead.last_error == "ConnectionError: SMS gateway unreachable"

    recorder.failing = set()
    notified_sdk.relay_outbox(now + timedelta(days=30))
    assert recorder.delivered == []  # a dead message waits for a person
    assert notified_sdk.relay.replay_dead(now, [dead.id]) == 1
    notified_sdk.relay_outbox(now)
    assert [m.id for m in recorder.delivered] == [dead.id]
    assert notified_sdk.relay.dead_letters() == []


def test_delivery_is_in_order_per_complaint_despite_a_failure(
        notified_sdk: GreenChannel, recorder: RecordingNotifier) -> None:
    messages = _queue(notified_sdk, per_complaint=4, complaints=3)
    recorder.failing = {messages[1].id}  # the second notice of the first complaint
    now = DEFAULT_START + timedelta(minutes=5)
    notified_sdk.relay_outbox(now)
    recorder.failing = set()
    for _ in range(10):
        now += timedelta(hours=1)
        notified_sdk.relay_outbox(now)
    assert sorted(m.id for m in recorder.delivered) == sorted(m.id for m in messages)
    assert _in_order_per_complaint(recorder.delivered)
    first_complaint = [m.payload["n"] for m in recorder.delivered
                       if m.complaint_id == messages[0].complaint_id]
    assert first_complaint == [0, 1, 2, 3]


def test_concurrent_relays_never_deliver_a_message_twice(
        notified_sdk: GreenChannel, recorder: RecordingNotifier, database_url: str) -> None:
    """Four relays, each with its own engine, drain 150 messages together (S13)."""
    messages = _queue(notified_sdk, per_complaint=5, complaints=30)
    now = DEFAULT_START + timedelta(hours=1)
    stores = [SqlStore(database_url) for _ in range(4)]
    give_up = time.monotonic() + 120  # a safety net for a hang, not an assertion

    def relay_until_drained(store: SqlStore) -> None:
        relay = OutboxRelay(store, notified_sdk.registry, notified_sdk.settings)
        while len(recorder.delivered) < len(messages) and time.monotonic() < give_up:
            relay.run(now, limit=7)

    threads = [threading.Thread(target=relay_until_drained, args=(s,)) for s in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for store in stores:
        store.close()

    deliveries = Counter(m.id for m in recorder.delivered)
    assert set(deliveries) == {m.id for m in messages}  # at least once: nothing lost
    assert set(deliveries.values()) == {1}  # and no message twice
    assert _in_order_per_complaint(recorder.delivered)

