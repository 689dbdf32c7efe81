"""The default store: SQLAlchemy 2 on SQLite (embedded) or PostgreSQL (production).

The unit of work writes through prebuilt Core statements whose parameters
are passed at execution, so SQLAlchemy compiles each statement once per
process instead of once per command.  It remembers what it wrote in its own
transaction (the head of each audit chain, the clocks of a complaint it
created) so a command never re-reads its own writes.

Inserts are written behind: new complaints, audit events, clocks and outbox
messages are held until the transaction commits (or until a read touches
their table) and then sent with one ``executemany`` per table.  A complaint
registered and assigned in the same command is thus inserted once, already
assigned, instead of inserted and updated.  Nothing changes for callers:
the transaction is still all or nothing, and a constraint violation still
fails the command, only at commit instead of at the call.
"""

from __future__ import annotations

import functools
import json
import logging
import uuid
from collections import Counter
from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime, timezone
from decimal import Decimal
from typing import Any, cast

import attrs
from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Connection,
    Insert,
    Select,
    String,
    Table,
    all_,
    any_,
    bindparam,
    exists,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy import cast as sql_cast
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError
from sqlalchemy.sql.elements import TextClause

from ..domain import (
    GENESIS_HASH,
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
    unstructure,
)
from ..domain.values import OPEN_STATUSES
from ..errors import ConcurrentModification, NotFound
from ..security.codec import complaint_owner
from ..security.data_keys import DATA_KEY_PREFIX, WrappedDataKey
from ..store import (
    ClaimedComplaint,
    ComplaintQuery,
    DueWork,
    Page,
    PlainCodec,
    SensitiveCodec,
)
from . import mapping
from .connection import SQLITE_BUSY_TIMEOUT_MS, make_engine, safe_label, translated_errors
from .schema import ensure_schema
from .tables import (
    AssigneeLoadRow,
    AuditEventRow,
    Base,
    ClockRow,
    CommunicationRow,
    ComplaintRow,
    CustomerKeyRow,
    DataKeyRow,
    DepartmentRow,
    NumberSequenceRow,
    OutboxRow,
    QuarantineRow,
    StaffRow,
    SurveyRow,
    TeamRow,
)

__all__ = ["SqlStore", "SqlUnitOfWork", "due_clocks_statement", "make_engine"]

log = logging.getLogger(__name__)

_C = cast(Table, ComplaintRow.__table__)
_A = cast(Table, AuditEventRow.__table__)
_K = cast(Table, ClockRow.__table__)
_O = cast(Table, OutboxRow.__table__)
_M = cast(Table, CommunicationRow.__table__)
_Q = cast(Table, QuarantineRow.__table__)
_S = cast(Table, SurveyRow.__table__)
_N = cast(Table, NumberSequenceRow.__table__)
_CK = cast(Table, CustomerKeyRow.__table__)
_DK = cast(Table, DataKeyRow.__table__)
_DEP = cast(Table, DepartmentRow.__table__)
_TEAM = cast(Table, TeamRow.__table__)
_STAFF = cast(Table, StaffRow.__table__)
_L = cast(Table, AssigneeLoadRow.__table__)

#: The named counter whose value is the directory revision (it shares the table of the
#: complaint number counters; no number format's scope key starts with ``~``).
DIRECTORY_REVISION_KEY = "~directory"
_DIRECTORY_REVISION = select(_N.c.last_value).where(_N.c.scope_key == DIRECTORY_REVISION_KEY)

_BUMP_SEQUENCE = (update(_N).where(_N.c.scope_key == bindparam("k_scope"))
                  .values(last_value=_N.c.last_value + bindparam("k_count"))
                  .returning(_N.c.last_value))
_COMPLAINT_BY_ID = select(_C).where(_C.c.id == bindparam("k_id"))
_COMPLAINT_BY_NUMBER = select(_C).where(_C.c.number == bindparam("k_number"))
_COMPLAINT_BY_EXTERNAL = select(_C).where(_C.c.channel == bindparam("k_channel"),
                                          _C.c.external_id == bindparam("k_external"))
_UPDATE_COMPLAINT = update(_C).where(_C.c.id == bindparam("k_id"),
                                     _C.c.version == bindparam("k_version"))


def _listed(name: str, count: int) -> list[BindParameter[Any]]:
    """``count`` bind parameters ``name_0``, ``name_1``, ... for an ``IN`` list.

    An expanding parameter re-renders the statement's SQL on every
    execution; a statement built for the list's length (cached per length:
    a team's size and a customer's identifiers rarely change) is compiled once.
    """
    return [bindparam(f"{name}_{i}") for i in range(count)]


def _list_values(name: str, values: Sequence[Any]) -> dict[str, Any]:
    """The parameters of :func:`_listed` for ``values``."""
    return {f"{name}_{i}": value for i, value in enumerate(values)}


@functools.lru_cache(maxsize=64)
def _open_load(count: int) -> Select[Any]:
    """Open load of ``count`` assignees (``k_assignees_<i>``)."""
    return select(_L.c.assignee, _L.c.open_complaints).where(
        _L.c.assignee.in_(_listed("k_assignees", count)), _L.c.open_complaints > 0)


@functools.lru_cache(maxsize=16)
def _customer_history(count: int) -> Select[Any]:
    """One customer's complaints: those filed under the bank's customer id, and those
    sharing one of ``count`` blind indexes (``k_kinds_<i>``, ``k_digests_<i>``).

    Digests are keyed hashes of kind and value together, so matching kinds
    and digests as two lists finds exactly the complaints sharing a (kind,
    digest).  Each branch of the UNION uses its own index, and the complaints
    are then fetched by primary key.
    """
    return select(_C).where(
        _C.c.id.in_(select(_C.c.id).where(_C.c.customer_ref == bindparam("k_customer"))
                    .union(select(_CK.c.complaint_id).where(
                        _CK.c.kind.in_(_listed("k_kinds", count)),
                        _CK.c.digest.in_(_listed("k_digests", count))))),
        _C.c.received_at >= bindparam("k_since")).order_by(_C.c.received_at)


