"""Shared helpers: a valid call record to vary, and a fixed clock."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

import pytest

from greenchannel_callcentre import CallCentreChannel

NOW = datetime(2026, 11, 30, 6, 0, tzinfo=timezone.utc)


class FixedClock:
    def __init__(self, now: datetime = NOW) -> None:
        self.current = now

    def now(self) -> datetime:
        return self.current


def record(**changes: Any) -> dict[str, Any]:
    """A complete, valid call record; ``changes`` replace fields (``None`` removes one)."""
    base: dict[str, Any] = {
        "call_id": "CALL-20261130-0001",
        "caller_number": "+86 138-0013-8000",
        "agent_id": "agent.017",
        "notes": "客户称信用卡在境外被盗刷三笔，共计 4,980.00 元，要求冻结并退款。",
        "started_at": "2026-11-30T09:15:00+08:00",
        "ended_at": "2026-11-30T09:27:30+08:00",
        "ivr_path": ["信用卡", "挂失与盗刷", "人工服务"],
        "recording_ref": "rec://archive/2026/11/30/CALL-20261130-0001.wav",
        "recording_content_type": "audio/wav",
        "recording_size": 2_880_044,
        "customer_ref": "C0012345",
        "customer_name": "王女士",
        "branch_code": "sh01",
        "amount": "4980.00",
        "currency": "CNY",
        "category_hint": "transaction_dispute",
    }
    for name, value in changes.items():
        if value is None:
            base.pop(name, None)
        else:
            base[name] = value
    return base


def body(document: Any) -> bytes:
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


@pytest.fixture
def channel() -> CallCentreChannel:
    return CallCentreChannel(clock=FixedClock())
