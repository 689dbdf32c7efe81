"""Building the email for one notice: headers that keep a complaint's mail in one thread.

A customer who replies must land on the same complaint, and their mail
client should show every notice about it together.  So each email:

* has the complaint number in its subject (prefixed as ``[number]`` if the
  template left it out), which the email channel recognises in replies;
* has a Message-ID that starts with the number and ends with the outbox
  message id (``<GC-...-K.9f1c...@bank.example>``): stable across retries,
  so a receiver can drop a duplicate, and still naming the complaint when a
  reply quotes it in ``In-Reply-To``;
* refers to a per-complaint thread root (``<GC-...-K@bank.example>``) in
  ``In-Reply-To`` and ``References``, which mail clients thread on;
* says ``Auto-Submitted: auto-generated`` (RFC 3834), so out-of-office
  robots do not answer it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime

from greenchannel_sdk.domain import OutboxMessage
from greenchannel_sdk.notices import Notice

__all__ = ["compose", "message_id", "thread_id"]


def thread_id(number: str, domain: str) -> str:
    """The thread root every notice about complaint ``number`` refers to."""
    return f"<{number}@{domain}>"


def message_id(message: OutboxMessage, number: str | None, domain: str) -> str:
    """The Message-ID of ``message``'s email: the same on every retry."""
    local = f"{number}.{message.id}" if number else message.id
    return f"<{local}@{domain}>"


def _subject(notice: Notice) -> str:
    if notice.number and notice.number not in notice.subject:
        return f"[{notice.number}] {notice.subject}"
    return notice.subject


def compose(notice: Notice, message: OutboxMessage, *, sender: str, to: Sequence[str],
            reply_to: str | None, domain: str, sent_at: datetime) -> EmailMessage:
    """The email carrying ``notice`` to ``to``, UTF-8 throughout."""
    email = EmailMessage()
    email["From"] = sender
    email["To"] = ", ".join(to)
    if reply_to:
        email["Reply-To"] = reply_to
    email["Subject"] = _subject(notice)
    email["Date"] = format_datetime(sent_at)
    email["Message-ID"] = message_id(message, notice.number, domain)
    if notice.number:
        root = thread_id(notice.number, domain)
        email["In-Reply-To"] = root
        email["References"] = root
    email["Auto-Submitted"] = "auto-generated"
    email["X-GreenChannel-Topic"] = notice.topic
    email.set_content(notice.body, charset="utf-8")
    email["Content-Language"] = notice.language  # after set_content, which resets Content-*
    return email
