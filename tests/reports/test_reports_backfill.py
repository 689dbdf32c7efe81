"""The facts the triggers store equal what the migration computes from the audit log.

A database upgraded to revision 0004 gets ``report_facts`` and
``state_stays`` from :func:`backfill_report_facts`; one written afterwards
gets them from the triggers.  Both must hold the same rows, or a report
would change with the history of the database instead of its content.
"""

from __future__ import annotations

from typing import Any

from reports_dataset import DataSet
from sqlalchemy import Table, delete, func, select
from sqlalchemy.engine import Connection

from greenchannel_sdk.reports.backfill import backfill_report_facts
from greenchannel_sdk.storage.tables import ComplaintRow, ReportFactRow, StateStayRow

_complaints: Table = ComplaintRow.__table__  # type: ignore[assignment]
_facts: Table = ReportFactRow.__table__  # type: ignore[assignment]
_stays: Table = StateStayRow.__table__  # type: ignore[assignment]


def snapshot(conn: Connection, table: Table) -> list[tuple[Any, ...]]:
    key = list(table.primary_key.columns)
    return [tuple(round(v, 6) if isinstance(v, float) else v for v in row)
            for row in conn.execute(select(table).order_by(*key))]


def test_backfill_rebuilds_exactly_what_the_triggers_wrote(dataset: DataSet) -> None:
    engine = dataset.sdk.store.engine
    with engine.begin() as conn:
        complaints = conn.execute(select(func.count()).select_from(_complaints)).scalar_one()
        written = {t.name: snapshot(conn, t) for t in (_facts, _stays)}
        conn.execute(delete(_stays))
        conn.execute(delete(_facts))
        backfill_report_facts(conn)
        rebuilt = {t.name: snapshot(conn, t) for t in (_facts, _stays)}
    assert len(written["report_facts"]) == complaints  # one row per complaint
    assert len(written["state_stays"]) > 10  # each complaint left at least one state
    assert rebuilt == written
