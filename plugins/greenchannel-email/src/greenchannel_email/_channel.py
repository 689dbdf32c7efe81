"""The email channel: one RFC 5322 message in, one complaint draft out (S1)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta
from email import policy
from email.message import Message
from email.parser import BytesParser

import attrs
from greenchannel_sdk.clock import Clock, SystemClock, ensure_aware
from greenchannel_sdk.domain import ChannelDraft, CustomerIdentity, NumberFormat
from greenchannel_sdk.errors import ValidationError

from ._headers import header_text, message_ids, raw_header, sender, sent_at
from ._limits import mime_limit_problem
from ._mime import AttachmentStore, Content, extract_content
from ._replies import complaint_numbers, find_reply_reference

__all__ = ["DEFAULT_MAX_BYTES", "EmailChannel"]

#: The default size limit: what large mail providers accept per message.
DEFAULT_MAX_BYTES = 25 * 1024 * 1024

#: How far a Date header may lie in the future (clock skew) before it is distrusted.
_FUTURE_TOLERANCE = timedelta(hours=1)


@contextmanager
def _stdlib_guard(field: str) -> Iterator[None]:
    """Turn a crash inside the stdlib ``email`` package into a validation error.

    The stdlib parser is lenient, but it still raises on some malformed
    input (deeply nested multiparts, broken parameter syntax); the Channel
    contract says bad input may only raise ``ValidationError``, so the SDK
    can quarantine the message with a reason.  The message names the
    exception type only: its text may quote the customer's headers.
    """
    try:
        yield
    except ValidationError:
        raise
    except Exception as exc:
        raise ValidationError(
            "email message could not be read",
            {field: f"the email parser failed ({type(exc).__name__})"},
        ) from exc


def _transport_time(metadata: Mapping[str, str]) -> datetime | None:
    value = metadata.get("received_at")
    if not value:
        return None
    try:
        return ensure_aware(datetime.fromisoformat(value), "received_at")
    except ValueError:
        return None


@attrs.define(kw_only=True)
class EmailChannel:
    """Reads complaint mail (RFC 5322 bytes, as fetched from a mailbox).

    ``metadata`` may carry ``received_at`` (ISO 8601 with offset: when the
    mailbox received it, e.g. IMAP INTERNALDATE), used when the message has
    no usable Date.  ``number_format`` must match the SDK's, so complaint
    numbers in replies are recognised.  ``store_attachment`` keeps
    attachment bytes and returns a reference.  Auto-generated mail
    (``Auto-Submitted``: bounces, out-of-office replies to acknowledgements)
    is refused so it never becomes a complaint; it stays in quarantine.
    """

    name: str = "email"
    max_bytes: int = attrs.field(default=DEFAULT_MAX_BYTES, validator=attrs.validators.gt(0))
    clock: Clock = attrs.field(factory=SystemClock)
    number_format: NumberFormat = attrs.field(factory=NumberFormat)
    store_attachment: AttachmentStore | None = None

    def parse(self, payload: bytes, metadata: Mapping[str, str]) -> Sequence[ChannelDraft]:
        """One draft for the message in ``payload``; ``ValidationError`` when it is unusable."""
        if len(payload) > self.max_bytes:
            raise ValidationError(
                "email message is too large",
                {"message": f"{len(payload)} bytes; the limit is {self.max_bytes} bytes"},
            )
        if not payload.strip():
            raise ValidationError("email message is empty", {"message": "no bytes"})
        beyond = mime_limit_problem(payload)
        if beyond:
            raise ValidationError("email message has an implausible MIME structure",
                                  {"message": beyond})
        with _stdlib_guard("message"):
            message = BytesParser(policy=policy.default).parsebytes(payload)
            content = extract_content(message, self.store_attachment)
        return [self._draft(message, content, payload, metadata)]

    def _draft(
        self, message: Message, content: Content, payload: bytes, metadata: Mapping[str, str]
    ) -> ChannelDraft:
        problems: dict[str, str] = {}
        auto = header_text(raw_header(message, "Auto-Submitted")).text.lower()
        if auto and auto != "no":
            problems["auto_submitted"] = "automatically generated mail, not a complaint"
        display_name, address = sender(raw_header(message, "From"))
        if address is None:
            problems["from"] = "missing, or not an email address the bank could answer"
        if not content.text and not content.attachments:
            problems["body"] = "no text and no attachments"
        if problems:
            raise ValidationError("email message cannot become a complaint", problems)

        extra: dict[str, str] = {}
        ids = message_ids(raw_header(message, "Message-ID"))
        if ids:
            external_id = ids[0]
        else:
            external_id = "sha256:" + hashlib.sha256(payload).hexdigest()
            extra["external_id_source"] = "sha256-of-message"
        received_at, extra["received_at_source"] = self._received_at(message, metadata)
        subject = header_text(raw_header(message, "Subject"))
        numbers, rejected = complaint_numbers(subject.text, self.number_format)
        if rejected and not numbers:
            extra["subject_number_rejected"] = "a complaint number in the subject failed its check"
        reply = find_reply_reference(
            subject_numbers=numbers,
            in_reply_to=message_ids(raw_header(message, "In-Reply-To")),
            references=message_ids(raw_header(message, "References")),
            fmt=self.number_format,
        )
        if reply:
            extra["reply_reference_source"] = reply.source
        if content.lossy or subject.lossy:
            extra["decoding"] = "some bytes did not fit the declared charset and were replaced"
        return ChannelDraft(
            channel=self.name,
            external_id=external_id,
            received_at=received_at,
            text=content.text,
            customer=CustomerIdentity(name=display_name, email=address),
            subject=subject.text or None,
            attachments=content.attachments,
            in_reply_to=reply.reference if reply else None,
            metadata=extra,
        )

    def _received_at(self, message: Message, metadata: Mapping[str, str]) -> tuple[datetime, str]:
        now = ensure_aware(self.clock.now(), "clock.now()")
        dated = sent_at(raw_header(message, "Date"))
        if dated is not None and dated <= now + _FUTURE_TOLERANCE:
            return dated, "date-header"
        transported = _transport_time(metadata)
        if transported is not None:
            return transported, "transport"
        return now, "clock"
