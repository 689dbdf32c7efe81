"""The storage interface the engine talks to.

The default backend (SQLAlchemy: SQLite or PostgreSQL) is a plugin answering
the ``greenchannel_storage`` hook; a bank can bring another one that
satisfies these protocols without touching the core.

Every public command runs in exactly one :class:`UnitOfWork`: everything it
writes (the complaint, its audit event, its clocks, its outbox messages)
commits together or not at all.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Protocol

import attrs

from .domain import (
    AuditEvent,
    ClockState,
    Communication,
    Complaint,
    Department,
    DirectoryRecords,
    OutboxMessage,
    OutboxStatus,
    QuarantinedPayload,
    SatisfactionSurvey,
    StaffMember,
    Status,
    Team,
)
from .security.data_keys import WrappedDataKey

__all__ = [
    "ClaimedComplaint",
    "ComplaintQuery",
    "DataKeyStore",
    "DueWork",
    "Page",
    "PlainCodec",
    "SensitiveCodec",
    "Store",
    "UnitOfWork",
]


class DataKeyStore(Protocol):
    """Where one transaction finds and keeps wrapped data keys (envelope encryption).

    A unit of work offers this to its codec (:meth:`SensitiveCodec.bind`), so
    a new complaint's data key is written in the same transaction as the
    complaint, and nothing is ever sealed under a key that was not stored.
    """

    def data_keys(self, key_ids: Collection[str]) -> Mapping[str, WrappedDataKey]:
        """The stored keys among ``key_ids``, destroyed ones included (``wrapped`` is None).

        An id absent from the answer is unknown: lost or tampered with.
        """

    def data_key_of(self, owner: str) -> WrappedDataKey | None:
        """``owner``'s key (perhaps destroyed), or ``None`` if it has none yet."""

    def add_data_key(self, key: WrappedDataKey) -> None: ...


class SensitiveCodec(Protocol):
    """Seals the sensitive document of one row; field encryption plugs in here (S20).

    ``row_id`` and ``field`` must be bound to the result (as AEAD associated
    data) so a sealed value moved to another row or field cannot be opened.
    ``owner`` names whose data it is (``complaint:<id>``): an encrypting codec
    seals it under that owner's data key, so destroying the key erases it.
    Each unit of work calls :meth:`bind` once and uses the codec it returns.
    """

    def bind(self, keys: DataKeyStore) -> SensitiveCodec:
        """The codec to use within one transaction whose data keys are ``keys``."""

    def seal(self, document: str, *, row_id: str, field: str, owner: str | None = None) -> str:
        ...

    def unseal(self, stored: str, *, row_id: str, field: str) -> str:
        """The document; raises :class:`~.security.errors.DataErased` if its key was destroyed."""

    def prefetch(self, stored: Iterable[str]) -> None:
        """A hint: these values are about to be unsealed (load their keys in one go)."""


class PlainCodec:
    """Stores documents as they are: used only when no encryption key is configured."""

    def bind(self, keys: DataKeyStore) -> PlainCodec:
        return self

    def seal(self, document: str, *, row_id: str, field: str, owner: str | None = None) -> str:
        return document

    def unseal(self, stored: str, *, row_id: str, field: str) -> str:
        return stored

    def prefetch(self, stored: Iterable[str]) -> None:
        return None


@attrs.frozen
class ComplaintQuery:
    """Filters for listing complaints; ``None`` means "any".

    ``merged_into`` is a complaint id: the complaints merged into it.
    """

    statuses: frozenset[Status] | None = None
    team: str | None = None
    assignee: str | None = None
    priority: str | None = None
    channel: str | None = None
    category: str | None = None
    received_from: datetime | None = None
    received_before: datetime | None = None
    merged_into: str | None = None


@attrs.frozen
class Page:
    """One page of a keyset-paginated listing; pass ``next_after`` to get the next."""

    items: tuple[Complaint, ...]
    next_after: str | None


@attrs.frozen
class ClaimedComplaint:
    """What the SLA sweeper needs of a complaint it holds: no personal data, nothing decrypted.

    Reading these few columns instead of the whole complaint keeps a sweep's
    cost independent of the complaint's size and of the encryption codec.
    """

    id: str
    number: str
    status: Status
    escalation_level: int
    version: int


