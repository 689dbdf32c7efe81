"""The default store: SQLAlchemy 2 on SQLite (embedded) or PostgreSQL (production).

SQLite is opened the way a multi-process embedded database needs: WAL
journal, foreign keys on, a busy timeout, and ``BEGIN IMMEDIATE`` so a
writer takes the write lock at the start of its transaction instead of
failing half-way when it upgrades a read lock.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    Table,
    create_engine,
    event,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.pool import NullPool

from ..domain import (
    GENESIS_HASH,
    AuditEvent,
    ClockState,
    Communication,
    Complaint,
    OutboxMessage,
    OutboxStatus,
    QuarantinedPayload,
    SatisfactionSurvey,
)
from ..domain.values import OPEN_STATUSES
from ..errors import ConcurrentModification, NotFound, StorageError
from ..store import ComplaintQuery, Page, PlainCodec, SensitiveCodec
from . import mapping
from .schema import ensure_schema
from .tables import (
    AuditEventRow,
    ClockRow,
    CommunicationRow,
    ComplaintRow,
    NumberSequenceRow,
    OutboxRow,
    QuarantineRow,
    SurveyRow,
)

__all__ = ["SqlStore", "SqlUnitOfWork"]

log = logging.getLogger(__name__)

_C = cast(Table, ComplaintRow.__table__)
_A = cast(Table, AuditEventRow.__table__)
_K = cast(Table, ClockRow.__table__)
_O = cast(Table, OutboxRow.__table__)
_M = cast(Table, CommunicationRow.__table__)
_Q = cast(Table, QuarantineRow.__table__)
_S = cast(Table, SurveyRow.__table__)
_N = cast(Table, NumberSequenceRow.__table__)


def make_engine(url: str, *, sqlite_busy_timeout_ms: int = 30_000) -> Engine:
    """An engine configured for the SDK's transaction pattern on either backend."""
    if url.startswith("sqlite"):
        engine = create_engine(url, poolclass=NullPool if ":memory:" not in url else None)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute(f"PRAGMA busy_timeout={int(sqlite_busy_timeout_ms)}")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn: Connection) -> None:
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    return create_engine(url, pool_pre_ping=True)


@contextmanager
def _translated(url_label: str) -> Iterator[None]:
    """Turn driver errors into SDK errors that say what to do."""
    try:
        yield
    except IntegrityError as exc:
        raise StorageError(f"the database refused the write on {url_label}: a constraint "
                           f"was violated ({exc.orig.__class__.__name__}); nothing was "
                           "written") from exc
    except OperationalError as exc:
        text = str(exc.orig).lower()
        if "locked" in text or "busy" in text:
            raise StorageError(f"{url_label} stayed locked by another writer past the busy "
                               "timeout; retry the command") from exc
        raise StorageError(f"cannot use the database at {url_label}: "
                           f"{exc.orig.__class__.__name__}: {exc.orig}. Check that it is "
                           "running and the URL is right; nothing was written") from exc
    except DBAPIError as exc:
        raise StorageError(f"database error on {url_label}: {exc.orig.__class__.__name__}; "
                           "nothing was written") from exc


