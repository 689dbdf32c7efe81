"""The email channel keeps the intake contract, checked by the SDK's conformance kit,
and replies link to the complaint they answer inside a real SDK (S1, S3, S13, S16)."""

from __future__ import annotations

import base64
from datetime import datetime, timezone
from pathlib import Path

from greenchannel_sdk.testing import FrozenClock
from greenchannel_sdk.testing.channels import (
    UNICODE_TEXT,
    ChannelConformance,
    ChannelSamples,
    Sample,
    sdk_with_channel,
)

from greenchannel_email import EmailChannel

from .conftest import sample

START = datetime(2026, 12, 1, 2, 0, tzinfo=timezone.utc)
LIMIT = 64 * 1024


def unicode_mail() -> bytes:
    return (b"From: u@example.cn\r\nMessage-ID: <unicode-1@example.cn>\r\n"
            b"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n"
            b"\r\n" + base64.encodebytes(UNICODE_TEXT.encode()))


class TestEmailConformance(ChannelConformance):
    start = START

    def make_channel(self, clock: FrozenClock) -> EmailChannel:
        return EmailChannel(clock=clock, max_bytes=LIMIT)

    def samples(self, clock: FrozenClock) -> ChannelSamples:
        valid = sample("utf8_plain.eml")
        return ChannelSamples(
            valid=Sample(valid),
            malformed=[Sample(sample("garbage.bin")),
                       Sample(b"Subject: no sender\r\n\r\nbody"),
                       Sample(b"From: a@example.cn\r\nAuto-Submitted: auto-replied\r\n\r\naway")],
            unicode=Sample(unicode_mail()),
            oversize=Sample(valid + b"x" * (LIMIT + 1 - len(valid))),
        )


def test_replies_are_linked_to_the_complaint_they_answer(tmp_path: Path) -> None:
    clock = FrozenClock(START)
    with sdk_with_channel(EmailChannel(clock=clock), tmp_path, clock=clock) as sdk:
        (first,) = sdk.receive("email", sample("utf8_plain.eml"), {})
        assert first.outcome == "registered"
        assert first.complaint is not None
        number = first.complaint.number

        by_number = (f"From: chen.customer@example.com\r\nSubject: Re: [{number}] 受理通知\r\n"
                     "Message-ID: <reply-a@example.com>\r\n\r\n还没有人联系我。").encode()
        by_thread = (b"From: chen.customer@example.com\r\nMessage-ID: <reply-b@example.com>\r\n"
                     b"References: <20261130091500.ABC123@mail.example.com> <ack@bank.example>\r\n"
                     b"\r\nany news?")
        for reply in (by_number, by_thread):
            (result,) = sdk.receive("email", reply, {})
            assert result.outcome == "linked"
            assert result.complaint is not None
            assert result.complaint.number == number
