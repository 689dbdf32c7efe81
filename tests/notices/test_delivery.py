"""Notices through the outbox (S13): rendered and addressed at send time, nothing lost.

The recipient lookup here is a fake keyed by complaint id, standing in for
the facade's (which decrypts the stored identity).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import attrs
import pytest

from greenchannel_sdk import GreenChannel
from greenchannel_sdk.domain import ChannelDraft, Complaint, CustomerIdentity, OutboxMessage
from greenchannel_sdk.errors import ConfigurationError
from greenchannel_sdk.notices import (
    Notice,
    NoticeRenderer,
    NoticeTemplates,
    NotifierPlugin,
    RecipientAware,
    RecipientLookup,
    Recipients,
)
from greenchannel_sdk.testing import FrozenClock, make_draft, make_sdk, using_plugin


class RecordingNotifier:
    """What a real notifier does, minus the wire: render, look the recipient up, keep both."""

    name = "recording"

    def __init__(self, renderer: NoticeRenderer, lookup: RecipientLookup | None = None) -> None:
        self.renderer = renderer
        self.recipients = Recipients(lookup)
        self.sent: list[tuple[Notice, CustomerIdentity]] = []

    def bind_recipients(self, lookup: RecipientLookup) -> None:
        self.recipients.bind(lookup)

    def send(self, message: OutboxMessage) -> None:
        notice = self.renderer.render(message)
        self.sent.append((notice, self.recipients.of(message)))


class CustomerBook(dict[str, CustomerIdentity]):
    """complaint id -> identity, filled by the test as it registers complaints."""

    def lookup(self, complaint_id: str) -> CustomerIdentity:
        return self[complaint_id]

    def intake(self, sdk: GreenChannel, draft: ChannelDraft) -> Complaint:
        complaint = sdk.intake(draft).complaint
        assert complaint is not None
        self[complaint.id] = draft.customer
        return complaint


def test_acknowledgement_reaches_the_customer_in_their_language(tmp_path: Path) -> None:
    sdk = make_sdk(tmp_path, customer_notifier="recording")
    book = CustomerBook()
    notifier = RecordingNotifier(NoticeRenderer(), book.lookup)
    with using_plugin(sdk, NotifierPlugin(notifier)):
        complaint = book.intake(sdk, make_draft("My card was charged twice.", language="en"))
        assert sdk.relay_outbox().sent == 1
    [(notice, recipient)] = notifier.sent
    assert notice.topic == "customer.acknowledgement"
    assert notice.language == "en"
    assert f"under the number {complaint.number}" in notice.body
    assert recipient.phone is not None
    assert recipient.phone.startswith("139")


def test_the_sdk_hands_its_recipient_lookup_to_notifiers_and_logs_the_read(
        tmp_path: Path) -> None:
    """A notifier built without a lookup gets the SDK's; each lookup is an audited read (S20)."""
    sdk = make_sdk(tmp_path, customer_notifier="recording")
    notifier = RecordingNotifier(NoticeRenderer())
    assert isinstance(notifier, RecipientAware)
    with using_plugin(sdk, NotifierPlugin(notifier)):
        complaint = sdk.intake(make_draft("My card was charged twice.", language="en")).complaint
        assert sdk.relay_outbox().sent == 1
    assert complaint is not None
    [(_notice, recipient)] = notifier.sent
    assert recipient.phone is not None
    assert recipient.phone.startswith("139")
    reads = [e for e in sdk.history(complaint.number) if e.action == "personal_data.read"]
    assert [(e.actor, "phone" in e.data["fields"]) for e in reads] == [("system:notifier", True)]


def test_missing_template_parks_the_message_and_a_fixed_template_sends_it(
        tmp_path: Path) -> None:
    """A bank that forgot a template loses no notice: fix the set, and the retry delivers."""
    clock = FrozenClock()
    sdk = make_sdk(tmp_path, clock=clock, customer_notifier="recording")
    incomplete = NoticeTemplates.from_mapping(
        {"zh-Hans": {"customer.closure": "Subject: ${number}\n\n已办结\n"}})
    book = CustomerBook()
    notifier = RecordingNotifier(NoticeRenderer(incomplete), book.lookup)
    with using_plugin(sdk, NotifierPlugin(notifier)):
        book.intake(sdk, make_draft())
        assert sdk.relay_outbox().retried == 1
        assert notifier.sent == []
        notifier.renderer = NoticeRenderer()
        clock.advance(timedelta(minutes=1))
        assert sdk.relay_outbox().sent == 1
    assert notifier.sent[0][0].language == "zh-Hans"


def test_message_without_a_complaint_has_no_customer() -> None:
    message = OutboxMessage(id="m", complaint_id=None, topic="customer.closure", notifier="x",
                            payload={}, created_at=FrozenClock().now())
    with pytest.raises(ConfigurationError, match="names no complaint"):
        Recipients(lambda _id: CustomerIdentity()).of(message)
    with pytest.raises(ConfigurationError, match="no recipient lookup yet"):
        Recipients().of(attrs.evolve(message, complaint_id="c-1"))


def test_bad_notice_time_zone_is_a_configuration_error() -> None:
    with pytest.raises(ConfigurationError, match="unknown time zone 'Mars/Olympus'"):
        NoticeRenderer(timezone="Mars/Olympus")
