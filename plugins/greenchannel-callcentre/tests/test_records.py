"""A call record becomes a complaint draft; every wrong field is named (S1, S16, S20)."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from decimal import Decimal
from typing import Any

import pytest
from greenchannel_sdk.errors import ValidationError

from greenchannel_callcentre import RECORDING_REF_TYPE, CallCentreChannel

from .conftest import FixedClock, body, record


def test_call_record_becomes_a_hotline_draft(channel: CallCentreChannel) -> None:
    (draft,) = channel.parse(body(record()), {})
    assert draft.channel == "hotline"
    assert draft.external_id == "CALL-20261130-0001"
    assert draft.received_at == datetime(2026, 11, 30, 1, 15, tzinfo=timezone.utc)
    assert draft.text.startswith("客户称信用卡在境外被盗刷三笔")
    assert draft.customer.phone == "+8613800138000"
    assert draft.customer.customer_ref == "C0012345"
    assert draft.customer.name == "王女士"
    assert draft.branch_code == "SH01"
    assert draft.amount == Decimal("4980.00")
    assert draft.currency == "CNY"
    assert draft.metadata["agent_id"] == "agent.017"
    assert json.loads(draft.metadata["ivr_path"]) == ["信用卡", "挂失与盗刷", "人工服务"]
    assert draft.metadata["duration_seconds"] == "750"
    assert draft.metadata["category_hint"] == "transaction_dispute"


def test_recording_is_kept_as_evidence_by_reference(channel: CallCentreChannel) -> None:
    (draft,) = channel.parse(body(record()), {})
    (recording,) = draft.attachments
    assert recording.reference == "rec://archive/2026/11/30/CALL-20261130-0001.wav"
    assert recording.content_type == "audio/wav"
    assert recording.size == 2_880_044
    assert recording.filename == "CALL-20261130-0001.wav"


def test_minimal_record_gets_a_recording_reference_type_and_empty_ivr_path(
    channel: CallCentreChannel,
) -> None:
    minimal = record(ivr_path=None, recording_content_type=None, recording_size=None,
                     customer_ref=None, customer_name=None, branch_code=None, amount=None,
                     currency=None, category_hint=None, recording_ref="rec:CALL-1")
    (draft,) = channel.parse(body(minimal), {})
    assert draft.attachments[0].content_type == RECORDING_REF_TYPE
    assert draft.attachments[0].size == 0
    assert draft.metadata["ivr_path"] == "[]"
    assert "category_hint" not in draft.metadata
    assert draft.amount is None


def test_call_without_a_recording_has_no_attachment(channel: CallCentreChannel) -> None:
    (draft,) = channel.parse(body(record(recording_ref=None)), {})
    assert draft.attachments == ()


def test_withheld_caller_number_is_null_but_not_absent(channel: CallCentreChannel) -> None:
    withheld = record()
    withheld["caller_number"] = None
    assert channel.parse(body(withheld), {})[0].customer.phone is None
    with pytest.raises(ValidationError) as caught:
        channel.parse(body(record(caller_number=None)), {})
    assert caught.value.problems == {"caller_number": "is required"}


INVALID_FIELDS: list[tuple[str, Any, str]] = [
    ("call_id", "", "blank"),
    ("call_id", "call id with spaces", "letters, digits"),
    ("call_id", 42, "must be a string, not a number"),
    ("caller_number", "call me", "phone number"),
    ("caller_number", "12", "phone number"),
    ("agent_id", ["a"], "must be a string, not an array"),
    ("notes", "   ", "blank"),
    ("notes", "x" * 20_001, "at most 20000 characters"),
    ("started_at", "2026-11-30 09:15", "ISO 8601"),
    ("started_at", "2026-11-30T09:15:00", "with an offset"),
    ("started_at", "2026-02-30T09:15:00+08:00", "not a real date"),
    ("ended_at", True, "not a boolean"),
    ("ivr_path", "信用卡", "array of strings"),
    ("ivr_path", ["ok", ""], "entry 1 must not be blank"),
    ("recording_ref", "no scheme", "URI"),
    ("recording_content_type", "video/mp4", "audio/*"),
    ("recording_size", -1, "at least 0"),
    ("customer_name", {"first": "x"}, "not an object"),
    ("branch_code", "SH-01", "letters and digits"),
    ("amount", "12.345", "at most 2 decimals"),
    ("amount", -5, "non-negative"),
    ("currency", "rmb", "ISO 4217"),
    ("category_hint", "fraud", "must be one of"),
]


@pytest.mark.parametrize(("field", "value", "reason"), INVALID_FIELDS)
def test_each_invalid_field_is_named_with_its_reason(
    channel: CallCentreChannel, field: str, value: Any, reason: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        channel.parse(body(record(**{field: value})), {})
    assert list(caught.value.problems) == [field]
    assert reason in caught.value.problems[field]


def test_every_wrong_field_is_reported_at_once(channel: CallCentreChannel) -> None:
    broken = record(notes=" ", agent_id=None, currency="cny", colour="red")
    with pytest.raises(ValidationError) as caught:
        channel.parse(body(broken), {})
    assert set(caught.value.problems) == {"notes", "agent_id", "currency", "colour"}
    assert caught.value.problems["colour"].startswith("is not a field")


def test_call_ending_before_it_started_is_refused(channel: CallCentreChannel) -> None:
    with pytest.raises(ValidationError) as caught:
        channel.parse(body(record(ended_at="2026-11-30T09:00:00+08:00")), {})
    assert caught.value.problems == {"ended_at": "is before started_at"}


def test_call_starting_in_the_future_is_refused_beyond_the_tolerance() -> None:
    now = datetime(2026, 11, 30, 1, 12, tzinfo=timezone.utc)
    channel = CallCentreChannel(clock=FixedClock(now))
    assert channel.parse(body(record()), {})  # starts 3 minutes ahead: clock drift
    with pytest.raises(ValidationError) as caught:
        channel.parse(body(record(started_at="2026-11-30T09:30:00+08:00",
                                  ended_at="2026-11-30T09:40:00+08:00")), {})
    assert "future" in caught.value.problems["started_at"]


def test_amount_as_a_json_number_is_read_exactly_but_exponents_are_refused(
    channel: CallCentreChannel,
) -> None:
    exact = body(record(amount=None)).replace(b'"currency"', b'"amount": 1234.1, "currency"')
    assert channel.parse(exact, {})[0].amount == Decimal("1234.10")
    exponent = exact.replace(b"1234.1", b"1.5e3")
    with pytest.raises(ValidationError) as caught:
        channel.parse(exponent, {})
    assert list(caught.value.problems) == ["amount"]


def test_currency_without_an_amount_is_refused(channel: CallCentreChannel) -> None:
    with pytest.raises(ValidationError) as caught:
        channel.parse(body(record(amount=None)), {})
    assert set(caught.value.problems) == {"currency"}


def test_errors_never_repeat_personal_data(channel: CallCentreChannel) -> None:
    personal = record(caller_number="1380013800O", customer_name=["王秀英"],
                      customer_ref="C" * 65, notes=17)
    with pytest.raises(ValidationError) as caught:
        channel.parse(body(personal), {})
    message = str(caught.value)
    for value in ("1380013800O", "王秀英", "C" * 65):
        assert value not in message


def test_thousands_of_unknown_fields_are_counted_not_listed(channel: CallCentreChannel) -> None:
    flooded = record(**{f"x{index}": index for index in range(5000)})
    with pytest.raises(ValidationError) as caught:
        channel.parse(body(flooded), {})
    assert len(caught.value.problems) == 6
    assert caught.value.problems["record"] == "has 5000 unknown fields; the first 5 are named"
