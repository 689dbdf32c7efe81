"""Shared fixtures: the sample messages in ``fixtures/`` and a channel on a fixed clock."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from greenchannel_email import EmailChannel

FIXTURES = Path(__file__).parent / "fixtures"
NOW = datetime(2026, 12, 31, 12, 0, tzinfo=timezone.utc)


class FixedClock:
    def __init__(self, now: datetime = NOW) -> None:
        self.current = now

    def now(self) -> datetime:
        return self.current


def sample(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.fixture
def channel() -> EmailChannel:
    return EmailChannel(clock=FixedClock())
