"""The WeChat channel passes the SDK's channel conformance kit (S1, P2), in safe mode.

Requests are sealed and signed by the test's own implementation of the
published scheme (``wechat_requests``), not by the plugin.
"""

from __future__ import annotations

from greenchannel_sdk.interfaces import Channel
from greenchannel_sdk.testing import FrozenClock
from greenchannel_sdk.testing.channels import (
    UNICODE_TEXT,
    ChannelConformance,
    ChannelSamples,
    Sample,
)

from greenchannel_wechat import WeChatChannel
from wechat_requests import AES_KEY, APPID, NOW, TOKEN, message_xml, sealed_request


def _sealed(document: bytes) -> Sample:
    body, query = sealed_request(document)
    return Sample(body, query)


class TestWeChatConformance(ChannelConformance):
    start = NOW

    def make_channel(self, clock: FrozenClock) -> Channel:
        return WeChatChannel(TOKEN, APPID, AES_KEY, clock=clock)

    def samples(self, clock: FrozenClock) -> ChannelSamples:
        valid = _sealed(message_xml(Content="我的信用卡被盗刷了,请尽快处理"))
        forged_body, forged_query = sealed_request(message_xml(Content="x"))
        forged_query = {**forged_query, "msg_signature": "0" * 40}
        return ChannelSamples(
            valid=valid,
            malformed=[_sealed(b"<xml><MsgType>text</MsgType>"),
                       _sealed(message_xml("text"))],  # a text message with no Content
            unicode=_sealed(message_xml(Content=UNICODE_TEXT, msg_id="6054768590064713999")),
            unauthentic=Sample(forged_body, forged_query),
            oversize=_sealed(message_xml(Content="字" * 40_000)),
        )
