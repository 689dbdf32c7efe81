"""The complaint as a channel delivers it (:class:`ChannelDraft`) and as the SDK keeps it."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal

import attrs

from .party import CustomerIdentity
from .triage import Classification, PriorityAssessment
from .values import Priority, Status
from .work import Assignment

__all__ = ["ERASED_TEXT", "Attachment", "ChannelDraft", "Complaint"]

#: What an erased complaint, note or survey comment reads as instead of its text:
#: the personal data is gone for good (crypto-erasure), the facts for statistics stay.
ERASED_TEXT = "[personal data erased]"


@attrs.frozen
class Attachment:
    """Metadata of a file the customer sent; the bytes live wherever the bank keeps them."""

    filename: str = attrs.field(repr=False)
    content_type: str
    size: int = attrs.field(validator=attrs.validators.ge(0))
    reference: str | None = None
    sha256: str | None = None


@attrs.frozen
class ChannelDraft:
    """What a channel plugin hands to intake (S1).

    ``external_id`` is the channel's own message id (WeChat MsgId, an email's
    Message-ID, a web idempotency key): intake uses it to recognise a
    redelivery so it never makes a second complaint.  ``about_staff`` names a
    member of staff the complaint is about, so assignment can exclude them.
    ``complainants`` counts customers in a group complaint.
    """

    channel: str
    external_id: str
    received_at: datetime
    text: str = attrs.field(repr=False)
    customer: CustomerIdentity = attrs.field(factory=CustomerIdentity)
    subject: str | None = attrs.field(default=None, repr=False)
    attachments: tuple[Attachment, ...] = ()
    branch_code: str | None = None
    amount: Decimal | None = None
    currency: str | None = None
    language: str | None = None
    complainants: int = attrs.field(default=1, validator=attrs.validators.ge(1))
    about_staff: str | None = None
    in_reply_to: str | None = None
    metadata: Mapping[str, str] = attrs.field(factory=dict)


@attrs.frozen
class Complaint:
    """A registered complaint: the draft's facts plus everything the SDK decided.

    Immutable: commands produce a new ``Complaint`` with ``attrs.evolve`` and
    the store checks ``version`` so a concurrent change is detected rather
    than overwritten.  ``follow_up`` is who calls the customer back after
    the resolution (S15): never the person who handled the case.
    ``legal_hold_since`` is set while a legal hold forbids erasure;
    ``erased_at`` once the personal data was erased: the text then reads
    :data:`ERASED_TEXT` and the customer has no personal field left.
    """

    id: str
    number: str
    status: Status
    channel: str
    external_id: str
    received_at: datetime
    registered_at: datetime
    text: str = attrs.field(repr=False)
    classification: Classification
    priority: PriorityAssessment
    customer: CustomerIdentity = attrs.field(factory=CustomerIdentity)
    subject: str | None = attrs.field(default=None, repr=False)
    attachments: tuple[Attachment, ...] = ()
    branch_code: str | None = None
    amount: Decimal | None = None
    currency: str | None = None
    language: str | None = None
    complainants: int = 1
    about_staff: str | None = None
    assignment: Assignment | None = None
    follow_up: Assignment | None = None
    escalation_level: int = 0
    merged_into: str | None = None
    closed_at: datetime | None = None
    version: int = 1
    metadata: Mapping[str, str] = attrs.field(factory=dict)
    legal_hold_since: datetime | None = None
    erased_at: datetime | None = None

    @property
    def green_channel(self) -> bool:
        """True for high-priority complaints, which are dispatched first (S5)."""
        return self.priority.priority is Priority.HIGH
