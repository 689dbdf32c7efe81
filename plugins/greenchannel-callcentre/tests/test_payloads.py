"""Payloads that are not usable JSON are refused with a reason, never a crash (S1, S16)."""

from __future__ import annotations

import pytest
from greenchannel_sdk.errors import ValidationError

from greenchannel_callcentre import DEFAULT_MAX_BYTES, CallCentreChannel

from .conftest import FixedClock, body, record


def test_payload_over_the_size_limit_is_refused_before_parsing() -> None:
    assert DEFAULT_MAX_BYTES == 5 * 1024 * 1024
    channel = CallCentreChannel(clock=FixedClock(), max_bytes=64)
    payload = body(record())
    with pytest.raises(ValidationError) as caught:
        channel.parse(payload, {})
    assert caught.value.problems == {"body": f"{len(payload)} bytes; the limit is 64 bytes"}


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        (b"", "Expecting value at line 1 column 1"),
        (b'{"call_id": "x",}', "Expecting property name"),
        ("{}".encode("utf-16-le")[:1] + b"\xff\xfe\xfd", "not UTF-8 text"),
        (b'{"amount": NaN}', "NaN is not valid JSON"),
        (b'{"notes": "a", "notes": "b"}', "key 'notes' appears twice in one object"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    ],
)
def test_unusable_json_is_refused_with_its_reason(
    channel: CallCentreChannel, payload: bytes, reason: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        channel.parse(payload, {})
    assert reason in caught.value.problems["body"]


@pytest.mark.parametrize("document", [b'"a string"', b"42", b"null", b"true"])
def test_json_that_is_neither_a_record_nor_a_batch_is_refused(
    channel: CallCentreChannel, document: bytes
) -> None:
    with pytest.raises(ValidationError) as caught:
        channel.parse(document, {})
    assert caught.value.problems == {"record": "must be a JSON object"}
