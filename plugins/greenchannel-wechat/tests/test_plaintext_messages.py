"""Plaintext-mode pushes become complaint drafts (S1 unified intake, S3 traceable ids).

A follower's message sent to the bank's Official Account must land as one
draft with WeChat's own id, so intake can register it once however often
WeChat redelivers it; events are not complaints.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from greenchannel_sdk.errors import ChannelAuthenticationError, ValidationError
from greenchannel_sdk.interfaces import Channel

from greenchannel_wechat import WeChatChannel
from wechat_requests import (
    ACCOUNT,
    APPID,
    NOW,
    NOW_TS,
    OPENID,
    TOKEN,
    FixedClock,
    message_xml,
    plain_query,
)


def test_channel_satisfies_the_sdk_protocol(plain_channel: WeChatChannel) -> None:
    assert isinstance(plain_channel, Channel)
    assert plain_channel.name == "wechat"


def test_text_message_becomes_one_draft(plain_channel: WeChatChannel) -> None:
    """S1: the complaint text, sender, time and WeChat id all reach intake."""
    drafts = plain_channel.parse(
        message_xml(Content="我的信用卡被盗刷了,请尽快处理"), plain_query())

    assert len(drafts) == 1
    draft = drafts[0]
    assert draft.channel == "wechat"
    assert draft.external_id == "6054768590064713728"
    assert draft.received_at == NOW
    assert draft.customer.wechat_openid == OPENID
    assert draft.text == "我的信用卡被盗刷了,请尽快处理"
    assert draft.language == "zh"
    assert draft.attachments == ()
    assert draft.metadata == {"ToUserName": ACCOUNT, "MsgType": "text", "encrypted": "false",
                              "MsgId": "6054768590064713728"}


def test_english_text_is_marked_english(plain_channel: WeChatChannel) -> None:
    draft, = plain_channel.parse(message_xml(Content="The ATM kept my card"), plain_query())
    assert draft.language == "en"


def test_openid_stays_out_of_the_draft_repr(plain_channel: WeChatChannel) -> None:
    """S20: a draft that reaches a log line does not carry the follower's OpenID."""
    draft, = plain_channel.parse(message_xml(Content="hello"), plain_query())
    assert OPENID not in repr(draft)


def test_redelivery_keeps_the_external_id(plain_channel: WeChatChannel) -> None:
    """WeChat retries a push it got no answer to, with a fresh nonce and timestamp."""
    first, = plain_channel.parse(message_xml(Content="退款未到账"), plain_query())
    later = str(int(NOW_TS) + 5)
    retry, = plain_channel.parse(message_xml(Content="退款未到账"),
                                 plain_query(timestamp=later, nonce="42"))
    assert retry.external_id == first.external_id
    assert retry == first


def test_message_without_msgid_gets_a_stable_id_from_sender_and_time(
        plain_channel: WeChatChannel) -> None:
    body = message_xml(Content="投诉", msg_id=None)
    first, = plain_channel.parse(body, plain_query())
    again, = plain_channel.parse(body, plain_query(nonce="777"))
    other_time, = plain_channel.parse(
        message_xml(Content="投诉", msg_id=None, create_time=str(int(NOW_TS) + 1)),
        plain_query())

    assert first.external_id == again.external_id
    assert first.external_id != other_time.external_id
    assert OPENID not in first.external_id  # the OpenID is personal data (S20)
    assert "MsgId" not in first.metadata


def test_subscribe_event_is_not_a_complaint(plain_channel: WeChatChannel) -> None:
    body = message_xml("event", msg_id=None, Event="subscribe")
    assert plain_channel.parse(body, plain_query()) == []


def test_image_becomes_an_attachment_referencing_the_media(
        plain_channel: WeChatChannel) -> None:
    body = message_xml("image", PicUrl="https://mmbiz.example/pic.jpg",
                       MediaId="media_Image_001")
    draft, = plain_channel.parse(body, plain_query())

    assert draft.text == ""
    assert draft.language is None
    attachment, = draft.attachments
    assert attachment.reference == "wechat-media:media_Image_001"
    assert attachment.content_type == "image/jpeg"
    assert draft.metadata["PicUrl"] == "https://mmbiz.example/pic.jpg"
    assert draft.metadata["MsgType"] == "image"


def test_voice_uses_wechat_speech_recognition_as_text(plain_channel: WeChatChannel) -> None:
    body = message_xml("voice", MediaId="media_Voice_9", Format="amr",
                       Recognition="我要投诉柜台服务态度")
    draft, = plain_channel.parse(body, plain_query())

    assert draft.text == "我要投诉柜台服务态度"
    assert draft.language == "zh"
    assert draft.attachments[0].content_type == "audio/amr"
    assert draft.attachments[0].reference == "wechat-media:media_Voice_9"


def test_voice_without_recognition_keeps_the_audio(plain_channel: WeChatChannel) -> None:
    draft, = plain_channel.parse(message_xml("voice", MediaId="m1", Format="speex"),
                                 plain_query())
    assert draft.text == ""
    assert draft.attachments[0].content_type == "audio/speex"


def test_video_keeps_its_thumbnail_reference(plain_channel: WeChatChannel) -> None:
    draft, = plain_channel.parse(
        message_xml("shortvideo", MediaId="vid1", ThumbMediaId="thumb1"), plain_query())
    assert draft.attachments[0].content_type == "video/mp4"
    assert draft.metadata["ThumbMediaId"] == "thumb1"


