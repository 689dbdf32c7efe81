"""Database tables, in SQLAlchemy 2 declarative style.

These classes describe tables only; the domain objects stay attrs classes
and :mod:`.mapping` converts between the two through cattrs.  The store
writes through Core statements on ``Model.__table__`` (no ORM identity map
per command), which keeps intake fast.

Columns that reports filter or group on (status, category, priority, dates,
team) are plain columns; whatever describes the customer or their case in
their own words goes into ``sensitive`` as one document, which the security
layer encrypts as a whole (S20).
"""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    Float,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

__all__ = [
    "AssigneeLoadRow",
    "AuditEventRow",
    "Base",
    "ClockFactRow",
    "ClockRow",
    "CommunicationRow",
    "ComplaintRow",
    "CustomerKeyRow",
    "DataKeyRow",
    "DepartmentRow",
    "NumberSequenceRow",
    "OutboxRow",
    "QuarantineRow",
    "ReportFactRow",
    "StaffRow",
    "StateStayRow",
    "SurveyFactRow",
    "SurveyRow",
    "TeamRow",
    "UTCDateTime",
    "in_schema_of",
    "only_on",
]

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware datetimes stored as UTC on every backend.

    PostgreSQL keeps ``timestamptz``; SQLite has no zone support, so values
    are normalised to UTC on the way in and marked UTC on the way out.  A
    naive datetime is refused instead of being guessed at.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime refused by storage; pass a timezone-aware value")
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime, dict[str, Any]: JSON}


class ComplaintRow(Base):
    __tablename__ = "complaints"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    number: Mapped[str] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(32))
    channel: Mapped[str] = mapped_column(String(32))
    external_id: Mapped[str] = mapped_column(String(255))
    received_at: Mapped[datetime] = mapped_column(index=True)
    registered_at: Mapped[datetime]
    category: Mapped[str] = mapped_column(String(32), index=True)
    subcategory: Mapped[str | None] = mapped_column(String(64))
    priority: Mapped[str] = mapped_column(String(16), index=True)
    team: Mapped[str | None] = mapped_column(String(64), index=True)
    assignee: Mapped[str | None] = mapped_column(String(64), index=True)
    escalation_level: Mapped[int] = mapped_column(Integer, default=0)
    branch_code: Mapped[str | None] = mapped_column(String(32))
    amount: Mapped[Decimal | None] = mapped_column(Numeric(18, 2))
    currency: Mapped[str | None] = mapped_column(String(3))
    language: Mapped[str | None] = mapped_column(String(16))
    complainants: Mapped[int] = mapped_column(Integer, default=1)
    customer_ref: Mapped[str | None] = mapped_column(String(128), index=True)
    merged_into: Mapped[str | None] = mapped_column(String(36), index=True)
    closed_at: Mapped[datetime | None]
    legal_hold_since: Mapped[datetime | None]
    erased_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(Integer)
    sensitive: Mapped[str] = mapped_column(Text)
    details: Mapped[dict[str, Any]]

    __table_args__ = (
        UniqueConstraint("channel", "external_id"),
        # Serves the status filter of listings (open load per assignee is counted in
        # ``assignee_loads`` instead).
        Index("ix_complaints_status_assignee", "status", "assignee"),
    )


class AuditEventRow(Base):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"),
                                    primary_key=True, autoincrement=True)
    complaint_id: Mapped[str] = mapped_column(String(36))
    seq: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(128))
    action: Mapped[str] = mapped_column(String(64), index=True)
    from_status: Mapped[str | None] = mapped_column(String(32))
    to_status: Mapped[str | None] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(Text)
    data: Mapped[dict[str, Any]]
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    __table_args__ = (UniqueConstraint("complaint_id", "seq"),)


