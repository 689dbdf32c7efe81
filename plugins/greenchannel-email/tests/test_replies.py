"""A reply to an acknowledgement adds to the existing complaint instead of opening a new one.

The channel reports what the reply points at in ``draft.in_reply_to``, in a
form the core can look up: a complaint number, or the Message-ID that is the
original complaint's ``external_id`` (S3: the number traces the case end to
end; S13).
"""

from __future__ import annotations

from datetime import date

from greenchannel_sdk.domain import NumberFormat, format_number

from greenchannel_email import EmailChannel

from .conftest import FixedClock, sample

NUMBER = "GC-20261130-E-HQ-000123-3"


def test_number_in_subject_is_the_reference(channel: EmailChannel) -> None:
    (draft,) = channel.parse(sample("reply_subject_number.eml"), {})
    assert draft.in_reply_to == NUMBER
    assert draft.metadata["reply_reference_source"] == "subject-number"


def test_number_typed_in_lower_case_is_still_found(channel: EmailChannel) -> None:
    raw = (b"From: a@example.cn\r\nSubject: re: gc-20261130-e-hq-000123-3 still waiting\r\n"
           b"\r\nstill waiting")
    assert channel.parse(raw, {})[0].in_reply_to == NUMBER


def test_number_with_a_wrong_check_character_links_nothing(channel: EmailChannel) -> None:
    raw = (b"From: a@example.cn\r\nSubject: Re: [GC-20261130-E-HQ-000123-4] hello\r\n"
           b"\r\nbody")
    (draft,) = channel.parse(raw, {})
    assert draft.in_reply_to is None
    assert "subject_number_rejected" in draft.metadata


def test_number_in_the_acknowledgements_message_id_is_the_reference(
    channel: EmailChannel,
) -> None:
    (draft,) = channel.parse(sample("reply_in_reply_to.eml"), {})
    assert draft.in_reply_to == NUMBER
    assert draft.metadata["reply_reference_source"] == "message-id-number"


def test_without_a_number_the_thread_root_names_the_original_complaint_mail(
    channel: EmailChannel,
) -> None:
    (original,) = channel.parse(sample("utf8_plain.eml"), {})
    raw = (b"From: chen.customer@example.com\r\n"
           b"In-Reply-To: <ack-77@bank.example>\r\n"
           b"References: <20261130091500.ABC123@Mail.Example.COM> <ack-77@bank.example>\r\n"
           b"\r\nany news?")
    (reply,) = channel.parse(raw, {})
    assert reply.in_reply_to == original.external_id
    assert reply.metadata["reply_reference_source"] == "thread-root"


def test_in_reply_to_alone_is_the_root(channel: EmailChannel) -> None:
    raw = b"From: a@example.cn\r\nIn-Reply-To: <Parent@Example.ORG>\r\n\r\nbody"
    assert channel.parse(raw, {})[0].in_reply_to == "Parent@example.org"


def test_a_bank_with_its_own_number_format_is_understood() -> None:
    fmt = NumberFormat(prefix="TS", separator="/")
    channel = EmailChannel(clock=FixedClock(), number_format=fmt)
    number = format_number(fmt, on=date(2026, 11, 30), channel="email", branch_code="SZ",
                           sequence=9)
    raw = b"From: a@example.cn\r\nSubject: Re: " + number.encode() + b"\r\n\r\nbody"
    assert channel.parse(raw, {})[0].in_reply_to == number


def test_a_new_message_refers_to_nothing(channel: EmailChannel) -> None:
    (draft,) = channel.parse(sample("utf8_plain.eml"), {})
    assert draft.in_reply_to is None
    assert "reply_reference_source" not in draft.metadata
