"""The complaints a report is about: rows of ``report_facts`` for a period and filter.

Every statistic starts from the same selection: complaints received in the
period that match the filter.  Their facts (dimensions, durations from
receipt, the latest finding and redress) are stored at write time in the
narrow ``report_facts`` table (kept by triggers, see
:mod:`greenchannel_sdk.storage.report_triggers`), so a report reads neither
the wide complaint rows with their encrypted documents nor the audit log:
:class:`Cohort` is a plain filtered selection each figure's query groups.
"""

from __future__ import annotations

from typing import cast

import attrs
from sqlalchemy import Table, select
from sqlalchemy.sql import ColumnElement, Subquery

from ..storage.tables import AuditEventRow, ComplaintRow, ReportFactRow, StateStayRow
from .period import Period, ReportFilter

__all__ = ["FILTERS", "Cohort", "complaints", "events", "facts", "matching", "stays"]

complaints = cast(Table, ComplaintRow.__table__)
events = cast(Table, AuditEventRow.__table__)
facts = cast(Table, ReportFactRow.__table__)
stays = cast(Table, StateStayRow.__table__)

#: The :class:`ReportFilter` fields, each a column of ``report_facts``.
FILTERS = ("channel", "category", "priority", "team")


def matching(period: Period, filters: ReportFilter,
             table: Table | None = None) -> list[ColumnElement[bool]]:
    """WHERE conditions for complaints received in ``period`` that match ``filters``.

    On ``report_facts`` by default; ``state_stays``, ``clock_facts`` and
    ``survey_facts`` carry the same columns.
    """
    table = facts if table is None else table
    conditions: list[ColumnElement[bool]] = [table.c.received_at >= period.start,
                                             table.c.received_at < period.end]
    for name in FILTERS:
        value = getattr(filters, name)
        if value is not None:
            conditions.append(table.c[name] == value)
    return conditions


@attrs.frozen
class Cohort:
    """The report's complaints: received in ``period``, matching ``filters``."""

    period: Period
    filters: ReportFilter

    def where(self, table: Table | None = None) -> list[ColumnElement[bool]]:
        """Conditions selecting the cohort's rows of ``report_facts`` (or of another table
        carrying the complaints' period and filter columns: ``state_stays``,
        ``clock_facts``, ``survey_facts``)."""
        return matching(self.period, self.filters, table)

    def rows(self) -> Subquery:
        """The cohort's facts rows; ``id`` is the complaint id."""
        columns = [c for c in facts.c
                   if c.name not in ("complaint_id", "state", "state_entered_at")]
        return (select(facts.c.complaint_id.label("id"), *columns)
                .where(*self.where()).subquery("cohort"))
