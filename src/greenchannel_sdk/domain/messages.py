"""Durable messages: the outbox (what must be sent) and the quarantine (what could not be read)."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import attrs

from .values import str_tuple

__all__ = ["Communication", "Direction", "OutboxMessage", "OutboxStatus", "QuarantinedPayload"]


class OutboxStatus(str, enum.Enum):
    """``sending`` marks a message a relay has claimed and is delivering now."""

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    DEAD = "dead"


@attrs.frozen
class OutboxMessage:
    """A message a notifier must deliver, written in the same transaction as the change.

    ``topic`` says what happened (``"complaint.registered"``,
    ``"customer.progress"``), ``notifier`` which notifier delivers it, and
    ``payload`` carries plain data (no decrypted personal data: the notifier
    looks the recipient up when it sends).  ``attempts``/``last_error``/
    ``next_attempt_at`` drive retries; after too many failures the message is
    ``dead`` and waits for a person to replay it.  While a relay delivers a
    message it is ``sending`` and ``next_attempt_at`` is the end of the
    relay's lease: a relay that died mid-delivery leaves it to be claimed
    again once the lease runs out (at least once, never lost).
    """

    id: str
    complaint_id: str | None
    topic: str
    notifier: str
    payload: Mapping[str, Any]
    created_at: datetime
    status: OutboxStatus = OutboxStatus.PENDING
    attempts: int = 0
    next_attempt_at: datetime | None = None
    last_error: str | None = None


@attrs.frozen
class QuarantinedPayload:
    """A channel payload that could not be parsed or validated, kept for a person (nothing lost).

    ``raw`` is the payload exactly as received; ``reason`` says what was wrong.
    ``resolved_at`` is set when it was replayed successfully or discarded.
    """

    id: str
    channel: str
    raw: bytes = attrs.field(repr=False)
    reason: str
    received_at: datetime
    metadata: Mapping[str, str] = attrs.field(factory=dict)
    resolved_at: datetime | None = None
    resolution: str | None = None


class Direction(str, enum.Enum):
    INBOUND = "inbound"
    OUTBOUND = "outbound"
    INTERNAL = "internal"


@attrs.frozen
class Communication:
    """One message or note on a complaint's file (S13, S16): kept complete, encrypted at rest.

    Inbound: a customer's further message (a reply by email, another WeChat
    message).  Outbound: what the bank told the customer.  Internal: a
    handler's note or a contact record.  ``kind`` says which
    (``"customer_message"``, ``"contact"``, ``"note"``, ``"notice"``);
    ``evidence`` lists references such as transaction ids or recordings.
    """

    id: str
    complaint_id: str
    at: datetime
    direction: Direction
    kind: str
    actor: str
    channel: str | None = None
    external_id: str | None = None
    text: str = attrs.field(default="", repr=False)
    evidence: tuple[str, ...] = attrs.field(default=(), converter=str_tuple)
    details: Mapping[str, Any] = attrs.field(factory=dict)
