"""Recognising a customer's reply to a complaint the SDK already registered.

A reply must add to the existing complaint, not open a new one.  The core
links a draft whose ``in_reply_to`` is either a complaint number or the
``external_id`` (here: the Message-ID) of a complaint from the same channel.
So the channel passes on the strongest clue it finds, in this order:

1. a complaint number in the subject (``Re: [GC-20261130-E-HQ-000123-K] ...``);
2. a complaint number inside a message id the reply refers to: the SDK's
   acknowledgement can carry the number in its Message-ID
   (``<GC-20261130-E-HQ-000123-K.ack@bank.example>``), and a reply quotes
   it in ``In-Reply-To``/``References``;
3. the thread's root: the first ``References`` entry (else ``In-Reply-To``),
   which in a thread the customer started is the Message-ID of their
   original complaint mail, the complaint's ``external_id``.

Numbers count only when their check character is right, so a mistyped
number never attaches mail to somebody else's complaint.  A reference that
names no open complaint makes the core register a new one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from greenchannel_sdk.domain import NumberFormat, parse_number
from greenchannel_sdk.errors import ValidationError

__all__ = ["ReplyReference", "complaint_numbers", "find_reply_reference"]


class ReplyReference(NamedTuple):
    """What a reply points at and which clue said so."""

    reference: str
    source: str  # "subject-number", "message-id-number" or "thread-root"


def _number_pattern(fmt: NumberFormat) -> re.Pattern[str]:
    sep = re.escape(fmt.separator)
    return re.compile(
        rf"(?<![0-9A-Z]){re.escape(fmt.prefix)}(?:{sep}[0-9A-Z]+){{4}}{sep}[0-9A-Z*](?![0-9A-Z])",
        re.IGNORECASE,
    )


def complaint_numbers(text: str, fmt: NumberFormat) -> tuple[list[str], int]:
    """Valid complaint numbers in ``text`` and how many look-alikes failed their check."""
    valid: list[str] = []
    rejected = 0
    for match in _number_pattern(fmt).finditer(text):
        try:
            valid.append(parse_number(match.group(0), fmt).text)
        except ValidationError:
            rejected += 1
    return valid, rejected


def find_reply_reference(
    *,
    subject_numbers: Sequence[str],
    in_reply_to: Sequence[str],
    references: Sequence[str],
    fmt: NumberFormat,
) -> ReplyReference | None:
    """The strongest clue that this message continues an existing complaint, if any."""
    if subject_numbers:
        return ReplyReference(subject_numbers[0], "subject-number")
    for message_id in [*in_reply_to, *reversed(references)]:
        numbers, _ = complaint_numbers(message_id, fmt)
        if numbers:
            return ReplyReference(numbers[0], "message-id-number")
    root = references[0] if references else (in_reply_to[0] if in_reply_to else None)
    return ReplyReference(root, "thread-root") if root else None
