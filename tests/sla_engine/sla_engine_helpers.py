"""Actors, times and a registration helper shared by the SLA engine tests."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from greenchannel_sdk import Actor, AuditEvent, GreenChannel
from greenchannel_sdk.testing import make_draft

HANDLER = Actor("chen", roles={"handler"}, team="risk")
LEAD = Actor("lead-li", roles={"green_channel_lead"}, team="green-channel")
SUPERVISOR = Actor("sup-zhou", roles={"supervisor"})
AUDITOR = Actor("aud-qian", roles={"auditor"})
SHANGHAI = timezone(timedelta(hours=8))
#: Monday 2 March 2026, 09:00 in Shanghai: the test kit's default receipt time.
RECEIVED = datetime(2026, 3, 2, 9, 0, tzinfo=SHANGHAI)


def register(sdk: GreenChannel, text: str = "my card statement shows a wrong fee",
             **fields: Any) -> str:
    """Register a complaint received at :data:`RECEIVED`; its number."""
    result = sdk.intake(make_draft(text, language="en", **fields))
    assert result.outcome == "registered"
    assert result.complaint is not None
    return result.complaint.number


def events(sdk: GreenChannel, number: str, action: str) -> list[AuditEvent]:
    """The complaint's audit events with ``action``, oldest first."""
    return [event for event in sdk.history(number) if event.action == action]


def sweep_in_a_process(database_url: str, keys: dict[str, str], instants: list[datetime],
                       barrier: Any) -> None:
    """One sweeper process: its own SDK on the shared database, ticking at ``instants``.

    Module level so a spawned process can import it.  The barrier lines the
    processes up so their sweeps overlap; small batches make the processes
    share the due clocks instead of one of them claiming them all.
    """
    import tempfile

    from greenchannel_sdk.testing import FrozenClock, make_sdk

    with tempfile.TemporaryDirectory() as folder, make_sdk(
            folder, clock=FrozenClock(instants[0]), database_url=database_url,
            keys=keys) as sdk:
        sdk.clocks.batch_size = 3
        barrier.wait(timeout=120)
        for instant in instants:
            sdk.tick(instant)