class SqlUnitOfWork:
    """One transaction on one connection; see :class:`greenchannel_sdk.store.UnitOfWork`."""

    def __init__(self, conn: Connection, codec: SensitiveCodec) -> None:
        self._conn = conn
        self._codec = codec

    # numbering ---------------------------------------------------------------

    def next_sequence(self, scope_key: str) -> int:
        """Increment the scope's counter row inside this transaction.

        The counter row is locked (PostgreSQL row lock, SQLite write lock)
        until commit, so concurrent registrations serialise on it, and a
        rolled-back registration rolls its number back too: numbers have no
        gaps.
        """
        bump = (update(_N).where(_N.c.scope_key == scope_key)
                .values(last_value=_N.c.last_value + 1).returning(_N.c.last_value))
        value = self._conn.execute(bump).scalar()
        if value is None:
            try:
                with self._conn.begin_nested():
                    self._conn.execute(insert(_N).values(scope_key=scope_key, last_value=1))
                return 1
            except IntegrityError:
                value = self._conn.execute(bump).scalar_one()
        return int(value)

    # complaints --------------------------------------------------------------

    def add_complaint(self, complaint: Complaint) -> None:
        self._conn.execute(insert(_C).values(mapping.complaint_to_row(complaint, self._codec)))

    def get_complaint(self, complaint_id: str) -> Complaint:
        row = self._conn.execute(select(_C).where(_C.c.id == complaint_id)).first()
        if row is None:
            raise NotFound(f"no complaint with id {complaint_id!r}")
        return mapping.complaint_from_row(row, self._codec)

    def get_by_number(self, number: str) -> Complaint:
        row = self._conn.execute(select(_C).where(_C.c.number == number)).first()
        if row is None:
            raise NotFound(f"no complaint numbered {number!r}; check the number with "
                           "parse_number() or search by customer")
        return mapping.complaint_from_row(row, self._codec)

    def find_by_external_id(self, channel: str, external_id: str) -> Complaint | None:
        row = self._conn.execute(
            select(_C).where(_C.c.channel == channel, _C.c.external_id == external_id)
        ).first()
        return None if row is None else mapping.complaint_from_row(row, self._codec)

    def update_complaint(self, complaint: Complaint, expected_version: int) -> None:
        values = mapping.complaint_to_row(complaint, self._codec)
        values.pop("id")
        result = self._conn.execute(
            update(_C).where(_C.c.id == complaint.id, _C.c.version == expected_version)
            .values(values)
        )
        if result.rowcount != 1:
            raise ConcurrentModification(
                f"complaint {complaint.number} was changed by someone else since it was read "
                f"(expected version {expected_version}); reload it and retry the command")

    def raise_escalation(self, complaint_id: str, level: int) -> None:
        """Raise the escalation level (never lower it) and bump the version.

        Bumping the version makes a handler holding an older copy get
        :class:`ConcurrentModification` instead of writing the old level back.
        """
        self._conn.execute(update(_C).where(_C.c.id == complaint_id,
                                            _C.c.escalation_level < level)
                           .values(escalation_level=level, version=_C.c.version + 1))

    def complaints_of_customer(self, customer_ref: str, since: datetime) -> list[Complaint]:
        rows = self._conn.execute(
            select(_C).where(_C.c.customer_ref == customer_ref, _C.c.received_at >= since)
            .order_by(_C.c.received_at)
        )
        return [mapping.complaint_from_row(r, self._codec) for r in rows]

    def open_load(self) -> dict[str, int]:
        rows = self._conn.execute(
            select(_C.c.assignee, func.count()).where(
                _C.c.assignee.is_not(None),
                _C.c.status.in_([s.value for s in OPEN_STATUSES]),
            ).group_by(_C.c.assignee)
        )
        return {str(assignee): int(count) for assignee, count in rows}

    def list_complaints(self, query: ComplaintQuery, after: str | None, limit: int) -> Page:
        stmt = _filtered(select(_C), query).order_by(_C.c.id).limit(limit + 1)
        if after is not None:
            stmt = stmt.where(_C.c.id > after)
        rows = list(self._conn.execute(stmt))
        items = tuple(mapping.complaint_from_row(r, self._codec) for r in rows[:limit])
        return Page(items=items, next_after=items[-1].id if len(rows) > limit else None)

    # audit -------------------------------------------------------------------

    def append_audit(self, event: AuditEvent) -> AuditEvent:
        last = self._conn.execute(
            select(_A.c.seq, _A.c.hash).where(_A.c.complaint_id == event.complaint_id)
            .order_by(_A.c.seq.desc()).limit(1)
        ).first()
        seq, prev = (1, GENESIS_HASH) if last is None else (last.seq + 1, last.hash)
        sealed = AuditEvent(
            complaint_id=event.complaint_id, seq=seq, at=event.at, actor=event.actor,
            action=event.action, from_status=event.from_status, to_status=event.to_status,
            reason=event.reason, data=event.data,
        ).sealed(prev)
        self._conn.execute(insert(_A).values(mapping.audit_to_row(sealed)))
        return sealed

    def audit_events(self, complaint_id: str) -> list[AuditEvent]:
        rows = self._conn.execute(
            select(_A).where(_A.c.complaint_id == complaint_id).order_by(_A.c.seq, _A.c.id))
        return [mapping.audit_from_row(r) for r in rows]

    # clocks ------------------------------------------------------------------

    def put_clock(self, clock: ClockState) -> None:
        row = mapping.clock_to_row(clock)
        key = (_K.c.complaint_id == clock.complaint_id, _K.c.name == clock.name,
               _K.c.cycle == clock.cycle)
        if self._conn.execute(update(_K).where(*key).values(row)).rowcount == 0:
            self._conn.execute(insert(_K).values(row))

    def clocks(self, complaint_id: str) -> list[ClockState]:
        rows = self._conn.execute(select(_K).where(_K.c.complaint_id == complaint_id)
                                  .order_by(_K.c.started_at, _K.c.name, _K.c.cycle))
        return [mapping.clock_from_row(r) for r in rows]

    def clocks_due(self, before: datetime, limit: int) -> list[ClockState]:
        stmt = (select(_K).where(_K.c.next_check_at <= before)
                .order_by(_K.c.next_check_at).limit(limit))
        if self._conn.dialect.name == "postgresql":
            stmt = stmt.with_for_update(skip_locked=True)
        return [mapping.clock_from_row(r) for r in self._conn.execute(stmt)]

    # messages, surveys, quarantine --------------------------------------------

    def add_outbox(self, message: OutboxMessage) -> None:
        self._conn.execute(insert(_O).values(mapping.outbox_to_row(message)))

    def claim_outbox(self, now: datetime, limit: int) -> list[OutboxMessage]:
        """Due pending messages, at most one per complaint: its oldest.

        Taking only the oldest pending message of each complaint keeps
        delivery in order per complaint even with several relays: a later
        message is not due while an earlier one is pending.  On PostgreSQL
        the rows are locked with SKIP LOCKED, so concurrent relays never
        hold the same message.
        """
        earlier = _O.alias("earlier")
        older_pending = (select(earlier.c.id).where(
            earlier.c.complaint_id == _O.c.complaint_id,
            earlier.c.status == OutboxStatus.PENDING.value,
            (earlier.c.created_at < _O.c.created_at)
            | ((earlier.c.created_at == _O.c.created_at) & (earlier.c.id < _O.c.id)),
        ).exists())
        stmt = (select(_O).where(
            _O.c.status == OutboxStatus.PENDING.value,
            _O.c.next_attempt_at.is_(None) | (_O.c.next_attempt_at <= now),
            ~older_pending,
        ).order_by(_O.c.created_at, _O.c.id).limit(limit))
        if self._conn.dialect.name == "postgresql":
            stmt = stmt.with_for_update(skip_locked=True)
        return [mapping.outbox_from_row(r) for r in self._conn.execute(stmt)]

    def save_outbox(self, message: OutboxMessage) -> None:
        self._conn.execute(update(_O).where(_O.c.id == message.id).values(
            status=message.status.value, attempts=message.attempts,
            next_attempt_at=message.next_attempt_at, last_error=message.last_error))

    def outbox_counts(self) -> dict[str, int]:
        rows = self._conn.execute(select(_O.c.status, func.count()).group_by(_O.c.status))
        return {str(status): int(count) for status, count in rows}

    def add_survey(self, survey: SatisfactionSurvey) -> None:
        self._conn.execute(insert(_S).values(mapping.survey_to_row(survey)))

    def surveys(self, complaint_id: str) -> list[SatisfactionSurvey]:
        rows = self._conn.execute(select(_S).where(_S.c.complaint_id == complaint_id)
                                  .order_by(_S.c.answered_at))
        return [mapping.survey_from_row(r) for r in rows]

    def add_communication(self, item: Communication) -> None:
        self._conn.execute(insert(_M).values(mapping.communication_to_row(item, self._codec)))

    def find_communication(self, channel: str, external_id: str) -> Communication | None:
        row = self._conn.execute(
            select(_M).where(_M.c.channel == channel, _M.c.external_id == external_id)).first()
        return None if row is None else mapping.communication_from_row(row, self._codec)

    def communications(self, complaint_id: str) -> list[Communication]:
        rows = self._conn.execute(select(_M).where(_M.c.complaint_id == complaint_id)
                                  .order_by(_M.c.at, _M.c.id))
        return [mapping.communication_from_row(r, self._codec) for r in rows]

    def add_quarantine(self, payload: QuarantinedPayload) -> None:
        self._conn.execute(insert(_Q).values(mapping.quarantine_to_row(payload)))