_CHAIN_HEAD = (select(_A.c.seq, _A.c.hash).where(_A.c.complaint_id == bindparam("k_id"))
               .order_by(_A.c.seq.desc()).limit(1))
_AUDIT_OF = select(_A).where(_A.c.complaint_id == bindparam("k_id")).order_by(_A.c.seq, _A.c.id)
_CLOCKS_OF = (select(_K.c.state).where(_K.c.complaint_id == bindparam("k_id"))
              .order_by(_K.c.started_at, _K.c.name, _K.c.cycle))
_SAVE_OUTBOX = update(_O).where(_O.c.id == bindparam("k_id"))
_ALREADY_RECEIVED = select(
    exists().where(_C.c.channel == bindparam("k_channel"),
                   _C.c.external_id == bindparam("k_external"))
    | exists().where(_M.c.channel == bindparam("k_channel"),
                     _M.c.external_id == bindparam("k_external")))
_INSERT = {table.name: insert(table) for table in (_C, _A, _O, _M, _Q, _S, _CK, _DK)}
_DATA_KEY_OF = select(_DK).where(_DK.c.owner == bindparam("k_owner"))
#: Values sealed under a data key start like this; anything else predates data keys.
_UNDER_DATA_KEY = f"v1:{DATA_KEY_PREFIX}%"


def _upsert(table: Table, dialect_insert: Any) -> Insert:
    """Insert a row, or replace the one with the same primary key."""
    stmt = dialect_insert(table)
    key = [column.name for column in table.primary_key.columns]
    return cast(Insert, stmt.on_conflict_do_update(
        index_elements=key,
        set_={column.name: stmt.excluded[column.name]
              for column in table.columns if column.name not in key}))


def _upserts(table: Table) -> dict[str, Insert]:
    return {"sqlite": _upsert(table, sqlite.insert),
            "postgresql": _upsert(table, postgresql.insert)}


_PUT_CLOCK = _upserts(_K)
_PUT = {table.name: _upserts(table) for table in (_DEP, _TEAM, _STAFF)}


def due_clocks_statement(before: datetime, limit: int, *, locking: bool) -> Select[Any]:
    """The "what is due now" query: a range over the partial index, earliest first.

    The explicit ``IS NOT NULL`` matches the index predicate word for word,
    so every planner sees the index applies.  Only the ``state`` document is
    fetched: it holds the whole clock, and the other columns exist for
    indexes and reports.  With ``locking`` (PostgreSQL) the rows are claimed
    with SKIP LOCKED, so several sweepers share the work.
    """
    stmt = (select(_K.c.state).where(_K.c.next_check_at.is_not(None), _K.c.next_check_at <= before)
            .order_by(_K.c.next_check_at).limit(limit))
    return stmt.with_for_update(skip_locked=True) if locking else stmt


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


_DUE = (_K.c.next_check_at.is_not(None), _K.c.next_check_at <= bindparam("k_before"))


def _one_of(column: Any, dialect: str) -> ColumnElement[bool]:
    """``column`` in the list bound as ``k_ids``: one array parameter on PostgreSQL
    (a batch of 500 ids as 500 placeholders costs more to send than to run)."""
    if dialect == "postgresql":
        return cast(ColumnElement[bool],
                    column == any_(bindparam("k_ids", type_=postgresql.ARRAY(String))))
    return cast(ColumnElement[bool], column.in_(bindparam("k_ids", expanding=True)))


def _by_dialect(build: Any) -> dict[str, Any]:
    return {dialect: build(dialect) for dialect in ("sqlite", "postgresql")}


def _claim(dialect: str) -> Select[Any]:
    """A sweep's claim in one statement: the due-time index's pointers, earliest first
    (less the complaints bound as ``k_skip``), and the complaints they point at, locked in
    id order with SKIP LOCKED on PostgreSQL.  One row per pointer: a complaint another
    transaction holds comes back without its columns.

    The complaints are looked up as ``id = ANY(<array of the pointers>)``, which every
    plan probes through the primary key; an ``IN`` over the pointers may be planned as a
    scan of the whole table when the planner misjudges how many there are.
    """
    skip = (_K.c.complaint_id != all_(bindparam("k_skip", type_=postgresql.ARRAY(String)))
            if dialect == "postgresql"
            else _K.c.complaint_id.not_in(bindparam("k_skip", expanding=True)))
    pointers = (select(_K.c.complaint_id).where(*_DUE, skip)
        .order_by(_K.c.next_check_at).limit(bindparam("k_limit")).cte("pointers"))
    held = select(_C.c.id, _C.c.number, _C.c.status, _C.c.escalation_level, _C.c.version)
    if dialect == "postgresql":
        pointed = select(func.array_agg(pointers.c.complaint_id)).scalar_subquery()
        held = (held.where(_C.c.id == any_(sql_cast(pointed, postgresql.ARRAY(String))))
            .order_by(_C.c.id).with_for_update(skip_locked=True))
    else:
        held = held.where(_C.c.id.in_(select(pointers.c.complaint_id)))
    claimed = held.cte("held")
    return (select(pointers.c.complaint_id, claimed.c.number, claimed.c.status,
                   claimed.c.escalation_level, claimed.c.version)
            .select_from(pointers.outerjoin(claimed, claimed.c.id == pointers.c.complaint_id)))