def test_unsupported_message_type_is_refused_with_its_name(
        plain_channel: WeChatChannel) -> None:
    body = message_xml("location", Location_X="23.1", Location_Y="113.3", Label="somewhere")
    with pytest.raises(ValidationError) as caught:
        plain_channel.parse(body, plain_query())
    assert "MsgType" in caught.value.problems
    assert "location" in caught.value.problems["MsgType"]


@pytest.mark.parametrize("drop", ["FromUserName", "CreateTime", "MsgType", "ToUserName"])
def test_missing_field_is_named(plain_channel: WeChatChannel, drop: str) -> None:
    body = message_xml(Content="hello")
    start = body.index(f"<{drop}>".encode())
    end = body.index(f"</{drop}>".encode()) + len(drop) + 3
    query = plain_query()
    query.pop("openid")  # the URL's openid check would otherwise fire first
    with pytest.raises(ValidationError) as caught:
        plain_channel.parse(body[:start] + body[end:], query)
    assert caught.value.problems == {drop: "missing"}


def test_empty_text_message_is_refused(plain_channel: WeChatChannel) -> None:
    with pytest.raises(ValidationError, match="empty"):
        plain_channel.parse(message_xml(Content="   "), plain_query())


@pytest.mark.parametrize("create_time", ["yesterday", "-5", "99999999999999999999", "١٢٣"])
def test_unusable_create_time_is_refused(plain_channel: WeChatChannel,
                                         create_time: str) -> None:
    with pytest.raises(ValidationError) as caught:
        plain_channel.parse(message_xml(Content="x", create_time=create_time), plain_query())
    assert "CreateTime" in caught.value.problems


def test_msgid_with_markup_characters_is_refused(plain_channel: WeChatChannel) -> None:
    with pytest.raises(ValidationError) as caught:
        plain_channel.parse(message_xml(Content="x", msg_id="1 OR 1=1; --"), plain_query())
    assert "MsgId" in caught.value.problems


def test_forged_signature_is_refused(plain_channel: WeChatChannel) -> None:
    query = plain_query()
    query["signature"] = "0" * 40
    with pytest.raises(ChannelAuthenticationError, match="signature does not match"):
        plain_channel.parse(message_xml(Content="hello"), query)


def test_signature_made_with_another_token_is_refused(clock: FixedClock) -> None:
    channel = WeChatChannel("someOtherToken", APPID, clock=clock)
    with pytest.raises(ChannelAuthenticationError):
        channel.parse(message_xml(Content="hello"), plain_query())


def test_unsigned_request_is_refused(plain_channel: WeChatChannel) -> None:
    query = plain_query()
    del query["signature"]
    with pytest.raises(ChannelAuthenticationError, match="not signed"):
        plain_channel.parse(message_xml(Content="hello"), query)


@pytest.mark.parametrize(("offset", "word"), [(-301, "old"), (301, "in the future")])
def test_timestamp_beyond_max_age_is_refused(plain_channel: WeChatChannel, offset: int,
                                             word: str) -> None:
    """A captured request replayed later (or forged ahead of time) is refused."""
    timestamp = str(int(NOW_TS) + offset)
    with pytest.raises(ChannelAuthenticationError, match=word):
        plain_channel.parse(message_xml(Content="hello"), plain_query(timestamp=timestamp))


def test_timestamp_within_max_age_is_accepted(plain_channel: WeChatChannel) -> None:
    timestamp = str(int(NOW_TS) - 300)
    assert len(plain_channel.parse(message_xml(Content="hi"), plain_query(timestamp=timestamp)))


def test_max_age_is_configurable(clock: FixedClock) -> None:
    channel = WeChatChannel(TOKEN, APPID, clock=clock,
                            max_age_seconds=10)
    stale = str(int((NOW - timedelta(seconds=11)).timestamp()))
    with pytest.raises(ChannelAuthenticationError):
        channel.parse(message_xml(Content="hi"), plain_query(timestamp=stale))


@pytest.mark.parametrize("timestamp", ["", "soon", "1e9", "12345678901234567890"])
def test_malformed_timestamp_is_a_validation_error(plain_channel: WeChatChannel,
                                                   timestamp: str) -> None:
    with pytest.raises(ValidationError) as caught:
        plain_channel.parse(message_xml(Content="hi"), plain_query(timestamp=timestamp))
    assert "timestamp" in caught.value.problems


def test_body_naming_another_sender_than_the_signed_url_is_refused(
        plain_channel: WeChatChannel) -> None:
    """Plaintext mode signs the URL, not the body: a swapped body is caught by its sender."""
    body = message_xml(Content="hello", from_user="oSomeoneElse0000000000000000")
    with pytest.raises(ChannelAuthenticationError, match="openid"):
        plain_channel.parse(body, plain_query())


def test_unknown_encrypt_type_is_refused(plain_channel: WeChatChannel) -> None:
    with pytest.raises(ValidationError) as caught:
        plain_channel.parse(message_xml(Content="hi"), plain_query(encrypt_type="rot13"))
    assert "encrypt_type" in caught.value.problems


def test_encrypted_push_without_a_key_says_to_configure_it(
        plain_channel: WeChatChannel) -> None:
    with pytest.raises(ChannelAuthenticationError, match="EncodingAESKey"):
        plain_channel.parse(b"<xml><Encrypt>AAAA</Encrypt></xml>",
                            plain_query(encrypt_type="aes", msg_signature="0" * 40))
