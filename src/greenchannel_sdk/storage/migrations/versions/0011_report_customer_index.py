"""report facts indexed by customer, for the repeat-complaint count

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30 16:00:00

The statistics report counts customers with more than one complaint in its
period.  Grouping a million complaints by customer built a hash table of
every customer; read off an index in customer order the groups come one
after the other, at under half the cost on PostgreSQL.  The index carries
the report's period and filter columns after the customer, so the report
reads the index alone; complaints without a customer are left out of it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

_INDEX = "ix_report_facts_customer_ref"


def upgrade() -> None:
    op.create_index(_INDEX, "report_facts",
                    ["customer_ref", "received_at", "channel", "category", "priority", "team"],
                    unique=False,
                    postgresql_where=sa.text("customer_ref IS NOT NULL"),
                    sqlite_where=sa.text("customer_ref IS NOT NULL"))


def downgrade() -> None:
    op.drop_index(_INDEX, table_name="report_facts")
