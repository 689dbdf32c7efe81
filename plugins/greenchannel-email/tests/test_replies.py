"""A reply to an acknowledgement adds to the existing complaint instead of opening a new one.

The channel reports what the reply points at in ``draft.in_reply_to``; the
core links it (S3: the number traces the case end to end; S13).
"""

from __future__ import annotations

from greenchannel_email import EmailChannel

from .conftest import FixedClock, sample

NUMBER = "GC-20261130-E-HQ-000123-3"


def test_number_in_subject_is_the_reference(channel: EmailChannel) -> None:
    (draft,) = channel.parse(sample("reply_subject_number.eml"), {})
    assert draft.in_reply_to == NUMBER
    assert draft.metadata["reply_reference_source"] == "subject-number"


def test_number_typed_in_lower_case_with_spaces_is_still_found(channel: EmailChannel) -> None:
    raw = (b"From: a@example.cn\r\nSubject: re: gc-20261130-e-hq-000123-3 still waiting\r\n"
           b"\r\nstill waiting")
    assert channel.parse(raw, {})[0].in_reply_to == NUMBER


def test_number_with_a_wrong_check_character_links_nothing(channel: EmailChannel) -> None:
    raw = (b"From: a@example.cn\r\nSubject: Re: [GC-20261130-E-HQ-000123-4] hello\r\n"
           b"\r\nbody")
    (draft,) = channel.parse(raw, {})
    assert draft.in_reply_to is None
    assert "subject_number_rejected" in draft.metadata


def test_in_reply_to_is_the_reference_when_the_subject_has_no_number(
    channel: EmailChannel,
) -> None:
    (draft,) = channel.parse(sample("reply_in_reply_to.eml"), {})
    assert draft.in_reply_to == "ack.GC-20261130-E-HQ-000123-3@bank.example"
    assert draft.metadata["reply_reference_source"] == "message-id"


def test_with_a_predicate_only_the_sdks_own_message_ids_count() -> None:
    ours = EmailChannel(
        clock=FixedClock(), is_sdk_message_id=lambda mid: mid.endswith("@bank.example")
    )
    (draft,) = ours.parse(sample("reply_in_reply_to.eml"), {})
    assert draft.in_reply_to == "ack.GC-20261130-E-HQ-000123-3@bank.example"

    raw = (b"From: a@example.cn\r\nIn-Reply-To: <someone-else@example.org>\r\n"
           b"References: <ack.1@bank.example> <someone-else@example.org>\r\n\r\nbody")
    assert ours.parse(raw, {})[0].in_reply_to == "ack.1@bank.example"

    unrelated = b"From: a@example.cn\r\nIn-Reply-To: <x@example.org>\r\n\r\nbody"
    assert ours.parse(unrelated, {})[0].in_reply_to is None


def test_references_alone_name_the_last_message_as_the_parent(channel: EmailChannel) -> None:
    raw = b"From: a@example.cn\r\nReferences: <first@a.example> <LAST@B.Example>\r\n\r\nbody"
    assert channel.parse(raw, {})[0].in_reply_to == "LAST@b.example"
