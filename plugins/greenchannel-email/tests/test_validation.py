"""Unusable mail raises ValidationError with a reason, so the SDK quarantines it (S1, S16);
reasons never quote the customer's data (S20)."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta, timezone

import pytest
from greenchannel_sdk.errors import ValidationError

from greenchannel_email import DEFAULT_MAX_BYTES, EmailChannel

from .conftest import NOW, FixedClock, sample


def test_default_limit_is_25_mib() -> None:
    assert DEFAULT_MAX_BYTES == 25 * 1024 * 1024
    assert EmailChannel().max_bytes == DEFAULT_MAX_BYTES


def test_message_over_the_size_limit_is_refused() -> None:
    channel = EmailChannel(clock=FixedClock(), max_bytes=100)
    payload = sample("utf8_plain.eml")
    with pytest.raises(ValidationError) as caught:
        channel.parse(payload, {})
    assert caught.value.problems["message"] == f"{len(payload)} bytes; the limit is 100 bytes"


def test_garbage_bytes_are_refused_without_a_sender(channel: EmailChannel) -> None:
    with pytest.raises(ValidationError) as caught:
        channel.parse(sample("garbage.bin"), {})
    assert "from" in caught.value.problems


@pytest.mark.parametrize("payload", [b"", b"   \r\n\r\n  "])
def test_empty_payload_is_refused(channel: EmailChannel, payload: bytes) -> None:
    with pytest.raises(ValidationError, match="empty"):
        channel.parse(payload, {})


def test_sender_that_is_not_an_address_is_refused_without_being_quoted(
    channel: EmailChannel,
) -> None:
    raw = "From: 王小明 13800138000\r\nSubject: x\r\n\r\n我的身份证号是110101199003071234".encode()
    with pytest.raises(ValidationError) as caught:
        channel.parse(raw, {})
    message = str(caught.value)
    assert "from" in caught.value.problems
    for personal in ("王小明", "13800138000", "110101199003071234"):
        assert personal not in message


def test_message_without_text_or_attachments_is_refused(channel: EmailChannel) -> None:
    with pytest.raises(ValidationError) as caught:
        channel.parse(b"From: a@example.cn\r\nSubject: x\r\n\r\n   \r\n", {})
    assert "body" in caught.value.problems


def test_auto_replies_never_become_complaints(channel: EmailChannel) -> None:
    raw = b"From: a@example.cn\r\nAuto-Submitted: auto-replied\r\n\r\nI am on leave."
    with pytest.raises(ValidationError) as caught:
        channel.parse(raw, {})
    assert "auto_submitted" in caught.value.problems
    explicit_no = b"From: a@example.cn\r\nAuto-Submitted: no\r\n\r\nreal complaint"
    assert channel.parse(explicit_no, {})[0].text == "real complaint"


def test_missing_date_and_message_id_fall_back_to_clock_and_content_hash(
    channel: EmailChannel,
) -> None:
    payload = sample("missing_date.eml")
    (draft,) = channel.parse(payload, {})
    assert draft.received_at == NOW
    assert draft.metadata["received_at_source"] == "clock"
    assert draft.external_id == "sha256:" + hashlib.sha256(payload).hexdigest()
    # the same bytes delivered twice get the same id, so intake sees a redelivery
    assert channel.parse(payload, {})[0].external_id == draft.external_id


def test_transport_time_stands_in_for_a_missing_or_invalid_date(channel: EmailChannel) -> None:
    metadata = {"received_at": "2026-12-30T08:00:00+08:00"}
    for headers in (b"", b"Date: the day before yesterday\r\n"):
        raw = b"From: a@example.cn\r\n" + headers + b"\r\nbody"
        (draft,) = channel.parse(raw, metadata)
        assert draft.received_at == datetime(2026, 12, 30, 0, 0, tzinfo=timezone.utc)
        assert draft.metadata["received_at_source"] == "transport"


def test_date_far_in_the_future_is_distrusted(channel: EmailChannel) -> None:
    future = (NOW + timedelta(days=3)).strftime("%a, %d %b %Y %H:%M:%S +0000").encode()
    raw = b"From: a@example.cn\r\nDate: " + future + b"\r\n\r\nbody"
    (draft,) = channel.parse(raw, {})
    assert draft.received_at == NOW
    assert draft.metadata["received_at_source"] == "clock"


def test_multipart_nested_beyond_the_parsers_reach_is_refused_not_crashed(
    channel: EmailChannel,
) -> None:
    depth = 999  # within the boundary-line bound, but the stdlib walks MIME trees recursively
    head = b"".join(
        b'Content-Type: multipart/mixed; boundary="b%d"\r\n\r\n--b%d\r\n' % (i, i)
        for i in range(depth)
    )
    raw = b"From: a@example.cn\r\n" + head + b"Content-Type: text/plain\r\n\r\nx"
    with pytest.raises(ValidationError) as caught:
        channel.parse(raw, {})
    assert caught.value.problems == {"message": "the email parser failed (RecursionError)"}


def test_more_mime_parts_than_any_complaint_has_are_refused_before_parsing(
    channel: EmailChannel,
) -> None:
    # 26,000 empty parts take the stdlib parser about 15 s; refused at a glance instead
    raw = (b"From: a@example.cn\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
           + b"--b\r\n\r\nx\r\n" * 26_000)
    with pytest.raises(ValidationError) as caught:
        channel.parse(raw, {})
    assert caught.value.problems == {
        "message": "26000 MIME boundary lines; at most 1000 are accepted"
    }


@pytest.mark.parametrize(
    "field",
    [
        b"Content-Transfer-Encoding: " + b"a " * 5000,
        b"Content-Disposition: attachment; filename=\"" + b"=?utf-8?q?a?= " * 700 + b"\"",
        b"Content-Type: text/plain;\r\n" + b" a=b;\r\n" * 2000,
    ],
)
def test_mime_header_fields_longer_than_real_ones_are_refused(
    channel: EmailChannel, field: bytes
) -> None:
    with pytest.raises(ValidationError) as caught:
        channel.parse(b"From: a@example.cn\r\n" + field + b"\r\n\r\nbody", {})
    assert "Content-* header field of" in caught.value.problems["message"]


def test_nested_comments_in_the_sender_are_refused_not_crashed(channel: EmailChannel) -> None:
    raw = b"From: " + b"(" * 1500 + b"a@example.cn\r\n\r\nbody"
    with pytest.raises(ValidationError) as caught:
        channel.parse(raw, {})
    assert "from" in caught.value.problems
