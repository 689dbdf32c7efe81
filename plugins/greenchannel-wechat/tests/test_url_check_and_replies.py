"""The server-URL check and passive replies (S1 intake set-up, S13 keeping the customer informed).

The bank's endpoint must pass WeChat's URL check to receive anything, and
its passive reply is how a follower learns their complaint number at once.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from greenchannel_sdk.errors import ChannelAuthenticationError, ConfigurationError, ValidationError

from greenchannel_wechat import WeChatChannel
from wechat_requests import (
    ACCOUNT,
    APPID,
    NOW_TS,
    OPENID,
    TOKEN,
    open_independently,
    seal_independently,
    wechat_sign,
)


def _url_check(echostr: str = "1234567890123", nonce: str = "7") -> dict[str, str]:
    return {"signature": wechat_sign(TOKEN, NOW_TS, nonce), "timestamp": NOW_TS,
            "nonce": nonce, "echostr": echostr}


def test_url_check_returns_the_echostr(plain_channel: WeChatChannel) -> None:
    assert plain_channel.verify_url(_url_check("6712431298")) == "6712431298"


def test_url_check_works_in_safe_mode_with_plain_echostr(safe_channel: WeChatChannel) -> None:
    """Official Accounts send the challenge in clear even when messages are encrypted."""
    assert safe_channel.verify_url(_url_check("99")) == "99"


def test_forged_url_check_is_refused(plain_channel: WeChatChannel) -> None:
    query = _url_check()
    query["signature"] = wechat_sign("guessedToken", NOW_TS, "7")
    with pytest.raises(ChannelAuthenticationError):
        plain_channel.verify_url(query)


def test_stale_url_check_is_refused(plain_channel: WeChatChannel) -> None:
    old = str(int(NOW_TS) - 3600)
    query = {"signature": wechat_sign(TOKEN, old, "7"), "timestamp": old, "nonce": "7",
             "echostr": "1"}
    with pytest.raises(ChannelAuthenticationError, match="old"):
        plain_channel.verify_url(query)


def test_url_check_without_echostr_is_a_validation_error(plain_channel: WeChatChannel) -> None:
    query = _url_check()
    del query["echostr"]
    with pytest.raises(ValidationError) as caught:
        plain_channel.verify_url(query)
    assert caught.value.problems == {"echostr": "missing"}


def test_encrypted_echostr_is_opened(safe_channel: WeChatChannel) -> None:
    echostr = seal_independently(b"challenge-31337")
    query = {"msg_signature": wechat_sign(TOKEN, NOW_TS, "5", echostr), "timestamp": NOW_TS,
             "nonce": "5", "echostr": echostr}
    assert safe_channel.verify_url(query) == "challenge-31337"


def test_encrypted_echostr_with_wrong_msg_signature_is_refused(
        safe_channel: WeChatChannel) -> None:
    echostr = seal_independently(b"challenge")
    query = {"msg_signature": wechat_sign(TOKEN, NOW_TS, "5", "other"), "timestamp": NOW_TS,
             "nonce": "5", "echostr": echostr}
    with pytest.raises(ChannelAuthenticationError):
        safe_channel.verify_url(query)


def test_encrypted_echostr_without_key_says_to_configure_it(
        plain_channel: WeChatChannel) -> None:
    echostr = seal_independently(b"challenge")
    query = {"msg_signature": wechat_sign(TOKEN, NOW_TS, "5", echostr), "timestamp": NOW_TS,
             "nonce": "5", "echostr": echostr}
    with pytest.raises(ChannelAuthenticationError, match="EncodingAESKey"):
        plain_channel.verify_url(query)


def test_plain_reply_is_wechat_text_reply_xml(plain_channel: WeChatChannel) -> None:
    reply = ET.fromstring(plain_channel.build_reply(OPENID, "投诉编号 GC-1", encrypt=False,
                                                    from_account=ACCOUNT))
    assert reply.tag == "xml"
    assert {child.tag: child.text for child in reply} == {
        "ToUserName": OPENID, "FromUserName": ACCOUNT, "CreateTime": NOW_TS,
        "MsgType": "text", "Content": "投诉编号 GC-1"}


@pytest.mark.parametrize("text", ["a]]>b", "]]>", "x]]]]>y", "<b>&amp;</b>"])
def test_reply_text_survives_cdata_terminators_and_markup(plain_channel: WeChatChannel,
                                                          text: str) -> None:
    reply = ET.fromstring(plain_channel.build_reply(OPENID, text, encrypt=False,
                                                    from_account=ACCOUNT))
    assert reply.findtext("Content") == text


def test_encrypted_reply_is_sealed_for_this_appid_and_signed(
        safe_channel: WeChatChannel) -> None:
    envelope = ET.fromstring(safe_channel.build_reply(OPENID, "已受理", encrypt=True,
                                                      from_account=ACCOUNT))
    encrypted = envelope.findtext("Encrypt") or ""
    timestamp = envelope.findtext("TimeStamp") or ""
    nonce = envelope.findtext("Nonce") or ""

    assert envelope.findtext("MsgSignature") == wechat_sign(TOKEN, timestamp, nonce, encrypted)
    assert timestamp == NOW_TS
    document, appid = open_independently(encrypted)
    assert appid == APPID.encode()
    assert ET.fromstring(document).findtext("Content") == "已受理"


def test_two_encrypted_replies_differ(safe_channel: WeChatChannel) -> None:
    """A fresh random prefix each time: equal replies do not give equal ciphertexts."""
    first = safe_channel.build_reply(OPENID, "same", encrypt=True, from_account=ACCOUNT)
    second = safe_channel.build_reply(OPENID, "same", encrypt=True, from_account=ACCOUNT)
    assert first != second


def test_encrypted_reply_without_key_is_a_configuration_error(
        plain_channel: WeChatChannel) -> None:
    with pytest.raises(ConfigurationError, match="EncodingAESKey"):
        plain_channel.build_reply(OPENID, "hi", encrypt=True, from_account=ACCOUNT)


def test_reply_text_with_control_characters_is_refused(plain_channel: WeChatChannel) -> None:
    with pytest.raises(ValidationError) as caught:
        plain_channel.build_reply(OPENID, "bell\x07", encrypt=False, from_account=ACCOUNT)
    assert "text" in caught.value.problems


def test_reply_needs_a_recipient(plain_channel: WeChatChannel) -> None:
    with pytest.raises(ValidationError) as caught:
        plain_channel.build_reply(" ", "hi", encrypt=False, from_account=ACCOUNT)
    assert caught.value.problems == {"to_openid": "empty"}


@pytest.mark.parametrize("key", ["short", "j" * 42 + "!", "ü" * 43])
def test_malformed_encoding_aes_key_is_a_configuration_error(key: str) -> None:
    with pytest.raises(ConfigurationError, match="EncodingAESKey"):
        WeChatChannel(TOKEN, APPID, key)


def test_repr_shows_the_mode_and_no_secret(safe_channel: WeChatChannel) -> None:
    assert "safe" in repr(safe_channel)
    assert TOKEN not in repr(safe_channel)
