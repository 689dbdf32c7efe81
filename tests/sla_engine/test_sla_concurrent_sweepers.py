"""Four sweeper processes on one database fire every event exactly once (S22; issue 4 item 6).

Each process has its own :class:`GreenChannel` on the same database and
sweeps the same instants at the same time.  On PostgreSQL due clocks are
claimed with ``FOR UPDATE SKIP LOCKED``; on SQLite ``BEGIN IMMEDIATE`` and
the busy timeout serialise the writers.  Afterwards every warning, breach
and escalation level of every clock appears once in the audit log and once
in the outbox.
"""

from __future__ import annotations

import multiprocessing
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from sla_engine_helpers import RECEIVED, register, sweep_in_a_process

from greenchannel_sdk.domain import OutboxStatus
from greenchannel_sdk.security.keys import generate_key
from greenchannel_sdk.testing import FrozenClock, make_sdk

WORKERS = 4
COMPLAINTS = 30
#: Per clock (first contact, resolution): warnings at 50 % and 80 %, the breach,
#: escalation levels 1-3.
EXPECTED = {("sla.warning", 50, None), ("sla.warning", 80, None), ("sla.breach", None, None),
            ("sla.escalation", None, 1), ("sla.escalation", None, 2),
            ("sla.escalation", None, 3)}


@pytest.mark.slow
def test_four_sweepers_fire_each_event_once(database_url: str, tmp_path: Path) -> None:
    keys = {"test-1": generate_key()}
    with make_sdk(tmp_path, clock=FrozenClock(), database_url=database_url, keys=keys) as sdk:
        numbers = [register(sdk) for _ in range(COMPLAINTS)]
        instants = [RECEIVED + timedelta(hours=hours)
                    for hours in (13, 20, 25, 49, 97, 24 * 8, 24 * 13, 24 * 16, 24 * 17,
                                  24 * 20)]
        context = multiprocessing.get_context("spawn")
        barrier = context.Barrier(WORKERS)
        workers = [context.Process(target=sweep_in_a_process,
                                   args=(database_url, keys, instants, barrier))
                   for _ in range(WORKERS)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=300)
        assert [worker.exitcode for worker in workers] == [0] * WORKERS

        fired: Counter[tuple[str, str, int, str, int | None, int | None]] = Counter()
        for number in numbers:
            for event in sdk.history(number):
                if event.action in ("sla.warning", "sla.breach", "sla.escalation"):
                    fired[number, event.data["clock"], event.data["cycle"], event.action,
                          event.data["percent"], event.data["level"]] += 1
            assert sdk.get(number).escalation_level == 3
        assert set(fired.values()) == {1}
        expected = {(number, clock, 1, *item) for number in numbers
                    for clock in ("first_contact", "resolution") for item in EXPECTED}
        assert set(fired) == expected
        with sdk.store.unit_of_work() as uow:
            staff = [m for m in uow.outbox_messages(OutboxStatus.PENDING, 10_000)
                     if m.topic.startswith("sla.")]
        assert len(staff) == len(expected)
