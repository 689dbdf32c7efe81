"""open complaints per assignee, kept by triggers

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 09:30:00

Least-loaded assignment read each team member's open complaints with a
count over the complaints table on every registration; the count now lives
in ``assignee_loads``, kept right by triggers on ``complaints`` and filled
here from the complaints already stored.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from greenchannel_sdk.storage.load_triggers import (
    create_load_triggers,
    drop_load_triggers,
    recount_loads,
)

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "assignee_loads",
        sa.Column("assignee", sa.String(length=64), nullable=False),
        sa.Column("open_complaints", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("assignee", name=op.f("pk_assignee_loads")),
    )
    connection = op.get_bind()
    recount_loads(connection)
    create_load_triggers(connection)


def downgrade() -> None:
    drop_load_triggers(op.get_bind())
    op.drop_table("assignee_loads")
