"""report facts and state stays, kept by triggers

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 06:05:00.000000

The statistics report reads one narrow row per complaint (``report_facts``)
and one row per finished stay in a state (``state_stays``) instead of the
audit log.  Triggers keep both right on every write; existing complaints
get theirs computed from the audit log here.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from greenchannel_sdk.reports.backfill import backfill_report_facts
from greenchannel_sdk.storage.report_triggers import create_report_triggers, drop_report_triggers
from greenchannel_sdk.storage.tables import UTCDateTime

_FILTERS = ["received_at", "channel", "category", "priority", "team"]
#: (table, index, columns, duration column): partial indexes the percentile walks read.
DURATION_INDEXES = [
    ("report_facts", "ix_report_facts_first_contact_hours", ["first_contact_hours", *_FILTERS],
     "first_contact_hours"),
    ("report_facts", "ix_report_facts_answer_hours", ["answer_hours", *_FILTERS],
     "answer_hours"),
    ("report_facts", "ix_report_facts_resolution_hours", ["resolution_hours", *_FILTERS],
     "resolution_hours"),
    ("report_facts", "ix_report_facts_assignee_resolution_hours",
     ["assignee", "resolution_hours", *_FILTERS], "resolution_hours"),
    ("report_facts", "ix_report_facts_team_resolution_hours",
     ["team", "resolution_hours", *_FILTERS[:-1]], "resolution_hours"),
    ("state_stays", "ix_state_stays_status_hours", ["status", "hours", *_FILTERS], "hours"),
]

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "report_facts",
        sa.Column("complaint_id", sa.String(length=36), nullable=False),
        sa.Column("received_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("subcategory", sa.String(length=64), nullable=True),
        sa.Column("priority", sa.String(length=16), nullable=False),
        sa.Column("team", sa.String(length=64), nullable=True),
        sa.Column("assignee", sa.String(length=64), nullable=True),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("customer_ref", sa.String(length=128), nullable=True),
        sa.Column("first_contact_hours", sa.Float(), nullable=True),
        sa.Column("answer_hours", sa.Float(), nullable=True),
        sa.Column("resolution_hours", sa.Float(), nullable=True),
        sa.Column("department", sa.String(length=255), nullable=True),
        sa.Column("upheld", sa.Boolean(), nullable=False),
        sa.Column("redress", sa.Numeric(precision=18, scale=2), nullable=False),
        sa.Column("state", sa.String(length=32), nullable=True),
        sa.Column("state_entered_at", UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("complaint_id", name=op.f("pk_report_facts")),
    )
    op.create_table(
        "state_stays",
        sa.Column("complaint_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("received_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("priority", sa.String(length=16), nullable=False),
        sa.Column("team", sa.String(length=64), nullable=True),
        sa.Column("hours", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("complaint_id", "seq", name=op.f("pk_state_stays")),
    )
    connection = op.get_bind()
    backfill_report_facts(connection)
    # The duration indexes are built once the backfill is in (faster than row by row).
    for table, name, columns, hours in DURATION_INDEXES:
        op.create_index(name, table, columns, unique=False,
                        postgresql_where=sa.text(f"{hours} IS NOT NULL"),
                        sqlite_where=sa.text(f"{hours} IS NOT NULL"))
    create_report_triggers(connection)


def downgrade() -> None:
    drop_report_triggers(op.get_bind())
    for table, name, _columns, _hours in DURATION_INDEXES:
        op.drop_index(name, table_name=table)
    op.drop_table("state_stays")
    op.drop_table("report_facts")
