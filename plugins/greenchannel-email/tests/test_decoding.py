"""Mail in the charsets Chinese customers use becomes readable text (S1).

Each sample is written in the encoding a real client produces, including
GB2312-labelled mail that actually holds GBK/GB18030 characters and Big5
mail with CP950/HKSCS extensions.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from greenchannel_email import EmailChannel

from .conftest import sample

SHANGHAI = timezone(timedelta(hours=8))


def test_utf8_message_becomes_a_draft_with_sender_subject_and_time(channel: EmailChannel) -> None:
    (draft,) = channel.parse(sample("utf8_plain.eml"), {})
    assert draft.channel == "email"
    assert draft.subject == "信用卡被重复扣款"
    assert "重复扣款两次" in draft.text
    assert draft.customer.email == "Chen.Customer@example.com"
    assert draft.customer.name == "陈小姐"
    assert draft.external_id == "20261130091500.ABC123@mail.example.com"
    assert draft.received_at == datetime(2026, 11, 30, 9, 15, tzinfo=SHANGHAI)
    assert draft.received_at.tzinfo == timezone.utc
    assert draft.in_reply_to is None
    assert "decoding" not in draft.metadata


def test_gb2312_label_with_gbk_and_gb18030_characters_loses_nothing(
    channel: EmailChannel,
) -> None:
    (draft,) = channel.parse(sample("gb2312_mislabelled.eml"), {})
    assert draft.text == "客户李镕反映：账户于昨日被冻结，王䶮经理未给出理由。"
    # the subject's encoded words split a character in two; joined before decoding
    assert draft.subject == "投诉：王䶮的账户被冻结"
    assert draft.customer.name == "李镕"
    assert "decoding" not in draft.metadata


@pytest.mark.parametrize(
    ("name", "subject", "phrase"),
    [
        ("gbk_qp.eml", "理财产品误导销售", "喆称产品保本"),
        ("gb18030_fourbyte.eml", "生僻字𠀀姓名无法开户", "生僻字𠀀"),
        ("big5_traditional.eml", "信用卡被盜刷", "裏面包括一筆境外交易，經辦人堃先生"),
    ],
)
def test_gbk_gb18030_and_big5_bodies_and_encoded_subjects(
    channel: EmailChannel, name: str, subject: str, phrase: str
) -> None:
    (draft,) = channel.parse(sample(name), {})
    assert draft.subject == subject
    assert phrase in draft.text
    assert "decoding" not in draft.metadata


def test_unencoded_8bit_subject_in_gb18030_is_recovered(channel: EmailChannel) -> None:
    raw = b"From: a@example.cn\r\nSubject: " + "网银转账".encode("gb18030") + b"\r\n\r\nbody"
    (draft,) = channel.parse(raw, {})
    assert draft.subject == "网银转账"


def test_bytes_that_fit_no_charset_are_replaced_and_flagged(channel: EmailChannel) -> None:
    raw = (b"From: a@example.cn\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
           b"ok \x80\xff\x80 ok")
    (draft,) = channel.parse(raw, {})
    assert draft.text.startswith("ok ")
    assert draft.text.endswith(" ok")
    assert "\ufffd" in draft.text
    assert "decoding" in draft.metadata


def test_unknown_or_missing_charset_tries_utf8_then_gb18030(channel: EmailChannel) -> None:
    gbk = "存款到期未付".encode("gbk")
    for declared in (b"", b"; charset=x-unknown-charset"):
        raw = (b"From: a@example.cn\r\nContent-Type: text/plain" + declared + b"\r\n\r\n" + gbk)
        assert channel.parse(raw, {})[0].text == "存款到期未付"
