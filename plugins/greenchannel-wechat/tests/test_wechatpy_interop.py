"""Interoperability with ``wechatpy``, an independent implementation of the protocol (S1, S13).

wechatpy seals and signs what the plugin must accept, and opens what the
plugin seals: if both sides agree, the plugin agrees with WeChat's servers
on key derivation, padding, length prefix, appid and signatures.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from greenchannel_sdk.errors import ChannelAuthenticationError

from greenchannel_wechat import WeChatChannel
from wechat_requests import ACCOUNT, AES_KEY, APPID, NOW_TS, OPENID, TOKEN, message_xml

wechatpy = pytest.importorskip("wechatpy")
from wechatpy.crypto import PrpCrypto, WeChatCrypto  # type: ignore[import-untyped]  # noqa: E402
from wechatpy.utils import WeChatSigner  # type: ignore[import-untyped]  # noqa: E402


def _wechatpy_push(document: bytes, *, appid: str = APPID,
                   nonce: str = "424242") -> tuple[bytes, dict[str, str]]:
    """A safe-mode push as wechatpy seals it, with the query WeChat would send."""
    sealed = WeChatCrypto(TOKEN, AES_KEY, appid).encrypt_message(document.decode(), nonce,
                                                                 NOW_TS)
    msg_signature = ET.fromstring(sealed).findtext("MsgSignature")
    assert msg_signature
    return sealed.encode(), {"timestamp": NOW_TS, "nonce": nonce, "encrypt_type": "aes",
                             "msg_signature": msg_signature, "openid": OPENID}


def test_plugin_opens_what_wechatpy_seals(safe_channel: WeChatChannel) -> None:
    draft, = safe_channel.parse(*_wechatpy_push(message_xml(Content="信用卡年费乱收费")))
    assert draft.text == "信用卡年费乱收费"
    assert draft.customer.wechat_openid == OPENID


def test_retry_resealed_by_wechatpy_keeps_the_external_id(safe_channel: WeChatChannel) -> None:
    document = message_xml(Content="贷款利率与合同不符")
    first, = safe_channel.parse(*_wechatpy_push(document, nonce="1"))
    retry, = safe_channel.parse(*_wechatpy_push(document, nonce="2"))
    assert first.external_id == retry.external_id


def test_wechatpy_message_for_another_appid_is_refused(safe_channel: WeChatChannel) -> None:
    with pytest.raises(ChannelAuthenticationError, match="appid"):
        safe_channel.parse(*_wechatpy_push(message_xml(Content="hi"), appid="wxAnother"))


def test_wechatpy_opens_the_encrypted_reply(safe_channel: WeChatChannel) -> None:
    """S13: the complaint number reaches the follower through an encrypted passive reply."""
    reply = safe_channel.build_reply(OPENID, "已受理,投诉编号 GC-2026-000123",
                                     encrypt=True, from_account=ACCOUNT)
    envelope = ET.fromstring(reply)
    opened = WeChatCrypto(TOKEN, AES_KEY, APPID).decrypt_message(
        reply, envelope.findtext("MsgSignature"), envelope.findtext("TimeStamp"),
        envelope.findtext("Nonce"))
    message = wechatpy.parse_message(opened)

    assert message.type == "text"
    assert message.content == "已受理,投诉编号 GC-2026-000123"
    assert message.source == ACCOUNT
    assert message.target == OPENID
    assert str(int(message.create_time.timestamp())) == NOW_TS


def test_wechatpy_reads_the_plain_reply(plain_channel: WeChatChannel) -> None:
    text = "Received: <GC-1> & ]]> done"
    reply = plain_channel.build_reply(OPENID, text, encrypt=False, from_account=ACCOUNT)
    message = wechatpy.parse_message(reply)
    assert message.content == text
    assert message.target == OPENID


def test_url_check_signed_by_wechatpy_is_answered(safe_channel: WeChatChannel) -> None:
    signer = WeChatSigner()
    signer.add_data(TOKEN, NOW_TS, "123456")
    query = {"signature": signer.signature, "timestamp": NOW_TS, "nonce": "123456",
             "echostr": "5838479218127813673"}
    assert safe_channel.verify_url(query) == "5838479218127813673"


def test_encrypted_url_check_sealed_by_wechatpy_is_opened(safe_channel: WeChatChannel) -> None:
    echostr = PrpCrypto(WeChatCrypto(TOKEN, AES_KEY, APPID).key).encrypt(
        "challenge-8081", APPID).decode()
    signer = WeChatSigner()
    signer.add_data(TOKEN, NOW_TS, "99", echostr)
    query = {"msg_signature": signer.signature, "timestamp": NOW_TS, "nonce": "99",
             "echostr": echostr}
    assert safe_channel.verify_url(query) == "challenge-8081"
