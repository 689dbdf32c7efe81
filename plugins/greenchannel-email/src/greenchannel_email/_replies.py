"""Recognising a customer's reply to a complaint the SDK already registered.

A reply must add to the existing complaint, not open a new one.  Two clues,
in order of strength:

1. A complaint number in the subject (``Re: [GC-20261130-E-HQ-000123-K] ...``),
   accepted only when its check character is right, so a mistyped number
   never attaches mail to somebody else's complaint;
2. the message ids in ``In-Reply-To`` and ``References``.  When the bank
   says which ids the SDK sent (``is_sdk_message_id``), the newest such id
   wins; otherwise the direct parent (``In-Reply-To``, else the last
   ``References`` entry) is passed on.

The channel only reports the reference (``ChannelDraft.in_reply_to``); the
core decides whether it names a complaint and links it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import NamedTuple

from greenchannel_sdk.domain import NumberFormat, parse_number
from greenchannel_sdk.errors import ValidationError

__all__ = ["ReplyReference", "find_reply_reference", "subject_numbers"]


class ReplyReference(NamedTuple):
    """What a reply points at and which clue said so (``"subject-number"``/``"message-id"``)."""

    reference: str
    source: str


def _number_pattern(fmt: NumberFormat) -> re.Pattern[str]:
    sep = re.escape(fmt.separator)
    return re.compile(
        rf"(?<![0-9A-Z]){re.escape(fmt.prefix)}(?:{sep}[0-9A-Z]+){{4}}{sep}[0-9A-Z*](?![0-9A-Z])",
        re.IGNORECASE,
    )


def subject_numbers(subject: str, fmt: NumberFormat) -> tuple[list[str], int]:
    """Valid complaint numbers in ``subject`` and how many look-alikes failed validation."""
    valid: list[str] = []
    rejected = 0
    for match in _number_pattern(fmt).finditer(subject):
        try:
            valid.append(parse_number(match.group(0), fmt).text)
        except ValidationError:
            rejected += 1
    return valid, rejected


def find_reply_reference(
    *,
    subject_number: str | None,
    in_reply_to: Sequence[str],
    references: Sequence[str],
    is_sdk_message_id: Callable[[str], bool] | None,
) -> ReplyReference | None:
    """The strongest clue that this message continues an existing complaint, if any."""
    if subject_number:
        return ReplyReference(subject_number, "subject-number")
    if is_sdk_message_id is not None:
        for message_id in [*in_reply_to, *reversed(references)]:
            if is_sdk_message_id(message_id):
                return ReplyReference(message_id, "message-id")
        return None
    parent = in_reply_to[0] if in_reply_to else (references[-1] if references else None)
    return ReplyReference(parent, "message-id") if parent else None