class ClockRow(Base):
    __tablename__ = "sla_clocks"

    complaint_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    cycle: Mapped[int] = mapped_column(Integer, primary_key=True)
    policy: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))
    statutory: Mapped[bool]
    started_at: Mapped[datetime]
    due_at: Mapped[datetime]
    next_check_at: Mapped[datetime | None]
    stopped_at: Mapped[datetime | None]
    breached_at: Mapped[datetime | None]
    state: Mapped[dict[str, Any]]

    # Partial: only clocks that can still fire are indexed, so "what is due now" is a short
    # range scan however many finished clocks history holds.
    __table_args__ = (
        Index("ix_sla_clocks_next_check_at", "next_check_at",
              postgresql_where=text("next_check_at IS NOT NULL"),
              sqlite_where=text("next_check_at IS NOT NULL")),
    )


class OutboxRow(Base):
    __tablename__ = "outbox"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    complaint_id: Mapped[str | None] = mapped_column(String(36), index=True)
    topic: Mapped[str] = mapped_column(String(64))
    notifier: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (Index("ix_outbox_due", "status", "next_attempt_at"),)


class CommunicationRow(Base):
    __tablename__ = "communications"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    complaint_id: Mapped[str] = mapped_column(String(36), index=True)
    at: Mapped[datetime]
    direction: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(String(128))
    channel: Mapped[str | None] = mapped_column(String(32))
    external_id: Mapped[str | None] = mapped_column(String(255))
    sensitive: Mapped[str] = mapped_column(Text)

    __table_args__ = (UniqueConstraint("channel", "external_id"),)


class QuarantineRow(Base):
    __tablename__ = "quarantine"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    channel: Mapped[str] = mapped_column(String(32))
    raw: Mapped[bytes] = mapped_column(LargeBinary)
    reason: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(index=True)
    meta: Mapped[dict[str, Any]]
    resolved_at: Mapped[datetime | None]
    resolution: Mapped[str | None] = mapped_column(Text)


class SurveyRow(Base):
    __tablename__ = "surveys"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"),
                                    primary_key=True, autoincrement=True)
    complaint_id: Mapped[str] = mapped_column(String(36), index=True)
    answered_at: Mapped[datetime]
    score: Mapped[int] = mapped_column(Integer)
    solved: Mapped[bool]
    collected_by: Mapped[str] = mapped_column(String(128))
    channel: Mapped[str] = mapped_column(String(32))
    comments: Mapped[str | None] = mapped_column(Text)


