"""Signed delivery to a real HTTP receiver (S13, S20): verified, not replayable, 2xx or retry.

The receiver checks every request with ``WebhookVerifier`` and a replay
guard, as the docs tell a bank to.  Anything but a 2xx answer raises, which
makes the outbox keep the message and retry it.
"""

from __future__ import annotations

import urllib.request
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.error import HTTPError

import pytest
from greenchannel_sdk.domain import CustomerIdentity, OutboxMessage
from greenchannel_sdk.notices import NotifierPlugin
from greenchannel_sdk.testing import FrozenClock, make_draft, make_sdk, using_plugin

from greenchannel_webhook import WebhookNotifier, WebhookRejected, WebhookSettings
from webhook_testkit import SECRET, CustomerBook, Receiver, free_port

NUMBER = "GC-20260302-W-HQ-000001-X"
CUSTOMER = CustomerIdentity(customer_ref="C-9", name="李华", email="li@example.cn",
                            phone="13800138000", id_number="110101199003078888")


def outbox_message(topic: str = "customer.acknowledgement", **payload: Any) -> OutboxMessage:
    fields = {"number": NUMBER, "status": "registered", "channel": "wechat", "language": "zh-HK"}
    return OutboxMessage(id="7d1e-42", complaint_id="c-1", topic=topic, notifier="webhook",
                         payload={**fields, **payload},
                         created_at=datetime(2026, 3, 2, 1, tzinfo=timezone.utc))


def notifier(url: str, secret: str = SECRET, **settings: Any) -> WebhookNotifier:
    return WebhookNotifier(WebhookSettings(url=url, secret=secret, **{"timeout": 10, **settings}),
                           recipients=lambda _id: CUSTOMER)


def test_delivered_signed_with_the_rendered_notice_and_contact_details(receiver: Receiver) -> None:
    notifier(receiver.url).send(outbox_message())
    [delivery] = receiver.accepted
    document = delivery.document
    assert document["id"] == "7d1e-42"
    assert document["topic"] == "customer.acknowledgement"
    assert document["payload"]["number"] == NUMBER
    assert document["notice"]["language"] == "zh-Hant"
    assert f"投訴編號為 {NUMBER}" in document["notice"]["body"]
    assert document["recipient"] == {"customer_ref": "C-9", "email": "li@example.cn",
                                     "phone": "13800138000"}
    assert delivery.headers["x-greenchannel-message-id"] == "7d1e-42"
    assert delivery.headers["x-greenchannel-topic"] == "customer.acknowledgement"
    assert delivery.headers["content-type"] == "application/json; charset=utf-8"


def test_identity_documents_never_leave_the_sdk(receiver: Receiver) -> None:
    """S20: only contact routes are sent; name and ID number stay encrypted at home."""
    notifier(receiver.url).send(outbox_message())
    body = receiver.accepted[0].body.decode("utf-8")
    assert "110101199003078888" not in body
    assert "李华" not in body


def test_recipient_left_out_when_the_receiver_looks_customers_up_itself(
        receiver: Receiver) -> None:
    notifier(receiver.url, include_recipient=False).send(outbox_message())
    assert "recipient" not in receiver.accepted[0].document


def test_staff_notices_carry_no_recipient(receiver: Receiver) -> None:
    notifier(receiver.url).send(outbox_message(
        "sla.escalation", clock="resolution", level=2, due_at="2026-03-09T01:00:00+00:00"))
    document = receiver.accepted[0].document
    assert "recipient" not in document
    assert document["notice"]["subject"] == f"[督办升级] 投诉 {NUMBER}:第 2 级"


def test_captured_request_replayed_is_refused(receiver: Receiver) -> None:
    notifier(receiver.url).send(outbox_message())
    captured = receiver.accepted[0]
    replay = urllib.request.Request(receiver.url, data=captured.body, method="POST",
                                    headers=captured.headers)
    with pytest.raises(HTTPError) as refused:
        urllib.request.urlopen(replay, timeout=10)
    assert refused.value.code == 401
    assert "replay" in receiver.refusals[-1]
    assert len(receiver.accepted) == 1


def test_a_retry_is_freshly_signed_not_a_replay(receiver: Receiver) -> None:
    """The outbox may send a message twice; the second is a new, valid request with the same id."""
    webhook = notifier(receiver.url)
    receiver.answer = 503
    with pytest.raises(WebhookRejected, match="answered 503"):
        webhook.send(outbox_message())
    receiver.answer = 200
    webhook.send(outbox_message())
    first, second = (delivery.document for delivery in receiver.accepted)
    assert first["id"] == second["id"] == "7d1e-42"
    assert first["delivery"] != second["delivery"]
    assert receiver.refusals == []


def test_wrong_secret_is_refused_and_raises(receiver: Receiver) -> None:
    with pytest.raises(WebhookRejected, match="answered 401"):
        notifier(receiver.url, secret="another-secret-0123456789").send(outbox_message())
    assert receiver.accepted == []
    assert "does not match" in receiver.refusals[0]


def test_redirect_is_not_followed(receiver: Receiver) -> None:
    receiver.answer = 302
    receiver.extra_headers["Location"] = "http://127.0.0.1:9/elsewhere"
    with pytest.raises(WebhookRejected, match="answered 302"):
        notifier(receiver.url).send(outbox_message())


def test_slow_receiver_times_out(receiver: Receiver) -> None:
    receiver.respond.clear()
    with pytest.raises(OSError, match="timed out"):
        notifier(receiver.url, timeout=0.2).send(outbox_message())


def test_receiver_down_then_up_loses_nothing(receivers: Callable[..., Receiver],
                                             tmp_path: Path) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/greenchannel/notices"
    clock = FrozenClock()
    sdk = make_sdk(tmp_path, clock=clock, customer_notifier="webhook")
    book = CustomerBook()
    webhook = WebhookNotifier(WebhookSettings(url=url, secret=SECRET, timeout=10),
                              recipients=book.lookup)
    with using_plugin(sdk, NotifierPlugin(webhook)):
        complaint = book.intake(sdk, make_draft())
        assert sdk.relay_outbox().retried == 1
        receiver = receivers(port=port)
        clock.advance(minutes=1)
        assert sdk.relay_outbox().sent == 1
    [delivery] = receiver.accepted
    assert delivery.document["payload"]["number"] == complaint.number
