"""Conversion between attrs domain objects and table rows, through cattrs.

A complaint is unstructured once by the shared converter and then split:
filterable facts become columns, the customer's own words and identity
become the ``sensitive`` document (sealed by a :class:`SensitiveCodec`),
decisions (classification, priority, assignment) become ``details``.
"""

from __future__ import annotations

import base64
import json
from datetime import datetime, timezone
from typing import Any, TypeVar

from ..domain import (
    ERASED_TEXT,
    AuditEvent,
    ClockState,
    Communication,
    Complaint,
    OutboxMessage,
    QuarantinedPayload,
    SatisfactionSurvey,
    StaffMember,
    sealed_record,
    structure,
    unstructure,
)
from ..security.codec import complaint_owner
from ..security.errors import DataErased
from ..store import SensitiveCodec

__all__ = [
    "ERASED_DOCUMENT",
    "clock_from_row",
    "clock_to_row",
    "complaint_from_row",
    "complaint_to_row",
    "plain_copy",
    "record_from_row",
    "sealed_audit_row",
    "staff_from_row",
    "staff_to_row",
    "survey_row_id",
]

T = TypeVar("T")

_SENSITIVE = ("text", "subject", "customer", "attachments")

#: What the ``sensitive`` column of an erased complaint holds: no ciphertext at all.
ERASED_DOCUMENT = "erased"
_DETAILS = ("classification", "priority", "assignment", "follow_up", "metadata", "about_staff")


def complaint_to_row(complaint: Complaint, codec: SensitiveCodec) -> dict[str, Any]:
    data: dict[str, Any] = unstructure(complaint)
    sensitive = {key: data.pop(key) for key in _SENSITIVE}
    details = {key: data.pop(key) for key in _DETAILS}
    classification = details["classification"]
    assignment = details["assignment"] or {}
    document = json.dumps(sensitive, ensure_ascii=False, separators=(",", ":"))
    data.update(
        category=classification["category"],
        subcategory=classification["subcategory"],
        priority=details["priority"]["priority"],
        team=assignment.get("team"),
        assignee=assignment.get("assignee"),
        customer_ref=complaint.customer.customer_ref,
        amount=complaint.amount,
        received_at=complaint.received_at,
        registered_at=complaint.registered_at,
        closed_at=complaint.closed_at,
        legal_hold_since=complaint.legal_hold_since,
        erased_at=complaint.erased_at,
        sensitive=ERASED_DOCUMENT if complaint.erased_at is not None else codec.seal(
            document, row_id=complaint.id, field="sensitive", owner=complaint_owner(complaint.id)),
        details=details,
    )
    return data


def _opened(codec: SensitiveCodec, stored: str, *, row_id: str, field: str) -> str | None:
    """The unsealed document, or ``None`` when it was erased (key destroyed or overwritten)."""
    if stored == ERASED_DOCUMENT:
        return None
    try:
        return codec.unseal(stored, row_id=row_id, field=field)
    except DataErased:
        return None


def _erased_sensitive(customer_ref: str | None) -> dict[str, Any]:
    return {"text": ERASED_TEXT, "subject": None, "attachments": [],
            "customer": {"customer_ref": customer_ref}}


def complaint_from_row(row: Any, codec: SensitiveCodec) -> Complaint:
    m = row._mapping
    if m["erased_at"] is not None:
        sensitive = _erased_sensitive(m["customer_ref"])
    else:
        sensitive = json.loads(codec.unseal(m["sensitive"], row_id=m["id"], field="sensitive"))
    data: dict[str, Any] = {
        key: m[key]
        for key in ("id", "number", "status", "channel", "external_id", "branch_code",
                    "currency", "language", "complainants", "escalation_level",
                    "merged_into", "version")
    }
    data.update(m["details"])
    data.update(sensitive)
    for key in ("received_at", "registered_at", "closed_at", "legal_hold_since", "erased_at"):
        data[key] = None if m[key] is None else m[key].isoformat()
    data["amount"] = None if m["amount"] is None else str(m["amount"])
    return structure(data, Complaint)


