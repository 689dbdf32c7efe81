"""clock and survey facts with their complaint's report columns, kept by triggers

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30 13:00:00

The statistics report joined every SLA clock and every survey to its
complaint's facts to count goals met and scores per handler and team; the
join of two million clocks was its largest query on PostgreSQL.
``clock_facts`` and ``survey_facts`` hold each clock's deadline and stop and
each survey's answer together with the complaint's receipt time, filter
columns, handler and team, so the report reads them alone.  Triggers keep
them right on every write; the clocks and surveys already stored are
copied here.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from greenchannel_sdk.storage.outcome_triggers import (
    create_outcome_triggers,
    drop_outcome_triggers,
    fill_outcome_facts,
)
from greenchannel_sdk.storage.tables import UTCDateTime

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def _dimensions() -> list[sa.Column[object]]:
    return [
        sa.Column("received_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("priority", sa.String(length=16), nullable=False),
        sa.Column("team", sa.String(length=64), nullable=True),
        sa.Column("assignee", sa.String(length=64), nullable=True),
    ]


def upgrade() -> None:
    op.create_table(
        "clock_facts",
        sa.Column("complaint_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("cycle", sa.Integer(), nullable=False),
        sa.Column("due_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("stopped_at", UTCDateTime(timezone=True), nullable=True),
        *_dimensions(),
        sa.PrimaryKeyConstraint("complaint_id", "name", "cycle", name=op.f("pk_clock_facts")),
    )
    op.create_table(
        "survey_facts",
        sa.Column("survey_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                  autoincrement=False, nullable=False),
        sa.Column("complaint_id", sa.String(length=36), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("solved", sa.Boolean(), nullable=False),
        *_dimensions(),
        sa.PrimaryKeyConstraint("survey_id", name=op.f("pk_survey_facts")),
    )
    op.create_index(op.f("ix_survey_facts_complaint_id"), "survey_facts", ["complaint_id"],
                    unique=False)
    connection = op.get_bind()
    fill_outcome_facts(connection)
    create_outcome_triggers(connection)


def downgrade() -> None:
    drop_outcome_triggers(op.get_bind())
    op.drop_index(op.f("ix_survey_facts_complaint_id"), table_name="survey_facts")
    op.drop_table("survey_facts")
    op.drop_table("clock_facts")
