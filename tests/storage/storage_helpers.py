"""Helpers shared by the storage tests (importable by name, also from spawned processes)."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from datetime import timedelta

from greenchannel_sdk import GreenChannel
from greenchannel_sdk.domain import (
    Assignment,
    AuditEvent,
    Category,
    Classification,
    ClockGoal,
    ClockState,
    Complaint,
    CustomerIdentity,
    OutboxMessage,
    Priority,
    PriorityAssessment,
    Status,
)
from greenchannel_sdk.hookspecs import hookimpl
from greenchannel_sdk.interfaces import Notifier
from greenchannel_sdk.storage import Registration
from greenchannel_sdk.testing import DEFAULT_START, make_draft


class RecordingNotifier:
    """Records every delivery; fails while ``failing`` names the message (or ``"*"``)."""

    name = "recorder"

    def __init__(self) -> None:
        self.delivered: list[OutboxMessage] = []
        self.failing: set[str] = set()
        self._lock = threading.Lock()

    def send(self, message: OutboxMessage) -> None:
        if "*" in self.failing or message.id in self.failing:
            raise ConnectionError("SMS gateway unreachable")
        with self._lock:
            self.delivered.append(message)


class RecorderPlugin:
    def __init__(self, notifier: RecordingNotifier) -> None:
        self.notifier = notifier

    @hookimpl
    def greenchannel_register_notifiers(self, register: Callable[[Notifier], None]) -> None:
        register(self.notifier)


def register_many(sdk: GreenChannel, count: int, prefix: str = "c") -> list[str]:
    """Register ``count`` complaints from different customers; return their numbers."""
    numbers = []
    for index in range(count):
        draft = make_draft(customer=CustomerIdentity(customer_ref=f"{prefix}-{index}"))
        result = sdk.intake(draft)
        assert result.complaint is not None
        numbers.append(result.complaint.number)
    return numbers



TEAMS = ("green-channel", "risk", "cards")


def registration(index: int, sequence: int) -> Registration:
    """A plain imported complaint: one audit event, one clock (due in a day), one notice.

    Team, priority and status vary with ``index`` so filters have something to select.
    """
    complaint_id = str(uuid.uuid4())
    received = DEFAULT_START + timedelta(minutes=index)
    complaint = Complaint(
        id=complaint_id, number=f"IMP-{sequence:07d}",
        status=Status.ASSIGNED if index % 2 else Status.REGISTERED, channel="import",
        external_id=f"legacy-{index}", received_at=received, registered_at=received,
        text="歷史投訴", classification=Classification(category=Category.OTHER, confidence=1.0),
        priority=PriorityAssessment(priority=Priority.HIGH if index % 5 == 0
                                    else Priority.NORMAL),
        customer=CustomerIdentity(customer_ref=f"legacy-customer-{index}"),
        assignment=Assignment(team=TEAMS[index % 3], assignee=f"handler-{index % 4}",
                              strategy="import", reason="as in the old system",
                              assigned_at=received, assigned_by="import") if index % 2 else None)
    goal = ClockGoal(name="resolution", duration=timedelta(days=15))
    return Registration(
        complaint=complaint,
        events=(AuditEvent(complaint_id=complaint_id, seq=0, at=received, actor="import",
                           action="register", from_status=None, to_status="registered",
                           reason="imported"),),
        clocks=(ClockState(complaint_id=complaint_id, name="resolution", policy="import",
                           goal=goal, started_at=received, due_at=received + goal.duration,
                           next_check_at=received + timedelta(days=1)),),
        outbox=(OutboxMessage(id=str(uuid.uuid4()), complaint_id=complaint_id,
                              topic="complaint.imported", notifier="log",
                              payload={"index": index}, created_at=received),),
    )
