"""Helpers shared by the storage tests (importable by name, also from spawned processes)."""

from __future__ import annotations

import threading
from collections.abc import Callable

from greenchannel_sdk import GreenChannel
from greenchannel_sdk.domain import CustomerIdentity, OutboxMessage
from greenchannel_sdk.hookspecs import hookimpl
from greenchannel_sdk.interfaces import Notifier
from greenchannel_sdk.testing import make_draft


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

