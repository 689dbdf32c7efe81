"""The JSON a receiver gets for one outbox message: stable ids, the rendered notice, the recipient.

::

    {"id": "...", "delivery": "...", "topic": "customer.acknowledgement", "complaint_id": "...",
     "created_at": "2026-03-02T01:00:00+00:00",
     "payload": {"number": "GC-...", "status": "registered", ...},
     "notice": {"language": "en", "subject": "...", "body": "..."},
     "recipient": {"customer_ref": "...", "email": "...", "phone": "..."}}

``id`` is the same on every retry, so a receiver that got a message twice
(delivery is at least once) can tell.  ``delivery`` is new on every
attempt, so a retry sent within the same second as the attempt before it
is still a distinct signed request, not one the receiver's replay guard
refuses.  ``recipient`` is present only on
customer notices when the notifier is set to include it, and carries
only the fields that are known.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from greenchannel_sdk.domain import CustomerIdentity, OutboxMessage
from greenchannel_sdk.notices import Notice

__all__ = ["RECIPIENT_FIELDS", "encode_body"]

#: The contact details a delivering receiver may need; nothing else leaves the SDK.
RECIPIENT_FIELDS = ("customer_ref", "email", "phone", "wechat_openid")


def encode_body(message: OutboxMessage, notice: Notice,
                recipient: CustomerIdentity | None) -> bytes:
    document: dict[str, Any] = {
        "id": message.id,
        "delivery": uuid.uuid4().hex,
        "topic": message.topic,
        "complaint_id": message.complaint_id,
        "created_at": message.created_at.isoformat(),
        "payload": dict(message.payload),
        "notice": {"language": notice.language, "subject": notice.subject, "body": notice.body},
    }
    if recipient is not None:
        document["recipient"] = {field: getattr(recipient, field) for field in RECIPIENT_FIELDS
                                 if getattr(recipient, field) is not None}
    return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      default=str).encode("utf-8")