def _filtered(stmt: Any, query: ComplaintQuery) -> Any:
    conditions: list[ColumnElement[bool]] = []
    if query.statuses is not None:
        conditions.append(_C.c.status.in_([s.value for s in query.statuses]))
    for column, value in (("team", query.team), ("assignee", query.assignee),
                          ("priority", query.priority), ("channel", query.channel),
                          ("category", query.category)):
        if value is not None:
            conditions.append(_C.c[column] == value)
    if query.received_from is not None:
        conditions.append(_C.c.received_at >= query.received_from)
    if query.received_before is not None:
        conditions.append(_C.c.received_at < query.received_before)
    return stmt.where(*conditions) if conditions else stmt


class SqlStore:
    """See :class:`greenchannel_sdk.store.Store`.

    ``migrate`` controls what happens when the database is not at the SDK's
    schema: ``"create"`` (default) builds an empty database and refuses an
    outdated one with :class:`~greenchannel_sdk.errors.SchemaOutOfDate`;
    ``"upgrade"`` also upgrades an outdated one; ``"check"`` never writes DDL.
    """

    def __init__(self, url: str, *, codec: SensitiveCodec | None = None,
                 migrate: str = "create") -> None:
        self.url = url
        self._label = _safe_label(url)
        self.codec: SensitiveCodec = codec or PlainCodec()
        self.engine = make_engine(url)
        with _translated(self._label):
            ensure_schema(self.engine, mode=migrate)

    @contextmanager
    def unit_of_work(self) -> Iterator[SqlUnitOfWork]:
        with _translated(self._label), self.engine.begin() as conn:
            yield SqlUnitOfWork(conn, self.codec)

    def iter_complaints(self, query: ComplaintQuery) -> Iterator[Complaint]:
        """Stream matching complaints in id order (keyset pages, constant memory)."""
        after: str | None = None
        while True:
            with self.unit_of_work() as uow:
                page = uow.list_complaints(query, after, 500)
            yield from page.items
            if page.next_after is None:
                return
            after = page.next_after

    def quarantined(self, include_resolved: bool = False) -> list[QuarantinedPayload]:
        stmt = select(_Q).order_by(_Q.c.received_at)
        if not include_resolved:
            stmt = stmt.where(_Q.c.resolved_at.is_(None))
        with self.unit_of_work() as uow:
            return [mapping.quarantine_from_row(r) for r in uow._conn.execute(stmt)]

    def close(self) -> None:
        self.engine.dispose()

    def __repr__(self) -> str:
        return f"SqlStore({self._label!r})"


def _safe_label(url: str) -> str:
    """The URL without its password, for error messages."""
    return make_url(url).render_as_string(hide_password=True)