class CustomerKeyRow(Base):
    """Blind indexes (keyed HMACs) of a complaint's customer identifiers (S20).

    They let the SDK find the same customer's earlier complaints by phone,
    ID, account or card number, email or WeChat OpenID without storing any
    of them in clear.
    """

    __tablename__ = "customer_keys"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"),
                                    primary_key=True, autoincrement=True)
    complaint_id: Mapped[str] = mapped_column(String(36), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    digest: Mapped[str] = mapped_column(String(64))

    __table_args__ = (Index("ix_customer_keys_lookup", "kind", "digest"),)


class DataKeyRow(Base):
    """One owner's data key, wrapped by a master key (envelope encryption, crypto-erasure).

    The owner is a complaint (``complaint:<id>``): its text, identity, notes
    and survey comments are encrypted under this key.  Erasure sets
    ``wrapped`` to NULL and ``destroyed_at`` to the moment: the row stays as a
    tombstone so reading tells "erased" apart from "key missing" (tampering).
    """

    __tablename__ = "data_keys"

    key_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    owner: Mapped[str] = mapped_column(String(64), unique=True)
    wrapped: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    destroyed_at: Mapped[datetime | None]


class NumberSequenceRow(Base):
    __tablename__ = "number_sequences"

    scope_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    last_value: Mapped[int] = mapped_column(BigInteger)


class AssigneeLoadRow(Base):
    """How many open complaints each assignee holds, kept by triggers (S7).

    Least-loaded assignment reads every team member's load on each intake.
    Counting the complaints table for that costs as much as the member has
    open cases, on every registration; the triggers of :mod:`.load_triggers`
    keep this count right on every insert, update and delete of a complaint,
    whoever the writer is, so a registration reads one row per member.
    """

    __tablename__ = "assignee_loads"

    assignee: Mapped[str] = mapped_column(String(64), primary_key=True)
    open_complaints: Mapped[int] = mapped_column(Integer)


class DepartmentRow(Base):
    """A department of the stored directory (S6)."""

    __tablename__ = "departments"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    display_name: Mapped[str | None] = mapped_column(String(255))


class TeamRow(Base):
    """A team of the stored directory and its green-channel lead (S6, S8)."""

    __tablename__ = "teams"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    department: Mapped[str] = mapped_column(String(64), index=True)
    lead: Mapped[str | None] = mapped_column(String(64))
    display_name: Mapped[str | None] = mapped_column(String(255))


class StaffRow(Base):
    """A person of the stored directory.

    What assignment filters on (team, roles, skills, languages, capacity,
    shifts) is plain; the person's name and leave (whose reason may say
    why someone is away) are the ``sensitive`` document, sealed like a
    complaint's (S20).
    """

    __tablename__ = "staff"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    team: Mapped[str] = mapped_column(String(64), index=True)
    capacity: Mapped[int] = mapped_column(Integer)
    available: Mapped[bool]
    details: Mapped[dict[str, Any]]
    sensitive: Mapped[str] = mapped_column(Text)


#: Columns a report filters on, after the leading columns of its indexes (``reports.cohort``).
_REPORT_FILTERS = ("received_at", "channel", "category", "priority", "team")


def _report_index(table: str, *lead: str) -> Index:
    """An index a report reads alone: ``lead``, then the report's filter columns.

    Only rows whose last ``lead`` column is set (a duration, a customer) are
    indexed, so a row written before it is known never touches the index.
    """
    present = lead[-1]
    # A lead column that is also a filter (the team) is indexed once, where it leads.
    return Index(f"ix_{table}_{'_'.join(lead)}", *dict.fromkeys((*lead, *_REPORT_FILTERS)),
                 postgresql_where=text(f"{present} IS NOT NULL"),
                 sqlite_where=text(f"{present} IS NOT NULL"))


class ReportFactRow(Base):
    """One narrow row per complaint with every fact the statistics report reads (S17, S24).

    Kept up to date by database triggers on ``complaints`` and
    ``audit_events`` (:mod:`.report_triggers`), so any writer (the facade,
    bulk import, a migration) leaves it right, and a report over a million
    complaints aggregates these rows instead of walking the audit log.
    Durations are hours from receipt, stored once at write time.
    ``state`` and ``state_entered_at`` are the triggers' own bookkeeping:
    the status entered by the latest status change and when.
    """

    __tablename__ = "report_facts"

    complaint_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    # Not indexed on its own: a report's period is a large share of the table, which a
    # scan reads faster than an index range with a lookup per row.
    received_at: Mapped[datetime]
    channel: Mapped[str] = mapped_column(String(32))
    category: Mapped[str] = mapped_column(String(32))
    subcategory: Mapped[str | None] = mapped_column(String(64))
    priority: Mapped[str] = mapped_column(String(16))
    team: Mapped[str | None] = mapped_column(String(64))
    assignee: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(32))
    customer_ref: Mapped[str | None] = mapped_column(String(128))
    first_contact_hours: Mapped[float | None] = mapped_column(Float)
    answer_hours: Mapped[float | None] = mapped_column(Float)
    resolution_hours: Mapped[float | None] = mapped_column(Float)
    department: Mapped[str | None] = mapped_column(String(255))
    upheld: Mapped[bool]
    redress: Mapped[Decimal] = mapped_column(Numeric(18, 2))
    state: Mapped[str | None] = mapped_column(String(32))
    state_entered_at: Mapped[datetime | None]

    # Percentiles are index walks (reports/sqlfuncs.py): each duration is indexed with the
    # report's filter columns after it, and only once it is known (partial), so intake,
    # which writes the row with no duration yet, never touches these indexes.  Repeat
    # customers are counted in customer order off the customer index, no hash table of
    # every customer (reports/outcomes.py).
    __table_args__ = (
        *(_report_index("report_facts", *lead)
          for lead in (("first_contact_hours",), ("answer_hours",), ("resolution_hours",),
                       ("assignee", "resolution_hours"), ("team", "resolution_hours"),
                       ("customer_ref",))),
    )


