"""Extensions, exclusions and pauses as audited commands (S22; issue 4 items 3 and 5).

Under 《银行业保险业消费投诉处理管理办法》 (``cn-nfra-2020``) a complaint received
Monday 2 March 2026 09:00 in Shanghai has its decision due at midnight closing
the 15th calendar day after receipt: 2026-03-18T00:00+08:00 (the day of
receipt is not counted).  It may be extended to 30 days (2 April) and, with a
named approver, to 60 days (2 May).  All dates below are worked out by hand.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sla_engine_helpers import AUDITOR, LEAD, SHANGHAI, events, register

from greenchannel_sdk import GreenChannel, PermissionDenied, ValidationError
from greenchannel_sdk.domain import structure
from greenchannel_sdk.sla import AdjustmentKind, ClockAdjustment
from greenchannel_sdk.testing import FrozenClock


def _at(month: int, day: int, hour: int = 0) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=SHANGHAI)


def _resolution(sdk: GreenChannel, number: str) -> datetime:
    clock = next(c for c in sdk.clock_states(number) if c.name == "resolution")
    return clock.due_at


def _pending_topics(sdk: GreenChannel) -> list[str]:
    from greenchannel_sdk.domain import OutboxStatus
    with sdk.store.unit_of_work() as uow:
        return [m.topic for m in uow.outbox_messages(OutboxStatus.PENDING, 100)]


def test_statutory_deadline_is_15_calendar_days_after_receipt(cn_sdk: GreenChannel) -> None:
    number = register(cn_sdk)
    assert _resolution(cn_sdk, number) == _at(3, 18)


def test_extension_moves_the_deadline_audits_it_and_tells_the_customer(
        cn_sdk: GreenChannel, clock: FrozenClock) -> None:
    number = register(cn_sdk)
    clock.advance(days=5)
    updated = cn_sdk.sla.extend(number, "resolution", LEAD, by=timedelta(days=15),
                                reason="complex case: three card transactions to trace")
    assert updated.due_at == _at(4, 2)
    assert _resolution(cn_sdk, number) == _at(4, 2)
    [event] = events(cn_sdk, number, "sla.adjustment")
    assert event.actor == LEAD.id
    assert event.at == clock.now()
    recorded = structure(event.data, ClockAdjustment)
    assert recorded.kind is AdjustmentKind.EXTENSION
    assert (recorded.due_before, recorded.due_after) == (_at(3, 18), _at(4, 2))
    assert recorded.amount == timedelta(days=15)
    assert recorded.reason == "complex case: three card transactions to trace"
    assert "customer.deadline_extended" in _pending_topics(cn_sdk)


def test_extension_past_30_days_needs_a_named_approver(cn_sdk: GreenChannel) -> None:
    number = register(cn_sdk)
    with pytest.raises(ValidationError) as refused:
        cn_sdk.sla.extend(number, "resolution", LEAD, by=timedelta(days=16),
                          reason="particularly complex")
    assert "approved_by" in refused.value.problems
    updated = cn_sdk.sla.extend(number, "resolution", LEAD, until=_at(5, 2),
                                reason="particularly complex", approved_by="head-office:vp-sun")
    assert updated.due_at == _at(5, 2)
    [event] = events(cn_sdk, number, "sla.adjustment")
    assert event.data["approved_by"] == "head-office:vp-sun"


def test_extension_beyond_the_rules_maximum_is_refused_and_writes_nothing(
        cn_sdk: GreenChannel) -> None:
    number = register(cn_sdk)
    history = len(cn_sdk.history(number))
    topics = _pending_topics(cn_sdk)
    with pytest.raises(ValidationError) as refused:
        cn_sdk.sla.extend(number, "resolution", LEAD, until=_at(5, 3),
                          reason="still waiting", approved_by="head-office:vp-sun")
    assert "2026-05-01T16:00:00+00:00" in refused.value.problems["by"]  # 2 May, Shanghai
    assert _resolution(cn_sdk, number) == _at(3, 18)
    assert len(cn_sdk.history(number)) == history
    assert _pending_topics(cn_sdk) == topics


def test_goal_without_an_extension_rule_cannot_be_extended(cn_sdk: GreenChannel) -> None:
    number = register(cn_sdk)
    with pytest.raises(ValidationError) as refused:
        cn_sdk.sla.extend(number, "first_contact", LEAD, by=timedelta(hours=4), reason="busy")
    assert "goal" in refused.value.problems


def test_exclusion_moves_a_statutory_clock_and_tells_the_customer(
        cn_sdk: GreenChannel, clock: FrozenClock) -> None:
    """External appraisal from 5 to 8 March is not counted: 3 days later, 21 March."""
    number = register(cn_sdk)
    clock.advance(days=6)
    updated = cn_sdk.sla.exclude(number, "resolution", LEAD, start=_at(3, 5), end=_at(3, 8),
                                 reason="external appraisal of the card reader")
    assert updated.statutory
    assert updated.due_at == _at(3, 21)
    [event] = events(cn_sdk, number, "sla.adjustment")
    recorded = structure(event.data, ClockAdjustment)
    assert recorded.kind is AdjustmentKind.EXCLUSION
    assert (recorded.start, recorded.end) == (_at(3, 5), _at(3, 8))
    assert recorded.amount == timedelta(days=3)
    assert "customer.time_excluded" in _pending_topics(cn_sdk)


def test_exclusion_needs_a_reason_and_an_ordered_span(cn_sdk: GreenChannel) -> None:
    number = register(cn_sdk)
    with pytest.raises(ValidationError) as refused:
        cn_sdk.sla.exclude(number, "resolution", LEAD, start=_at(3, 8), end=_at(3, 5),
                           reason=" ")
    assert set(refused.value.problems) == {"end", "reason"}


def test_adjusting_needs_the_escalation_permission(cn_sdk: GreenChannel) -> None:
    """An auditor reads deadlines but cannot move them."""
    number = register(cn_sdk)
    with pytest.raises(PermissionDenied):
        cn_sdk.sla.extend(number, "resolution", AUDITOR, by=timedelta(days=1), reason="x")
    with pytest.raises(PermissionDenied):
        cn_sdk.sla.exclude(number, "resolution", AUDITOR, start=_at(3, 5), end=_at(3, 6),
                           reason="appraisal")
    assert events(cn_sdk, number, "sla.adjustment") == []


def test_unknown_clock_is_named_in_the_error(cn_sdk: GreenChannel) -> None:
    number = register(cn_sdk)
    with pytest.raises(ValidationError) as refused:
        cn_sdk.sla.extend(number, "follow_up", LEAD, by=timedelta(days=1), reason="x")
    assert "follow_up" in refused.value.problems["clock"]


def test_waiting_for_the_customer_is_audited_as_a_pause(any_sdk: GreenChannel,
                                                        clock: FrozenClock) -> None:
    """Scheme default: the internal 15-day resolution target pauses while the bank waits.

    Paused 11:00 on the day of receipt (a day that is not counted anyway)
    until 11:00 on Thursday 5 March: the clock lost 3 and 4 March and 11
    hours of the 5th, so the deadline moves from 18 March 00:00 to
    20 March 11:00.
    """
    number = register(any_sdk)
    any_sdk.record_contact(number, LEAD, method="phone", outcome="confirmed")
    assert _resolution(any_sdk, number) == _at(3, 18)
    clock.advance(hours=2)
    any_sdk.request_customer_info(number, LEAD, what="the statement")
    paused_at = clock.now()
    clock.advance(days=3)
    any_sdk.customer_replied(number, LEAD, note="statement received")
    assert _resolution(any_sdk, number) == _at(3, 20, 11)
    [event] = events(any_sdk, number, "sla.adjustment")
    recorded = structure(event.data, ClockAdjustment)
    assert recorded.kind is AdjustmentKind.PAUSE
    assert recorded.clock == "resolution"
    assert (recorded.start, recorded.end) == (paused_at, clock.now())
    assert recorded.amount == timedelta(days=2, hours=11)
    assert event.at == clock.now()
