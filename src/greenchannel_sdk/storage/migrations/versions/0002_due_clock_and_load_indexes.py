"""partial index on due clocks; status+assignee covering index for open load

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30 03:30:00

"What is due now" reads ``sla_clocks`` by ``next_check_at``: only clocks that
can still fire (``next_check_at IS NOT NULL``) are indexed, so finished
clocks never make the range scan longer.  Least-loaded assignment counts open
complaints per assignee; ``(status, assignee)`` answers that from the index
alone (and replaces the status index it starts with).
Autogenerate does not see an index's ``WHERE`` clause, so this migration is
written by hand; the test suite checks the predicate separately.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_DUE = sa.text("next_check_at IS NOT NULL")


def upgrade() -> None:
    with op.batch_alter_table("sla_clocks", schema=None) as batch_op:
        batch_op.drop_index("ix_sla_clocks_next_check_at")
        batch_op.create_index("ix_sla_clocks_next_check_at", ["next_check_at"], unique=False,
                              postgresql_where=_DUE, sqlite_where=_DUE)
    with op.batch_alter_table("complaints", schema=None) as batch_op:
        batch_op.drop_index("ix_complaints_status")
        batch_op.create_index("ix_complaints_status_assignee", ["status", "assignee"],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table("complaints", schema=None) as batch_op:
        batch_op.drop_index("ix_complaints_status_assignee")
        batch_op.create_index("ix_complaints_status", ["status"], unique=False)
    with op.batch_alter_table("sla_clocks", schema=None) as batch_op:
        batch_op.drop_index("ix_sla_clocks_next_check_at")
        batch_op.create_index("ix_sla_clocks_next_check_at", ["next_check_at"], unique=False)