class StateStayRow(Base):
    """A finished stay in one lifecycle state: entered, then left by the event ``seq`` (S19).

    Written by the audit trigger when a status change ends a stay, with the
    complaint's receipt time and filter columns copied in (the triggers keep
    them in step with the complaint) so a report reads this table alone.
    """

    __tablename__ = "state_stays"

    complaint_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    status: Mapped[str] = mapped_column(String(32))
    received_at: Mapped[datetime]
    channel: Mapped[str] = mapped_column(String(32))
    category: Mapped[str] = mapped_column(String(32))
    priority: Mapped[str] = mapped_column(String(16))
    team: Mapped[str | None] = mapped_column(String(64))
    hours: Mapped[float] = mapped_column(Float)

    __table_args__ = (_report_index("state_stays", "status", "hours"),)


class _ComplaintReportColumns:
    """The complaint's columns a report's period, filters, handler and team read.

    Copied onto each row of the report's copies of clocks and surveys
    (:data:`.outcome_triggers.DIMENSIONS`) so a report reads them without a join.
    """

    received_at: Mapped[datetime]
    channel: Mapped[str] = mapped_column(String(32))
    category: Mapped[str] = mapped_column(String(32))
    priority: Mapped[str] = mapped_column(String(16))
    team: Mapped[str | None] = mapped_column(String(64))
    assignee: Mapped[str | None] = mapped_column(String(64))


def only_on(dialect: str, index: Index) -> Index:
    """``index``, created on the ``dialect`` backend only.

    For an index one backend's planner needs and the other's would never
    read, so it costs the other nothing on every write.  The dialect is
    kept in ``index.info`` for :func:`in_schema_of`.
    """
    index.info["only_on"] = dialect
    return index.ddl_if(dialect=dialect)


def in_schema_of(dialect: str, obj: object) -> bool:
    """Whether the migrations build ``obj`` on ``dialect`` (see :func:`only_on`).

    For Alembic's ``include_object`` when comparing a database with the models.
    """
    only = getattr(obj, "info", {}).get("only_on")
    return only is None or only == dialect


class ClockFactRow(_ComplaintReportColumns, Base):
    """An SLA clock's deadline and stop, with its complaint's report columns (S17, S22).

    A copy of what the report reads from ``sla_clocks``, kept by triggers
    (:mod:`.outcome_triggers`) with the complaint's receipt time, filter
    columns, handler and team, so the report's pass over a million
    complaints' clocks reads this narrow table alone instead of joining the
    clocks to the complaints' facts (the join was the report's largest
    query on PostgreSQL).
    """

    __tablename__ = "clock_facts"

    complaint_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    cycle: Mapped[int] = mapped_column(Integer, primary_key=True)
    due_at: Mapped[datetime]
    stopped_at: Mapped[datetime | None]

    # SQLite groups by sorting, or (reports/grouped.py) through a keyed temporary table at
    # about a microsecond a row; this index hands it the clocks already in the report's
    # group order with every column it reads, so two million clocks are grouped as they
    # stream past (1.3 s instead of 2.9 s).  PostgreSQL hashes the groups of a plain scan
    # and never reads it: there it would only cost every write.
    __table_args__ = (
        only_on("sqlite", Index("ix_clock_facts_grouped", *dict.fromkeys((
            "name", "assignee", "team", *_REPORT_FILTERS, "due_at", "stopped_at")))),
    )


class SurveyFactRow(_ComplaintReportColumns, Base):
    """A satisfaction survey's score, with its complaint's report columns (S15, S17).

    Kept by triggers (:mod:`.outcome_triggers`) for the same reason as
    :class:`ClockFactRow`: the report groups surveys by handler and team
    without joining them to the complaints' facts.
    """

    __tablename__ = "survey_facts"

    survey_id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"),
                                           primary_key=True, autoincrement=False)
    complaint_id: Mapped[str] = mapped_column(String(36), index=True)
    score: Mapped[int] = mapped_column(Integer)
    solved: Mapped[bool]
