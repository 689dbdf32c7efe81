"""The email's headers (S13, S23): the number in the subject, stable ids, one thread.

A customer's reply must find its complaint again, and a mail client should
show every notice about one complaint together.
"""

from __future__ import annotations

from datetime import datetime, timezone
from email import policy
from email.parser import BytesParser

from greenchannel_sdk.domain import OutboxMessage
from greenchannel_sdk.notices import Notice

from greenchannel_smtp._compose import compose, message_id, thread_id

NUMBER = "GC-20260302-W-HQ-000001-X"
SENT = datetime(2026, 3, 2, 9, 30, tzinfo=timezone.utc)
MESSAGE = OutboxMessage(id="5b7e", complaint_id="c-1", topic="customer.outcome", notifier="smtp",
                        payload={"number": NUMBER}, created_at=SENT)


def notice(subject: str, body: str = "正文:处理方案已提出。\n") -> Notice:
    return Notice(topic="customer.outcome", language="zh-Hans", subject=subject, body=body,
                  number=NUMBER)


def build(subject: str = f"投诉 {NUMBER}:处理方案已提出") -> bytes:
    email = compose(notice(subject), MESSAGE, sender="complaints@bank.example",
                    to=["li@example.cn"], reply_to="reply@bank.example", domain="bank.example",
                    sent_at=SENT)
    return email.as_bytes()


def test_utf8_subject_and_body_survive_the_wire() -> None:
    parsed = BytesParser(policy=policy.default).parsebytes(build())
    assert parsed["Subject"] == f"投诉 {NUMBER}:处理方案已提出"
    body = parsed.get_body(("plain",))
    assert body is not None
    assert body.get_content() == "正文:处理方案已提出。\n"
    assert body.get_content_charset() == "utf-8"


def test_raw_headers_are_ascii_encoded_words() -> None:
    """Mail servers without SMTPUTF8 accept it: non-ASCII only inside RFC 2047 words."""
    raw = build()
    assert raw.split(b"\n\n", 1)[0].isascii()


def test_number_is_added_to_a_subject_without_it() -> None:
    parsed = BytesParser(policy=policy.default).parsebytes(build("Our proposed resolution"))
    assert parsed["Subject"] == f"[{NUMBER}] Our proposed resolution"


def test_ids_name_the_complaint_and_are_stable_across_retries() -> None:
    first = BytesParser(policy=policy.default).parsebytes(build())
    again = BytesParser(policy=policy.default).parsebytes(build())
    assert first["Message-ID"] == again["Message-ID"] == f"<{NUMBER}.5b7e@bank.example>"
    assert first["Message-ID"] == message_id(MESSAGE, NUMBER, "bank.example")


def test_every_notice_of_a_complaint_refers_to_one_thread_root() -> None:
    parsed = BytesParser(policy=policy.default).parsebytes(build())
    root = thread_id(NUMBER, "bank.example")
    assert parsed["In-Reply-To"] == root
    assert parsed["References"] == root


def test_reply_to_language_and_robot_headers() -> None:
    parsed = BytesParser(policy=policy.default).parsebytes(build())
    assert parsed["Reply-To"] == "reply@bank.example"
    assert parsed["Content-Language"] == "zh-Hans"
    assert parsed["Auto-Submitted"] == "auto-generated"
    assert parsed["X-GreenChannel-Topic"] == "customer.outcome"
    assert parsed["Date"].datetime == SENT


def test_message_without_number_still_gets_an_id() -> None:
    assert message_id(MESSAGE, None, "bank.example") == "<5b7e@bank.example>"
