"""Fuzzing: whatever arrives, the channel answers with a draft list or an SDK error (S1).

The SDK quarantines a payload when a channel raises ValidationError or
ChannelAuthenticationError; any other exception would escape intake as a
crash.  Hypothesis throws random bytes, random XML, validly signed random
XML and validly sealed random plaintexts at every entry point.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping
from functools import partial

from greenchannel_sdk.domain import ChannelDraft
from greenchannel_sdk.errors import ChannelAuthenticationError, ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from greenchannel_wechat import WeChatChannel
from wechat_requests import (
    ACCOUNT,
    AES_KEY,
    APPID,
    NOW,
    NOW_TS,
    OPENID,
    TOKEN,
    FixedClock,
    plain_query,
    sealed_request,
)

PLAIN = WeChatChannel(TOKEN, APPID, clock=FixedClock(NOW))
SAFE = WeChatChannel(TOKEN, APPID, AES_KEY, clock=FixedClock(NOW))
FUZZ = settings(max_examples=300, deadline=None)

QUERY_KEYS = ["signature", "timestamp", "nonce", "openid", "msg_signature", "encrypt_type",
              "echostr"]
FIELD_NAMES = ["ToUserName", "FromUserName", "CreateTime", "MsgType", "Content", "MsgId",
               "MediaId", "PicUrl", "Format", "Recognition", "ThumbMediaId", "Event",
               "Encrypt"]
MSG_TYPES = ["text", "image", "voice", "video", "shortvideo", "event", "location", ""]

plain_text = st.text(st.characters(categories=["L", "N", "Zs", "P"], exclude_characters="<&"),
                    max_size=40)
queries = st.dictionaries(st.sampled_from(QUERY_KEYS), st.text(max_size=60), max_size=7)
# Characters that break naive XML writers and readers, mixed into ordinary text.
tricky = st.sampled_from(["\r", "\r\n", "]]>", "<", ">", "&", "\x00", "\x07", "\ufffe",
                          "\U0001f600", "\u200b", "\ud800"])
xml_text = st.lists(st.one_of(st.characters(blacklist_categories=["Cs"]), tricky),
                   max_size=60).map("".join)


# A realistic value for each field; the fuzz mixes these with hostile text so
# that many documents get past field validation and into draft building.
JUNK = ["", "<!DOCTYPE xml>", "&amp;", "<![CDATA[", "<?pi x?>", "<!-- c -->", "&#0;",
        "&#x1F600;"]
REALISTIC = {
    "ToUserName": st.just(ACCOUNT),
    "FromUserName": st.just(OPENID),
    "CreateTime": st.one_of(st.just(NOW_TS), st.from_regex(r"[0-9]{1,12}", fullmatch=True)),
    "MsgType": st.sampled_from(MSG_TYPES),
    "MsgId": st.from_regex(r"[0-9]{1,20}", fullmatch=True),
    "Format": st.sampled_from(["amr", "speex", "mp3", "AMR", "wav"]),
    "Event": st.sampled_from(["subscribe", "unsubscribe", "CLICK"]),
}


@st.composite
def wechat_like_xml(draw: st.DrawFn) -> bytes:
    """Documents shaped like WeChat's: fields realistic, plain or hostile, some absent.

    Half the documents use only well-formed values so the fuzz reaches draft
    building; the other half mix in characters that break XML.
    """
    hostile = draw(st.booleans())
    text = xml_text if hostile else plain_text
    parts = []
    for name in FIELD_NAMES:
        if draw(st.integers(0, 9)) == 0:  # each field is missing now and then
            continue
        realistic = REALISTIC.get(name, text)
        value = draw(st.one_of(realistic, realistic, realistic, text))
        style = draw(st.sampled_from(["cdata"] * 20 + ["raw", "nested", "twice"]))
        cdata = f"<{name}><![CDATA[{value}]]></{name}>"
        parts.append({"cdata": cdata,
                      "raw": f"<{name}>{value}</{name}>",
                      "nested": f"<{name}>{cdata}</{name}>",
                      "twice": cdata + cdata}[style])
    junk = draw(st.sampled_from(JUNK)) if hostile else ""
    root = draw(st.sampled_from(["xml", "root"])) if hostile else "xml"
    body = f"<{root}>{junk}{''.join(draw(st.permutations(parts)))}</{root}>"
    return body.encode(draw(st.sampled_from(["utf-8", "utf-8", "utf-16"])), "surrogatepass")


def _only_sdk_errors(call: Callable[[], object]) -> object:
    try:
        return call()
    except (ValidationError, ChannelAuthenticationError):
        return None


def _check_drafts(result: object) -> None:
    if result is not None:
        assert isinstance(result, list)
        assert all(isinstance(draft, ChannelDraft) and draft.channel == "wechat"
                   for draft in result)


@FUZZ
@given(payload=st.binary(max_size=400), query=queries)
def test_random_bytes_and_query(payload: bytes, query: Mapping[str, str]) -> None:
    for channel in (PLAIN, SAFE):
        _check_drafts(_only_sdk_errors(partial(channel.parse, payload, query)))


@FUZZ
@given(document=wechat_like_xml())
def test_signed_random_xml_in_plaintext_mode(document: bytes) -> None:
    """Signed correctly, so the fuzz gets past authentication into parsing."""
    query = plain_query()
    del query["openid"]
    _check_drafts(_only_sdk_errors(lambda: PLAIN.parse(document, query)))


@FUZZ
@given(document=st.one_of(wechat_like_xml(), st.binary(max_size=300)))
def test_sealed_random_plaintexts_in_safe_mode(document: bytes) -> None:
    body, query = sealed_request(document)
    del query["openid"]
    _check_drafts(_only_sdk_errors(lambda: SAFE.parse(body, query)))


@FUZZ
@given(query=queries, echostr=st.text(max_size=60))
def test_random_url_checks(query: dict[str, str], echostr: str) -> None:
    query = {**query, "echostr": echostr, "timestamp": query.get("timestamp", NOW_TS)}
    for channel in (PLAIN, SAFE):
        result = _only_sdk_errors(partial(channel.verify_url, query))
        assert result is None or isinstance(result, str)


@FUZZ
@given(text=st.lists(st.one_of(st.characters(), tricky), max_size=100).map("".join),
       encrypt=st.booleans())
def test_any_reply_text_round_trips_or_is_refused(text: str, encrypt: bool) -> None:
    """S13: what the bank writes is what the follower reads, or a clear refusal."""
    try:
        reply = SAFE.build_reply("oOpenId", text, encrypt=encrypt, from_account=ACCOUNT)
    except ValidationError:
        return
    if encrypt:
        assert ET.fromstring(reply).findtext("Encrypt")
    else:
        # XML readers see every line end as LF; the reply is written that way.
        expected = text.replace("\r\n", "\n").replace("\r", "\n")
        assert ET.fromstring(reply).findtext("Content") == expected


xml_safe_text = st.text(st.characters(blacklist_categories=["Cs", "Cc"]), min_size=1,
                        max_size=300).filter(str.strip)


@FUZZ
@given(content=xml_safe_text, msg_id=st.from_regex(r"[1-9][0-9]{0,19}", fullmatch=True),
       encrypted=st.booleans())
def test_any_text_message_arrives_intact(content: str, msg_id: str, encrypted: bool) -> None:
    """S1: whatever a follower types reaches intake unchanged, under WeChat's own id."""
    root = ET.Element("xml")
    for name, value in (("ToUserName", ACCOUNT), ("FromUserName", OPENID),
                        ("CreateTime", NOW_TS), ("MsgType", "text"), ("Content", content),
                        ("MsgId", msg_id)):
        ET.SubElement(root, name).text = value
    document = ET.tostring(root, encoding="utf-8")
    if encrypted:
        body, query = sealed_request(document)
        draft, = SAFE.parse(body, query)
    else:
        draft, = PLAIN.parse(document, plain_query())
    assert draft.text == content
    assert draft.external_id == msg_id
    assert draft.customer.wechat_openid == OPENID