def clock_to_row(clock: ClockState) -> dict[str, Any]:
    data = unstructure(clock)
    return {
        "complaint_id": clock.complaint_id,
        "name": clock.name,
        "cycle": clock.cycle,
        "policy": clock.policy,
        "status": clock.status.value,
        "statutory": clock.statutory,
        "started_at": clock.started_at,
        "due_at": clock.due_at,
        "next_check_at": clock.next_check_at,
        "stopped_at": clock.stopped_at,
        "breached_at": clock.breached_at,
        "state": data,
    }


def clock_from_row(row: Any) -> ClockState:
    return structure(row._mapping["state"], ClockState)


_JSON_SCALARS = frozenset({str, int, float, bool, type(None)})


def plain_copy(value: Any) -> Any:
    """``unstructure(value)`` for a command's audit ``data``, quicker when it is JSON already.

    Audit data is nearly always dicts with string keys, lists and scalars:
    copying those directly gives what the converter gives, without its
    lookup of a hook for every value (a third of sealing the SLA goals event
    of an intake).  Anything else is left to the converter, value by value.
    """
    kind = type(value)
    if kind in _JSON_SCALARS:
        return value
    if kind is list:
        return [plain_copy(item) for item in value]
    if kind is dict and all(type(key) is str for key in value):
        return {key: plain_copy(item) for key, item in value.items()}
    return unstructure(value)


def audit_to_row(event: AuditEvent) -> dict[str, Any]:
    data = unstructure(event)
    data["at"] = event.at
    return dict(data)


def sealed_audit_row(event: AuditEvent, seq: int, prev_hash: str) -> dict[str, Any]:
    """``event`` sealed as number ``seq`` after ``prev_hash``, straight into an audit row.

    Every writer of audit rows goes through here (intake, the SLA sweeper,
    bulk import), and no sealed copies of the event are built.  The hash
    covers ``at`` in ISO form and ``data`` in its stored form
    (:func:`.sealed_record`); the row stores the datetime, and ``data``
    unstructured (:func:`plain_copy`) as the converter would store it: a
    time, an amount or a duration in it would not go into a JSON column.
    """
    record = sealed_record(event, seq, prev_hash)
    record["at"] = event.at
    record["data"] = plain_copy(event.data)
    return record


def audit_from_row(row: Any) -> AuditEvent:
    m = dict(row._mapping)
    m.pop("id", None)
    m["at"] = m["at"].isoformat()
    return structure(m, AuditEvent)


def outbox_to_row(message: OutboxMessage) -> dict[str, Any]:
    data = unstructure(message)
    data.update(created_at=message.created_at, next_attempt_at=message.next_attempt_at)
    return dict(data)


def outbox_from_row(row: Any) -> OutboxMessage:
    m = dict(row._mapping)
    for key in ("created_at", "next_attempt_at"):
        m[key] = None if m[key] is None else m[key].isoformat()
    return structure(m, OutboxMessage)


def survey_row_id(complaint_id: str, answered_at: datetime) -> str:
    """Surveys have no id before insert; bind their ciphertext to complaint and answer time."""
    return f"{complaint_id}@{answered_at.astimezone(timezone.utc).isoformat()}"


def survey_to_row(survey: SatisfactionSurvey, codec: SensitiveCodec) -> dict[str, Any]:
    data = unstructure(survey)
    if survey.comments is not None:
        data["comments"] = codec.seal(survey.comments, field="comments", row_id=survey_row_id(
            survey.complaint_id, survey.answered_at), owner=complaint_owner(survey.complaint_id))
    data["answered_at"] = survey.answered_at
    return dict(data)


def survey_from_row(row: Any, codec: SensitiveCodec) -> SatisfactionSurvey:
    m = dict(row._mapping)
    m.pop("id", None)
    if m["comments"] is not None:
        comments = _opened(codec, m["comments"], field="comments",
                           row_id=survey_row_id(m["complaint_id"], m["answered_at"]))
        m["comments"] = ERASED_TEXT if comments is None else comments
    m["answered_at"] = m["answered_at"].isoformat()
    return structure(m, SatisfactionSurvey)