def _chain_head(column: Any, of: Any) -> Any:
    """``column`` of the last audit event of complaint ``of``: one probe of the
    (complaint, seq) index from its end, whatever the size of the chain."""
    return (select(column).where(_A.c.complaint_id == of).order_by(_A.c.seq.desc())
            .limit(1).scalar_subquery())


_CLAIM = _by_dialect(_claim)
#: PostgreSQL: plan the sweep's statements for the tables as they are at each batch.  A
#: generic plan cached while the audit table was nearly empty scans it for every chain
#: head and stays cached as the table grows within a sweep (until the next ANALYZE):
#: seen turning 0.3 s of chain-head reads into 9.7 s over 10,000 clocks.
_PLAN_EACH_TIME = text("SET LOCAL plan_cache_mode = force_custom_plan")
#: The due clocks of the complaints a sweep holds (their primary key's prefix), each with
#: its complaint's audit chain head.
_DUE_CLOCKS_OF = _by_dialect(lambda d: select(
    _K.c.complaint_id, _K.c.state, _chain_head(_A.c.seq, _K.c.complaint_id).label("seq"),
    _chain_head(_A.c.hash, _K.c.complaint_id).label("hash"),
).where(_one_of(_K.c.complaint_id, d), *_DUE).order_by(_K.c.complaint_id, _K.c.name, _K.c.cycle))
_CHAIN_HEADS = _by_dialect(lambda d: select(
    _C.c.id, _chain_head(_A.c.seq, _C.c.id).label("seq"),
    _chain_head(_A.c.hash, _C.c.id).label("hash")).where(_one_of(_C.c.id, d)))


def _set_based(table: str, columns: Sequence[str], param: str = "k_rows") -> str:
    """PostgreSQL: insert a whole batch from one JSON array (one statement, one round trip)."""
    names = ", ".join(columns)
    return (f"INSERT INTO {table} ({names}) SELECT {names} "
            f"FROM json_populate_recordset(NULL::{table}, CAST(:{param} AS json))")


#: Escalation levels a sweep batch raised: one statement over a JSON array (PostgreSQL).
_PG_SWEEP_ESCALATIONS = text(
    "UPDATE complaints AS c SET escalation_level = r.level, version = c.version + 1 "
    "FROM json_to_recordset(CAST(:k_rows AS json)) AS r(id text, level integer) "
    "WHERE c.id = r.id AND c.escalation_level < r.level")
#: The same on SQLite, by executemany (in process: no round trips to save).
_SWEEP_ESCALATION = (update(_C).where(_C.c.id == bindparam("k_id"),
                                      _C.c.escalation_level < bindparam("k_level"))
                     .values(escalation_level=bindparam("k_level"), version=_C.c.version + 1))


def _json_array(rows: list[dict[str, Any]]) -> str:
    """Rows as one JSON array; datetimes in ISO form (PostgreSQL parses them as timestamptz)."""
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":"), default=_iso)


def _iso(value: Any) -> str:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("naive datetime refused by storage; pass a timezone-aware value")
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)  # PostgreSQL parses numeric from the string, exactly
    raise TypeError(f"cannot store {type(value).__name__} in a JSON row")


@functools.lru_cache(maxsize=64)
def _pg_write_behind(parts: tuple[tuple[str, tuple[str, ...]], ...]) -> TextClause:
    """PostgreSQL: every row a transaction wrote behind, in one statement.

    Each table's rows travel as one JSON array parameter (``k_0``,
    ``k_1``, ...) and are inserted by a data-modifying ``WITH`` clause, so a
    registration costs one round trip to the server instead of one per
    table.  Foreign keys are checked at the end of the statement, when the
    complaint and its audit events, clocks and messages are all in.  Cached
    per combination of tables and columns, which repeats from one command to
    the next.

    The parts of a ``WITH`` run in no set order, but database triggers (the
    report facts) must see a complaint inserted before its audit events, as
    they would with one statement per table.  Each insert therefore reads
    the count of the one before it, which makes that one finish first.
    """
    clock_key = [column.name for column in _K.primary_key.columns]
    statements = []
    for i, (table, columns) in enumerate(parts):
        sql = _set_based(table, columns, f"k_{i}")
        if i:  # after the table before it: see below
            sql += f" WHERE (SELECT count(*) FROM w{i - 1}) >= 0"
        if table == _K.name:
            sql += (f" ON CONFLICT ({', '.join(clock_key)}) DO UPDATE SET "
                    + ", ".join(f"{c} = EXCLUDED.{c}" for c in columns if c not in clock_key))
        statements.append(sql)
    *first, last = statements
    ctes = ", ".join(f"w{i} AS ({sql} RETURNING 1)" for i, sql in enumerate(first))
    return text(f"WITH {ctes} {last}" if first else last)


def _clock_order(clock: ClockState) -> tuple[datetime, str, int]:
    return clock.started_at, clock.name, clock.cycle


