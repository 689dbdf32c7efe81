"""report facts trigger fires only for events that change a fact

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 10:00:00

The audit trigger that keeps ``report_facts`` and ``state_stays`` right ran
for every audit event; only status changes and the milestone actions
(contact, proposed resolution, finding, closure) change a fact.  The
triggers are recreated with that condition; no data changes.
"""

from __future__ import annotations

from alembic import op

from greenchannel_sdk.storage.report_triggers import create_report_triggers, drop_report_triggers

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    connection = op.get_bind()
    drop_report_triggers(connection)
    create_report_triggers(connection)


def downgrade() -> None:
    # The condition is an optimisation: the recreated triggers are right for 0008 too.
    pass