def quarantine_to_row(payload: QuarantinedPayload, codec: SensitiveCodec) -> dict[str, Any]:
    """The payload and its transport metadata are sealed (they may carry personal data);
    the ``meta`` column keeps only the metadata's keys, for a person triaging the queue."""
    document = json.dumps({"raw": base64.b64encode(payload.raw).decode("ascii"),
                           "metadata": dict(payload.metadata)}, ensure_ascii=False)
    sealed = codec.seal(document, row_id=payload.id, field="raw")
    return {
        "id": payload.id, "channel": payload.channel, "raw": sealed.encode("utf-8"),
        "reason": payload.reason, "received_at": payload.received_at,
        "meta": {"keys": sorted(payload.metadata)}, "resolved_at": payload.resolved_at,
        "resolution": payload.resolution,
    }


def quarantine_from_row(row: Any, codec: SensitiveCodec) -> QuarantinedPayload:
    m = row._mapping
    document = json.loads(codec.unseal(bytes(m["raw"]).decode("utf-8"), row_id=m["id"],
                                       field="raw"))
    return QuarantinedPayload(
        id=m["id"], channel=m["channel"], raw=base64.b64decode(document["raw"]),
        reason=m["reason"], received_at=m["received_at"], metadata=document["metadata"],
        resolved_at=m["resolved_at"], resolution=m["resolution"],
    )


def communication_to_row(item: Communication, codec: SensitiveCodec) -> dict[str, Any]:
    data = unstructure(item)
    document = json.dumps({key: data.pop(key) for key in ("text", "evidence", "details")},
                          ensure_ascii=False, separators=(",", ":"))
    data.update(at=item.at, sensitive=codec.seal(document, row_id=item.id, field="sensitive",
                                                 owner=complaint_owner(item.complaint_id)))
    return dict(data)


def communication_from_row(row: Any, codec: SensitiveCodec) -> Communication:
    m = dict(row._mapping)
    document = _opened(codec, m.pop("sensitive"), row_id=m["id"], field="sensitive")
    m.update({"text": ERASED_TEXT, "evidence": [], "details": {}} if document is None
             else json.loads(document))
    m["at"] = m["at"].isoformat()
    return structure(m, Communication)


_STAFF_SENSITIVE = ("display_name", "leave")
_STAFF_COLUMNS = ("id", "team", "capacity", "available")


def staff_to_row(member: StaffMember, codec: SensitiveCodec) -> dict[str, Any]:
    """Columns for what assignment reads; name and leave sealed in ``sensitive``."""
    data: dict[str, Any] = unstructure(member)
    document = json.dumps({key: data.pop(key) for key in _STAFF_SENSITIVE},
                          ensure_ascii=False, separators=(",", ":"))
    row = {key: data.pop(key) for key in _STAFF_COLUMNS}
    row.update(details=data, sensitive=codec.seal(document, row_id=_staff_row_id(member.id),
                                                  field="sensitive"))
    return row


def staff_from_row(row: Any, codec: SensitiveCodec) -> StaffMember:
    m = row._mapping
    data: dict[str, Any] = {key: m[key] for key in _STAFF_COLUMNS}
    data.update(m["details"])
    data.update(json.loads(codec.unseal(m["sensitive"], row_id=_staff_row_id(m["id"]),
                                        field="sensitive")))
    return structure(data, StaffMember)


def _staff_row_id(staff_id: str) -> str:
    """Staff ids are the bank's own (not UUIDs): prefixed so a sealed name can never be
    opened as another table's row that happens to share the id."""
    return f"staff:{staff_id}"


def record_from_row(row: Any, cls: type[T]) -> T:
    """A department or team from its row: their columns are their fields, one to one."""
    return structure(dict(row._mapping), cls)
