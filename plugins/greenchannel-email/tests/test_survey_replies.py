"""A customer answers the follow-up survey by replying to the bank's e-mail (S15).

The e-mail channel finds the complaint number (subject or quoted Message-ID)
and the core reads the answer from the first words: ``5 solved ...``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import pytest
from greenchannel_sdk import Actor, GreenChannel, Status, hookimpl
from greenchannel_sdk.testing import FrozenClock, make_draft, make_sdk, using_plugin

from greenchannel_email import EmailChannel

HANDLER = Actor("chen", roles={"handler"}, team="risk")
LEAD = Actor("lead-li", roles={"green_channel_lead"}, team="green-channel")


class _Registers:
    def __init__(self, channel: EmailChannel) -> None:
        self.channel = channel

    @hookimpl
    def greenchannel_register_channels(self, register: Callable[[Any], None]) -> None:
        register(self.channel)


@pytest.fixture
def sdk(tmp_path: Any) -> Iterator[GreenChannel]:
    clock = FrozenClock()
    with make_sdk(tmp_path, clock=clock) as instance, \
            using_plugin(instance, _Registers(EmailChannel(clock=clock))):
        yield instance


def _resolved(sdk: GreenChannel) -> str:
    result = sdk.intake(make_draft("我的銀行卡被盜刷了五千元"))
    assert result.complaint is not None
    number = result.complaint.number
    sdk.record_contact(number, HANDLER, method="phone", outcome="confirmed")
    sdk.propose_resolution(number, HANDLER, remedy="refund", redress=Decimal("5000"))
    sdk.accept_resolution(number, HANDLER)
    return number


def _reply(number: str, text: str, message_id: str) -> bytes:
    return (f"From: customer@example.cn\r\nTo: complaints@bank.example\r\n"
            f"Subject: Re: [{number}] How satisfied are you?\r\n"
            f"Message-ID: <{message_id}@example.cn>\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n\r\n"
            f"{text}\r\n").encode()


def test_an_emailed_answer_is_recorded_as_the_survey(sdk: GreenChannel) -> None:
    number = _resolved(sdk)
    [result] = sdk.receive("email", _reply(number, "4 solved, thanks for the refund", "m1"))
    assert result.outcome == "survey"
    [survey] = sdk.export_dossier(number, LEAD).surveys
    assert (survey.score, survey.solved, survey.comments, survey.channel) == (
        4, True, "thanks for the refund", "email")
    assert sdk.get(number).status is Status.RESOLVED


def test_an_emailed_dissatisfied_answer_reopens(sdk: GreenChannel) -> None:
    number = _resolved(sdk)
    [result] = sdk.receive("email", _reply(number, "1 未解決 還是被扣費", "m2"))
    assert result.outcome == "survey"
    assert sdk.get(number).status is Status.REOPENED


def test_an_unreadable_emailed_answer_is_kept_for_a_person(sdk: GreenChannel) -> None:
    number = _resolved(sdk)
    [result] = sdk.receive("email", _reply(number, "Please call me about this.", "m3"))
    assert result.outcome == "linked"
    texts = [c.text for c in sdk.communications(number) if c.channel == "email"]
    assert any("Please call me about this." in t for t in texts)
    assert sdk.export_dossier(number, LEAD).surveys == ()