@attrs.frozen
class DueWork:
    """One sweep batch: the complaints claimed and every clock of theirs that is due.

    ``candidates`` are the complaints the due-time index pointed at (at most
    ``limit`` due clocks' worth); ``complaints`` those of them this
    transaction holds (on PostgreSQL, the others are held by another sweeper
    or a command, and are left to it); ``clocks`` every due clock of the
    held complaints, in (complaint, name, cycle) order.  ``full`` tells
    whether the due-time index had ``limit`` rows or more to give.
    """

    candidates: frozenset[str]
    complaints: Mapping[str, ClaimedComplaint]
    clocks: tuple[ClockState, ...]
    full: bool


class UnitOfWork(Protocol):
    """One transaction.  Leaving the context commits; an exception rolls back.

    A backend may hold writes until commit (the SQL store does, to batch
    them), as long as reads in the same transaction see them; a constraint
    violation may then surface when the context is left, still rolling back
    everything.
    """

    def next_sequence(self, scope_key: str) -> int:
        """The next complaint sequence number in ``scope_key``; concurrency-safe."""

    def add_complaint(self, complaint: Complaint) -> None: ...

    def get_complaint(self, complaint_id: str) -> Complaint:
        """Raises :class:`~greenchannel_sdk.errors.NotFound`."""

    def get_by_number(self, number: str) -> Complaint:
        """Raises :class:`~greenchannel_sdk.errors.NotFound`."""

    def find_by_external_id(self, channel: str, external_id: str) -> Complaint | None: ...

    def already_received(self, channel: str, external_id: str) -> bool:
        """Whether a complaint or a linked message already carries this channel message id.

        One cheap check on every intake; only a redelivery (``True``) pays
        for the lookups that say which of the two it was.
        """

    def update_complaint(self, complaint: Complaint, expected_version: int) -> None:
        """Write ``complaint`` if the stored version is still ``expected_version``.

        Raises :class:`~greenchannel_sdk.errors.ConcurrentModification` otherwise.
        """

    def complaints_for_update(self, ids: Collection[str]) -> dict[str, Complaint]:
        """Many complaints at once, locked for writing audit events (batch sweeps)."""

    def append_audit(self, event: AuditEvent) -> AuditEvent:
        """Chain ``event`` after the complaint's last event and store it; returns it sealed."""

    def audit_events(self, complaint_id: str) -> list[AuditEvent]: ...

    def put_clock(self, clock: ClockState) -> None:
        """Insert or replace the clock identified by (complaint, name, cycle)."""

    def clocks(self, complaint_id: str) -> list[ClockState]: ...

    def clocks_due(self, before: datetime, limit: int) -> list[ClockState]:
        """Running clocks whose next check time is at or before ``before`` (indexed)."""

    def claim_due(self, before: datetime, limit: int, exclude: Collection[str]) -> DueWork:
        """Claim a sweep batch: the complaints of up to ``limit`` due clocks, earliest first,
        skipping complaints in ``exclude`` and, on a concurrent backend, complaints another
        transaction holds; then every clock of theirs due by ``before``, read after the claim.

        The complaint row is the lock for its clocks and its audit chain: a
        command takes it before reading clocks, the sweeper before reading them.
        """

    def record_sweep(self, clocks: Sequence[ClockState], events: Sequence[AuditEvent],
                     messages: Sequence[OutboxMessage], escalations: Mapping[str, int]) -> None:
        """Write a sweep batch set-wise: the checked clocks, the audit events (chained after
        each complaint's head, in order), the outbox messages, and raised escalation levels
        (complaint id -> level; never lowered, the version bumped)."""

    def add_outbox(self, message: OutboxMessage) -> None: ...

    def claim_outbox(self, now: datetime, limit: int,
                     lease_until: datetime) -> list[OutboxMessage]:
        """Claim due messages (the oldest unsent one per complaint) as ``sending`` until
        ``lease_until``; the caller commits, then delivers outside the transaction."""

    def save_outbox(self, message: OutboxMessage) -> None: ...

    def outbox_messages(self, status: OutboxStatus, limit: int) -> list[OutboxMessage]:
        """Messages in ``status``, oldest first (dead letters to look at and replay)."""

    def outbox_counts(self) -> dict[str, int]:
        """Outbox messages per status (pending, sent, dead)."""

    def add_survey(self, survey: SatisfactionSurvey) -> None: ...

    def surveys(self, complaint_id: str) -> list[SatisfactionSurvey]: ...

    def add_communication(self, item: Communication) -> None: ...

    def communications(self, complaint_id: str) -> list[Communication]: ...

    def add_quarantine(self, payload: QuarantinedPayload) -> None: ...

    def quarantined(self, include_resolved: bool) -> list[QuarantinedPayload]: ...

    def resolve_quarantine(self, payload_id: str, resolution: str, at: datetime) -> None:
        """Mark a payload replayed or discarded (it is kept); NotFound if not open."""

    def purge_quarantine(self, before: datetime, *, delete: bool) -> tuple[int, int]:
        """(payloads resolved at or before ``before``, unresolved ones received by then).

        With ``delete`` the resolved ones are deleted (the retention purge);
        unresolved ones are only counted: they still wait for a person.
        """

    def raise_escalation(self, complaint_id: str, level: int) -> None:
        """Raise the escalation level to ``level`` (never lower it); bump the version."""

    def add_customer_keys(self, complaint_id: str, keys: Mapping[str, str]) -> None:
        """Store blind indexes (kind -> keyed hash) of the complaint's customer identifiers."""

    def customer_history(self, customer_ref: str | None, keys: Mapping[str, str],
                         since: datetime) -> list[Complaint]:
        """Complaints received since ``since`` (oldest first) filed under the bank's
        ``customer_ref`` or sharing any of these blind indexes: one customer's history."""

    def erase_personal_data(self, complaint_id: str, at: datetime) -> int:
        """Crypto-erase what is filed under the complaint (its row is updated separately).

        Destroys the complaint's data key (a tombstone stays, so nothing new
        is ever sealed for it), overwrites values sealed before data keys
        existed, and deletes its blind indexes.  Returns how many such older
        values were overwritten.
        """

    def expired_archived(self, archived_before: datetime, after: str,
                         limit: int) -> list[tuple[str, str, bool]]:
        """(id, number, under legal hold) of archived, unerased complaints whose archive
        event is at or before ``archived_before``, in id order after ``after``."""

    def lock_team(self, team: str) -> None:
        """Serialise assignments within ``team`` until commit (capacity is never overbooked)."""

    def open_load(self, assignees: Collection[str]) -> dict[str, int]:
        """Open complaints of each of ``assignees`` right now (capacity, least-loaded).

        Asked for one team's members at a time, so the cost does not grow
        with the number of staff or complaints elsewhere in the bank.
        """

    def list_complaints(self, query: ComplaintQuery, after: str | None, limit: int) -> Page: ...

    # the stored directory (S6, S8) ----------------------------------------------

    def lock_directory(self) -> None:
        """Serialise directory writers until commit, and move the directory revision on.

        Every directory write calls this first, so readers caching the
        directory see :meth:`directory_revision` change once it commits.
        """

    def directory_revision(self) -> int:
        """A number that changes with every committed directory write (0: never written)."""

    def directory_records(self) -> DirectoryRecords:
        """Every stored department, team and member of staff, each sorted by id."""

    def put_department(self, department: Department) -> None:
        """Insert or replace the department with this id."""

    def put_team(self, team: Team) -> None:
        """Insert or replace the team with this id."""

    def put_staff(self, member: StaffMember) -> None:
        """Insert or replace the member of staff with this id (name and leave sealed)."""

    def delete_staff(self, staff_id: str) -> None:
        """Remove a person from the stored directory (their audit history stays)."""


class Store(Protocol):
    """A storage backend: hands out units of work and streams for reports."""

    def unit_of_work(self) -> AbstractContextManager[UnitOfWork]: ...

    def iter_complaints(self, query: ComplaintQuery) -> Iterator[Complaint]:
        """Every matching complaint, streamed in id order, in constant memory."""

    def iter_audit_chains(self) -> Iterator[tuple[str, list[AuditEvent]]]:
        """Each complaint id with its audit events as stored (seq order), from the audit
        log alone: no decryption, and chains of deleted complaints are included."""

    def quarantined(self, include_resolved: bool = False) -> list[QuarantinedPayload]: ...

    def close(self) -> None: ...