class SqlUnitOfWork:
    """One transaction on one connection; see :class:`greenchannel_sdk.store.UnitOfWork`."""

    def __init__(self, conn: Connection, codec: SensitiveCodec) -> None:
        self._conn = conn
        self._dialect = conn.dialect.name
        #: complaint id -> (seq, hash) of the last audit event written or read here.
        self._chain_heads: dict[str, tuple[int, str]] = {}
        #: clocks of the complaints created in this transaction (nobody else sees them yet).
        self._fresh_clocks: dict[str, dict[tuple[str, int], ClockState]] = {}
        #: written behind: complaints not yet inserted, by id (mapped to rows at flush) ...
        self._new_complaints: dict[str, Complaint] = {}
        #: ... clock rows to upsert, by key, and audit and outbox rows to insert.
        self._clock_rows: dict[tuple[str, str, int], dict[str, Any]] = {}
        self._audit_rows: list[dict[str, Any]] = []
        self._outbox_rows: list[dict[str, Any]] = []
        self._key_rows: list[dict[str, Any]] = []
        self._data_key_rows: list[dict[str, Any]] = []
        self._codec = codec.bind(self)

    def flush(self) -> None:
        """Send the rows written behind; called before reads of their tables and at commit."""
        complaints = [mapping.complaint_to_row(c, self._codec)
                      for c in self._new_complaints.values()]
        pending = [(statement, rows) for statement, rows in (
            (_INSERT["data_keys"], self._data_key_rows),
            (_INSERT["complaints"], complaints),
            (_INSERT["audit_events"], self._audit_rows),
            (_PUT_CLOCK[self._dialect], list(self._clock_rows.values())),
            (_INSERT["outbox"], self._outbox_rows),
            (_INSERT["customer_keys"], self._key_rows)) if rows]
        if self._dialect == "postgresql" and pending:
            parts = tuple((statement.table.name, tuple(rows[0])) for statement, rows in pending)
            self._conn.execute(_pg_write_behind(parts), {
                f"k_{i}": _json_array(rows) for i, (_statement, rows) in enumerate(pending)})
        else:
            for statement, rows in pending:
                self._conn.execute(statement, rows)
        self._new_complaints = {}
        self._data_key_rows = []
        self._clock_rows = {}
        self._audit_rows = []
        self._outbox_rows = []
        self._key_rows = []

    # numbering ---------------------------------------------------------------

    def next_sequence(self, scope_key: str) -> int:
        """Increment the scope's counter row inside this transaction.

        The counter row is locked (PostgreSQL row lock, SQLite write lock)
        until commit, so concurrent registrations serialise on it, and a
        rolled-back registration rolls its number back too: numbers have no
        gaps.
        """
        return self.reserve_sequence(scope_key, 1)[0]

    def reserve_sequence(self, scope_key: str, count: int) -> range:
        """``count`` consecutive sequence numbers of ``scope_key``, in this transaction."""
        if count < 1:
            raise ValueError(f"count must be at least 1, not {count}")
        params = {"k_scope": scope_key, "k_count": count}
        last = self._conn.execute(_BUMP_SEQUENCE, params).scalar()
        if last is None:
            try:
                with self._conn.begin_nested():
                    self._conn.execute(insert(_N), {"scope_key": scope_key, "last_value": count})
                last = count
            except IntegrityError:  # another transaction created the row first
                last = self._conn.execute(_BUMP_SEQUENCE, params).scalar_one()
        return range(int(last) - count + 1, int(last) + 1)

    # complaints --------------------------------------------------------------

    def add_complaint(self, complaint: Complaint) -> None:
        self._new_complaints[complaint.id] = complaint
        self._chain_heads[complaint.id] = (0, GENESIS_HASH)
        self._fresh_clocks[complaint.id] = {}

    def get_complaint(self, complaint_id: str) -> Complaint:
        self.flush()
        row = self._conn.execute(_COMPLAINT_BY_ID, {"k_id": complaint_id}).first()
        if row is None:
            raise NotFound(f"no complaint with id {complaint_id!r}")
        return mapping.complaint_from_row(row, self._codec)

    def get_by_number(self, number: str) -> Complaint:
        self.flush()
        row = self._conn.execute(_COMPLAINT_BY_NUMBER, {"k_number": number}).first()
        if row is None:
            raise NotFound(f"no complaint numbered {number!r}; check the number with "
                           "parse_number() or search by customer")
        return mapping.complaint_from_row(row, self._codec)

    def find_by_external_id(self, channel: str, external_id: str) -> Complaint | None:
        self.flush()
        row = self._conn.execute(_COMPLAINT_BY_EXTERNAL,
                                 {"k_channel": channel, "k_external": external_id}).first()
        return None if row is None else mapping.complaint_from_row(row, self._codec)

    def already_received(self, channel: str, external_id: str) -> bool:
        self.flush()
        return bool(self._conn.execute(_ALREADY_RECEIVED, {
            "k_channel": channel, "k_external": external_id}).scalar())

    def update_complaint(self, complaint: Complaint, expected_version: int) -> None:
        pending = self._new_complaints.get(complaint.id)
        if pending is not None and pending.version == expected_version:
            self._new_complaints[complaint.id] = complaint  # still unsent: insert it as it is now
            return
        values = mapping.complaint_to_row(complaint, self._codec)
        values.pop("id")
        values.update(k_id=complaint.id, k_version=expected_version)
        if pending is not None or self._conn.execute(_UPDATE_COMPLAINT, values).rowcount != 1:
            raise ConcurrentModification(
                f"complaint {complaint.number} was changed by someone else since it was read "
                f"(expected version {expected_version}); reload it and retry the command")

    def raise_escalation(self, complaint_id: str, level: int) -> None:
        """Raise the escalation level (never lower it) and bump the version.

        Bumping the version makes a handler holding an older copy get
        :class:`ConcurrentModification` instead of writing the old level back.
        """
        self.flush()
        self._conn.execute(update(_C).where(_C.c.id == complaint_id,
                                            _C.c.escalation_level < level)
                           .values(escalation_level=level, version=_C.c.version + 1))

    def customer_history(self, customer_ref: str | None, keys: Mapping[str, str],
                         since: datetime) -> list[Complaint]:
        """Complaints received since ``since`` of this customer (id or any blind index)."""
        if customer_ref is None and not keys:
            return []
        self.flush()
        rows = self._conn.execute(_customer_history(len(keys)), {
            "k_customer": customer_ref, "k_since": since,
            **_list_values("k_kinds", sorted(keys)),
            **_list_values("k_digests", sorted(keys.values()))})
        return self._complaints(rows)

    def _complaints(self, rows: Any) -> list[Complaint]:
        """Map complaint rows, loading the data keys of all of them in one query first."""
        rows = list(rows)
        self._codec.prefetch(r.sensitive for r in rows)
        return [mapping.complaint_from_row(r, self._codec) for r in rows]

    # data keys (envelope encryption, crypto-erasure) ----------------------------

    def data_keys(self, key_ids: Collection[str]) -> dict[str, WrappedDataKey]:
        rows = self._conn.execute(select(_DK).where(_DK.c.key_id.in_(sorted(key_ids))))
        return {r.key_id: WrappedDataKey(key_id=r.key_id, owner=r.owner, wrapped=r.wrapped)
                for r in rows}

    def data_key_of(self, owner: str) -> WrappedDataKey | None:
        if any(owner == complaint_owner(cid) for cid in self._new_complaints):
            return None  # registered in this transaction: it has no key yet, skip the query
        row = self._conn.execute(_DATA_KEY_OF, {"k_owner": owner}).first()
        return None if row is None else WrappedDataKey(key_id=row.key_id, owner=row.owner,
                                                       wrapped=row.wrapped)

    def add_data_key(self, key: WrappedDataKey) -> None:
        self._data_key_rows.append({"key_id": key.key_id, "owner": key.owner,
                                    "wrapped": key.wrapped, "created_at": _utcnow()})

    def erase_personal_data(self, complaint_id: str, at: datetime) -> int:
        """Destroy the complaint's data key, overwrite older values, drop its blind indexes."""
        self.flush()
        owner = complaint_owner(complaint_id)
        destroyed = self._conn.execute(update(_DK).where(_DK.c.owner == owner)
                                       .values(wrapped=None, destroyed_at=at))
        if destroyed.rowcount == 0:  # sealed before data keys: leave a tombstone all the same
            self._conn.execute(_INSERT["data_keys"], {
                "key_id": f"{DATA_KEY_PREFIX}{uuid.uuid4().hex}", "owner": owner,
                "wrapped": None, "created_at": at, "destroyed_at": at})
        overwritten = 0
        for table, column in ((_M, _M.c.sensitive), (_S, _S.c.comments)):
            overwritten += self._conn.execute(
                update(table).where(table.c.complaint_id == complaint_id, column.is_not(None),
                                    column != mapping.ERASED_DOCUMENT,
                                    ~column.like(_UNDER_DATA_KEY))
                .values({column.name: mapping.ERASED_DOCUMENT})).rowcount
        self._conn.execute(_CK.delete().where(_CK.c.complaint_id == complaint_id))
        return overwritten

    def expired_archived(self, archived_before: datetime, after: str,
                         limit: int) -> list[tuple[str, str, bool]]:
        """Archived, unerased complaints archived at or before ``archived_before``."""
        self.flush()
        archived = (select(_A.c.complaint_id, func.max(_A.c.at).label("at"))
                    .where(_A.c.action == "archive").group_by(_A.c.complaint_id).subquery())
        rows = self._conn.execute(
            select(_C.c.id, _C.c.number, _C.c.legal_hold_since)
            .join(archived, archived.c.complaint_id == _C.c.id)
            .where(_C.c.status == "archived", _C.c.erased_at.is_(None), _C.c.id > after,
                   archived.c.at <= archived_before)
            .order_by(_C.c.id).limit(limit))
        return [(str(r.id), str(r.number), r.legal_hold_since is not None) for r in rows]

    def add_customer_keys(self, complaint_id: str, keys: Mapping[str, str]) -> None:
        """Store the blind indexes of a complaint's customer identifiers (written behind)."""
        self._key_rows.extend({"complaint_id": complaint_id, "kind": kind, "digest": digest}
                              for kind, digest in keys.items())

    def lock_team(self, team: str) -> None:
        """Hold the team's assignment lock until commit (PostgreSQL advisory lock).

        Two registrations assigning within one team at the same moment then
        take turns, so both cannot see the same person's last free slot.
        SQLite needs nothing: its writers are serialised already.
        """
        if self._dialect == "postgresql":
            self._conn.execute(text("SELECT pg_advisory_xact_lock(hashtext(:k))"),
                               {"k": f"greenchannel.team:{team}"})

    def open_load(self, assignees: Collection[str]) -> dict[str, int]:
        """Open complaints of each of ``assignees``: the stored ones plus those not yet sent.

        The stored ones are the ``assignee_loads`` counters (one row per
        assignee, kept by :mod:`.load_triggers`), not a count of the
        complaints table, so the read does not grow with caseloads.
        """
        wanted = set(assignees)
        load = Counter({str(assignee): int(count) for assignee, count in self._conn.execute(
            _open_load(len(wanted)), _list_values("k_assignees", sorted(wanted)))})
        load.update(c.assignment.assignee for c in self._new_complaints.values()
                    if c.assignment is not None and c.assignment.assignee in wanted
                    and c.status in OPEN_STATUSES)
        return dict(load)

    def list_complaints(self, query: ComplaintQuery, after: str | None, limit: int) -> Page:
        self.flush()
        stmt = _filtered(select(_C), query).order_by(_C.c.id).limit(limit + 1)
        if after is not None:
            stmt = stmt.where(_C.c.id > after)
        rows = list(self._conn.execute(stmt))
        items = tuple(self._complaints(rows[:limit]))
        return Page(items=items, next_after=items[-1].id if len(rows) > limit else None)

    # directory ---------------------------------------------------------------

    def lock_directory(self) -> None:
        """Bump the directory revision counter: its row lock serialises directory writers."""
        self.reserve_sequence(DIRECTORY_REVISION_KEY, 1)

    def directory_revision(self) -> int:
        return int(self._conn.execute(_DIRECTORY_REVISION).scalar() or 0)

    def directory_records(self) -> DirectoryRecords:
        return DirectoryRecords(
            departments=tuple(mapping.record_from_row(r, Department) for r in
                              self._conn.execute(select(_DEP).order_by(_DEP.c.id))),
            teams=tuple(mapping.record_from_row(r, Team) for r in
                        self._conn.execute(select(_TEAM).order_by(_TEAM.c.id))),
            staff=tuple(mapping.staff_from_row(r, self._codec) for r in
                        self._conn.execute(select(_STAFF).order_by(_STAFF.c.id))))

    def put_department(self, department: Department) -> None:
        self._conn.execute(_PUT["departments"][self._dialect], unstructure(department))

    def put_team(self, team: Team) -> None:
        self._conn.execute(_PUT["teams"][self._dialect], unstructure(team))

    def put_staff(self, member: StaffMember) -> None:
        self._conn.execute(_PUT["staff"][self._dialect],
                           mapping.staff_to_row(member, self._codec))

    def delete_staff(self, staff_id: str) -> None:
        self._conn.execute(_STAFF.delete().where(_STAFF.c.id == staff_id))

    # audit -------------------------------------------------------------------

    def complaints_for_update(self, ids: Collection[str]) -> dict[str, Complaint]:
        """Many complaints in one query, ready for audit events (the SLA sweeper's batch).

        On PostgreSQL the rows are locked, exactly as :meth:`append_audit`
        would lock them one by one; the heads of their audit chains are read
        in one grouped query too, so appending to them needs no further read.
        """
        if not ids:
            return {}
        self.flush()
        stmt = select(_C).where(_C.c.id.in_(list(ids)))
        if self._dialect == "postgresql":
            stmt = stmt.with_for_update(of=_C)
        found = {c.id: c for c in self._complaints(self._conn.execute(stmt))}
        self._read_chain_heads(list(found))
        return found

    def _read_chain_heads(self, ids: list[str]) -> None:
        """Cache the audit chain heads of ``ids`` (complaints this transaction holds)."""
        if ids:
            self._keep_chain_heads(self._conn.execute(_CHAIN_HEADS[self._dialect],
                                                      {"k_ids": ids}))

    def _keep_chain_heads(self, rows: Any) -> None:
        """Cache (complaint id, seq, hash) rows; no seq means an empty chain."""
        for complaint_id, seq, head in rows:
            self._chain_heads[str(complaint_id)] = ((0, GENESIS_HASH) if seq is None
                                                    else (int(seq), str(head)))

    def _chain_head(self, complaint_id: str) -> tuple[int, str]:
        """(seq, hash) of the complaint's last audit event, the complaint held until commit."""
        head = self._chain_heads.get(complaint_id)
        if head is None:
            if self._dialect == "postgresql":
                # Serialise writers of one complaint's chain (a handler's command and the
                # SLA sweeper): the second waits here instead of failing on (complaint, seq).
                self._conn.execute(select(_C.c.id).where(_C.c.id == complaint_id)
                                   .with_for_update())
            last = self._conn.execute(_CHAIN_HEAD, {"k_id": complaint_id}).first()
            head = (0, GENESIS_HASH) if last is None else (int(last.seq), str(last.hash))
        return head

    def append_audit(self, event: AuditEvent) -> AuditEvent:
        """Seal ``event`` after its chain head straight into its row.

        The row is :func:`.mapping.sealed_audit_row`, as the sweeper writes
        it; the sealed event is built once from the row instead of evolving
        and unstructuring events.
        """
        record = self._chained(event)
        self._audit_rows.append(record)
        return AuditEvent(**{**record, "data": event.data})

    def audit_events(self, complaint_id: str) -> list[AuditEvent]:
        self.flush()
        rows = self._conn.execute(_AUDIT_OF, {"k_id": complaint_id})
        return [mapping.audit_from_row(r) for r in rows]

    def audit_chains_after(self, after: str, limit: int) -> list[tuple[str, list[AuditEvent]]]:
        """The audit events of up to ``limit`` complaints whose id sorts after ``after``."""
        self.flush()
        ids = (select(_A.c.complaint_id).where(_A.c.complaint_id > after).distinct()
               .order_by(_A.c.complaint_id).limit(limit)).subquery()
        rows = self._conn.execute(select(_A).where(_A.c.complaint_id.in_(select(ids)))
                                  .order_by(_A.c.complaint_id, _A.c.seq, _A.c.id))
        chains: dict[str, list[AuditEvent]] = {}
        for row in rows:
            chains.setdefault(row.complaint_id, []).append(mapping.audit_from_row(row))
        return list(chains.items())

    # clocks ------------------------------------------------------------------

    def put_clock(self, clock: ClockState) -> None:
        self._clock_rows[clock.complaint_id, clock.name, clock.cycle] = mapping.clock_to_row(clock)
        fresh = self._fresh_clocks.get(clock.complaint_id)
        if fresh is not None:
            fresh[clock.name, clock.cycle] = clock

    def clocks(self, complaint_id: str) -> list[ClockState]:
        fresh = self._fresh_clocks.get(complaint_id)
        if fresh is not None:
            return sorted(fresh.values(), key=_clock_order)
        self.flush()
        rows = self._conn.execute(_CLOCKS_OF, {"k_id": complaint_id})
        return [mapping.clock_from_row(r) for r in rows]

    def clocks_due(self, before: datetime, limit: int) -> list[ClockState]:
        """Clocks whose next check is due, through the partial index on ``next_check_at``."""
        self.flush()
        stmt = due_clocks_statement(before, limit, locking=self._dialect == "postgresql")
        return [mapping.clock_from_row(r) for r in self._conn.execute(stmt)]

    def claim_due(self, before: datetime, limit: int, exclude: Collection[str]) -> DueWork:
        """A sweep batch: find through the due-time index and claim complaints, then read
        their due clocks with their audit chain heads.

        Two reads.  The first takes the candidates from the index range and
        locks their complaints in id order (so sweepers never deadlock one
        another), with SKIP LOCKED on PostgreSQL: a complaint held by another
        sweeper or by a command is left to it.  Only then are the held
        complaints' due clocks and chain heads read, in a statement that
        starts after the locks were granted, so it sees whatever the previous
        holder committed.
        """
        self.flush()
        if self._dialect == "postgresql":
            self._conn.execute(_PLAN_EACH_TIME)
        found = list(self._conn.execute(_CLAIM[self._dialect], {
            "k_before": before, "k_limit": limit, "k_skip": sorted(exclude)}))
        held = {str(r.complaint_id): ClaimedComplaint(
                    id=str(r.complaint_id), number=str(r.number), status=Status(r.status),
                    escalation_level=int(r.escalation_level), version=int(r.version))
                for r in found if r.number is not None}
        clocks: list[ClockState] = []
        if held:
            rows = list(self._conn.execute(_DUE_CLOCKS_OF[self._dialect],
                                           {"k_ids": sorted(held), "k_before": before}))
            self._keep_chain_heads((r.complaint_id, r.seq, r.hash) for r in rows)
            clocks = [mapping.clock_from_row(r) for r in rows]
        return DueWork(frozenset(str(r.complaint_id) for r in found), held, tuple(clocks),
                       full=len(found) >= limit)

    def record_sweep(self, clocks: Sequence[ClockState], events: Sequence[AuditEvent],
                     messages: Sequence[OutboxMessage], escalations: Mapping[str, int]) -> None:
        """Write a sweep batch behind, with the transaction's other rows: on PostgreSQL the
        clocks, audit events and outbox messages go in one statement at commit."""
        for clock in clocks:
            self.put_clock(clock)
        self._audit_rows.extend(self._chained(event) for event in events)
        self._outbox_rows.extend(mapping.outbox_to_row(message) for message in messages)
        if escalations:
            raised = [{"id": complaint_id, "level": level}
                      for complaint_id, level in sorted(escalations.items())]
            if self._dialect == "postgresql":
                self._conn.execute(_PG_SWEEP_ESCALATIONS, {"k_rows": _json_array(raised)})
            else:
                self._conn.execute(_SWEEP_ESCALATION,
                                   [{"k_id": r["id"], "k_level": r["level"]} for r in raised])

    def _chained(self, event: AuditEvent) -> dict[str, Any]:
        """``event`` sealed after its complaint's chain head (cached by the claim), as a row."""
        seq, prev_hash = self._chain_head(event.complaint_id)
        record = mapping.sealed_audit_row(event, seq + 1, prev_hash)
        self._chain_heads[event.complaint_id] = (seq + 1, record["hash"])
        return record

    # messages, surveys, quarantine --------------------------------------------

    def add_outbox(self, message: OutboxMessage) -> None:
        self._outbox_rows.append(mapping.outbox_to_row(message))

    def claim_outbox(self, now: datetime, limit: int,
                     lease_until: datetime) -> list[OutboxMessage]:
        """Claim due messages for delivery, at most one per complaint: its oldest.

        Due means pending and past its retry time, or claimed by a relay
        whose lease ran out (the relay died mid-delivery).  Claimed messages
        become ``sending`` until ``lease_until``, in this transaction, so the
        caller commits at once and delivers outside any transaction: no
        database lock is held while a notifier talks to a mail server.
        Taking only a complaint's oldest unsent message keeps delivery in
        order per complaint with any number of relays; on PostgreSQL the
        rows are locked with SKIP LOCKED, so concurrent relays never claim
        the same message.
        """
        self.flush()
        unsent = (OutboxStatus.PENDING.value, OutboxStatus.SENDING.value)
        earlier = _O.alias("earlier")
        older_unsent = (select(earlier.c.id).where(
            earlier.c.complaint_id == _O.c.complaint_id,
            earlier.c.status.in_(unsent),
            (earlier.c.created_at < _O.c.created_at)
            | ((earlier.c.created_at == _O.c.created_at) & (earlier.c.id < _O.c.id)),
        ).exists())
        stmt = (select(_O).where(
            ((_O.c.status == OutboxStatus.PENDING.value)
             & (_O.c.next_attempt_at.is_(None) | (_O.c.next_attempt_at <= now)))
            | ((_O.c.status == OutboxStatus.SENDING.value) & (_O.c.next_attempt_at <= now)),
            ~older_unsent,
        ).order_by(_O.c.created_at, _O.c.id).limit(limit))
        if self._dialect == "postgresql":
            stmt = stmt.with_for_update(skip_locked=True, of=_O)
        claimed = [attrs.evolve(mapping.outbox_from_row(r), status=OutboxStatus.SENDING,
                                next_attempt_at=lease_until)
                   for r in self._conn.execute(stmt)]
        if claimed:
            self._conn.execute(update(_O).where(_O.c.id.in_([m.id for m in claimed])).values(
                status=OutboxStatus.SENDING.value, next_attempt_at=lease_until))
        return claimed

    def save_outbox(self, message: OutboxMessage) -> None:
        self.flush()
        self._conn.execute(_SAVE_OUTBOX, {
            "k_id": message.id, "status": message.status.value, "attempts": message.attempts,
            "next_attempt_at": message.next_attempt_at, "last_error": message.last_error})

    def outbox_messages(self, status: OutboxStatus, limit: int) -> list[OutboxMessage]:
        """Messages in ``status``, oldest first (to look at or replay dead letters)."""
        self.flush()
        rows = self._conn.execute(select(_O).where(_O.c.status == status.value)
                                  .order_by(_O.c.created_at, _O.c.id).limit(limit))
        return [mapping.outbox_from_row(r) for r in rows]

    def outbox_counts(self) -> dict[str, int]:
        self.flush()
        rows = self._conn.execute(select(_O.c.status, func.count()).group_by(_O.c.status))
        return {str(status): int(count) for status, count in rows}

    def add_survey(self, survey: SatisfactionSurvey) -> None:
        self._conn.execute(_INSERT["surveys"], mapping.survey_to_row(survey, self._codec))

    def surveys(self, complaint_id: str) -> list[SatisfactionSurvey]:
        rows = list(self._conn.execute(select(_S).where(_S.c.complaint_id == complaint_id)
                                       .order_by(_S.c.answered_at)))
        self._codec.prefetch(r.comments for r in rows if r.comments is not None)
        return [mapping.survey_from_row(r, self._codec) for r in rows]

    def add_communication(self, item: Communication) -> None:
        self._conn.execute(_INSERT["communications"],
                           mapping.communication_to_row(item, self._codec))

    def communications(self, complaint_id: str) -> list[Communication]:
        rows = list(self._conn.execute(select(_M).where(_M.c.complaint_id == complaint_id)
                                       .order_by(_M.c.at, _M.c.id)))
        self._codec.prefetch(r.sensitive for r in rows)
        return [mapping.communication_from_row(r, self._codec) for r in rows]

    def add_quarantine(self, payload: QuarantinedPayload) -> None:
        self._conn.execute(_INSERT["quarantine"], mapping.quarantine_to_row(payload, self._codec))

    def quarantined(self, include_resolved: bool) -> list[QuarantinedPayload]:
        stmt = select(_Q).order_by(_Q.c.received_at)
        if not include_resolved:
            stmt = stmt.where(_Q.c.resolved_at.is_(None))
        return [mapping.quarantine_from_row(r, self._codec) for r in self._conn.execute(stmt)]

    def resolve_quarantine(self, payload_id: str, resolution: str, at: datetime) -> None:
        """Mark a quarantined payload handled (replayed or discarded); it stays on file."""
        done = self._conn.execute(update(_Q).where(_Q.c.id == payload_id,
                                                   _Q.c.resolved_at.is_(None))
                                  .values(resolved_at=at, resolution=resolution))
        if done.rowcount != 1:
            raise NotFound(f"no unresolved quarantined payload {payload_id!r}")

    def purge_quarantine(self, before: datetime, *, delete: bool) -> tuple[int, int]:
        done = _Q.c.resolved_at.is_not(None) & (_Q.c.resolved_at <= before)
        waiting = self._conn.execute(select(func.count()).select_from(_Q).where(
            _Q.c.resolved_at.is_(None), _Q.c.received_at <= before)).scalar_one()
        if delete:
            resolved = self._conn.execute(_Q.delete().where(done)).rowcount
        else:
            resolved = self._conn.execute(
                select(func.count()).select_from(_Q).where(done)).scalar_one()
        return int(resolved), int(waiting)

    # bulk ----------------------------------------------------------------------

    @property
    def codec(self) -> SensitiveCodec:
        """The codec sealing sensitive documents (for callers building rows themselves)."""
        return self._codec

    @property
    def connection(self) -> Connection:
        """This transaction's connection, for maintenance jobs (key rotation) that walk
        tables themselves; rows written behind are sent first."""
        self.flush()
        return self._conn

    def insert_many(self, row_class: type[Base], rows: list[dict[str, Any]]) -> None:
        """Insert ``rows`` into ``row_class``'s table with one executemany (bulk import)."""
        self.flush()
        if rows:
            self._conn.execute(insert(cast(Table, row_class.__table__)), rows)


