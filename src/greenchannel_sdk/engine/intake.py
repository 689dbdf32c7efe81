"""Intake rules (S1): what a draft must satisfy before it becomes a complaint."""

from __future__ import annotations

from datetime import datetime, timedelta

from ..domain import ChannelDraft
from ..errors import ValidationError

__all__ = ["MAX_TEXT_CHARS", "validate_draft"]

#: A complaint's own text is limited so one message cannot fill the database;
#: longer material belongs in attachments.
MAX_TEXT_CHARS = 20_000

#: Channels' clocks drift; a receipt time further in the future is a bug upstream.
_FUTURE_TOLERANCE = timedelta(minutes=10)


def validate_draft(draft: ChannelDraft, now: datetime) -> None:
    """Raise :class:`ValidationError` naming every field that is wrong."""
    problems: dict[str, str] = {}
    if not draft.channel or not draft.channel.replace("_", "").isalnum():
        problems["channel"] = "must be a non-empty name of letters, digits and underscores"
    if not draft.external_id or len(draft.external_id) > 255:
        problems["external_id"] = "must be the channel's message id, 1 to 255 characters"
    if draft.received_at.tzinfo is None:
        problems["received_at"] = "must be timezone-aware"
    elif draft.received_at > now + _FUTURE_TOLERANCE:
        problems["received_at"] = "lies in the future; check the channel's clock"
    if not draft.text or not draft.text.strip():
        problems["text"] = "is empty; a complaint needs the customer's words"
    elif len(draft.text) > MAX_TEXT_CHARS:
        problems["text"] = f"has {len(draft.text)} characters; the limit is {MAX_TEXT_CHARS}"
    if draft.amount is not None and draft.amount < 0:
        problems["amount"] = "must not be negative"
    if draft.currency is not None and (len(draft.currency) != 3 or not draft.currency.isalpha()):
        problems["currency"] = "must be an ISO 4217 code such as 'CNY'"
    if problems:
        raise ValidationError("the complaint draft is not valid", problems)
