"""indexes for the statistics report: facts by customer, clocks in group order (SQLite)

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30 16:00:00

The statistics report counts customers with more than one complaint in its
period.  Grouping a million complaints by customer built a hash table of
every customer; read off an index in customer order the groups come one
after the other, at under half the cost on PostgreSQL.  The index carries
the report's period and filter columns after the customer, so the report
reads the index alone; complaints without a customer are left out of it.

On SQLite the report's pass over the SLA clocks (``clock_facts``) is
grouped by clock name, handler and team; SQLite groups by sorting or
through a keyed temporary table, a microsecond a row.  An index in that
order, carrying every column the pass reads, lets it group the clocks as
they stream past.  PostgreSQL hashes those groups from a plain scan and
would never read the index, so it is built on SQLite only.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

_CUSTOMERS = "ix_report_facts_customer_ref"
_CLOCKS = "ix_clock_facts_grouped"
_FILTERS = ["received_at", "channel", "category", "priority", "team"]


def upgrade() -> None:
    op.create_index(_CUSTOMERS, "report_facts", ["customer_ref", *_FILTERS], unique=False,
                    postgresql_where=sa.text("customer_ref IS NOT NULL"),
                    sqlite_where=sa.text("customer_ref IS NOT NULL"))
    if op.get_bind().dialect.name == "sqlite":
        op.create_index(_CLOCKS, "clock_facts",
                        ["name", "assignee", "team", "received_at", "channel", "category",
                         "priority", "due_at", "stopped_at"],
                        unique=False)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.drop_index(_CLOCKS, table_name="clock_facts")
    op.drop_index(_CUSTOMERS, table_name="report_facts")
