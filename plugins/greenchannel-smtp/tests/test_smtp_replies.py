"""A customer's reply to an emailed notice lands on the same complaint (S13, S23).

The acknowledgement goes out through a real SMTP server; the customer's
reply (quoting its subject and Message-ID, as mail clients do) comes back
through the email channel plugin and is linked to the complaint instead of
opening a new one.  Needs ``greenchannel-email`` installed (the tox
``plugins`` environment installs every plugin).
"""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import pytest
from greenchannel_sdk.domain import CustomerIdentity
from greenchannel_sdk.notices import NotifierPlugin
from greenchannel_sdk.testing import FrozenClock, make_draft, make_sdk, using_plugin

from greenchannel_smtp import SmtpNotifier, SmtpSettings
from smtp_testkit import HOST, CustomerBook, MailServers

greenchannel_email = pytest.importorskip("greenchannel_email")


def reply_to(notice: EmailMessage, clock: FrozenClock) -> bytes:
    reply = EmailMessage()
    reply["From"] = "customer@example.cn"
    reply["To"] = "complaints@bank.example"
    reply["Subject"] = f"Re: {notice['Subject']}"
    reply["Date"] = format_datetime(clock.now())
    reply["Message-ID"] = "<reply-1@example.cn>"
    reply["In-Reply-To"] = str(notice["Message-ID"]).strip()
    reply["References"] = f"{notice['References']} {str(notice['Message-ID']).strip()}"
    reply.set_content("The second charge was on 1 March, receipt attached later.\n")
    return reply.as_bytes()


def test_reply_to_the_acknowledgement_is_linked_to_the_complaint(
        mail_servers: MailServers, tmp_path: Path) -> None:
    recorder, port = mail_servers.start()
    clock = FrozenClock()
    sdk = make_sdk(tmp_path, clock=clock, customer_notifier="smtp")
    book = CustomerBook()
    smtp = SmtpNotifier(SmtpSettings(host=HOST, port=port, sender="complaints@bank.example",
                                     security="none", timeout=10), recipients=book.lookup)
    channel = greenchannel_email.EmailChannel(clock=clock, number_format=sdk.number_format)
    customer = CustomerIdentity(customer_ref="C-3", email="customer@example.cn")
    with using_plugin(sdk, NotifierPlugin(smtp)):
        complaint = book.intake(sdk, make_draft("Charged twice.", customer=customer,
                                                language="en"))
        sdk.relay_outbox()
    [acknowledgement] = recorder.received
    clock.advance(hours=1)
    [draft] = channel.parse(reply_to(acknowledgement.email, clock), {})
    result = sdk.intake(draft)
    assert result.outcome == "linked"
    assert result.complaint is not None
    assert result.complaint.number == complaint.number
