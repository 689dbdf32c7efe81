"""Durable messages: the outbox (what must be sent) and the quarantine (what could not be read)."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import attrs

__all__ = ["OutboxMessage", "OutboxStatus", "QuarantinedPayload"]


class OutboxStatus(str, enum.Enum):
    PENDING = "pending"
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
    ``dead`` and waits for a person to replay it.
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
