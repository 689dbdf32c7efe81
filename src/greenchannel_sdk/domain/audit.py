"""The audit event: who did what to which complaint, when, from which state to which, and why.

Events are chained per complaint: each stores the hash of the one before,
so editing, deleting or reordering a stored event breaks the chain and
:func:`verify_chain` names where (S16, S21).  Hashing is pure and lives here
so every storage backend chains the same way.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from typing import Any

import attrs

from .convert import unstructure

__all__ = ["GENESIS_HASH", "AuditEvent", "ChainBreak", "event_hash", "sealed_record",
           "verify_chain"]

#: The "previous hash" of a complaint's first event.
GENESIS_HASH = "0" * 64


def _in_utc(at: datetime) -> datetime:
    """Events are hashed as they are stored: in UTC.

    A host clock in Asia/Shanghai gives ``+08:00`` times; hashing that form
    and storing the UTC form would break the chain on the next verification.
    A naive time is left for storage to refuse with its own clear error.
    """
    return at if at.tzinfo is None else at.astimezone(timezone.utc)


@attrs.frozen
class AuditEvent:
    """One recorded step.  ``data`` holds command details; never personal data."""

    complaint_id: str
    seq: int
    at: datetime = attrs.field(converter=_in_utc)
    actor: str
    action: str
    from_status: str | None
    to_status: str | None
    reason: str = ""
    data: Mapping[str, Any] = attrs.field(factory=dict)
    prev_hash: str = GENESIS_HASH
    hash: str = ""

    def sealed(self, prev_hash: str) -> AuditEvent:
        """This event chained after ``prev_hash``, with its own hash filled in."""
        linked = attrs.evolve(self, prev_hash=prev_hash, hash="")
        return attrs.evolve(linked, hash=event_hash(linked))


def event_hash(event: AuditEvent) -> str:
    """SHA-256 over a canonical JSON form of every field except ``hash``."""
    return _digest(_body(event, event.seq, event.prev_hash))


def sealed_record(event: AuditEvent, seq: int, prev_hash: str) -> dict[str, Any]:
    """The fields of ``event.sealed(prev_hash)`` numbered ``seq``, as plain data (``at`` in ISO).

    Same hash as :meth:`AuditEvent.sealed`, without building the two
    intermediate events: the SLA sweeper seals thousands per batch and
    stores them as rows anyway.
    """
    record = _body(event, seq, prev_hash)
    record["hash"] = _digest(record)
    return record


def _body(event: AuditEvent, seq: int, prev_hash: str) -> dict[str, Any]:
    return {
        "complaint_id": event.complaint_id,
        "seq": seq,
        "at": event.at.isoformat(),
        "actor": event.actor,
        "action": event.action,
        "from_status": event.from_status,
        "to_status": event.to_status,
        "reason": event.reason,
        "data": event.data,
        "prev_hash": prev_hash,
    }


def _digest(body: Mapping[str, Any]) -> str:
    # A value JSON has no form for (a datetime, a duration, a set, a Decimal in ``data``) is
    # hashed in the form storage writes it in, the converter's; otherwise the stored event
    # would no longer match its hash.  JSON-native values never reach ``default``.
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                           default=_stored_form)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _stored_form(value: object) -> Any:
    plain = unstructure(value)
    if plain is value:
        raise TypeError(f"audit data holds a {type(value).__name__}, which has no JSON form: "
                        "record it as text, a number or a list")
    return plain


@attrs.frozen
class ChainBreak:
    """Where a complaint's audit chain stops being trustworthy, and how."""

    complaint_id: str
    seq: int
    problem: str


def verify_chain(complaint_id: str, events: Iterable[AuditEvent]) -> list[ChainBreak]:
    """Check one complaint's events, in stored order; return every break found.

    Detects an edited event (its hash no longer matches its content), a
    deleted or reordered one (a gap in ``seq`` or a ``prev_hash`` that is not
    the previous event's hash).  An empty list means the chain is intact.
    """
    breaks: list[ChainBreak] = []
    expected_prev = GENESIS_HASH
    expected_seq = 1
    for event in events:
        if event.seq != expected_seq:
            breaks.append(ChainBreak(complaint_id, event.seq,
                                     f"expected event {expected_seq} here, found {event.seq}"
                                     " (an event was deleted or reordered)"))
        if event.prev_hash != expected_prev:
            breaks.append(ChainBreak(complaint_id, event.seq,
                                     "previous-hash link does not match the event before it"))
        if event_hash(event) != event.hash:
            breaks.append(ChainBreak(complaint_id, event.seq,
                                     "content does not match its hash (the event was edited)"))
        expected_prev = event.hash
        expected_seq = event.seq + 1
    return breaks
