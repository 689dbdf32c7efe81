"""index on complaints.merged_into

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 06:40:00

A dossier (and un-merging) lists the complaints merged into a complaint;
without an index that is a scan of the whole complaints table per export.
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("complaints", schema=None) as batch_op:
        batch_op.create_index("ix_complaints_merged_into", ["merged_into"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("complaints", schema=None) as batch_op:
        batch_op.drop_index("ix_complaints_merged_into")
