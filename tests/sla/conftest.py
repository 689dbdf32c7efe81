"""Shared fixtures for the SLA tests: the default calendars and complaint factories."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from greenchannel_sdk.domain import (
    Category,
    Classification,
    Complaint,
    Priority,
    PriorityAssessment,
    Status,
)
from greenchannel_sdk.interfaces import BusinessCalendar
from greenchannel_sdk.settings import Settings
from greenchannel_sdk.sla import DefaultSlaPlugin

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture(scope="session")
def calendars() -> Mapping[str, BusinessCalendar]:
    plugin = DefaultSlaPlugin(Settings(load_entry_points=False))
    return {calendar.name: calendar for calendar in plugin.calendars()}


@pytest.fixture
def make_complaint() -> Callable[..., Complaint]:
    def make(*, priority: Priority = Priority.NORMAL,
             received_at: datetime = datetime(2026, 3, 2, 10, tzinfo=SHANGHAI),
             metadata: Mapping[str, str] | None = None) -> Complaint:
        return Complaint(
            id="c-1", number="GC-0001", status=Status.REGISTERED, channel="web",
            external_id="ext-1", received_at=received_at, registered_at=received_at,
            text="complaint text",
            classification=Classification(Category.TRANSACTION_DISPUTE, 0.9),
            priority=PriorityAssessment(priority), metadata=dict(metadata or {}))
    return make
