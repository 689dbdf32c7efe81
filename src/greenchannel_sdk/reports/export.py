"""The report as CSV (one long table) and as JSON (the figures' own structure).

The CSV has one row per figure, ``section,key,metric,value``, so a
spreadsheet can pivot it however the meeting likes and its columns never
change when a section gains a figure.  The JSON mirrors
:class:`~.figures.StatisticsReport` field by field; money is a decimal
string, instants ISO 8601 and shares fractions.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

import attrs

from .figures import StatisticsReport
from .tables import Table, report_tables

__all__ = ["CSV_HEADER", "render_csv", "render_json", "tables_csv", "to_json_data"]

CSV_HEADER = ("section", "key", "metric", "value")


def render_csv(report: StatisticsReport) -> str:
    return tables_csv(report_tables(report))


def tables_csv(tables: Sequence[Table]) -> str:
    """``tables`` as one long CSV: ``section,key,metric,value`` per figure."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for table in tables:
        for row in table.rows:
            for metric, value in zip(table.headers[1:], row[1:], strict=True):
                writer.writerow((table.name, row[0], metric, "" if value is None else value))
    return out.getvalue()


def _plain(_inst: Any, _field: Any, value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def to_json_data(value: Any) -> Any:
    """Any attrs value of the reports as JSON-ready dicts, lists and scalars."""
    return attrs.asdict(value, value_serializer=_plain)


def render_json(value: Any) -> str:
    """A report or a return as indented JSON."""
    return json.dumps(to_json_data(value), ensure_ascii=False, indent=2) + "\n"
