"""Delivery to a real SMTP server (S13): plain, STARTTLS with login, implicit TLS; failures raise.

Raising is how a notifier tells the outbox "not delivered": the message is
kept and retried, so a mail server that is down loses nothing.
"""

from __future__ import annotations

import smtplib
import ssl
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from greenchannel_sdk.domain import CustomerIdentity, OutboxMessage
from greenchannel_sdk.errors import ConfigurationError
from greenchannel_sdk.notices import NotifierPlugin
from greenchannel_sdk.testing import FrozenClock, make_draft, make_sdk, using_plugin

from greenchannel_smtp import RecipientRefused, SmtpNotifier, SmtpSettings
from smtp_testkit import HOST, PASSWORD, USER, CustomerBook, MailServers, free_port

NUMBER = "GC-20260302-W-HQ-000001-X"
CUSTOMER = CustomerIdentity(email="li.hua@example.cn", phone="13800138000")


def outbox_message(topic: str = "customer.acknowledgement", **payload: Any) -> OutboxMessage:
    fields = {"number": NUMBER, "status": "registered", "channel": "web", "language": "en"}
    return OutboxMessage(id="0f6c1d2e", complaint_id="c-1", topic=topic, notifier="smtp",
                         payload={**fields, **payload},
                         created_at=datetime(2026, 3, 2, 1, tzinfo=timezone.utc))


def notifier(port: int, servers: MailServers, **settings: Any) -> SmtpNotifier:
    options: dict[str, Any] = {"host": HOST, "port": port, "sender": "complaints@bank.example",
                               "security": "none", "timeout": 10, **settings}
    return SmtpNotifier(SmtpSettings(**options), recipients=lambda _id: CUSTOMER,
                        ssl_context=servers.certificate.client_context())


def test_plain_delivery_to_the_customer(mail_servers: MailServers) -> None:
    recorder, port = mail_servers.start()
    notifier(port, mail_servers).send(outbox_message())
    [mail] = recorder.received
    assert mail.sender == "complaints@bank.example"
    assert mail.recipients == ("li.hua@example.cn",)
    assert NUMBER in str(mail.email["Subject"])
    assert f"under the number {NUMBER}" in mail.text


def test_starttls_with_login(mail_servers: MailServers) -> None:
    recorder, port = mail_servers.start(security="starttls", login=True)
    notifier(port, mail_servers, security="starttls", username=USER,
             password=PASSWORD).send(outbox_message())
    assert len(recorder.received) == 1


def test_wrong_password_raises(mail_servers: MailServers) -> None:
    recorder, port = mail_servers.start(security="starttls", login=True)
    smtp = notifier(port, mail_servers, security="starttls", username=USER, password="wrong")
    with pytest.raises(smtplib.SMTPAuthenticationError):
        smtp.send(outbox_message())
    assert recorder.received == []


def test_implicit_tls(mail_servers: MailServers) -> None:
    recorder, port = mail_servers.start(security="ssl")
    notifier(port, mail_servers, security="ssl").send(outbox_message(language="zh-Hant"))
    [mail] = recorder.received
    assert f"投訴編號為 {NUMBER}" in mail.text


def test_untrusted_certificate_is_refused(mail_servers: MailServers) -> None:
    """S20: notices travel encrypted to a server whose certificate checks out."""
    recorder, port = mail_servers.start(security="starttls")
    smtp = SmtpNotifier(SmtpSettings(host=HOST, port=port, sender="complaints@bank.example",
                                     timeout=10), recipients=lambda _id: CUSTOMER)
    with pytest.raises(ssl.SSLCertVerificationError):
        smtp.send(outbox_message())
    assert recorder.received == []


def test_ca_file_setting_trusts_a_private_authority(mail_servers: MailServers) -> None:
    recorder, port = mail_servers.start(security="starttls")
    settings = SmtpSettings(host=HOST, port=port, sender="complaints@bank.example", timeout=10,
                            ca_file=str(mail_servers.certificate.cert))
    SmtpNotifier(settings, recipients=lambda _id: CUSTOMER).send(outbox_message())
    assert len(recorder.received) == 1


