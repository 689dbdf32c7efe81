"""Safe-mode pushes ("安全模式") are decrypted and checked before they count (S1, S20).

Ciphertexts here are made by an independent implementation written in
:mod:`wechat_requests` from the published scheme, so the plugin is never
checked against itself.  ``test_wechatpy_interop`` repeats the key cases
with the third-party ``wechatpy`` package.
"""

from __future__ import annotations

import base64

import pytest
from greenchannel_sdk.errors import ChannelAuthenticationError, ValidationError

from greenchannel_wechat import WeChatChannel
from wechat_requests import (
    APPID,
    NOW_TS,
    OPENID,
    TOKEN,
    FixedClock,
    message_xml,
    plain_query,
    sealed_request,
    wechat_sign,
)


def test_sealed_text_message_becomes_a_draft(safe_channel: WeChatChannel) -> None:
    body, query = sealed_request(message_xml(Content="理财产品被误导销售"))
    draft, = safe_channel.parse(body, query)

    assert draft.text == "理财产品被误导销售"
    assert draft.customer.wechat_openid == OPENID
    assert draft.external_id == "6054768590064713728"
    assert draft.metadata["encrypted"] == "true"


def test_every_padding_length_is_opened(safe_channel: WeChatChannel) -> None:
    """Messages of each length modulo 32 exercise pads of 1 to 32 bytes."""
    for extra in range(32):
        body, query = sealed_request(message_xml(Content="x" * (1 + extra)))
        draft, = safe_channel.parse(body, query)
        assert draft.text == "x" * (1 + extra)


def test_reencrypted_retry_keeps_the_external_id(safe_channel: WeChatChannel) -> None:
    """A retry is sealed afresh (new random prefix, nonce, timestamp): same MsgId, same id."""
    document = message_xml(Content="转账失败但已扣款")
    first, = safe_channel.parse(*sealed_request(document))
    retry, = safe_channel.parse(*sealed_request(document, timestamp=str(int(NOW_TS) + 10),
                                                nonce="5550001"))
    assert retry.external_id == first.external_id


def test_message_sealed_for_another_appid_is_refused(safe_channel: WeChatChannel) -> None:
    body, query = sealed_request(message_xml(Content="hi"), appid="wxSomeOtherAccount01")
    with pytest.raises(ChannelAuthenticationError, match="different appid"):
        safe_channel.parse(body, query)


def test_altered_ciphertext_is_refused_by_msg_signature(safe_channel: WeChatChannel) -> None:
    body, query = sealed_request(message_xml(Content="hi"))
    start = body.index(b"<Encrypt><![CDATA[") + len(b"<Encrypt><![CDATA[")
    flipped = b"B" if body[start:start + 1] != b"B" else b"C"
    tampered = body[:start] + flipped + body[start + 1:]
    with pytest.raises(ChannelAuthenticationError, match="msg_signature does not match"):
        safe_channel.parse(tampered, query)


def test_missing_msg_signature_is_refused(safe_channel: WeChatChannel) -> None:
    body, query = sealed_request(message_xml(Content="hi"))
    del query["msg_signature"]
    with pytest.raises(ChannelAuthenticationError, match="no msg_signature"):
        safe_channel.parse(body, query)


def test_wrong_url_signature_is_refused_even_with_valid_msg_signature(
        safe_channel: WeChatChannel) -> None:
    body, query = sealed_request(message_xml(Content="hi"))
    query["signature"] = "f" * 40
    with pytest.raises(ChannelAuthenticationError, match="signature does not match"):
        safe_channel.parse(body, query)


def test_wrong_key_is_reported_as_a_key_mismatch(clock: FixedClock) -> None:
    """Same token, different EncodingAESKey: the signature passes, the padding does not."""
    other_key = base64.b64encode(bytes(range(32))).decode().rstrip("=")
    channel = WeChatChannel(TOKEN, APPID, other_key, clock=clock)
    body, query = sealed_request(message_xml(Content="hi" * 40))
    with pytest.raises(ChannelAuthenticationError, match="EncodingAESKey"):
        channel.parse(body, query)


def test_safe_mode_refuses_plaintext_pushes(safe_channel: WeChatChannel) -> None:
    """With a key configured, a forger who knows only the token cannot inject a body."""
    with pytest.raises(ChannelAuthenticationError, match="refuses unencrypted"):
        safe_channel.parse(message_xml(Content="hi"), plain_query())


def test_envelope_without_encrypt_is_a_validation_error(safe_channel: WeChatChannel) -> None:
    query = plain_query(encrypt_type="aes", msg_signature="0" * 40)
    with pytest.raises(ValidationError) as caught:
        safe_channel.parse(b"<xml><ToUserName>gh_1</ToUserName></xml>", query)
    assert caught.value.problems == {"Encrypt": "missing"}


@pytest.mark.parametrize(("encrypted", "error"), [
    ("not*base64!", ValidationError),
    ("QUJD", ValidationError),  # 3 bytes: not whole AES blocks
    ("QUJDREVGR0hJSktMTU5PUA==", ChannelAuthenticationError),  # one block of noise
])
def test_signed_but_malformed_ciphertext_is_refused_cleanly(
        safe_channel: WeChatChannel, encrypted: str, error: type[Exception]) -> None:
    """Validly signed garbage (a buggy proxy, say) gets a clear reason, not a crash."""
    query = plain_query(encrypt_type="aes",
                        msg_signature=wechat_sign(TOKEN, NOW_TS, "1320562132", encrypted))
    body = f"<xml><Encrypt><![CDATA[{encrypted}]]></Encrypt></xml>".encode()
    with pytest.raises(error):
        safe_channel.parse(body, query)


def test_decrypted_document_is_parsed_as_safely_as_the_envelope(
        safe_channel: WeChatChannel) -> None:
    hostile = (b'<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY a "aaaaaaaaaa">]>'
               b"<xml><Content>&a;</Content></xml>")
    with pytest.raises(ValidationError, match="DTD"):
        safe_channel.parse(*sealed_request(hostile))
