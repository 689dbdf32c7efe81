"""Bulk import: many new complaints per transaction, streamed in constant memory.

Intake writes one complaint per transaction, which is right for live
traffic (each complaint is durable the moment it is acknowledged) but slow
for migrating years of history from an old system.  :func:`bulk_register`
takes any iterable (a generator reading a CSV export, say), numbers each
item from a block of sequence numbers reserved once per batch, lets the
caller build the rows (the facade runs its own triage pipeline there), and
writes each table's rows with one ``executemany`` per batch.

The function is storage-level and facade-agnostic: it knows nothing of
classification, priority or assignment, only of what to write.  Each batch
is one transaction: a batch that fails (a duplicate external id, say) is
rolled back whole, including its numbers, and the error names the batch;
batches before it stay committed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any, TypeVar

import attrs

from ..domain import GENESIS_HASH, AuditEvent, ClockState, Complaint, OutboxMessage
from ..errors import StorageError
from . import mapping
from .sqlstore import SqlStore, SqlUnitOfWork
from .tables import AuditEventRow, ClockRow, ComplaintRow, OutboxRow

__all__ = ["BulkReport", "Registration", "bulk_register"]

T = TypeVar("T")


@attrs.frozen
class Registration:
    """Everything one new complaint writes.

    ``events`` are in order and need not be chained: ``seq``, ``prev_hash``
    and ``hash`` are filled in here, starting a fresh chain for the complaint.
    """

    complaint: Complaint
    events: tuple[AuditEvent, ...] = ()
    clocks: tuple[ClockState, ...] = ()
    outbox: tuple[OutboxMessage, ...] = ()


@attrs.frozen
class BulkReport:
    registered: int = 0
    batches: int = 0


def bulk_register(
    store: SqlStore,
    items: Iterable[T],
    *,
    scope_of: Callable[[T], str],
    build: Callable[[T, int], Registration],
    batch_size: int = 1000,
) -> BulkReport:
    """Register every item of ``items``, ``batch_size`` per transaction.

    ``scope_of(item)`` names the item's numbering scope (as
    ``NumberFormat.scope_key`` does for intake); ``build(item, sequence)``
    returns the :class:`Registration` for the item given its sequence number
    in that scope.  Only one batch is held in memory at a time.
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, not {batch_size}")
    registered = batches = 0
    for batch in _batches(iter(items), batch_size):
        try:
            with store.unit_of_work() as uow:
                _write_batch(uow, batch, scope_of, build)
        except StorageError as exc:
            raise StorageError(f"bulk import batch {batches + 1} (items {registered + 1} to "
                               f"{registered + len(batch)}) was rolled back: {exc}") from exc
        registered += len(batch)
        batches += 1
    return BulkReport(registered=registered, batches=batches)


def _batches(items: Iterator[T], size: int) -> Iterator[list[T]]:
    while batch := list(islice(items, size)):
        yield batch


def _write_batch(uow: SqlUnitOfWork, batch: list[T], scope_of: Callable[[T], str],
                 build: Callable[[T, int], Registration]) -> None:
    scopes = [scope_of(item) for item in batch]
    numbers = {scope: iter(uow.reserve_sequence(scope, count))
               for scope, count in Counter(scopes).items()}
    complaints: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    clocks: list[dict[str, Any]] = []
    outbox: list[dict[str, Any]] = []
    for item, scope in zip(batch, scopes, strict=True):
        registration = build(item, next(numbers[scope]))
        complaints.append(mapping.complaint_to_row(registration.complaint, uow.codec))
        events.extend(_chained(registration))
        clocks.extend(mapping.clock_to_row(clock) for clock in registration.clocks)
        outbox.extend(mapping.outbox_to_row(message) for message in registration.outbox)
    for row_class, rows in ((ComplaintRow, complaints), (AuditEventRow, events),
                            (ClockRow, clocks), (OutboxRow, outbox)):
        uow.insert_many(row_class, rows)


def _chained(registration: Registration) -> Iterator[dict[str, Any]]:
    """The complaint's events as audit rows, numbered and chained from the genesis hash.

    Sealed straight into rows (:func:`.mapping.sealed_audit_row`, as the SLA
    sweeper does) rather than built as sealed events and then converted: an
    import writes millions of them.
    """
    complaint_id = registration.complaint.id
    previous = GENESIS_HASH
    for seq, given in enumerate(registration.events, start=1):
        event = (given if given.complaint_id == complaint_id
                 else attrs.evolve(given, complaint_id=complaint_id))
        record = mapping.sealed_audit_row(event, seq, previous)
        previous = record["hash"]
        yield record
