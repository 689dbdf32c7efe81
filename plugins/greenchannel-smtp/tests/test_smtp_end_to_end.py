"""End to end (S13, S23): a complaint registered through the SDK is acknowledged by email.

The acknowledgement reaches a real SMTP server, names the complaint number
and speaks the complaint's language.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from greenchannel_sdk.domain import CustomerIdentity
from greenchannel_sdk.notices import NotifierPlugin
from greenchannel_sdk.testing import make_draft, make_sdk, using_plugin

from greenchannel_smtp import SmtpNotifier, SmtpSettings
from smtp_testkit import HOST, CustomerBook, MailServers


@pytest.mark.parametrize(("language", "text", "phrase"), [
    ("en", "My card was charged twice for one purchase.", "under the number {number}"),
    ("zh-Hans", "我的银行卡被重复扣款,请尽快处理。", "投诉编号为 {number}"),
    ("zh-TW", "我的信用卡被重複扣款,請盡快處理。", "投訴編號為 {number}"),
])
def test_registered_complaint_is_acknowledged_by_email(
        mail_servers: MailServers, tmp_path: Path, language: str, text: str,
        phrase: str) -> None:
    recorder, port = mail_servers.start(security="starttls")
    sdk = make_sdk(tmp_path, customer_notifier="smtp")
    book = CustomerBook()
    smtp = SmtpNotifier(
        SmtpSettings(host=HOST, port=port, sender="complaints@bank.example", timeout=10),
        recipients=book.lookup, ssl_context=mail_servers.certificate.client_context())
    customer = CustomerIdentity(customer_ref="C-77", email="customer@example.cn")
    with using_plugin(sdk, NotifierPlugin(smtp)):
        complaint = book.intake(sdk, make_draft(text, customer=customer, language=language))
        assert sdk.relay_outbox().sent == 1
    [mail] = recorder.received
    assert mail.recipients == ("customer@example.cn",)
    assert complaint.number in str(mail.email["Subject"])
    assert phrase.format(number=complaint.number) in mail.text
    assert str(mail.email["Message-ID"]).strip().startswith(f"<{complaint.number}.")
