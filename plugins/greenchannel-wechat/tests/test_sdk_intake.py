"""End to end through the SDK facade: WeChat pushes become complaints once (S1, S3, S13).

The channel is registered on a real SDK (SQLite, encryption at rest) with
the SDK's own test kit; ``receive`` is what a host calls from its endpoint.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from greenchannel_sdk import hookimpl
from greenchannel_sdk.interfaces import Channel
from greenchannel_sdk.sdk import GreenChannel
from greenchannel_sdk.testing import FrozenClock, make_sdk, using_plugin

from greenchannel_wechat import WeChatChannel
from wechat_requests import (
    ACCOUNT,
    AES_KEY,
    APPID,
    NOW,
    NOW_TS,
    OPENID,
    TOKEN,
    message_xml,
    plain_query,
    sealed_request,
)


class _RegistersChannel:
    """A host plugin that registers one pre-built channel (the host owns the clock)."""

    def __init__(self, channel: Channel) -> None:
        self.channel = channel

    @hookimpl
    def greenchannel_register_channels(self, register: Callable[[Channel], None]) -> None:
        register(self.channel)


@pytest.fixture
def sdk(tmp_path: Path) -> Iterator[GreenChannel]:
    clock = FrozenClock(NOW)
    with make_sdk(tmp_path, clock=clock) as sdk, \
            using_plugin(sdk, _RegistersChannel(WeChatChannel(TOKEN, APPID, AES_KEY,
                                                              clock=clock))):
        yield sdk


def test_sealed_message_is_registered_and_retries_are_duplicates(sdk: GreenChannel) -> None:
    document = message_xml(Content="我的银行卡被盗刷了五万元,请马上冻结")
    first, = sdk.receive("wechat", *sealed_request(document))
    retry, = sdk.receive("wechat", *sealed_request(document, nonce="2",
                                                   timestamp=str(int(NOW_TS) + 5)))

    assert first.outcome == "registered"
    assert first.complaint is not None
    assert first.complaint.channel == "wechat"
    assert first.complaint.external_id == "6054768590064713728"
    assert retry.outcome == "duplicate"
    assert retry.complaint is not None
    assert retry.complaint.number == first.complaint.number


def test_complaint_number_goes_back_in_the_passive_reply(sdk: GreenChannel) -> None:
    """S13: the follower learns the number in the answer to their own message."""
    body, query = sealed_request(message_xml(Content="理财经理误导我购买高风险产品"))
    result, = sdk.receive("wechat", body, query)
    assert result.complaint is not None
    channel = sdk.registry.channels["wechat"]
    assert isinstance(channel, WeChatChannel)

    reply = channel.build_reply(OPENID, f"已受理,投诉编号 {result.complaint.number}",
                                encrypt=True, from_account=ACCOUNT)
    assert b"<Encrypt>" in reply
    assert result.complaint.number.encode() not in reply  # sealed, not in clear


def test_forged_push_is_quarantined_with_the_reason(sdk: GreenChannel) -> None:
    body, query = sealed_request(message_xml(Content="hi"))
    query["msg_signature"] = "0" * 40
    result, = sdk.receive("wechat", body, query)

    assert result.outcome == "quarantined"
    assert result.quarantined is not None
    assert "msg_signature" in result.quarantined.reason
    assert result.quarantined.raw == body


def test_subscribe_event_creates_nothing(sdk: GreenChannel) -> None:
    body, query = sealed_request(message_xml("event", msg_id=None, Event="subscribe"))
    assert sdk.receive("wechat", body, query) == []
    assert sdk.quarantined() == []


def test_image_without_words_is_kept_for_a_person(sdk: GreenChannel) -> None:
    """The core registers complaints from words; a bare image waits in quarantine, not lost."""
    body, query = sealed_request(message_xml("image", MediaId="media1", PicUrl="http://p/1"))
    result, = sdk.receive("wechat", body, query)
    assert result.outcome == "quarantined"
    assert result.quarantined is not None
    assert "text" in result.quarantined.reason


def test_plaintext_push_to_a_safe_mode_account_is_quarantined(sdk: GreenChannel) -> None:
    result, = sdk.receive("wechat", message_xml(Content="hi"), plain_query())
    assert result.outcome == "quarantined"
