"""End to end (S13, S23): a complaint registered through the SDK reaches the bank's webhook.

The receiver verifies the signature, and the acknowledgement it gets names
the complaint number in the complaint's language, with the contact details
to deliver it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from greenchannel_sdk.domain import CustomerIdentity
from greenchannel_sdk.notices import NotifierPlugin
from greenchannel_sdk.testing import make_draft, make_sdk, using_plugin

from greenchannel_webhook import WebhookNotifier, WebhookSettings
from webhook_testkit import SECRET, CustomerBook, Receiver


@pytest.mark.parametrize(("language", "text", "phrase"), [
    ("en", "The branch refused to return my deposit.", "under the number {number}"),
    ("zh-CN", "网点拒绝退还我的存款。", "投诉编号为 {number}"),
    ("zh-Hant", "網點拒絕退還我的存款。", "投訴編號為 {number}"),
])
def test_registered_complaint_is_acknowledged_through_the_webhook(
        receiver: Receiver, tmp_path: Path, language: str, text: str, phrase: str) -> None:
    sdk = make_sdk(tmp_path, customer_notifier="webhook")
    book = CustomerBook()
    webhook = WebhookNotifier(WebhookSettings(url=receiver.url, secret=SECRET, timeout=10),
                              recipients=book.lookup)
    customer = CustomerIdentity(customer_ref="C-5", phone="13900139000")
    with using_plugin(sdk, NotifierPlugin(webhook)):
        complaint = book.intake(sdk, make_draft(text, customer=customer, language=language))
        assert sdk.relay_outbox().sent == 1
    [delivery] = receiver.accepted
    document = delivery.document
    assert document["topic"] == "customer.acknowledgement"
    assert document["complaint_id"] == complaint.id
    assert phrase.format(number=complaint.number) in document["notice"]["body"]
    assert document["recipient"] == {"customer_ref": "C-5", "phone": "13900139000"}