def test_staff_notices_go_to_the_staff_addresses(mail_servers: MailServers) -> None:
    recorder, port = mail_servers.start()
    smtp = notifier(port, mail_servers, staff_recipients="gc-team@bank.example, lead@bank.example")
    smtp.send(outbox_message("sla.breach", clock="first_contact", cycle=1, percent=None,
                             level=None, due_at="2026-03-03T01:00:00+00:00"))
    [mail] = recorder.received
    assert mail.recipients == ("gc-team@bank.example", "lead@bank.example")
    assert "[已超时]" in str(mail.email["Subject"])


def test_one_refused_staff_address_does_not_resend_to_the_others(
        mail_servers: MailServers, caplog: pytest.LogCaptureFixture) -> None:
    recorder, port = mail_servers.start()
    recorder.unknown.add("left@bank.example")
    smtp = notifier(port, mail_servers, staff_recipients="left@bank.example, lead@bank.example")
    smtp.send(outbox_message("sla.warning", clock="first_contact", percent=80,
                             due_at="2026-03-03T01:00:00+00:00"))
    [mail] = recorder.received
    assert mail.recipients == ("lead@bank.example",)
    assert "1 of 2 recipients refused the sla.warning notice" in caplog.text
    assert "left@bank.example" not in caplog.text


def test_customer_address_refused_raises_without_the_address(
        mail_servers: MailServers) -> None:
    """The outbox stores and logs the error text, so it must not quote the customer's address."""
    recorder, port = mail_servers.start()
    recorder.unknown.add(CUSTOMER.email or "")
    with pytest.raises(RecipientRefused, match=r"refused every recipient \(reply 550\)") \
            as caught:
        notifier(port, mail_servers).send(outbox_message())
    assert "li.hua" not in str(caught.value)


def test_staff_notice_without_staff_address_is_refused(mail_servers: MailServers) -> None:
    _recorder, port = mail_servers.start()
    with pytest.raises(ConfigurationError, match="GREENCHANNEL_SMTP_STAFF_TO"):
        notifier(port, mail_servers).send(outbox_message(
            "sla.warning", percent=80, clock="first_contact", due_at="2026-03-03T01:00:00+00:00"))


def test_customer_without_email_is_refused_without_personal_data(
        mail_servers: MailServers) -> None:
    _recorder, port = mail_servers.start()
    smtp = SmtpNotifier(SmtpSettings(host=HOST, port=port, sender="c@bank.example",
                                     security="none"),
                        recipients=lambda _id: CustomerIdentity(phone="13800138000"))
    with pytest.raises(ConfigurationError, match=f"complaint {NUMBER} has no customer email") \
            as caught:
        smtp.send(outbox_message())
    assert "13800138000" not in str(caught.value)


def test_server_down_then_up_loses_nothing(mail_servers: MailServers, tmp_path: Path) -> None:
    """The outbox keeps what the notifier could not send and delivers it once the server is back."""
    port = free_port()
    clock = FrozenClock()
    sdk = make_sdk(tmp_path, clock=clock, customer_notifier="smtp")
    book = CustomerBook()
    with using_plugin(sdk, NotifierPlugin(notifier(port, mail_servers))):
        complaint = book.intake(sdk, make_draft(customer=CUSTOMER, language="en"))
        assert sdk.relay_outbox().retried == 1
        assert sdk.outbox_counts()["pending"] == 1

        recorder, _ = mail_servers.start(port)
        clock.advance(minutes=1)
        assert sdk.relay_outbox().sent == 1
    [mail] = recorder.received
    assert complaint.number in str(mail.email["Subject"])
    assert sdk.outbox_counts().get("pending", 0) == 0
