"""The sweeper's batch sealing chains exactly like sealing one event at a time (S16)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from greenchannel_sdk import Actor
from greenchannel_sdk.domain import GENESIS_HASH, AuditEvent, sealed_record, verify_chain
from greenchannel_sdk.testing import FrozenClock, make_draft, make_sdk

AT = datetime(2026, 3, 2, 5, 0, tzinfo=timezone.utc)


def _event(i: int) -> AuditEvent:
    return AuditEvent(complaint_id="c-1", seq=0, at=AT + timedelta(minutes=i),
                      actor="system:sla", action="sla.warning", from_status="assigned",
                      to_status="assigned", reason="first_contact clock passed 50% of its goal",
                      data={"clock": "first_contact", "percent": 50, "level": None,
                            "note": "五十"})


def test_sealed_record_matches_sealed_and_verifies() -> None:
    chain: list[AuditEvent] = []
    previous = GENESIS_HASH
    for i in range(3):
        record = sealed_record(_event(i), i + 1, previous)
        assert record["hash"] == _sealed(i, previous).hash
        chain.append(AuditEvent(**{**record, "at": datetime.fromisoformat(record["at"])}))
        previous = record["hash"]
    assert verify_chain("c-1", chain) == []


def _sealed(i: int, previous: str) -> AuditEvent:
    event = _event(i)
    return AuditEvent(complaint_id=event.complaint_id, seq=i + 1, at=event.at,
                      actor=event.actor, action=event.action, from_status=event.from_status,
                      to_status=event.to_status, reason=event.reason,
                      data=event.data).sealed(previous)


def test_a_host_clock_outside_utc_still_gives_a_verifiable_chain(tmp_path: Path) -> None:
    """S16, S21: a bank's clock in Asia/Shanghai must not break the audit chain."""
    shanghai = ZoneInfo("Asia/Shanghai")
    clock = FrozenClock(datetime(2026, 3, 2, 13, 0, tzinfo=shanghai))
    with make_sdk(tmp_path, clock=clock) as sdk:
        complaint = sdk.intake(make_draft(received_at=clock.now())).complaint
        assert complaint is not None
        clock.advance(hours=2)
        sdk.record_contact(complaint.number, Actor.system("test"), method="phone",
                           outcome="reached the customer")
        clock.advance(hours=30)
        sdk.tick()
        assert len(sdk.history(complaint.number)) >= 3
        assert sdk.verify_audit() == []
