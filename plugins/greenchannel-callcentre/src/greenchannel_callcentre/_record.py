"""One call record: its fields, their checks, and the complaint draft it becomes.

The field table below is the contract with the telephony system; the JSON
Schema shipped beside this module (``call_record.schema.json``) describes the
same contract for the vendor, and a test keeps the two in step.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from greenchannel_sdk.domain import Attachment, ChannelDraft, CustomerIdentity

from . import _fields as f

__all__ = [
    "FIELDS",
    "RECORDING_REF_TYPE",
    "REQUIRED",
    "RecordProblems",
    "check_record",
    "draft_from",
]

#: Content type of the evidence attachment when the vendor does not say what
#: the recording is: the attachment is a *reference* to a recording kept in
#: the call-recording system, not the audio itself.
RECORDING_REF_TYPE = "application/x-recording-ref"

_ID = r"[A-Za-z0-9][A-Za-z0-9._:-]*"
_ID_HINT = "letters, digits and . _ : - only"

#: Every field a record may carry, and its check.  Order is the documented order.
FIELDS: Mapping[str, f.Check] = {
    "call_id": f.text(max_length=128, pattern=_ID, hint=_ID_HINT),
    "caller_number": f.phone_number,
    "agent_id": f.text(max_length=64, pattern=_ID, hint=_ID_HINT),
    "notes": f.text(max_length=20_000),
    "started_at": f.iso_datetime,
    "ended_at": f.iso_datetime,
    "ivr_path": f.text_list(max_items=32, max_length=64),
    "recording_ref": f.text(max_length=2048, pattern=r"[A-Za-z][A-Za-z0-9+.-]*:\S+",
                            hint="must be a URI such as rec://archive/2026/11/30/abc.wav"),
    "recording_content_type": f.text(max_length=100, pattern=r"audio/[A-Za-z0-9.+-]+",
                                     hint="must be an audio/* media type"),
    "recording_size": f.non_negative_int,
    "customer_ref": f.text(max_length=64),
    "customer_name": f.text(max_length=100),
    "branch_code": f.text(max_length=16, pattern=r"[0-9A-Za-z]+",
                          hint="must be letters and digits", upper=True),
    "amount": f.amount,
    "currency": f.text(max_length=3, pattern=r"[A-Z]{3}", hint="must be an ISO 4217 code like CNY"),
    "category_hint": f.category,
}

#: Fields every record must have.  ``caller_number`` may be ``null`` (withheld).
REQUIRED: frozenset[str] = frozenset({"call_id", "caller_number", "agent_id", "notes",
                                      "started_at", "ended_at"})
_NULLABLE_REQUIRED = frozenset({"caller_number"})
#: Unknown fields named one by one; a record with thousands gets a count, not a list.
_LISTED_UNKNOWN = 5


class RecordProblems(Exception):
    """The fields of one record that are wrong, and why."""

    def __init__(self, problems: Mapping[str, str]) -> None:
        super().__init__(f"{len(problems)} field(s) invalid")
        self.problems = dict(problems)


def check_record(record: Any, *, now: datetime, future_tolerance: timedelta) -> dict[str, Any]:
    """The cleaned fields of ``record`` (absent optional ones as ``None``).

    Raises :class:`RecordProblems` listing *every* wrong field, not just the
    first, so the vendor can fix a record in one round.
    """
    if not isinstance(record, dict):
        raise RecordProblems({"record": "must be a JSON object"})
    problems: dict[str, str] = {}
    values: dict[str, Any] = {}
    unknown = sorted(set(record) - set(FIELDS))
    for name in unknown[:_LISTED_UNKNOWN]:
        problems[name[:64]] = "is not a field of a call record (see the JSON schema)"
    if len(unknown) > _LISTED_UNKNOWN:
        problems["record"] = (
            f"has {len(unknown)} unknown fields; the first {_LISTED_UNKNOWN} are named"
        )
    for name, check in FIELDS.items():
        value = record.get(name)
        if value is None:
            if name in REQUIRED and (name not in record or name not in _NULLABLE_REQUIRED):
                problems[name] = "is required"
            values[name] = None
            continue
        try:
            values[name] = check(value)
        except f.Invalid as exc:
            problems[name] = str(exc)
    _check_times(values, problems, now, future_tolerance)
    if values.get("currency") and record.get("amount") is None:
        problems["currency"] = "only makes sense together with amount"
    if problems:
        raise RecordProblems(problems)
    return values


def _check_times(values: dict[str, Any], problems: dict[str, str], now: datetime,
                 future_tolerance: timedelta) -> None:
    started, ended = values.get("started_at"), values.get("ended_at")
    if started is not None and started > now + future_tolerance:
        problems["started_at"] = "lies in the future; check the telephony system's clock"
    if started is not None and ended is not None and ended < started:
        problems["ended_at"] = "is before started_at"


def _recording(values: Mapping[str, Any]) -> Attachment:
    reference: str = values["recording_ref"]
    path = reference.split("?", 1)[0].split("#", 1)[0].rstrip("/")
    filename = path.rsplit("/", 1)[-1] if "/" in path else f"{values['call_id']}.recording"
    return Attachment(
        filename=filename,
        content_type=values["recording_content_type"] or RECORDING_REF_TYPE,
        size=values["recording_size"] or 0,
        reference=reference,
    )


def draft_from(v: Mapping[str, Any], channel: str) -> ChannelDraft:
    """The complaint draft of a checked call record (S1): the agent's notes are the text."""
    duration = int((v["ended_at"] - v["started_at"]).total_seconds())
    metadata = {
        "agent_id": v["agent_id"],
        "ivr_path": json.dumps(list(v["ivr_path"] or ()), ensure_ascii=False),
        "duration_seconds": str(duration),
        "ended_at": v["ended_at"].isoformat(),
    }
    if v["category_hint"]:
        metadata["category_hint"] = v["category_hint"]
    attachments = (_recording(v),) if v["recording_ref"] else ()
    return ChannelDraft(
        channel=channel,
        external_id=v["call_id"],
        received_at=v["started_at"],
        text=v["notes"],
        customer=CustomerIdentity(customer_ref=v["customer_ref"], name=v["customer_name"],
                                  phone=v["caller_number"]),
        attachments=attachments,
        branch_code=v["branch_code"],
        amount=v["amount"],
        currency=v["currency"],
        metadata=metadata,
    )
