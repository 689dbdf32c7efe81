"""A JSON array of call records is a batch: all drafts, or every bad index named (S1)."""

from __future__ import annotations

import pytest
from greenchannel_sdk.errors import ValidationError

from greenchannel_callcentre import CallCentreChannel

from .conftest import FixedClock, body, record


def calls(count: int) -> list[dict[str, object]]:
    return [record(call_id=f"CALL-{index}") for index in range(count)]


def test_batch_gives_one_draft_per_call_in_order(channel: CallCentreChannel) -> None:
    drafts = channel.parse(body(calls(3)), {})
    assert [draft.external_id for draft in drafts] == ["CALL-0", "CALL-1", "CALL-2"]


def test_bad_records_are_reported_by_index_and_field(channel: CallCentreChannel) -> None:
    batch = calls(5)
    batch[1]["notes"] = ""
    batch[3] = "not a record"  # type: ignore[call-overload]
    with pytest.raises(ValidationError) as caught:
        channel.parse(body(batch), {})
    assert str(caught.value).startswith("2 of 5 call records are invalid (indexes 1, 3)")
    assert caught.value.problems == {"[1].notes": "must not be blank",
                                     "[3].record": "must be a JSON object"}


def test_call_id_repeated_within_a_batch_is_refused(channel: CallCentreChannel) -> None:
    batch = calls(3)
    batch[2]["call_id"] = "CALL-0"
    with pytest.raises(ValidationError) as caught:
        channel.parse(body(batch), {})
    assert caught.value.problems == {"[2].call_id": "repeats the call_id of record [0]"}


def test_empty_batch_is_refused(channel: CallCentreChannel) -> None:
    with pytest.raises(ValidationError, match="empty"):
        channel.parse(b"[]", {})


def test_batch_longer_than_the_limit_is_refused() -> None:
    channel = CallCentreChannel(clock=FixedClock(), max_records=2)
    with pytest.raises(ValidationError) as caught:
        channel.parse(body(calls(3)), {})
    assert caught.value.problems == {"body": "3 records; the limit is 2"}


def test_a_batch_of_broken_records_gets_a_bounded_reason(channel: CallCentreChannel) -> None:
    batch = [record(call_id=f"CALL-{index}", notes="", agent_id=None) for index in range(300)]
    with pytest.raises(ValidationError) as caught:
        channel.parse(body(batch), {})
    assert str(caught.value).startswith("300 of 300 call records are invalid (indexes 0, 1, 2,")
    assert len(caught.value.problems) == 20 * 2 + 1
    assert caught.value.problems["body"] == "only the first 20 invalid records are detailed"