def _filtered(stmt: Any, query: ComplaintQuery) -> Any:
    conditions: list[ColumnElement[bool]] = []
    if query.statuses is not None:
        conditions.append(_C.c.status.in_([s.value for s in query.statuses]))
    for column, value in (("team", query.team), ("assignee", query.assignee),
                          ("priority", query.priority), ("channel", query.channel),
                          ("category", query.category), ("merged_into", query.merged_into)):
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
    ``sqlite_busy_timeout_ms`` is how long an SQLite writer waits for another
    process's lock before the command fails with a "locked" :class:`StorageError`.
    """

    def __init__(self, url: str, *, codec: SensitiveCodec | None = None,
                 migrate: str = "create",
                 sqlite_busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS) -> None:
        self.url = make_url(url)
        self._label = safe_label(self.url)
        self.codec: SensitiveCodec = codec or PlainCodec()
        self.engine = make_engine(url, sqlite_busy_timeout_ms=sqlite_busy_timeout_ms)
        with translated_errors(url):
            ensure_schema(self.engine, mode=migrate)

    @contextmanager
    def unit_of_work(self) -> Iterator[SqlUnitOfWork]:
        with translated_errors(self.url), self.engine.begin() as conn:
            uow = SqlUnitOfWork(conn, self.codec)
            yield uow
            uow.flush()

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

    def iter_audit_chains(self, page_size: int = 200) -> Iterator[tuple[str, list[AuditEvent]]]:
        """Every complaint's audit events, as stored, one complaint at a time.

        Reads the audit table alone (keyset pages over complaint ids): a chain
        is checked even if its complaint row was deleted, and nothing needs
        decrypting, so verification runs without the encryption keys.
        """
        after = ""
        while True:
            with self.unit_of_work() as uow:
                chains = uow.audit_chains_after(after, page_size)
            yield from chains
            if len(chains) < page_size:
                return
            after = chains[-1][0]

    def quarantined(self, include_resolved: bool = False) -> list[QuarantinedPayload]:
        with self.unit_of_work() as uow:
            return uow.quarantined(include_resolved)

    def close(self) -> None:
        self.engine.dispose()

    def __repr__(self) -> str:
        return f"SqlStore({self._label!r})"

