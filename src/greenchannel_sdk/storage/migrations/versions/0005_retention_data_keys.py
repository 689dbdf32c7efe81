"""retention: per-complaint data keys, legal hold and erasure marks

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 06:10:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from greenchannel_sdk.storage.tables import UTCDateTime

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "data_keys",
        sa.Column("key_id", sa.String(length=64), nullable=False),
        sa.Column("owner", sa.String(length=64), nullable=False),
        sa.Column("wrapped", sa.Text(), nullable=True),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("destroyed_at", UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("key_id", name=op.f("pk_data_keys")),
        sa.UniqueConstraint("owner", name=op.f("uq_data_keys_owner")),
    )
    with op.batch_alter_table("complaints", schema=None) as batch_op:
        batch_op.add_column(sa.Column("legal_hold_since", UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("erased_at", UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("complaints", schema=None) as batch_op:
        batch_op.drop_column("erased_at")
        batch_op.drop_column("legal_hold_since")
    op.drop_table("data_keys")
